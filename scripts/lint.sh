#!/usr/bin/env bash
# npm run lint: ESLint, the architecture's boundaries (dependency-cruiser) and Prettier's formatting.
# Runs all three so one run reports every kind of problem; exits non-zero if any of them failed.
# Fixes: `npx eslint --fix .`, `npx prettier --write .`; a boundary violation names its rule in
# .dependency-cruiser.cjs, which says what to do instead.
set -uo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "${VIGIL_ROOT}" || exit 1

failed=()
vigil_say "eslint …"
npx eslint . || failed+=(eslint)
vigil_say "boundaries (dependency-cruiser) …"
npx depcruise apps libs bench test scripts --config .dependency-cruiser.cjs || failed+=(boundaries)
vigil_say "formatting (prettier --check) …"
npx prettier --check --log-level warn . || failed+=(prettier)

if ((${#failed[@]} > 0)); then
  vigil_warn "lint failed: ${failed[*]}"
  exit 1
fi
vigil_say "lint clean"
