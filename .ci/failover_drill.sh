#!/usr/bin/env bash
# The failover drill (deploy/backup/failover_drill.sh) on a throwaway pair: a primary, its
# streaming replica and PgBouncer (.ci/replica.sh), the platform served by gunicorn through
# PgBouncer. The primary is stopped, then the drill promotes the replica, repoints PgBouncer and
# files a report, timing each step. Nothing of the machine's own clusters is touched.
set -euo pipefail
cd "$(dirname "$0")/.."

free_port() { .venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export PRIMARY_PORT="$(free_port)" REPLICA_PORT="$(free_port)" PGBOUNCER_PORT="$(free_port)"
web_port="$(free_port)"
dir="$(mktemp -d /tmp/vigilance-drill-XXXXXX)"
var="$(mktemp -d /tmp/vigilance-drill-var-XXXXXX)"
gunicorn_pid=""
cleanup() {
  [ -n "${gunicorn_pid}" ] && kill "${gunicorn_pid}" 2>/dev/null && wait "${gunicorn_pid}" 2>/dev/null
  .ci/replica.sh stop "${dir}" || true
  rm -rf "${dir}" "${var}"
}
trap cleanup EXIT

.ci/replica.sh start "${dir}" >/dev/null
app_env=(
  env -u DATABASE_REPLICA_URL DJANGO_SETTINGS_MODULE=vigilance.settings VIGILANCE_SHAPE=embedded
  VIGILANCE_VAR_DIR="${var}" EVIDENCE_ROOT="${var}/evidence" RATELIMIT_ENABLE=false
  LOG_LEVEL=WARNING DATABASE_POOLER=pgbouncer
  DATABASE_URL="postgres://postgres@127.0.0.1:${PGBOUNCER_PORT}/vigilance"
)
"${app_env[@]}" DATABASE_URL="postgres://postgres@127.0.0.1:${PRIMARY_PORT}/vigilance" \
  .venv/bin/python manage.py migrate --noinput -v 0
"${app_env[@]}" .venv/bin/gunicorn vigilance.wsgi --bind "127.0.0.1:${web_port}" --workers 2 \
  --timeout 300 --no-control-socket --log-level warning &
gunicorn_pid=$!
for _ in $(seq 3000); do
  curl -fsS -m 300 -o /dev/null "http://127.0.0.1:${web_port}/healthz" 2>/dev/null && break
  sleep 0.2
done
# The replica has everything the primary acknowledged before it is lost.
for _ in $(seq 100); do
  [ "$(psql -h 127.0.0.1 -p "${REPLICA_PORT}" -U postgres -d postgres -XAtqc \
    'SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()')" = t ] && break
  sleep 0.1
done

echo "== primary lost (stopped)"
.ci/replica.sh stop-primary "${dir}"
STANDBY_URL="postgres://postgres@127.0.0.1:${REPLICA_PORT}/postgres" \
  REPOINT=".ci/replica.sh repoint ${dir}" \
  APP_URL="http://127.0.0.1:${web_port}" \
  deploy/backup/failover_drill.sh
