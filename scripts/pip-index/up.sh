#!/usr/bin/env bash
# The private package index experiments/pip-service installs from: builds the wheels (once, in the local
# python:3.13-slim stand-in, so the host needs no Python) and serves them on 127.0.0.1:$PORT in the
# background. Idempotent: an index already answering is left alone. `up.sh build` only builds the wheels
# (and prints their directory); `up.sh stop` stops the server up.sh started.
#   DFLAB_PIP_INDEX_DIR  where the wheels go (default $DFLAB_STATE_DIR/pip-index, i.e. /var/lib/dflab/pip-index)
#   DFLAB_PIP_INDEX_PORT port (default 3141; experiments/pip-service/requirements.txt names it)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
STATE=${DFLAB_STATE_DIR:-/var/lib/dflab}
DIR=${DFLAB_PIP_INDEX_DIR:-$STATE/pip-index}
PORT=${DFLAB_PIP_INDEX_PORT:-3141}
LOGDIR=${DFLAB_LOG_DIR:-/var/log/dflab}
PIDFILE=$DIR/serve.pid
say() { echo "[pip-index] $*"; }
answers() { curl -fsS -m 2 "http://127.0.0.1:$PORT/simple/" >/dev/null 2>&1; }

if [ "${1:-}" = stop ]; then
  [ -f "$PIDFILE" ] && kill "$(cat "$PIDFILE")" 2>/dev/null && say "stopped" || say "not running (no server started by up.sh)"
  rm -f "$PIDFILE"; exit 0
fi

if [ ! -f "$DIR/simple/index.html" ]; then
  mkdir -p "$DIR"
  say "building wheels into $DIR" >&2
  if command -v python3 >/dev/null && python3 -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
    python3 "$HERE/build_wheels.py" "$DIR" >&2
  else
    docker run --rm --network none -u "$(id -u):$(id -g)" -v "$HERE:/lab:ro" -v "$DIR:/out" python:3.13-slim python3 /lab/build_wheels.py /out >&2
  fi
fi
if [ "${1:-}" = build ]; then echo "$DIR"; exit 0; fi
if answers; then say "answering on http://127.0.0.1:$PORT/simple/"; exit 0; fi
mkdir -p "$LOGDIR"
setsid nohup node "$HERE/serve.mjs" "$DIR" "$PORT" >>"$LOGDIR/pip-index.log" 2>&1 < /dev/null &
echo $! > "$PIDFILE"
for _ in $(seq 1 20); do answers && { say "up on http://127.0.0.1:$PORT/simple/ (pid $(cat "$PIDFILE"), log $LOGDIR/pip-index.log)"; exit 0; }; sleep 0.25; done
echo "[pip-index] error: the index did not answer on 127.0.0.1:$PORT; see $LOGDIR/pip-index.log" >&2; exit 1
