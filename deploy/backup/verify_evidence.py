"""After a restore: decrypt every evidence file and compare its SHA-256 with the database.

Prints one line per problem and a summary; exits 1 when a file is missing or does not match.
Needs the production environment (DATABASE_URL, EVIDENCE_ROOT, EVIDENCE_KEYS).
"""

import hashlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")

import django

django.setup()

from cryptography.fernet import InvalidToken  # noqa: E402

from vigilance.evidence import crypto, storage  # noqa: E402
from vigilance.evidence.models import Evidence  # noqa: E402


def main() -> int:
    checked = failed = 0
    for evidence in Evidence.objects.order_by("id").iterator():
        checked += 1
        try:
            content = crypto.decrypt(storage.read(evidence.storage_name))
        except FileNotFoundError:
            failed += 1
            print(f"MISSING  {evidence.public_id} {evidence.storage_name}")
            continue
        except InvalidToken:
            failed += 1
            print(f"NO KEY   {evidence.public_id} (key {evidence.key_fingerprint})")
            continue
        if hashlib.sha256(content).hexdigest() != evidence.sha256:
            failed += 1
            print(f"MISMATCH {evidence.public_id}")
    print(f"{checked} evidence files checked, {failed} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
