#!/usr/bin/env bash
# The browser tests drive Debian's chromium through Playwright's ExecutablePath:
# Playwright's own browser download is not reachable from these machines.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "ensure-chromium: /usr/bin/chromium is missing and neither root nor sudo is available" >&2
    exit 1
  fi
}

export DEBIAN_FRONTEND=noninteractive
run_as_root apt-get update
run_as_root apt-get install -y --no-install-recommends chromium
