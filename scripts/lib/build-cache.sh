# Shared by engine-up.sh and engine-second-up.sh (the classic-store daemons): keeps a daemon's BuildKit cache from
# filling the disk, and never lets it outlive the daemon that made it.
#
# Why the second: on the classic image store BuildKit holds the layers its cache records use through references
# kept only in the daemon's memory (moby's builder-next/adapters/snapshot). Once that daemon has stopped, records
# of its cache can be left pointing at layers or snapshot directories that are gone, and a later build that hits
# one fails in the engine, with no fault of the Dockerfile: "failed to solve: layer does not exist", or
# "stat /var/lib/docker/overlay2/<id>: no such file or directory" at "exporting to image". Seen on this lab's
# machines (whose data-root persists) after a restart: the pip-service builds of the test suite failed that way.
# So a cache holding records older than the running daemon is emptied; one made by it is only bounded.

# $1: a function that runs this daemon's docker CLI; $2: the daemon's pidfile (its mtime: when it started).
bound_build_cache() {
  local cli=$1 pidfile=$2 started oldest
  started=$(stat -c %Y "$pidfile" 2>/dev/null || echo '')
  # sed reads to the end (head would close the pipe early, and pipefail would end the caller's script on SIGPIPE)
  oldest=$("$cli" buildx du --verbose 2>/dev/null | sed -n 's/^Created at:[[:space:]]*//p' | sort | sed -n 1p) || oldest=''
  if [ -n "$started" ] && [ -n "$oldest" ] && [ "$(date -d "${oldest% UTC}" +%s 2>/dev/null || echo "$started")" -lt "$started" ]; then
    "$cli" builder prune -af >/dev/null 2>&1 && say "build cache: emptied (it predates this daemon; see scripts/lib/build-cache.sh)" && return
  fi
  "$cli" builder prune -f --keep-storage 20GB >/dev/null 2>&1 && say "build cache: pruned to at most 20 GB" || true
}
