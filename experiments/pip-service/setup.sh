#!/usr/bin/env bash
# Lab setup (not part of the team's project): the private package index requirements.txt points at,
# served on 127.0.0.1:3141 from wheels built on this machine (scripts/pip-index/). `setup.sh stop` stops it.
exec bash "$(cd "$(dirname "$0")/../.." && pwd)/scripts/pip-index/up.sh" "$@"
