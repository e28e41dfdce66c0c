#!/usr/bin/env bash
# The one test command (README, `npm test`, .ci/run): bootstraps what is missing, then runs the
# static checks, the unit tests, the production builds with web-ext lint, and the end-to-end
# suite against a real Kamailio and real Chromium/Firefox.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

step() { printf '\n== %s\n' "$*"; }

step "prepare"
npx wxt prepare >/dev/null

step "typecheck"
npx tsc --noEmit

step "lint and format"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }

step "unit and component tests"
npx vitest run

step "production builds"
npx wxt build >/dev/null
npx wxt build -b firefox >/dev/null
npx web-ext lint --source-dir .output/firefox-mv2 --self-hosted --warnings-as-errors --output text

step "test builds"
WXT_CALLBRIDGE_LOOPBACK=1 npx wxt build --mode test >/dev/null
WXT_CALLBRIDGE_LOOPBACK=1 npx wxt build --mode test -b firefox >/dev/null

step "end-to-end tests (Kamailio, Chromium, Firefox ESR)"
CALLBRIDGE_PREBUILT=1 npx vitest run --config vitest.e2e.config.ts
