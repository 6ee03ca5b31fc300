#!/usr/bin/env bash
# A second classic-store dockerd beside the main one, for trials split over several builders (README,
# "Several builders"): its own socket, data-root, exec-root, pidfile and bridge (nothing is shared with the
# main daemon's data-root), a docker context `dflab-second` (which gives buildx a docker-driver builder of
# the same name) and the stand-in bases copied over with `docker save | docker load`. The local registry on
# 127.0.0.1:5000 is a host process (scripts/engine-up.sh), so this daemon pushes to it as the main one does.
# Idempotent: each step checks first.
# Usage: bash scripts/engine-second-up.sh   (then `dflab run --builder default,dflab-second`)
set -euo pipefail

SOCK=${DFLAB_SECOND_SOCK:-/var/run/dflab-second.sock}
STATE=${DFLAB_STATE_DIR:-/var/lib/dflab}
LOGDIR=${DFLAB_LOG_DIR:-/var/log/dflab}
DATA_ROOT=$STATE/second-engine
EXEC_ROOT=/var/run/dflab-second
BRIDGE=dflab-sd0
BRIDGE_CIDR=172.31.251.1/24
CONTEXT=dflab-second
# The bases the engine tests build on, and the tracer minify runs on the engine holding the traced image
# (python:3.13 and the others are large: copied only on request).
BASES=(${DFLAB_SECOND_BASES:-debian:trixie-slim python:3.13-slim dflab-tracer:strace})

say() { echo "[engine-second-up] $*"; }
die() { echo "[engine-second-up] error: $*" >&2; exit 1; }
second() { DOCKER_CONTEXT= docker -H "unix://$SOCK" "$@"; }
# shellcheck source=lib/extra-daemon.sh
source "$(dirname "$0")/lib/extra-daemon.sh"
# shellcheck source=lib/build-cache.sh
source "$(dirname "$0")/lib/build-cache.sh"

start_daemon() {
  if answers; then say "daemon: answering on $SOCK"; return; fi
  command -v dockerd >/dev/null || die "dockerd not found; run scripts/engine-up.sh first"
  main info >/dev/null 2>&1 || die "the main engine does not answer; run scripts/engine-up.sh first"
  ensure_bridge
  write_daemon_config "$STATE/second-engine.json" false
  launch_dockerd "$STATE/second-engine.json" "$LOGDIR/dockerd-second.log" "the second dockerd"
  say "daemon: up ($(second version -f '{{.Server.Version}}'), data-root $DATA_ROOT)"
}

ensure_context() {
  # A docker context for the socket gives buildx a docker-driver builder of the same name, loading into it.
  docker context inspect "$CONTEXT" >/dev/null 2>&1 && { say "context: $CONTEXT present"; return; }
  docker context create "$CONTEXT" --description 'dflab: second classic engine' --docker "host=unix://$SOCK" >/dev/null 2>&1
  say "context: $CONTEXT created (docker --context $CONTEXT; buildx builder $CONTEXT, docker driver)"
}

check_builder() {
  docker buildx inspect "$CONTEXT" 2>/dev/null | grep -q '^Driver: *docker$' \
    || die "buildx does not list a docker-driver builder $CONTEXT (see \`docker buildx ls\`)"
}

LAYERS='{{json .RootFS.Layers}} {{json .Config.Labels}}'
check_registry() {
  # Pushes go from the daemon itself: 127.0.0.1 is an insecure registry to every dockerd by default.
  curl -fsS -m 2 http://127.0.0.1:5000/v2/ >/dev/null 2>&1 && { say "registry: 127.0.0.1:5000 answers (host process, shared)"; return; }
  say "registry: 127.0.0.1:5000 does not answer; compressed sizes will not be measured (run scripts/engine-up.sh)"
}

start_daemon
bound_build_cache second "$EXEC_ROOT/dockerd.pid"
ensure_context
check_builder
copy_bases
check_registry
say "ready: DOCKER_HOST=unix://$SOCK, builder $CONTEXT"
