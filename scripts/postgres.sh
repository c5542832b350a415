#!/usr/bin/env bash
# PostgreSQL for Vigil.
#
#   bash scripts/postgres.sh ensure [dbname ...]   (default database: vigil)
#
# With DATABASE_URL set: only checks that it answers (nothing is created there).
# Otherwise: makes sure the local server answers on 127.0.0.1:5432 (starting the Debian cluster with
# pg_ctlcluster when it is down) and creates the named databases if they are missing, as user postgres.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PG_HOST="127.0.0.1"
PG_PORT="5432"
PG_USER="postgres"
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"

# Hides the password of a postgres:// URL.
redact() { sed -E 's#(://[^:/@]+):[^@/]*@#\1:***@#' <<<"$1"; }

local_answers() {
  psql -h "${PG_HOST}" -p "${PG_PORT}" -U "${PG_USER}" -d postgres -Atqc 'select 1' >/dev/null 2>&1
}

start_local_server() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [[ ! -d /etc/postgresql ]]; then
    vigil_die "PostgreSQL does not answer on ${PG_HOST}:${PG_PORT} and there is no Debian cluster to start (pg_ctlcluster, /etc/postgresql). Start PostgreSQL yourself, or set DATABASE_URL."
  fi
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  [[ -n "${version}" ]] || vigil_die "no PostgreSQL cluster configured under /etc/postgresql"
  vigil_say "PostgreSQL does not answer on ${PG_HOST}:${PG_PORT}; starting cluster ${version}/main …"
  pg_ctlcluster --skip-systemctl-redirect "${version}" main start ||
    vigil_die "pg_ctlcluster could not start PostgreSQL ${version}/main (see /var/log/postgresql/); start it yourself or set DATABASE_URL"
  local i
  for ((i = 0; i < 60; i++)); do
    local_answers && return 0
    sleep 0.5
  done
  vigil_die "PostgreSQL ${version}/main started but does not answer on ${PG_HOST}:${PG_PORT} after 30s"
}

ensure_database() {
  local db="$1"
  [[ "${db}" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || vigil_die "invalid database name '${db}' (letters, digits and _ only)"
  local psql_local=(psql -h "${PG_HOST}" -p "${PG_PORT}" -U "${PG_USER}" -d postgres -v ON_ERROR_STOP=1 -Atq)
  if [[ "$("${psql_local[@]}" -c "select 1 from pg_database where datname = '${db}'")" == "1" ]]; then
    return 0
  fi
  if "${psql_local[@]}" -c "create database \"${db}\"" 2>/dev/null; then
    vigil_say "created database ${db}"
    return 0
  fi
  # Someone else may have created it at the same moment.
  [[ "$("${psql_local[@]}" -c "select 1 from pg_database where datname = '${db}'")" == "1" ]] ||
    vigil_die "could not create database ${db} on ${PG_HOST}:${PG_PORT}"
}

cmd_ensure() {
  vigil_require psql "Install the PostgreSQL client (e.g. apt-get install postgresql-client)."
  if [[ -n "${DATABASE_URL:-}" ]]; then
    local shown
    shown="$(redact "${DATABASE_URL}")"
    if ! psql "${DATABASE_URL}" -Atqc 'select 1' >/dev/null; then
      vigil_die "PostgreSQL at DATABASE_URL=${shown} does not answer (unset DATABASE_URL to use the local server)"
    fi
    vigil_say "PostgreSQL at ${shown} answers"
    return 0
  fi
  local_answers || start_local_server
  local dbs=("$@")
  ((${#dbs[@]} > 0)) || dbs=(vigil)
  local db
  for db in "${dbs[@]}"; do ensure_database "${db}"; done
  vigil_say "PostgreSQL ready on ${PG_HOST}:${PG_PORT} (database$( ((${#dbs[@]} > 1)) && echo s) ${dbs[*]})"
}

case "${1:-}" in
  ensure)
    shift
    cmd_ensure "$@"
    ;;
  *)
    sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
