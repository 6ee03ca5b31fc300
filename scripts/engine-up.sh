#!/usr/bin/env bash
# Bring up dflab's lab world: Docker engine + buildx, a local registry on 127.0.0.1:5000, and the
# base images the bundled experiments use (pulled when a registry is reachable, otherwise built
# locally as labelled stand-ins). Idempotent: every step first checks whether it is already done.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DFLAB_STATE_DIR:-/var/lib/dflab}
LOGDIR=${DFLAB_LOG_DIR:-/var/log/dflab}
MIRROR=${DFLAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
REGISTRY_ADDR=127.0.0.1:5000
BASES=(debian:trixie-slim debian:trixie buildpack-deps:trixie python:3.13-slim python:3.13 gcr.io/distroless/python3-debian13)
# Bump when a stand-in recipe changes: older stand-ins are then rebuilt (real images are never touched).
STANDIN_VERSION=3
# dflab's own tool images: always built from their recipe in scripts/standins, never pulled. Bump TOOL_VERSION when
# a tool recipe changes (2: the tracer carries a static busybox for the hold loop).
TOOLS=(dflab-tracer:strace)
TOOL_VERSION=2

say() { echo "[engine-up] $*"; }
die() { echo "[engine-up] error: $*" >&2; exit 1; }
is_root_debian() { [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; }
apt_updated=0
apt_update() { [ $apt_updated = 1 ] || { apt-get update -qq; apt_updated=1; }; }
apt_install() { NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }

install_engine() {
  if command -v dockerd >/dev/null && docker buildx version >/dev/null 2>&1; then
    say "engine binaries: present ($(dockerd --version | head -1); $(docker buildx version | head -1))"
    return
  fi
  is_root_debian || die "Docker engine and buildx are missing. Install Docker Engine (dockerd) and the buildx plugin (https://docs.docker.com/engine/install/), then run this again."
  say "installing Debian trixie's docker.io and docker-buildx (trixie source pinned at priority 100)"
  cat > /etc/apt/sources.list.d/dflab-trixie.sources <<SRC
Types: deb
URIs: $MIRROR
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  cat > /etc/apt/preferences.d/dflab-trixie <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  apt_updated=0; apt_update
  NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io/trixie docker-buildx/trixie >/dev/null
  say "installed: $(dockerd --version | head -1); $(docker buildx version | head -1)"
}

start_engine() {
  if docker info >/dev/null 2>&1; then say "engine: answering"; return; fi
  command -v dockerd >/dev/null || die "dockerd not found"
  mkdir -p "$LOGDIR"
  say "engine: starting dockerd in the background (log: $LOGDIR/dockerd.log)"
  # setsid: dockerd must outlive this script and the npm process that ran it.
  setsid nohup dockerd >>"$LOGDIR/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && { say "engine: up ($(docker version -f '{{.Server.Version}}'))"; return; }
    sleep 1
  done
  tail -20 "$LOGDIR/dockerd.log" >&2 || true
  die "dockerd did not answer within 60 s; see $LOGDIR/dockerd.log"
}

registry_answers() { curl -fsS -m 2 "http://$REGISTRY_ADDR/v2/" >/dev/null 2>&1; }
start_registry() {
  if registry_answers; then say "registry: answering on $REGISTRY_ADDR"; return; fi
  if ! command -v docker-registry >/dev/null; then
    is_root_debian || die "no registry on $REGISTRY_ADDR and Debian's docker-registry is not installed; start one (e.g. 'docker-registry serve $ROOT/scripts/registry.yml')"
    say "registry: installing Debian's docker-registry"
    apt_update; apt_install docker-registry
    # The package may start its own service on :5000 through init scripts; ours has the config we want.
    pkill -x docker-registry 2>/dev/null || true
  fi
  mkdir -p "$STATE/registry" "$LOGDIR"
  collect_registry
  say "registry: starting on $REGISTRY_ADDR (log: $LOGDIR/registry.log)"
  REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY="$STATE/registry" \
    setsid nohup docker-registry serve "$ROOT/scripts/registry.yml" >>"$LOGDIR/registry.log" 2>&1 < /dev/null &
  for _ in $(seq 1 20); do registry_answers && { say "registry: up"; return; }; sleep 0.5; done
  die "registry did not answer on $REGISTRY_ADDR; see $LOGDIR/registry.log"
}

# dflab deletes each manifest it pushed once it has read it back (src/engine/registry-api.ts), but a registry frees
# blobs only in garbage-collect, which must not run while it serves: so here, before it starts. Seen on a lab machine
# whose state persisted: 32 GB of unreferenced layers from a few hundred runs. A first run after this pushes its
# bases again (as on a fresh machine); later runs mount them from the registry as before.
collect_registry() {
  local used
  used=$(du -sm "$STATE/registry" 2>/dev/null | cut -f1) || used=0
  [ "${used:-0}" -gt 2048 ] || return 0
  if REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY="$STATE/registry" \
    docker-registry garbage-collect --delete-untagged "$ROOT/scripts/registry.yml" >>"$LOGDIR/registry.log" 2>&1; then
    say "registry: garbage-collected ($used MB before, $(du -sm "$STATE/registry" | cut -f1) MB after)"
  else
    say "registry: garbage-collect failed (see $LOGDIR/registry.log); starting it as it is"
  fi
}

ensure_cli_tools() {
  # The zstd CLI measures zstd layer sizes on the classic image store (src/engine/zstd-size.ts).
  command -v zstd >/dev/null && return
  is_root_debian || die "the zstd CLI is missing; install it (Debian/Ubuntu: apt-get install zstd)"
  say "tools: installing Debian's zstd"
  apt_update; apt_install zstd
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
label_of() { docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null; }
is_standin() { [ "$(label_of "$1" dflab.standin)" = true ]; }
stale_standin() { is_standin "$1" && [ "$(label_of "$1" dflab.standin.version)" != "$STANDIN_VERSION" ]; }

build_slim_standin() {
  command -v debootstrap >/dev/null || { is_root_debian || die "debootstrap is needed to make debian:trixie-slim offline"; apt_update; apt_install debootstrap; }
  local root="$STATE/rootfs-trixie"
  rm -rf "$root"; mkdir -p "$root"
  say "debian:trixie-slim: debootstrap --variant=minbase trixie (a few minutes)"
  debootstrap --variant=minbase trixie "$root" "$MIRROR" >"$LOGDIR/debootstrap.log" 2>&1 \
    || { tail -20 "$LOGDIR/debootstrap.log" >&2; die "debootstrap failed; see $LOGDIR/debootstrap.log"; }
  # Trim like the official slim image: no apt lists, no docs/man pages, and keep them out later too.
  cp "$ROOT/scripts/standins/dpkg-slim.cfg" "$root/etc/dpkg/dpkg.cfg.d/docker-slim"
  cp "$ROOT/scripts/standins/apt-docker-clean.cfg" "$root/etc/apt/apt.conf.d/docker-clean"
  # As every official Debian image has (debuerreotype's docker-apt-speedup): no fsync per unpacked file.
  # Without it dpkg spends most of a big apt install (an ML stack) in fsync on overlayfs.
  echo force-unsafe-io > "$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  echo "deb $MIRROR trixie main" > "$root/etc/apt/sources.list"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
         "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/*
  tar -C "$root" -c . | docker import \
    --change 'LABEL dflab.standin=true' --change "LABEL dflab.standin.version=$STANDIN_VERSION" --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - debian:trixie-slim >/dev/null
  rm -rf "$root"
}

build_derived_standin() {
  local image=$1 version=${2:-$STANDIN_VERSION} file
  file="$ROOT/scripts/standins/$(echo "$image" | tr ':/' '__').Dockerfile"
  [ -f "$file" ] || die "no stand-in recipe for $image ($file)"
  say "$image: building stand-in from ${file#"$ROOT"/}"
  docker buildx build --load --network host --progress plain -t "$image" --label "dflab.standin.version=$version" \
    -f "$file" "$ROOT/scripts/standins" \
    >"$LOGDIR/standin-$(echo "$image" | tr ':/' '__').log" 2>&1 \
    || { tail -20 "$LOGDIR/standin-$(echo "$image" | tr ':/' '__').log" >&2; die "stand-in build of $image failed"; }
}

ensure_bases() {
  mkdir -p "$LOGDIR"
  local rebuild=0
  for image in "${BASES[@]}"; do
    # Stand-ins derive from each other in this order: once one is rebuilt, the later ones are too.
    if [ $rebuild = 1 ] || stale_standin "$image"; then
      is_standin "$image" && { say "$image: stand-in is outdated (recipe version $STANDIN_VERSION); rebuilding"; rebuild=1; }
    fi
    if have_image "$image" && ! { [ $rebuild = 1 ] && is_standin "$image"; }; then
      say "$image: present$(is_standin "$image" && echo ' (local stand-in)')"; continue
    fi
    if timeout 120 docker pull -q "$image" >/dev/null 2>&1; then say "$image: pulled"; continue; fi
    local old_id; old_id=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
    if [ "$image" = debian:trixie-slim ]; then build_slim_standin; else build_derived_standin "$image"; fi
    # The outdated stand-in is now untagged; drop it unless something still uses it.
    [ -n "$old_id" ] && docker rmi "$old_id" >/dev/null 2>&1 || true
    say "$image: stand-in ready ($(docker image inspect -f '{{.Size}}' "$image" | numfmt --to=iec) )"
  done
}

ensure_tool_images() {
  for image in "${TOOLS[@]}"; do
    if have_image "$image" && [ "$(label_of "$image" dflab.standin.version)" = "$TOOL_VERSION" ]; then say "$image: present"; continue; fi
    build_derived_standin "$image" "$TOOL_VERSION"
    say "$image: ready"
  done
}

# shellcheck source=lib/build-cache.sh
source "$ROOT/scripts/lib/build-cache.sh"
bound_cache() {
  # The engine's data persists across runs on one machine: the cache is bounded, or emptied when an earlier daemon
  # made it. The pidfile (when it started) is the default daemon's: another DOCKER_HOST's cache is only bounded.
  local pidfile=/var/run/docker.pid
  case "${DOCKER_HOST:-unix:///var/run/docker.sock}" in unix:///var/run/docker.sock|unix:///run/docker.sock) ;; *) pidfile= ;; esac
  bound_build_cache docker "$pidfile"
}

install_engine
ensure_cli_tools
start_engine
start_registry
ensure_bases
ensure_tool_images
bound_cache
# --containerd-store: also the second daemon on the containerd image store (engine-containerd-up.sh).
if [ "${1:-}" = --containerd-store ]; then bash "$ROOT/scripts/engine-containerd-up.sh"; fi
say "ready"
