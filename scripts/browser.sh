#!/usr/bin/env bash
# The headless browser the DSMB report's PDFs and the browser tests use: Debian's chromium (Playwright cannot
# download its own browser here) and poppler-utils' pdftotext (the report tests read PDFs with it).
#   bash scripts/browser.sh ensure   installs what is missing (apt-get; as root or through sudo), then
#                                    prints the chromium binary's path
#   bash scripts/browser.sh path     prints the path, or fails when chromium is not installed
# VIGIL_CHROMIUM=<path> uses that binary instead.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

chromium_path() {
  if [[ -n "${VIGIL_CHROMIUM:-}" ]]; then
    [[ -x "${VIGIL_CHROMIUM}" ]] || vigil_die "VIGIL_CHROMIUM=${VIGIL_CHROMIUM} is not an executable"
    echo "${VIGIL_CHROMIUM}"
    return 0
  fi
  local candidate
  for candidate in chromium chromium-browser; do
    if command -v "${candidate}" >/dev/null 2>&1; then
      command -v "${candidate}"
      return 0
    fi
  done
  return 1
}

ensure() {
  local missing=()
  chromium_path >/dev/null || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  if ((${#missing[@]})); then
    local sudo=()
    [[ "$(id -u)" == 0 ]] || sudo=(sudo -n)
    vigil_say "installing ${missing[*]} (apt-get) …" >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
      { DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -q >&2 &&
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; } ||
      vigil_die "could not install ${missing[*]} with apt-get; install them, or set VIGIL_CHROMIUM to a Chromium binary"
  fi
  chromium_path || vigil_die "chromium is still not on PATH after installing it"
}

case "${1:-}" in
  ensure) ensure ;;
  path) chromium_path || vigil_die "chromium is not installed (bash scripts/browser.sh ensure)" ;;
  *) vigil_die "usage: bash scripts/browser.sh ensure|path" ;;
esac
