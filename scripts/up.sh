#!/usr/bin/env bash
# npm run up: starts Vigil's stack in the background and returns once the API answers /health.
#
#   dependencies (npm ci when node_modules is missing), build (when sources, the dashboard's included, are newer than dist/),
#   PostgreSQL (database vigil, or DATABASE_URL), Kafka (127.0.0.1:9092, or KAFKA_BROKERS),
#   topics, migrations, then the monitor and the API (PORT, default 3000).
#
# The monitor and the API run under scripts/supervise.js, which restarts them when they exit unexpectedly
# (crash, SIGKILL); `up` returns once /health says `up` (or warns with the reasons when it stays degraded).
# Safe to repeat: what already runs is reused. `npm run down` stops what this started.
# Logs: .vigil/logs/{kafka,monitor,api}.log   pids: .vigil/pids/   (VIGIL_STATE_DIR moves .vigil/)
# VIGIL_SKIP_BUILD=1 uses dist/ as it is (tests that built it already).
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "${VIGIL_ROOT}"

PORT="${PORT:-3000}"
export PORT
HEALTH_URL="http://127.0.0.1:${PORT}/health"
HEALTH_TIMEOUT="${VIGIL_HEALTH_TIMEOUT:-60}"
CLI="dist/apps/cli/src/main.js"
MONITOR="dist/apps/monitor/src/main.js"
API="dist/apps/api/src/main.js"
# up.sh writes this when it started the broker itself, so that down.sh stops only that.
KAFKA_MARKER="${VIGIL_PID_DIR}/kafka.started-by-up"

vigil_require_node
vigil_require curl "curl is used to wait for the API's /health endpoint."
vigil_state_dirs

# --- dependencies and build ------------------------------------------------------------------------

if [[ ! -d node_modules ]]; then
  vigil_say "installing dependencies (npm ci) …"
  npm ci --no-audit --no-fund
fi

needs_build() {
  [[ -f dist/.build-stamp ]] || return 0
  # The dashboard (apps/dashboard: .tsx, .css, index.html, vite.config.mts) is part of the build too.
  [[ -f dist/dashboard/index.html ]] || return 0
  [[ -n "$(find apps libs tsconfig.json tsconfig.build.json package.json package-lock.json -newer dist/.build-stamp \
    \( -name '*.ts' -o -name '*.tsx' -o -name '*.mts' -o -name '*.css' -o -name '*.html' -o -name '*.json' \) \
    ! -name '*.spec.ts' ! -name '*.int-spec.ts' ! -name '*.e2e-spec.ts' -print -quit 2>/dev/null)" ]]
}

if [[ "${VIGIL_SKIP_BUILD:-}" != "1" ]] && needs_build; then
  vigil_say "building (npm run build) …"
  mkdir -p dist
  # Stamp the time the build started: a source saved during the build triggers the next one.
  touch dist/.build-stamp.next
  if ! npm run -s build; then
    rm -f dist/.build-stamp.next
    vigil_die "the build failed (output above)"
  fi
  mv dist/.build-stamp.next dist/.build-stamp
fi
for entry in "${CLI}" "${MONITOR}" "${API}"; do
  [[ -f "${entry}" ]] || vigil_die "${entry} is missing after the build; is its app in apps/ yet?"
done

# --- services --------------------------------------------------------------------------------------

bash scripts/postgres.sh ensure vigil

kafka_was_ours=no
bash scripts/kafka.sh owned && kafka_was_ours=yes
bash scripts/kafka.sh start
if [[ "${kafka_was_ours}" == "no" ]] && bash scripts/kafka.sh owned; then
  touch "${KAFKA_MARKER}"
fi

vigil_say "ensuring Kafka topics …"
node "${CLI}" ensure-topics
vigil_say "migrating the database …"
node "${CLI}" migrate

# --- the apps --------------------------------------------------------------------------------------

# start_app <name> <entry> <label> [node options…]: the app under scripts/supervise.js (the pid file holds the
# supervisor's; <name>.state.json the app's pid and restarts).
start_app() {
  local name="$1" entry="$2" label="$3" pid
  shift 3
  if pid="$(vigil_pid_of "${name}" "${entry}")"; then
    vigil_say "${label} already running (supervisor pid ${pid})"
    return 0
  fi
  rm -f "$(vigil_pid_file "${name}")" "${VIGIL_PID_DIR}/${name}.state.json"
  pid="$(vigil_start_bg "${name}" "${VIGIL_LOG_DIR}/${name}.log" \
    node scripts/supervise.js --name "${name}" --state-file "${VIGIL_PID_DIR}/${name}.state.json" -- node "$@" "${entry}")"
  vigil_say "started ${label} under scripts/supervise.js (supervisor pid ${pid}, log ${VIGIL_LOG_DIR}/${name}.log)"
}

# restarts_of <name>: how often the supervisor restarted the app (0 when unknown).
restarts_of() {
  local file="${VIGIL_PID_DIR}/$1.state.json"
  [[ -f "${file}" ]] || { echo 0; return; }
  node -e 'try { console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).restarts || 0) } catch { console.log(0) }' "${file}"
}

start_app monitor "${MONITOR}" "the monitor" "${VIGIL_MONITOR_NODE_OPTIONS[@]}"

if ! vigil_pid_of api "${API}" >/dev/null && vigil_port_open 127.0.0.1 "${PORT}"; then
  vigil_die "port ${PORT} is already in use by another process; stop it or choose another port with PORT=<port> npm run up"
fi
start_app api "${API}" "the API"

vigil_say "waiting for ${HEALTH_URL} to say up …"
started="$(vigil_now)"
restarts_before_monitor="$(restarts_of monitor)"
restarts_before_api="$(restarts_of api)"
health=""
while :; do
  health="$(curl -fsS --max-time 5 "${HEALTH_URL}" 2>/dev/null || true)"
  # The overall status is the body's first key; every check inside also has a "status".
  [[ "${health}" == '{"status":"up"'* ]] && break
  for app in api monitor; do
    entry="${API}" before="${restarts_before_api}"
    [[ "${app}" == monitor ]] && entry="${MONITOR}" before="${restarts_before_monitor}"
    if ! vigil_pid_of "${app}" "${entry}" >/dev/null; then
      vigil_tail "${VIGIL_LOG_DIR}/${app}.log" 30
      vigil_die "the ${app}'s supervisor exited (log above: ${VIGIL_LOG_DIR}/${app}.log); npm run down stops the rest"
    fi
    # A start-up failure (bad protocol file, bad setting) repeats on every restart: say so instead of waiting.
    if (($(restarts_of "${app}") - before >= 2)); then
      vigil_tail "${VIGIL_LOG_DIR}/${app}.log" 40
      vigil_die "the ${app} keeps exiting during start-up (log above: ${VIGIL_LOG_DIR}/${app}.log); npm run down stops the rest"
    fi
  done
  if (($(vigil_now) - started >= HEALTH_TIMEOUT)); then
    if [[ -z "${health}" ]]; then
      vigil_tail "${VIGIL_LOG_DIR}/api.log" 30
      vigil_die "the API did not answer ${HEALTH_URL} within ${HEALTH_TIMEOUT}s (log above; npm run down stops what was started)"
    fi
    vigil_warn "Vigil is running but degraded after ${HEALTH_TIMEOUT}s: ${health}"
    break
  fi
  sleep 1
done

vigil_say "Vigil is up: API http://127.0.0.1:${PORT} (docs at /docs), Kafka ${KAFKA_BROKERS:-127.0.0.1:9092}, logs in ${VIGIL_LOG_DIR}/ — npm run down stops it"
