#!/usr/bin/env bash
# Failover drill: promote the streaming replica, point the platform at it, and check that a
# report can be filed; print how long each step took. The primary must already be lost or
# stopped (a drill stops it first: `systemctl stop postgresql` on db-a).
#
#   STANDBY_URL   a superuser connection to the replica (postgres://postgres@db-b:5432/postgres)
#   REPOINT       the command that points the app at the promoted server; in the two-host
#                 topology, on each web host: rewrite "vigilance = host=..." in
#                 /etc/pgbouncer/pgbouncer.ini to db-b and `systemctl reload pgbouncer`
#   APP_URL       the platform's address (https://vigilance.cm)
#   CHECK_SECONDS how long to keep trying to file the check report (default 120)
#
# The check report says it is a drill; close it from the triage queue afterwards.
set -euo pipefail

: "${STANDBY_URL:?the replica to promote}"
: "${REPOINT:?the command that points the platform at the promoted replica}"
: "${APP_URL:?the platform address}"
check_seconds="${CHECK_SECONDS:-120}"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

started="$(now)"
if [ "$(psql "${STANDBY_URL}" -XAtqc 'SELECT pg_is_in_recovery()')" != "t" ]; then
  echo "the server at STANDBY_URL is not a replica (already promoted?)" >&2
  exit 1
fi
# Waits until the promotion is complete (60 s at most) and says whether it succeeded.
[ "$(psql "${STANDBY_URL}" -XAtqc 'SELECT pg_promote(true, 60)')" = "t" ]
[ "$(psql "${STANDBY_URL}" -XAtqc 'SELECT pg_is_in_recovery()')" = "f" ]
promoted="$(since "${started}")"

bash -c "${REPOINT}"
repointed="$(since "${started}")"

report='{"category": "other", "description": "Exercice de bascule du centre de données : rapport de contrôle, à classer sans suite.", "region": "CE", "reporter": {"type": "person", "name": "Exercice de bascule", "anonymous": false, "phone": "677 00 00 00"}, "suspects": [], "language": "fr", "consent": true}'
deadline=$(($(date +%s) + check_seconds))
reference=""
while [ "$(date +%s)" -lt "${deadline}" ]; do
  answer="$(curl -sS -m 10 -o - -w '\n%{http_code}' -H 'Content-Type: application/json' \
    -d "${report}" "${APP_URL%/}/api/v1/reports" 2>/dev/null || true)"
  if [ "$(tail -n 1 <<<"${answer}")" = "201" ]; then
    reference="$(head -n 1 <<<"${answer}" | sed -n 's/.*"reference": *"\([^"]*\)".*/\1/p')"
    break
  fi
  sleep 0.2
done
if [ -z "${reference}" ]; then
  echo "no report could be filed within ${check_seconds} s after the promotion" >&2
  exit 1
fi
filed="$(since "${started}")"
echo "promoted in ${promoted} s; platform repointed at ${repointed} s; report ${reference} filed at ${filed} s"
