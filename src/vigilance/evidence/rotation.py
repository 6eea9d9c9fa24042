"""Secrets other apps keep under the evidence keys, re-encrypted by the same rotation run.

The evidence app sits below them and cannot name them: each registers, when it is loaded, a
function that re-encrypts its own secrets under the current key and says how many it changed.
``rotate_evidence_keys`` calls every one after the files, so a key is retired only once nothing
encrypted under it is left anywhere.
"""

from collections.abc import Callable

Reencrypt = Callable[[str], int]  # called with the actor label; returns how many it changed

_registered: dict[str, Reencrypt] = {}


def rotation_register(what: str, reencrypt: Reencrypt) -> None:
    """Have ``rotate_evidence_keys`` re-encrypt ``what`` ("partner webhook secrets") too."""
    _registered[what] = reencrypt


def rotation_registered() -> dict[str, Reencrypt]:
    return dict(_registered)
