"""What the evidence tests share: a sensitive sample, and ways to look at or damage a stored file."""

from collections.abc import Callable

from vigilance.evidence import storage
from vigilance.evidence.models import Evidence

SECRET = b"Capture: mot de passe Orange Money 4321, compte 650112233, Mme Ngo Bassa."

ReceiveFile = Callable[..., Evidence]


def custody_actions(evidence: Evidence) -> list[str]:
    return list(evidence.custody.values_list("action", flat=True))


def flip_a_byte(evidence: Evidence) -> None:
    """Alter the stored file as a disk fault or an intruder would."""
    path = storage.path_for(evidence.storage_name)
    token = bytearray(path.read_bytes())
    token[len(token) // 2] ^= 0x01
    path.write_bytes(bytes(token))
