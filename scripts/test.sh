#!/usr/bin/env bash
# npm test: lint and boundary checks, then unit tests, then integration and end-to-end tests against real Kafka and PostgreSQL.
#
# Services for the integration/e2e tiers, in order of preference:
#   1. KAFKA_BROKERS / DATABASE_URL when set (your own services);
#   2. a Docker engine that answers `docker info` within 5 s: left to testcontainers
#      (test/support/global-setup.ts starts apache/kafka:3.9.1 and postgres:15);
#   3. otherwise local ones: PostgreSQL on 127.0.0.1:5432 (database vigil_test) and the broker from
#      scripts/kafka.sh, which this script stops afterwards if it started it.
# Extra arguments are passed to both jest runs (e.g. `npm test -- -t ensureTopics`).
# Exit status: the first failing jest run's, else 0.
set -uo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "${VIGIL_ROOT}" || exit 1

vigil_require_node
if [[ ! -d node_modules ]]; then
  vigil_say "installing dependencies (npm ci) …"
  npm ci --no-audit --no-fund || vigil_die "npm ci failed"
fi

# Lint and boundaries first: cheap, and a violation fails the run before any test starts.
vigil_say "lint and boundaries (npm run lint) …"
if ! npm run -s lint; then
  vigil_warn "npm run lint failed: fix the problems above (see README, Boundaries and lint)"
  exit 1
fi

vigil_say "unit tests …"
unit_extra=()
(($# > 0)) && unit_extra=(--passWithNoTests)
results_dir="${VIGIL_STATE_DIR}/test-results"
mkdir -p "${results_dir}" && rm -f "${results_dir}"/*.json
npx jest --selectProjects unit --json --outputFile="${results_dir}/unit.json" ${unit_extra[@]+"${unit_extra[@]}"} "$@"
unit_rc=$?

# --- real services for the integration and e2e tiers -----------------------------------------------

kafka_was_ours=yes
stop_kafka_if_we_started_it() {
  [[ "${kafka_was_ours}" == "no" ]] || return 0
  bash scripts/kafka.sh owned || return 0
  # `npm run up` may have been started meanwhile on top of this broker: leave it to `npm run down`.
  if vigil_pid_of api "dist/apps/api/src/main.js" >/dev/null || vigil_pid_of monitor "dist/apps/monitor/src/main.js" >/dev/null; then
    touch "${VIGIL_PID_DIR}/kafka.started-by-up"
    vigil_say "leaving Kafka running for the stack started by npm run up"
    return 0
  fi
  bash scripts/kafka.sh stop
}

need_kafka=no
need_database=no
[[ -n "${KAFKA_BROKERS:-}" ]] || need_kafka=yes
[[ -n "${DATABASE_URL:-}" ]] || need_database=yes

if [[ -n "${DATABASE_URL:-}" ]]; then
  bash scripts/postgres.sh ensure || exit 1
fi
if [[ -n "${KAFKA_BROKERS:-}" ]]; then
  bash scripts/kafka.sh start || exit 1
fi

if [[ "${need_kafka}" == "yes" || "${need_database}" == "yes" ]]; then
  if vigil_docker_available; then
    vigil_say "a Docker engine answers: testcontainers will start$([[ ${need_kafka} == yes ]] && echo ' Kafka')$([[ ${need_kafka}${need_database} == yesyes ]] && echo ' and')$([[ ${need_database} == yes ]] && echo ' PostgreSQL')"
  else
    vigil_say "no Docker engine: using local services"
    if [[ "${need_database}" == "yes" ]]; then
      bash scripts/postgres.sh ensure vigil_test || exit 1
      export DATABASE_URL="postgres://postgres@127.0.0.1:5432/vigil_test"
    fi
    if [[ "${need_kafka}" == "yes" ]]; then
      bash scripts/kafka.sh owned || kafka_was_ours=no
      trap stop_kafka_if_we_started_it EXIT
      trap 'exit 130' INT
      trap 'exit 143' TERM
      bash scripts/kafka.sh start || exit 1
      export KAFKA_BROKERS="127.0.0.1:9092"
    fi
  fi
fi

# The DSMB report's PDFs and the dashboard's browser tests need Debian's chromium (and pdftotext).
vigil_say "headless browser (scripts/browser.sh) …"
VIGIL_CHROMIUM="$(bash scripts/browser.sh ensure)" || vigil_die "no headless browser for the report and dashboard tests"
export VIGIL_CHROMIUM

# e2e tests spawn the built apps.
vigil_say "building (npm run build) …"
mkdir -p dist && touch dist/.build-stamp.next
if ! npm run -s build; then
  rm -f dist/.build-stamp.next
  vigil_warn "the build failed"
  exit 1
fi
mv dist/.build-stamp.next dist/.build-stamp

vigil_say "integration and e2e tests (KAFKA_BROKERS=${KAFKA_BROKERS:-testcontainers}, DATABASE_URL=${DATABASE_URL:-testcontainers}) …"
npx jest --selectProjects integration e2e --runInBand --passWithNoTests --json --outputFile="${results_dir}/integration-e2e.json" "$@"
int_rc=$?

# One plain closing line over both runs, for people and for CI logs.
node -e '
  const files = process.argv.slice(1).filter((f) => require("fs").existsSync(f));
  const sum = (k) => files.reduce((n, f) => n + (require(f)[k] || 0), 0);
  console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests")} skipped`);
' "${results_dir}/unit.json" "${results_dir}/integration-e2e.json"

if ((unit_rc != 0)); then
  vigil_warn "unit tests failed (exit ${unit_rc})"
  exit "${unit_rc}"
fi
if ((int_rc != 0)); then
  vigil_warn "integration/e2e tests failed (exit ${int_rc})"
fi
exit "${int_rc}"
