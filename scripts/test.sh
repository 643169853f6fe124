#!/usr/bin/env bash
# `npm test`: sets up everything the tests need on this machine, then runs every suite
# (unit, integration on the real engine and registry, end-to-end in code-server) in one
# node:test run, so its closing summary counts them all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/ensure-env.sh
bash scripts/ensure-code-server.sh
npx tsc -p . --noEmit
node scripts/build.mjs
files=$(find test -name '*.test.ts' | sort)
# A test that hangs fails after 10 minutes, naming itself, instead of using up CI's time.
# A file whose tests have all finished ends even if the test process itself left a handle
# open (a fake engine's stream, say): what the product leaves behind runs in other processes.
exec node --import tsx --test --test-concurrency=1 --test-timeout=600000 --test-force-exit --test-reporter=spec $files
