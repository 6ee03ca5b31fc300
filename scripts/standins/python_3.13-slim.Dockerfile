# Local stand-in for python:3.13-slim (offline lab): Debian trixie's python3 (3.13) on trixie-slim,
# behaving like the official image: `python`/`pip` commands, pip may install system-wide.
FROM debian:trixie-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates python3 python3-pip python3-venv \
 && rm -rf /var/lib/apt/lists/* \
 && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED \
 && ln -s /usr/bin/python3 /usr/local/bin/python && ln -s /usr/bin/pip3 /usr/local/bin/pip
ENV LANG=C.UTF-8
LABEL dflab.standin=true
CMD ["python3"]
