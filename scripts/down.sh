#!/usr/bin/env bash
# npm run down: stops what `npm run up` started: the API, the monitor, then Kafka (only when up.sh
# started the broker; one started by scripts/kafka.sh or test.sh, or given by KAFKA_BROKERS, stays).
# PostgreSQL is left alone. Safe to repeat.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "${VIGIL_ROOT}"

KAFKA_MARKER="${VIGIL_PID_DIR}/kafka.started-by-up"

# The pid files hold the supervisors (scripts/supervise.js): SIGTERM stops the app, then the supervisor.
vigil_stop api "dist/apps/api/src/main.js" "the API" 30
vigil_stop monitor "dist/apps/monitor/src/main.js" "the monitor" 30
rm -f "${VIGIL_PID_DIR}/api.state.json" "${VIGIL_PID_DIR}/monitor.state.json"

if [[ -f "${KAFKA_MARKER}" ]]; then
  bash scripts/kafka.sh stop
  rm -f "${KAFKA_MARKER}"
elif bash scripts/kafka.sh owned; then
  vigil_say "Kafka was not started by npm run up; leaving it running (bash scripts/kafka.sh stop stops it)"
fi
vigil_say "down"
