#!/usr/bin/env bash
# Chromium for the report's browser test (playwright-core drives Debian's /usr/bin/chromium; it
# downloads no browser of its own). Idempotent: does nothing when chromium is already there.
set -euo pipefail

CHROMIUM=${DFLAB_CHROMIUM:-/usr/bin/chromium}
say() { echo "[browser-up] $*"; }

if [ -x "$CHROMIUM" ]; then
  say "chromium: present ($("$CHROMIUM" --version 2>/dev/null | head -1 || echo "$CHROMIUM"))"
  exit 0
fi
if [ ! -f /etc/debian_version ] || [ "$(id -u)" != 0 ]; then
  echo "[browser-up] error: $CHROMIUM is missing. Install Chromium (Debian: apt-get install chromium) and run this again." >&2
  exit 1
fi
say "installing Debian's chromium (apt-get install -y chromium)"
apt-get update -qq
NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
say "installed: $("$CHROMIUM" --version 2>/dev/null | head -1)"
