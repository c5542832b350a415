#!/usr/bin/env bash
# npm run down: stops what `npm run up` started: the API, the monitor, then Kafka (only when up.sh
# started the broker; one started by scripts/kafka.sh or test.sh, or given by KAFKA_BROKERS, stays).
# PostgreSQL is left alone. Safe to repeat.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "${VIGIL_ROOT}"

KAFKA_MARKER="${VIGIL_PID_DIR}/kafka.started-by-up"

# stop_app <name> <entry> <label>: the pid file holds the supervisor (scripts/supervise.js), which stops
# its app on SIGTERM. An app whose supervisor was killed outright runs on alone: its state file names it.
stop_app() {
  local name="$1" entry="$2" label="$3" state app_pid
  vigil_stop "${name}" "${entry}" "${label}" 30
  state="${VIGIL_PID_DIR}/${name}.state.json"
  if [[ -f "${state}" ]]; then
    app_pid="$(node -e 'try { console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).appPid || "") } catch { console.log("") }' "${state}")"
    if [[ -n "${app_pid}" ]]; then
      echo "${app_pid}" >"$(vigil_pid_file "${name}-unsupervised")"
      if vigil_pid_of "${name}-unsupervised" "${entry}" >/dev/null; then
        vigil_stop "${name}-unsupervised" "${entry}" "${label} (left without its supervisor)" 30
      fi
      rm -f "$(vigil_pid_file "${name}-unsupervised")"
    fi
    rm -f "${state}"
  fi
}

stop_app api "dist/apps/api/src/main.js" "the API"
stop_app monitor "dist/apps/monitor/src/main.js" "the monitor"

if [[ -f "${KAFKA_MARKER}" ]]; then
  bash scripts/kafka.sh stop
  rm -f "${KAFKA_MARKER}"
elif bash scripts/kafka.sh owned; then
  vigil_say "Kafka was not started by npm run up; leaving it running (bash scripts/kafka.sh stop stops it)"
fi
vigil_say "down"
