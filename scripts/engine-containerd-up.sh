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
answers() { second info >/dev/null 2>&1; }

ensure_bridge() {
  # dockerd's "bridge" names an existing interface; the main daemon keeps docker0 for itself.
  ip link show "$BRIDGE" >/dev/null 2>&1 && return
  say "bridge: creating $BRIDGE ($BRIDGE_CIDR)"
  ip link add "$BRIDGE" type bridge
  ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}

write_config() {
  mkdir -p "$DATA_ROOT" "$EXEC_ROOT" "$LOGDIR"
  # iptables off: two daemons would fight over the same DOCKER chains (Docker's multiple-daemons advice).
  cat > "$STATE/containerd-store.json" <<JSON
{
  "features": { "containerd-snapshotter": true },
  "hosts": ["unix://$SOCK"],
  "data-root": "$DATA_ROOT",
  "exec-root": "$EXEC_ROOT",
  "pidfile": "$EXEC_ROOT/dockerd.pid",
  "bridge": "$BRIDGE",
  "iptables": false,
  "ip6tables": false,
  "ip-masq": false
}
JSON
}

clear_stale_pidfile() {
  # A daemon that died leaves its pidfile; dockerd then refuses to start while that number is in use — and
  # /proc/<n> also exists for a thread of another process (seen: a containerd thread). Stale unless it is a live
  # dockerd process of its own.
  local file="$EXEC_ROOT/dockerd.pid" pid
  [[ -f "$file" ]] || return 0
  pid=$(cat "$file" 2>/dev/null)
  if [[ -n "$pid" && "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]] \
    && grep -qx "Tgid:[[:space:]]*$pid" "/proc/$pid/status" 2>/dev/null; then return 0; fi
  say "daemon: removing the stale pidfile $file (pid $pid is not a running dockerd)"
  rm -f "$file"
}

start_daemon() {
  if answers; then say "daemon: answering on $SOCK"; return; fi
  command -v dockerd >/dev/null || die "dockerd not found; run scripts/engine-up.sh first"
  ensure_bridge
  write_config
  clear_stale_pidfile
  say "daemon: starting dockerd with the containerd image store (log: $LOGDIR/dockerd-containerd.log)"
  setsid nohup dockerd --config-file "$STATE/containerd-store.json" >>"$LOGDIR/dockerd-containerd.log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    answers && break
    sleep 1
  done
  answers || { tail -20 "$LOGDIR/dockerd-containerd.log" >&2; die "dockerd (containerd store) did not answer within 60 s"; }
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
copy_bases() {
  for image in "${BASES[@]}"; do
    # The stores name an image differently (config digest vs manifest digest): compare the layers' diff ids.
    local layers; layers=$(docker image inspect -f "$LAYERS" "$image" 2>/dev/null) || die "$image is not in the main daemon; run scripts/engine-up.sh first"
    if [ "$(second image inspect -f "$LAYERS" "$image" 2>/dev/null || true)" = "$layers" ]; then say "$image: present"; continue; fi
    say "$image: copying from the main daemon (docker save | docker load)"
    docker save "$image" | second load -q >/dev/null
  done
}

start_daemon
ensure_context
copy_bases
say "ready: DOCKER_HOST=unix://$SOCK"
