#!/usr/bin/env bash
# A second dockerd whose images live in the containerd image store (the containerd snapshotter,
# Docker 29's default), beside the main classic-store daemon: its own socket, data-root, exec-root,
# pidfile, managed containerd and bridge, so nothing collides. The stand-in bases are copied over
# from the main daemon with `docker save | docker load`. Idempotent: each step checks first.
# Usage: bash scripts/engine-containerd-up.sh        (then DOCKER_HOST=unix:///var/run/dflab-containerd.sock)
set -euo pipefail

SOCK=${DFLAB_CONTAINERD_SOCK:-/var/run/dflab-containerd.sock}
STATE=${DFLAB_STATE_DIR:-/var/lib/dflab}
LOGDIR=${DFLAB_LOG_DIR:-/var/log/dflab}
DATA_ROOT=$STATE/containerd-store
EXEC_ROOT=/var/run/dflab-containerd
BRIDGE=dflab-cs0
BRIDGE_CIDR=172.31.250.1/24
CONTEXT=dflab-containerd
# The bases the engine tests build on against this daemon (python:3.13 is large and copied only on request).
BASES=(${DFLAB_CONTAINERD_BASES:-debian:trixie-slim python:3.13-slim})

say() { echo "[engine-containerd-up] $*"; }
die() { echo "[engine-containerd-up] error: $*" >&2; exit 1; }
second() { docker -H "unix://$SOCK" "$@"; }
# shellcheck source=lib/extra-daemon.sh
source "$(dirname "$0")/lib/extra-daemon.sh"

start_daemon() {
  if answers; then say "daemon: answering on $SOCK"; return; fi
  command -v dockerd >/dev/null || die "dockerd not found; run scripts/engine-up.sh first"
  ensure_bridge
  write_daemon_config "$STATE/containerd-store.json" true
  launch_dockerd "$STATE/containerd-store.json" "$LOGDIR/dockerd-containerd.log" "dockerd (containerd store)"
  second info -f '{{range .DriverStatus}}{{index . 0}}={{index . 1}} {{end}}' | grep -q 'driver-type=io.containerd.snapshotter' \
    || die "the daemon on $SOCK answers but does not use the containerd image store"
  say "daemon: up ($(second version -f '{{.Server.Version}}'), containerd image store)"
}

ensure_context() {
  # A docker context for the socket gives buildx a docker-driver builder of the same name.
  docker context inspect "$CONTEXT" >/dev/null 2>&1 && return
  docker context create "$CONTEXT" --description 'dflab: containerd image store' --docker "host=unix://$SOCK" >/dev/null 2>&1
  say "context: $CONTEXT created (docker --context $CONTEXT, buildx builder $CONTEXT)"
}

LAYERS='{{.Created}} {{json .RootFS.Layers}}'
start_daemon
ensure_context
copy_bases
say "ready: DOCKER_HOST=unix://$SOCK"
