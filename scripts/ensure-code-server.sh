#!/usr/bin/env bash
# code-server 4.96.4 (the newest that runs on Node 20) and Debian's chromium, for the
# end-to-end tests. Works without GitHub: native modules are rebuilt from source and the
# one GitHub-hosted dependency is taken from the npm registry. Idempotent: once done it
# only checks the Debian packages and a stamp. `--verify` starts code-server and asks it
# for /healthz even when the stamp exists. BERTH_CODE_SERVER_DIR moves the install.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.96.4
ROOT="${BERTH_CODE_SERVER_DIR:-$PWD/.berth-cache/code-server}"
BIN="$ROOT/node_modules/.bin/code-server"
VSCODE="$ROOT/node_modules/code-server/lib/vscode"
STAMP="$ROOT/.ready-$VERSION"
started=$(date +%s)
log() { echo "[ensure-code-server] $*" >&2; }
took() { echo "$(( $(date +%s) - started )) s"; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${missing[*]}"
    log "install them with: sudo apt-get install -y ${missing[*]}   then run this script again"
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

# Starts the installed code-server on a free loopback port and waits for /healthz.
verify() {
  local port dir pid ok=1
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  dir=$(mktemp -d)
  "$BIN" --auth none --bind-addr "127.0.0.1:$port" --user-data-dir "$dir/data" --extensions-dir "$dir/ext" \
    --disable-telemetry --disable-update-check "$dir" >"$dir/log" 2>&1 &
  pid=$!
  for _ in $(seq 120); do
    if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then ok=0; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ $ok != 0 ]; then log "code-server did not answer on 127.0.0.1:$port:"; cat "$dir/log" >&2; fi
  rm -rf "$dir"
  return $ok
}

apt_install chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep g++ make python3 curl
if [ -f "$STAMP" ]; then
  if [ "${1:-}" = --verify ]; then verify; fi
  log "code-server $VERSION ready in $ROOT ($(took))"
  exit 0
fi

mkdir -p "$ROOT"
cd "$ROOT"
[ -f package.json ] || echo '{"name":"berth-code-server","private":true}' > package.json
log "npm install code-server@$VERSION (scripts off)"
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >/dev/null

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
log "installing VS Code's own dependencies ($(took) so far)"
npm install --no-audit --no-fund --omit=dev --ignore-scripts >/dev/null
log "rebuilding native modules ($(took) so far)"
npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog >/dev/null
# @vscode/ripgrep's postinstall downloads from GitHub; Debian's binary does the same job.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh
log "installing the built-in extensions' dependencies ($(took) so far)"
(cd extensions && npm install --no-audit --no-fund --omit=dev --ignore-scripts >/dev/null)
cd "$ROOT"
log "rebuilding argon2 ($(took) so far)"
npm rebuild argon2 --build-from-source >/dev/null
log "starting code-server once to check it answers"
verify
touch "$STAMP"
log "code-server $VERSION installed in $ROOT in $(took)"
