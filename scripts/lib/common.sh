# shellcheck shell=bash
# Shared helpers for scripts/*.sh. Source it; it does not change shell options of the caller.
#
# Layout:
#   VIGIL_ROOT        repository root (computed from this file's location, never from $PWD)
#   VIGIL_STATE_DIR   <root>/.vigil (git-ignored runtime state), or $VIGIL_STATE_DIR when set (e.g. a
#                     test that runs its own isolated `up`/`down` next to a developer's stack)
#     kafka/          KRaft data dir, generated server.properties, cluster id
#     logs/           kafka.log, monitor.log, api.log, ...
#     pids/           <name>.pid for every process these scripts started
#   VIGIL_CACHE_DIR   downloaded artifacts, outside the repository (Kafka jars)

VIGIL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
VIGIL_STATE_DIR="${VIGIL_STATE_DIR:-${VIGIL_ROOT}/.vigil}"
VIGIL_LOG_DIR="${VIGIL_STATE_DIR}/logs"
VIGIL_PID_DIR="${VIGIL_STATE_DIR}/pids"
VIGIL_CACHE_DIR="${VIGIL_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME}/.cache}/vigil}"
export VIGIL_ROOT VIGIL_CACHE_DIR VIGIL_STATE_DIR
# The monitor's V8 heap cap: without one V8 lets garbage pile up far beyond what the monitor holds (its pages,
# batches and clock slices are bounded), and its RSS grew past 256 MB under load; with it, under 200 MB.
VIGIL_MONITOR_NODE_OPTIONS=(--max-old-space-size="${VIGIL_MONITOR_HEAP_MB:-160}")

vigil_say() { printf 'vigil: %s\n' "$*"; }
vigil_warn() { printf 'vigil: warning: %s\n' "$*" >&2; }
vigil_die() {
  printf 'vigil: error: %s\n' "$*" >&2
  exit 1
}

vigil_state_dirs() { mkdir -p "${VIGIL_LOG_DIR}" "${VIGIL_PID_DIR}"; }

# vigil_require <command> <what to do when it is missing>
vigil_require() {
  command -v "$1" >/dev/null 2>&1 || vigil_die "'$1' is not on PATH. $2"
}

vigil_require_node() {
  vigil_require node "Install Node.js 20 or newer (https://nodejs.org)."
  vigil_require npm "Install npm (it ships with Node.js)."
}

# Seconds since the epoch (bash 5 has EPOCHSECONDS; fall back to date for older shells).
vigil_now() { if [[ -n "${EPOCHSECONDS:-}" ]]; then echo "${EPOCHSECONDS}"; else date +%s; fi; }

# --- processes -------------------------------------------------------------------------------------

vigil_pid_file() { echo "${VIGIL_PID_DIR}/$1.pid"; }

# vigil_pid_of <name> <pattern>: prints the pid recorded for <name> if that process is alive and its
# command line contains <pattern> (guards against a recycled pid); returns 1 otherwise.
vigil_pid_of() {
  local file pid args
  file="$(vigil_pid_file "$1")"
  [[ -f "${file}" ]] || return 1
  pid="$(tr -dc '0-9' <"${file}")"
  [[ -n "${pid}" ]] || return 1
  kill -0 "${pid}" 2>/dev/null || return 1
  args="$(ps -ww -p "${pid}" -o args= 2>/dev/null || true)"
  [[ "${args}" == *"$2"* ]] || return 1
  echo "${pid}"
}

# vigil_stop <name> <pattern> <label> [grace seconds, default 30]: SIGTERM, wait, then SIGKILL.
# Only stops a process whose pid file we wrote; always removes a stale pid file. Safe to repeat.
vigil_stop() {
  local name="$1" pattern="$2" label="$3" grace="${4:-30}" pid file deadline
  file="$(vigil_pid_file "${name}")"
  if ! pid="$(vigil_pid_of "${name}" "${pattern}")"; then
    if [[ -f "${file}" ]]; then
      rm -f "${file}"
      vigil_say "${label} was not running (removed a stale pid file)"
    else
      vigil_say "${label} is not running"
    fi
    return 0
  fi
  vigil_say "stopping ${label} (pid ${pid}) …"
  kill -TERM "${pid}" 2>/dev/null || true
  deadline=$(($(vigil_now) + grace))
  while kill -0 "${pid}" 2>/dev/null; do
    if (($(vigil_now) >= deadline)); then
      vigil_warn "${label} did not stop within ${grace}s; sending SIGKILL"
      kill -KILL "${pid}" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "${file}"
  vigil_say "${label} stopped"
}

# vigil_start_bg <name> <log file> <command...>: starts the command detached from this shell with
# nohup, stdout+stderr appended to the log file, and records its pid. Prints the pid.
vigil_start_bg() {
  local name="$1" log="$2" pid
  shift 2
  vigil_state_dirs
  {
    printf '\n===== %s: starting %s =====\n' "$(date '+%Y-%m-%d %H:%M:%S')" "${name}"
  } >>"${log}"
  nohup "$@" >>"${log}" 2>&1 </dev/null &
  pid=$!
  echo "${pid}" >"$(vigil_pid_file "${name}")"
  echo "${pid}"
}

# --- locks -----------------------------------------------------------------------------------------

# vigil_lock <name>: a portable mkdir lock under .vigil/ so that two scripts started at the same time
# (for example `npm test` in one terminal and `npm run up` in another) do not both start a broker.
# A lock left by a dead process is taken over. Released by vigil_unlock or when the shell exits.
vigil_lock() {
  local dir="${VIGIL_STATE_DIR}/locks/$1.lock" waited=0 holder
  mkdir -p "${VIGIL_STATE_DIR}/locks"
  until mkdir "${dir}" 2>/dev/null; do
    holder="$(cat "${dir}/pid" 2>/dev/null || true)"
    if [[ -n "${holder}" ]] && ! kill -0 "${holder}" 2>/dev/null; then
      rm -rf "${dir}"
      continue
    fi
    if ((waited == 0)); then vigil_say "waiting for another vigil script (pid ${holder:-?}) to finish with $1 …"; fi
    if ((waited >= 240)); then vigil_die "could not take the $1 lock (${dir}); remove it if no vigil script is running"; fi
    sleep 0.5
    waited=$((waited + 1))
  done
  echo "$$" >"${dir}/pid"
  # shellcheck disable=SC2064
  trap "rm -rf '${dir}'" EXIT
}

vigil_unlock() {
  rm -rf "${VIGIL_STATE_DIR}/locks/$1.lock"
  trap - EXIT
}

# --- network ---------------------------------------------------------------------------------------

# vigil_port_open <host> <port>: true when something accepts TCP connections there (bash /dev/tcp).
vigil_port_open() {
  (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1
}

# vigil_run_with_timeout <seconds> <command...>: runs the command, killing it after <seconds>.
vigil_run_with_timeout() {
  local secs="$1"
  shift
  if command -v timeout >/dev/null 2>&1; then
    timeout "${secs}" "$@"
    return $?
  fi
  "$@" &
  local pid=$! watcher rc
  (sleep "${secs}" && kill -TERM "${pid}" 2>/dev/null) &
  watcher=$!
  wait "${pid}"
  rc=$?
  kill "${watcher}" 2>/dev/null || true
  wait "${watcher}" 2>/dev/null || true
  return "${rc}"
}

# vigil_docker_available: a Docker engine answers `docker info` within 5 seconds.
vigil_docker_available() {
  command -v docker >/dev/null 2>&1 || return 1
  vigil_run_with_timeout 5 docker info >/dev/null 2>&1
}

# vigil_tail <file> [lines]: prints the last lines of a log, framed, to stderr.
vigil_tail() {
  local file="$1" lines="${2:-30}"
  if [[ -f "${file}" ]]; then
    printf -- '----- last %s lines of %s -----\n' "${lines}" "${file#"${VIGIL_ROOT}"/}" >&2
    tail -n "${lines}" "${file}" >&2
    printf -- '-----\n' >&2
  else
    printf 'vigil: (no log at %s)\n' "${file}" >&2
  fi
}
