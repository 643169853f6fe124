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
run() { node --import tsx --test --test-concurrency=1 --test-timeout=600000 --test-force-exit --test-reporter=spec "$@"; }
status=0
run $files || status=$?
# Then the integration files that pass on rootful Podman too, against it (the list says why the others are not).
podman_files=$(grep -v '^\s*\(#\|-\|$\)' test/integration/podman-pass.txt | sed 's|.*|test/integration/&.test.ts|')
echo "# the same integration files against rootful Podman:" $podman_files
BERTH_TEST_ENGINE=podman run $podman_files || status=$?
exit "$status"
