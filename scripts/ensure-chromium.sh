#!/usr/bin/env bash
# The browser tests drive Debian's chromium through Playwright's ExecutablePath:
# Playwright's own browser download is not reachable from these machines.
set -euo pipefail

# A CJK font too: the console is zh-CN first, and screenshots without one show boxes.
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "wqy"; then
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
run_as_root apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei
