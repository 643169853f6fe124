#!/usr/bin/env bash
# Makes sure the things Berth's demo and tests need exist on this machine:
# a Docker engine, a locally built base image, and a local registry holding it.
# Idempotent: each step checks first and returns quickly when already done.
set -euo pipefail

BASE_IMAGE="${BERTH_BASE_IMAGE:-berth-base:bookworm}"
REGISTRY="${BERTH_TEST_REGISTRY:-127.0.0.1:5000}"
STATE_DIR="${BERTH_ENV_DIR:-/var/tmp/berth-env}"

log() { printf '[ensure-env] %s\n' "$*" >&2; }
die() { printf '[ensure-env] error: %s\n' "$*" >&2; exit 1; }

is_root() { [[ $(id -u) -eq 0 ]]; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  is_root || die "missing packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}"
  log "installing ${missing[*]}"
  if [[ ! -f /var/tmp/berth-apt-updated ]] || [[ -n $(find /var/tmp/berth-apt-updated -mmin +600 2>/dev/null) ]]; then
    apt-get update -qq && touch /var/tmp/berth-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

engine_up() { timeout 10 docker info >/dev/null 2>&1; }

ensure_engine() {
  engine_up && return 0
  if ! is_root; then
    die "no Docker engine answers. Start one (e.g. 'sudo systemctl start docker') or set DOCKER_HOST, then run this again."
  fi
  apt_install docker.io iptables
  mkdir -p "$STATE_DIR"
  # A dockerd killed with its machine leaves a pid file behind that blocks the next start.
  if [[ -f /var/run/docker.pid ]] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then rm -f /var/run/docker.pid; fi
  log "starting dockerd"
  # A fresh dockerd per machine; its log goes to a file so failures can be read.
  nohup dockerd >"$STATE_DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do engine_up && { log "engine is up"; return 0; }; sleep 1; done
  tail -20 "$STATE_DIR/dockerd.log" >&2 || true
  die "dockerd did not come up within 60 s; see $STATE_DIR/dockerd.log"
}

apt_mirror() {
  local uri
  uri=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  [[ -n $uri ]] || uri=$(grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

ensure_base_image() {
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && return 0
  apt_install debootstrap
  local root="$STATE_DIR/rootfs"
  rm -rf "$root"; mkdir -p "$root"
  log "debootstrap bookworm into $root (about 30 s)"
  # bash, coreutils and perl-base come with minbase; busybox gives the samples a web server.
  debootstrap --variant=minbase --include=busybox,ca-certificates bookworm "$root" "$(apt_mirror)" >"$STATE_DIR/debootstrap.log" 2>&1 \
    || { tail -20 "$STATE_DIR/debootstrap.log" >&2; die "debootstrap failed; see $STATE_DIR/debootstrap.log"; }
  # Inside containers apt should use the same mirror the host uses.
  cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" 2>/dev/null || true
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$root"
  log "built $BASE_IMAGE"
}

registry_up() { curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1; }

ensure_registry() {
  if ! registry_up; then
    apt_install docker-registry curl
    mkdir -p "$STATE_DIR/registry"
    local port=${REGISTRY##*:}
    cat >"$STATE_DIR/registry.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: $STATE_DIR/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY
YML
    log "starting docker-registry on $REGISTRY"
    nohup docker-registry serve "$STATE_DIR/registry.yml" >"$STATE_DIR/registry.log" 2>&1 &
    for _ in $(seq 1 30); do registry_up && break; sleep 0.5; done
    registry_up || die "registry did not answer on $REGISTRY; see $STATE_DIR/registry.log"
  fi
  local ref="$REGISTRY/berth/base:bookworm"
  if ! curl -fsS "http://$REGISTRY/v2/berth/base/manifests/bookworm" \
      -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' >/dev/null 2>&1; then
    docker tag "$BASE_IMAGE" "$ref"
    docker push "$ref" >/dev/null
    log "pushed $ref"
  fi
  # An image with a layer of its own that is only in the registry, so a pull downloads for real.
  local pull_ref="$REGISTRY/berth/pulltest:1"
  if ! curl -fsS "http://$REGISTRY/v2/berth/pulltest/manifests/1" \
      -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' >/dev/null 2>&1; then
    printf 'FROM %s\nRUN head -c 8388608 /dev/urandom > /blob\n' "$BASE_IMAGE" | docker build -q -t "$pull_ref" - >/dev/null
    docker push "$pull_ref" >/dev/null
    docker rmi "$pull_ref" >/dev/null
    log "pushed $pull_ref"
  fi
}

# A second registry that wants a login, so a pull with the user's credentials is tested for real.
# Its password is made here, kept in $STATE_DIR (mode 0600) and never leaves this machine.
AUTH_REGISTRY=127.0.0.1:5001
ensure_auth_registry() {
  apt_install apache2-utils
  local dir="$STATE_DIR/auth-registry"
  mkdir -p "$dir/data" "$dir/docker-config"
  chmod 700 "$dir"
  if [ ! -s "$dir/password" ]; then
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$dir/password"
    chmod 600 "$dir/password"
    htpasswd -Bbn berth "$(cat "$dir/password")" >"$dir/htpasswd"
  fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$AUTH_REGISTRY/v2/")" != 401 ]; then
    cat >"$dir/registry.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: $dir/data
http:
  addr: $AUTH_REGISTRY
auth:
  htpasswd:
    realm: berth-test
    path: $dir/htpasswd
YML
    log "starting a registry with a login on $AUTH_REGISTRY"
    nohup docker-registry serve "$dir/registry.yml" >"$dir/registry.log" 2>&1 &
    for _ in $(seq 1 30); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$AUTH_REGISTRY/v2/")" = 401 ] && break; sleep 0.5; done
  fi
  local ref="$AUTH_REGISTRY/berth/private:1"
  export DOCKER_CONFIG="$dir/docker-config"
  if ! docker manifest inspect --insecure "$ref" >/dev/null 2>&1; then
    docker login "$AUTH_REGISTRY" -u berth --password-stdin <"$dir/password" >/dev/null 2>&1
    docker tag "$BASE_IMAGE" "$ref"
    docker push "$ref" >/dev/null
    docker rmi "$ref" >/dev/null
    log "pushed $ref"
  fi
  unset DOCKER_CONFIG
}

# Compose configs run through the compose CLI; Debian ships v1 (docker-compose), which drives this engine.
ensure_compose() {
  docker compose version >/dev/null 2>&1 && return 0
  apt_install docker-compose
}

# The build compiles the relay the helper copies into containers, static (scripts/build.mjs).
apt_install gcc libc6-dev
ensure_engine
ensure_compose
ensure_base_image
ensure_registry
ensure_auth_registry

# The remote-engine tests run their own sshd on 127.0.0.1 (with keys they make); only the binary is needed.
ensure_sshd() {
  command -v /usr/sbin/sshd >/dev/null 2>&1 || apt_install openssh-server
}
ensure_sshd

# Rootful Podman as a second engine for test/integration/podman.test.ts, serving the Docker API on its
# own socket. This sandbox's hard limits refuse Podman's default rlimits, and Init needs catatonit.
PODMAN_DIR="$STATE_DIR/podman"
ensure_podman() {
  is_root || { log "not root: the Podman suite needs rootful Podman on $PODMAN_DIR/podman.sock"; return 0; }
  # dnsname: containers of a compose project find each other by service name, as on Docker.
  apt_install podman catatonit golang-github-containernetworking-plugin-dnsname
  mkdir -p "$PODMAN_DIR"
  cat >"$PODMAN_DIR/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=4096:4096"]
init_path = "/usr/bin/catatonit"
CONF
  # The test registry speaks plain HTTP, which Docker allows on loopback and Podman only when told.
  cat >"$PODMAN_DIR/registries.conf" <<CONF
unqualified-search-registries = ["docker.io"]
[[registry]]
location = "$REGISTRY"
insecure = true
[[registry]]
location = "$AUTH_REGISTRY"
insecure = true
CONF
  if ! curl -sf --unix-socket "$PODMAN_DIR/podman.sock" http://podman/_ping >/dev/null 2>&1; then
    log "starting podman system service on $PODMAN_DIR/podman.sock"
    # From /: conmon needs the service's working folder to exist for as long as it runs, and
    # a checkout (a CI clone) may be deleted while the service lives on.
    # A session of its own: nothing that ends this script's group or terminal ends the service,
    # and no shell lingers holding this script's output open.
    (cd / && CONTAINERS_CONF="$PODMAN_DIR/containers.conf" CONTAINERS_REGISTRIES_CONF="$PODMAN_DIR/registries.conf" exec setsid podman system service --time=0 "unix://$PODMAN_DIR/podman.sock" >"$PODMAN_DIR/service.log" 2>&1 </dev/null) &
    for _ in $(seq 1 50); do curl -sf --unix-socket "$PODMAN_DIR/podman.sock" http://podman/_ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  # Open to the docker group, as Docker's own socket is: remoteUserUid.test runs Berth as a user in that group.
  chgrp docker "$PODMAN_DIR/podman.sock" && chmod 660 "$PODMAN_DIR/podman.sock" || log "no docker group: only root reaches $PODMAN_DIR/podman.sock"
  if ! CONTAINERS_CONF="$PODMAN_DIR/containers.conf" podman image exists "localhost/$BASE_IMAGE"; then
    log "loading $BASE_IMAGE into Podman"
    docker save "$BASE_IMAGE" | CONTAINERS_CONF="$PODMAN_DIR/containers.conf" podman load -q >/dev/null
  fi
}
ensure_podman

# Rootless Podman for the same suite: a throwaway system user with subordinate IDs, serving the
# Docker API on its usual socket, /run/user/UID/podman/podman.sock. slirp4netns cannot open
# /dev/net/tun in this sandbox, so its containers share the host's network (netns = "host").
ROOTLESS_USER="${BERTH_PODMAN_ROOTLESS_USER:-berthpod}"
ROOTLESS_DIR="$STATE_DIR/podman-rootless"
ensure_rootless_podman() {
  is_root || { log "not root: the Podman suite needs rootless Podman as user $ROOTLESS_USER"; return 0; }
  apt_install uidmap
  id -u "$ROOTLESS_USER" >/dev/null 2>&1 ||
    useradd --system --create-home --home-dir "$ROOTLESS_DIR/home" --shell /usr/sbin/nologin "$ROOTLESS_USER"
  grep -q "^$ROOTLESS_USER:" /etc/subuid 2>/dev/null || usermod --add-subuids 200000-265535 "$ROOTLESS_USER"
  grep -q "^$ROOTLESS_USER:" /etc/subgid 2>/dev/null || usermod --add-subgids 200000-265535 "$ROOTLESS_USER"
  local uid runtime home="$ROOTLESS_DIR/home"
  uid=$(id -u "$ROOTLESS_USER")
  runtime="/run/user/$uid"
  install -d -m 700 -o "$ROOTLESS_USER" -g "$ROOTLESS_USER" "$runtime" "$runtime/podman"
  install -d -m 755 -o "$ROOTLESS_USER" -g "$ROOTLESS_USER" "$home/.config/containers"
  printf '[storage]\ndriver = "overlay"\n' >"$home/.config/containers/storage.conf"
  cat >"$home/.config/containers/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=4096:4096"]
init_path = "/usr/bin/catatonit"
netns = "host"
CONF
  local as_user=(runuser -u "$ROOTLESS_USER" -- env HOME="$home" XDG_RUNTIME_DIR="$runtime" CONTAINERS_CONF="$home/.config/containers/containers.conf")
  if ! curl -sf --unix-socket "$runtime/podman/podman.sock" http://podman/_ping >/dev/null 2>&1; then
    log "starting rootless podman system service as $ROOTLESS_USER on $runtime/podman/podman.sock"
    (cd / && exec setsid "${as_user[@]}" podman system service --time=0 "unix://$runtime/podman/podman.sock" >"$ROOTLESS_DIR/service.log" 2>&1 </dev/null) &
    for _ in $(seq 1 50); do curl -sf --unix-socket "$runtime/podman/podman.sock" http://podman/_ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  if ! (cd / && "${as_user[@]}" podman image exists "localhost/$BASE_IMAGE" 2>/dev/null); then
    log "loading $BASE_IMAGE into $ROOTLESS_USER's Podman"
    docker save "$BASE_IMAGE" | (cd / && "${as_user[@]}" podman load -q >/dev/null 2>&1)
  fi
}
ensure_rootless_podman
