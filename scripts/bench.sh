#!/usr/bin/env bash
# npm run bench: throughput, alert latency and memory of the monitor beside a Kafka-only baseline measured
# in the same run. Uses KAFKA_BROKERS / DATABASE_URL when set, otherwise the local services (started here
# and stopped afterwards if this script started Kafka). BENCH_FACTOR (default 4) scales the cohort.
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
  if ! bash scripts/kafka.sh owned; then
    trap 'bash scripts/kafka.sh stop' EXIT
  fi
  bash scripts/kafka.sh start || exit 1
  export KAFKA_BROKERS="127.0.0.1:9092"
fi
node dist/bench/pipeline-bench.js
