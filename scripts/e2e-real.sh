#!/usr/bin/env bash
# The browser walk on a real WordPress with the real Better Messages plugin: starts the real site
# (../shared/real-site/start; reused when it already runs), sources its credentials, builds BM Desk
# and runs playwright.real.config.ts. The build and the walk hold /tmp/bmdesk-e2e.lock, since
# `.next` is shared with the demo-site e2e suite. E2E_REAL_SKIP_BUILD=1 reuses a build made just
# before (CI builds once for both suites). Extra arguments go to Playwright.
#
#   npm run test:e2e:real
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
START="${BM_REAL_SITE_START:-$ROOT/../shared/real-site/start}"
DIR="${BM_REAL_SITE_DIR:-/tmp/bm-real-site}"
export BM_REAL_SITE_DIR="$DIR" BM_REAL_SITE_START="$START"

# The start script prints the passwords on stdout: keep them out of CI logs (they are in the file).
"$START" >/dev/null

set -a
# shellcheck disable=SC1091
. "$DIR/credentials.env"
set +a

cd "$ROOT"
build='npx next build'
[[ "${E2E_REAL_SKIP_BUILD:-0}" == 1 ]] && build=true
exec flock /tmp/bmdesk-e2e.lock bash -c "$build && npx playwright test -c playwright.real.config.ts \"\$@\"" walk "$@"
