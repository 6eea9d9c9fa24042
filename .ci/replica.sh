#!/usr/bin/env bash
# A throwaway PostgreSQL primary, its streaming replica (pg_basebackup -R) and a PgBouncer in
# transaction mode in front of the primary, all under one directory, for CI, the tests and the
# failover drill. Never touches the machine's own clusters.
#
#   .ci/replica.sh start DIR          initdb + start the primary, base-backup + start the replica,
#                                     start PgBouncer when installed; prints the three URLs
#   .ci/replica.sh stop DIR           stop all three (safe to call twice)
#   .ci/replica.sh stop-replica DIR   stop the replica only (the fallback test)
#   .ci/replica.sh start-replica DIR  start it again
#   .ci/replica.sh pause-replay DIR   the replica keeps receiving WAL but stops applying it
#   .ci/replica.sh resume-replay DIR
#   .ci/replica.sh stop-primary DIR   lose the primary (the failover drill)
#   .ci/replica.sh repoint DIR        PgBouncer now sends every client to the replica's port
#
# Ports: PRIMARY_PORT (5433), REPLICA_PORT (5434), PGBOUNCER_PORT (6433). Database: PAIR_DB
# (vigilance). REPLICA_LOG_STATEMENTS=1 logs every statement the replica runs to DIR/replica.log,
# which is how the tests tell which server answered a page.
set -euo pipefail

command="${1:?usage: replica.sh start|stop|stop-replica|start-replica|pause-replay|resume-replay|stop-primary|repoint DIR}"
dir="${2:?the directory that holds the clusters}"
primary_port="${PRIMARY_PORT:-5433}"
replica_port="${REPLICA_PORT:-5434}"
pgbouncer_port="${PGBOUNCER_PORT:-6433}"
database="${PAIR_DB:-vigilance}"
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"

# PostgreSQL and PgBouncer refuse to run as root: run them as the postgres account then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg() { as_owner "${bin}/pg_ctl" "$@"; }

psql_at() {
  local port="$1"
  shift
  "${bin}/psql" -h 127.0.0.1 -p "${port}" -U postgres -d postgres -XAtq "$@"
}

wait_ready() {
  for _ in $(seq 100); do
    "${bin}/pg_isready" -q -h 127.0.0.1 -p "$1" && return 0
    sleep 0.1
  done
  echo "PostgreSQL on port $1 did not start" >&2
  return 1
}

start_replica() {
  pg -D "${dir}/replica" -l "${dir}/replica.log" -w -t 30 start >/dev/null
  wait_ready "${replica_port}"
}

start_pgbouncer() {
  command -v pgbouncer >/dev/null 2>&1 || return 0
  cat >"${dir}/pgbouncer.ini" <<EOF
[databases]
* = host=127.0.0.1 port=${primary_port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${pgbouncer_port}
unix_socket_dir =
auth_type = trust
auth_file = ${dir}/userlist.txt
pool_mode = transaction
max_client_conn = 200
default_pool_size = 10
ignore_startup_parameters = extra_float_digits,options
pidfile = ${dir}/pgbouncer.pid
logfile = ${dir}/pgbouncer.log
EOF
  echo '"postgres" ""' >"${dir}/userlist.txt"
  chown postgres "${dir}/pgbouncer.ini" "${dir}/userlist.txt" 2>/dev/null || true
  as_owner pgbouncer -d -q "${dir}/pgbouncer.ini"
  for _ in $(seq 50); do
    "${bin}/pg_isready" -q -h 127.0.0.1 -p "${pgbouncer_port}" -U postgres -d "${database}" && return 0
    sleep 0.1
  done
  echo "PgBouncer did not start" >&2
  return 1
}

stop_pgbouncer() {
  [ -f "${dir}/pgbouncer.pid" ] || return 0
  local pid
  pid="$(cat "${dir}/pgbouncer.pid")"
  kill "${pid}" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.1; done
  rm -f "${dir}/pgbouncer.pid"
}

stop_cluster() {
  [ -f "${dir}/$1/postmaster.pid" ] || return 0
  pg -D "${dir}/$1" -m fast -w -t 30 stop >/dev/null
}

case "${command}" in
  start)
    mkdir -p "${dir}"
    [ "$(id -u)" = 0 ] && chown postgres "${dir}"
    as_owner "${bin}/initdb" -D "${dir}/primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"${dir}/primary/postgresql.conf" <<EOF
wal_level = replica
max_wal_senders = 5
wal_keep_size = 64MB
hot_standby = on
shared_buffers = 16MB
max_connections = 60
fsync = off
synchronous_commit = off
full_page_writes = off
port = ${primary_port}
listen_addresses = '127.0.0.1'
unix_socket_directories = '${dir}'
EOF
    pg -D "${dir}/primary" -l "${dir}/primary.log" -w -t 30 start >/dev/null
    wait_ready "${primary_port}"
    psql_at "${primary_port}" -c "CREATE DATABASE ${database}"
    as_owner "${bin}/pg_basebackup" -h 127.0.0.1 -p "${primary_port}" -U postgres \
      -D "${dir}/replica" -R -X stream -c fast
    statements="none"
    [ "${REPLICA_LOG_STATEMENTS:-0}" = 1 ] && statements="all"
    cat >>"${dir}/replica/postgresql.conf" <<EOF
port = ${replica_port}
listen_addresses = '127.0.0.1'
unix_socket_directories = '${dir}'
log_statement = '${statements}'
log_line_prefix = '%m [%d] '
EOF
    start_replica
    start_pgbouncer
    echo "primary=postgres://postgres@127.0.0.1:${primary_port}/${database}"
    echo "replica=postgres://postgres@127.0.0.1:${replica_port}/${database}"
    command -v pgbouncer >/dev/null 2>&1 &&
      echo "pgbouncer=postgres://postgres@127.0.0.1:${pgbouncer_port}/${database}"
    ;;
  stop)
    stop_pgbouncer
    stop_cluster replica
    stop_cluster primary
    ;;
  stop-replica) stop_cluster replica ;;
  start-replica) start_replica ;;
  pause-replay) psql_at "${replica_port}" -c "SELECT pg_wal_replay_pause()" >/dev/null ;;
  resume-replay) psql_at "${replica_port}" -c "SELECT pg_wal_replay_resume()" >/dev/null ;;
  stop-primary) stop_cluster primary ;;
  repoint)
    # PgBouncer now sends every client to the replica's port (after its promotion).
    sed -i "s/^\* = host=127.0.0.1 port=.*/* = host=127.0.0.1 port=${replica_port}/" "${dir}/pgbouncer.ini"
    kill -HUP "$(cat "${dir}/pgbouncer.pid")"
    ;;
  *)
    echo "unknown command ${command}" >&2
    exit 2
    ;;
esac
