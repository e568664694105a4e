#!/usr/bin/env bash
# Browser tests drive Debian's chromium; install it with apt when missing (never download a browser).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "== installing Debian's chromium for the browser tests"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
