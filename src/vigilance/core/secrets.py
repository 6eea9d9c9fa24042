"""Secrets of the embedded shape: generated once and kept in a file under var/.

The production shape never reaches this module: its secrets come from the environment.
"""

import base64
import json
import os
import secrets
from pathlib import Path


def _new_secret(name: str) -> str:
    if name.endswith("_KEY") and name != "SECRET_KEY":
        return base64.urlsafe_b64encode(os.urandom(32)).decode()  # a Fernet key
    return secrets.token_urlsafe(48)


def embedded_secret(var_dir: Path, name: str) -> str:
    """Return the named secret from var/secrets.json, creating it on first use."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / "secrets.json"
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    if name not in stored:
        stored[name] = _new_secret(name)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(stored, indent=2))
        tmp.chmod(0o600)
        tmp.replace(path)
    return stored[name]
