#!/bin/sh
# Nightly backup of Vigilance: a PostgreSQL dump and the encrypted evidence store, in one dated
# folder. Run as the vigilance user with the production environment loaded (see README.md).
set -eu

DEST="${BACKUP_DIR:-/var/backups/vigilance}/$(date -u +%Y%m%dT%H%M%SZ)"
EVIDENCE_ROOT="${EVIDENCE_ROOT:?EVIDENCE_ROOT must be set}"
DATABASE_URL="${DATABASE_URL:?DATABASE_URL must be set}"

umask 077
mkdir -p "$DEST"

# Custom format: compressed, restorable table by table, consistent as of the dump's start.
pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$DEST/vigilance.dump"

# Evidence files are written once and never changed, so a file that appears during the copy is
# either complete (renamed into place after fsync) or absent; the dump above may omit its row,
# which the restore check reports as an orphan file, never as a missing one.
tar --create --file="$DEST/evidence.tar" --directory="$EVIDENCE_ROOT" .

( cd "$DEST" && sha256sum vigilance.dump evidence.tar > SHA256SUMS )
echo "backup written to $DEST"
