#!/usr/bin/env bash
# npm run chaos: the fault-injection suite (test/chaos/chaos.e2e-spec.ts) at its default size, with a broker
# restart. Every run is compared with a clean run over the same input: nothing lost, nothing duplicated.
#   CHAOS_SUBJECTS (per trial, default 40), CHAOS_KILLS (default 10), CHAOS_MALFORMED (default 300),
#   CHAOS_SEED, CHAOS_BROKER_RESTART (default 1 here: only where scripts/kafka.sh runs the broker).
# Uses KAFKA_BROKERS / DATABASE_URL when set, otherwise the local services. The PostgreSQL restart needs
# Debian's pg_createcluster and root (the suite makes its own cluster on its own port and drops it after).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "${VIGIL_ROOT}" || exit 1
vigil_require_node
[[ -d node_modules ]] || npm ci --no-audit --no-fund || vigil_die "npm ci failed"
npm run -s build || vigil_die "the build failed"
if [[ -z "${DATABASE_URL:-}" ]]; then
  bash scripts/postgres.sh ensure || exit 1
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
fi
if [[ -z "${KAFKA_BROKERS:-}" ]]; then
  bash scripts/kafka.sh start || exit 1
  export KAFKA_BROKERS="127.0.0.1:9092"
fi
export CHAOS_SUBJECTS="${CHAOS_SUBJECTS:-40}" CHAOS_KILLS="${CHAOS_KILLS:-10}" CHAOS_MALFORMED="${CHAOS_MALFORMED:-300}"
export CHAOS_BROKER_RESTART="${CHAOS_BROKER_RESTART:-1}"
npx jest test/chaos --selectProjects e2e --runInBand "$@"
