# Shared by the lab's extra daemons (engine-containerd-up.sh, engine-second-up.sh), sourced after they set
# SOCK, DATA_ROOT, EXEC_ROOT, LOGDIR, BRIDGE, BRIDGE_CIDR, BASES, LAYERS and the functions say, die and second
# (this daemon's CLI).

main() { DOCKER_HOST= DOCKER_CONTEXT=default docker "$@"; }
answers() { second info >/dev/null 2>&1; }

# The daemon's config: own socket, roots and bridge; iptables off, as two daemons would fight over the same DOCKER
# chains (Docker's multiple-daemons advice). $2: whether it uses the containerd image store.
write_daemon_config() {
  local file=$1 containerd=$2
  mkdir -p "$DATA_ROOT" "$EXEC_ROOT" "$LOGDIR"
  cat > "$file" <<JSON
{
  "features": { "containerd-snapshotter": $containerd },
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

ensure_bridge() {
  # dockerd's "bridge" names an existing interface; the main daemon keeps docker0 for itself.
  ip link show "$BRIDGE" >/dev/null 2>&1 && return
  say "bridge: creating $BRIDGE ($BRIDGE_CIDR)"
  ip link add "$BRIDGE" type bridge
  ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
  ip link set "$BRIDGE" up
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

# Starts dockerd with its config file, waits up to 60 s for it to answer, shows the end of its log otherwise.
launch_dockerd() {
  local config=$1 log=$2 what=$3
  clear_stale_pidfile
  say "daemon: starting $what (log: $log)"
  setsid nohup dockerd --config-file "$config" >>"$log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    answers && return 0
    sleep 1
  done
  tail -20 "$log" >&2
  die "$what did not answer within 60 s"
}

copy_bases() {
  for image in "${BASES[@]}"; do
    # The stores name an image differently (config digest vs manifest digest): compare the layers' diff ids.
    local layers; layers=$(main image inspect -f "$LAYERS" "$image" 2>/dev/null) || die "$image is not in the main daemon; run scripts/engine-up.sh first"
    if [ "$(second image inspect -f "$LAYERS" "$image" 2>/dev/null || true)" = "$layers" ]; then say "$image: present"; continue; fi
    say "$image: copying from the main daemon (docker save | docker load)"
    main save "$image" | second load -q >/dev/null
  done
}
