#!/bin/sh
# Restore a backup made by backup.sh into an EMPTY database and evidence folder, then re-hash
# every evidence file against the database. Usage: restore.sh /var/backups/vigilance/<date>
set -eu

SRC="${1:?usage: restore.sh <backup folder>}"
EVIDENCE_ROOT="${EVIDENCE_ROOT:?EVIDENCE_ROOT must be set}"
DATABASE_URL="${DATABASE_URL:?DATABASE_URL must be set}"
HERE="$(cd "$(dirname "$0")" && pwd)"
APP="$(cd "$HERE/../.." && pwd)"

( cd "$SRC" && sha256sum --check --quiet SHA256SUMS )

pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$SRC/vigilance.dump"
mkdir -p "$EVIDENCE_ROOT"
tar --extract --file="$SRC/evidence.tar" --directory="$EVIDENCE_ROOT"

# Decrypts each file with EVIDENCE_KEYS and compares its SHA-256 with the one taken on arrival.
"$APP/.venv/bin/python" "$HERE/verify_evidence.py"
