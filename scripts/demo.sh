#!/usr/bin/env bash
# npm run demo: starts the stack (scripts/up.sh), replays simulated trials built from the three
# published designs, waits until the monitor has processed everything, prints what was raised and
# where to look. The stack stays up afterwards; `npm run down` stops it.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "${VIGIL_ROOT}"

PORT="${PORT:-3000}"
export PORT
CLI="dist/apps/cli/src/main.js"

bash scripts/up.sh

vigil_say "simulating the three trials (seed 42) …"
node "${CLI}" simulate --trial all --seed 42

vigil_say "waiting for the monitor to process every event …"
node "${CLI}" report --wait

# A sign-in link for the dashboard: a DSMB token (every trial, 8 h) in the URL fragment, which never reaches
# a server log; the sign-in page keeps it in the tab's sessionStorage and drops it from the address bar.
DASHBOARD="http://127.0.0.1:${PORT}/"
DSMB_TOKEN="$(node "${CLI}" mint-token --role dsmb --trials '*' --sub demo-dsmb --ttl 8h)"

cat <<INFO

vigil: the stack is still running. Where to look:

  Dashboard                      ${DASHBOARD}
    (sign in with a token, or with the development sign-in on that page: role and trials)
  Sign in as a DSMB member, straight to CellKine's eDISH view (Hy's law is the red diamond, upper right):
    ${DASHBOARD}trials/NCT04410731/edish#token=${DSMB_TOKEN}

  API and its OpenAPI document   http://127.0.0.1:${PORT}/docs
  Health, metrics                http://127.0.0.1:${PORT}/health   http://127.0.0.1:${PORT}/metrics

  Mint a token (DSMB, every trial; use --role sponsor for the blinded view):
    npm run mint-token -- --role dsmb --trials '*'

  CellKine (NCT04410731) alerts:
    TOKEN=\$(npm run -s mint-token -- --role dsmb --trials '*')
    curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:${PORT}/api/trials/NCT04410731/alerts

  Logs                           .vigil/logs/ (kafka.log, monitor.log, api.log)
  Stop everything                npm run down
INFO
