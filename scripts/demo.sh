#!/usr/bin/env bash
# `npm run demo`: on a new machine, installs what is needed, brings up the sample dev
# container in examples/web and shows its web server answering through Berth's forward.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/ensure-env.sh
node scripts/build.mjs
folder="$PWD/examples/web"
echo "[demo] berth up --workspace-folder $folder" >&2
node dist/berth.js up --workspace-folder "$folder"
node dist/berth.js ports --workspace-folder "$folder"
address=$(node dist/berth.js ports --workspace-folder "$folder" --json | node -e '
  const ports = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const web = ports.find((p) => p.containerPort === 8080 && p.localAddress);
  if (!web) { console.error("[demo] port 8080 is not forwarded"); process.exit(1); }
  console.log(web.localAddress);')
for _ in $(seq 1 50); do curl -fsS "http://$address/" >/dev/null 2>&1 && break; sleep 0.2; done
echo "[demo] GET http://$address/ :" >&2
curl -fsS "http://$address/"
echo "[demo] the sample dev container is up; stop it with: node dist/berth.js down --workspace-folder $folder" >&2
