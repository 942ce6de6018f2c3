#!/usr/bin/env bash
# `npm test`: typecheck, lint, unit, integration (DATABASE_URL, else the embedded database),
# production build, the short form of the reliability suite, the benchmark's quick mode and
# Playwright in Debian's Chromium. Installs Chromium when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "prerequisites"
bash scripts/ensure-chromium.sh
if [ -n "${DATABASE_URL:-}" ]; then
  echo "integration tests: PostgreSQL from DATABASE_URL"
else
  echo "integration tests: embedded PGlite"
  # Browser tests check what reached the database from outside the app, so they need a server.
  E2E_POSTGRES_URL=$(bash scripts/ensure-postgres.sh)
  export E2E_POSTGRES_URL
fi

step "typecheck"
npx --no-install tsc --noEmit

step "lint"
npx --no-install eslint --max-warnings 0 .

step "unit tests"
npx --no-install vitest run --project unit

step "integration tests"
npx --no-install vitest run --project integration

step "production build"
npx --no-install next build

step "reliability, short form (faults, fuzz, abuse, concurrency; full form: npm run test:reliability)"
npx --no-install vitest run --project reliability

step "benchmark, quick mode (checks that it runs, not its timings)"
DATABASE_URL="${DATABASE_URL:-${E2E_POSTGRES_URL:-}}" npx --no-install tsx bench/run.ts --quick --skip-build

step "browser tests (Playwright, Chromium)"
npx --no-install playwright test
