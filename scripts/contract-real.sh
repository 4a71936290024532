#!/usr/bin/env bash
# Runs the contract suite against the real Better Messages plugin: a fresh real site
# (../shared/real-site/start --fresh), its credentials sourced, then the same vitest suite the
# demo site passes. Extra arguments go to vitest (e.g. a test file).
#
#   npm run test:contract:real
#   BM_REAL_SITE_DIR=/tmp/other npm run test:contract:real -- tests/contract/threads.test.ts
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
START="${BM_REAL_SITE_START:-$ROOT/../shared/real-site/start}"
DIR="${BM_REAL_SITE_DIR:-/tmp/bm-real-site}"
# The connection-failure tests stop and start the site with the scripts beside START.
export BM_REAL_SITE_DIR="$DIR" BM_REAL_SITE_START="$START"

# The start script prints the passwords on stdout: keep them out of CI logs (they are in the file).
"$START" --fresh >/dev/null

set -a
# shellcheck disable=SC1091
. "$DIR/credentials.env"
set +a
# A leftover demo token would make the suite think it talks to the demo site.
unset DEMO_CONTROL_TOKEN

cd "$ROOT"
exec npx vitest run -c vitest.contract.config.ts "$@"
