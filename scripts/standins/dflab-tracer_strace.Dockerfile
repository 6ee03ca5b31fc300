# dflab's tracer for the minify variant: Debian's strace on the trixie-slim base. It runs beside the app's
# container (sharing its PID namespace, holding CAP_SYS_PTRACE) and records the files the app touches.
FROM debian:trixie-slim
RUN apt-get update && apt-get install -y --no-install-recommends strace \
 && rm -rf /var/lib/apt/lists/*
LABEL dflab.standin=true dflab.tool=tracer
ENTRYPOINT ["strace"]
