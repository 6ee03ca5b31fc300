# Local stand-in for python:3.13 (offline lab): Debian trixie's python3 (3.13) on buildpack-deps,
# behaving like the official image: `python`/`pip` commands, pip may install system-wide.
FROM buildpack-deps:trixie
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-dev python3-pip python3-venv \
 && rm -rf /var/lib/apt/lists/* \
 && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED \
 && ln -s /usr/bin/python3 /usr/local/bin/python && ln -s /usr/bin/pip3 /usr/local/bin/pip
ENV LANG=C.UTF-8
LABEL dflab.standin=true
CMD ["python3"]
