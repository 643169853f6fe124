#!/usr/bin/env bash
# code-server 4.96.4 (the newest that runs on Node 20) and Debian's chromium, for the
# end-to-end tests. Works without GitHub: native modules are rebuilt from source and the
# one GitHub-hosted dependency is taken from the npm registry. Idempotent and quick once done.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD/.berth-cache/code-server"
VSCODE="$ROOT/node_modules/code-server/lib/vscode"
STAMP="$ROOT/.ready-4.96.4"
log() { echo "[ensure-code-server] $*" >&2; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

apt_install chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep
if [ -f "$STAMP" ]; then exit 0; fi

started=$(date +%s)
mkdir -p "$ROOT"
cd "$ROOT"
[ -f package.json ] || echo '{"name":"berth-code-server","private":true}' > package.json
log "npm install code-server@4.96.4 (scripts off)"
npm install --no-audit --no-fund --ignore-scripts code-server@4.96.4 >/dev/null

cd "$VSCODE"
# @vscode/proxy-agent is resolved from GitHub in the shrinkwrap; the registry has the same version.
node -e '
const fs = require("fs");
const f = "npm-shrinkwrap.json";
const s = JSON.parse(fs.readFileSync(f, "utf8"));
for (const [k, v] of Object.entries(s.packages || {})) {
  if (k.endsWith("node_modules/@vscode/proxy-agent") && /github/.test(v.resolved || "")) {
    v.resolved = `https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-${v.version}.tgz`;
    delete v.integrity;
  }
}
fs.writeFileSync(f, JSON.stringify(s, null, 2));
'
log "installing VS Code's own dependencies"
npm install --no-audit --no-fund --omit=dev --ignore-scripts >/dev/null
log "rebuilding native modules"
npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh
(cd extensions && npm install --no-audit --no-fund --omit=dev --ignore-scripts >/dev/null)
cd "$ROOT"
log "rebuilding argon2"
npm rebuild argon2 --build-from-source >/dev/null
touch "$STAMP"
log "code-server ready in $(( $(date +%s) - started )) s"
