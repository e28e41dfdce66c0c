#!/usr/bin/env bash
# Bootstraps what the demo and the tests need on a fresh Debian/Ubuntu machine: the Debian
# packages (browsers, Kamailio with its WebSocket module) and the npm packages. As root it
# installs what is missing with apt; otherwise it names exactly what to install and stops.
# Sourced by scripts/test.sh and scripts/demo.sh.
set -euo pipefail

cb_need_apt=()
cb_check() { # command debian-package
  command -v "$1" >/dev/null 2>&1 || cb_need_apt+=("$2")
}
cb_check_pkg() { # debian-package (for packages that add no command, such as Kamailio modules)
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' || cb_need_apt+=("$1")
}
cb_check chromium chromium
cb_check firefox-esr firefox-esr
cb_check kamailio kamailio
cb_check_pkg kamailio-websocket-modules
cb_check ip iproute2

if [ "${#cb_need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "callbridge: installing Debian packages: ${cb_need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${cb_need_apt[@]}" >/dev/null
  else
    echo "callbridge: missing system packages. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${cb_need_apt[*]}" >&2
    exit 2
  fi
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "callbridge: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 2
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "callbridge: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
