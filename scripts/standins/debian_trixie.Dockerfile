# Local stand-in for debian:trixie (offline lab): the slim root without the docs/man exclusions.
FROM debian:trixie-slim
RUN rm /etc/dpkg/dpkg.cfg.d/docker-slim \
 && apt-get update && apt-get install -y --no-install-recommends ca-certificates netbase tzdata \
 && rm -rf /var/lib/apt/lists/*
LABEL dflab.standin=true
CMD ["bash"]
