# dflab's tracer for the minify variant: Debian's strace on the trixie-slim base. It runs beside the app's
# container (sharing its PID namespace, holding CAP_SYS_PTRACE) and records the files the app touches.
# /dflab-hold/busybox (Debian's busybox-static) runs the app's hold loop from a volume: the app's image may have
# no shell (distroless, FROM scratch).
FROM debian:trixie-slim
RUN apt-get update && apt-get install -y --no-install-recommends strace busybox-static \
 && mkdir /dflab-hold && cp /bin/busybox /dflab-hold/busybox \
 && rm -rf /var/lib/apt/lists/*
LABEL dflab.standin=true dflab.tool=tracer
ENTRYPOINT ["strace"]
