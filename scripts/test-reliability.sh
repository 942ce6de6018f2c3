#!/usr/bin/env bash
# `npm run test:reliability`: the full reliability suite (reliability/): a fresh production build,
# then faults, fuzz, abuse and concurrency against real app processes and a private PostgreSQL
# cluster the suite creates on RELIABILITY_PG_PORT (5499). Writes its figures to RELIABILITY.md.
# `npm test` runs the short form of the same suite (RELIABILITY_FULL unset) on its own build.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# the suite runs PostgreSQL's own binaries; this installs them where they are missing
bash scripts/ensure-postgres.sh >/dev/null
npx --no-install next build
RELIABILITY_FULL=1 npx --no-install vitest run --project reliability
