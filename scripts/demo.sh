#!/usr/bin/env bash
# The one demo command (README, `npm run demo`): bootstraps what is missing, then starts the
# development PBX, the customer phone page and Chromium with the extension (scripts/demo.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
npx wxt prepare >/dev/null
exec node --import tsx scripts/demo.ts
