# Local stand-in for gcr.io/distroless/python3-debian13 (offline lab), composed the way the distroless project
# composes it (GoogleContainerTools/distroless: static/, base/, cc/, python3/config.bzl): Debian trixie packages
# unpacked with `dpkg -x` (no maintainer scripts, no dpkg database), /etc/passwd and /etc/group with root, nonroot
# (65532) and nobody, the CA bundle, a generated ld.so.cache, and no shell, apt or dpkg in the final image.
FROM debian:trixie-slim AS staging
# static: base-files netbase tzdata tzdata-legacy media-types; base: libc6 libssl3t64 libzstd1 zlib1g;
# cc: libgomp1 libstdc++6 libgcc-s1 gcc-14-base; python3: python3/config.bzl's PYTHON_PACKAGES["debian13"].
ARG PACKAGES="base-files netbase tzdata tzdata-legacy media-types \
  libc6 libssl3t64 libzstd1 zlib1g \
  libgomp1 libstdc++6 libgcc-s1 gcc-14-base \
  libbz2-1.0 libdb5.3t64 libexpat1 liblzma5 libsqlite3-0 libuuid1 libncursesw6 libtinfo6 libcom-err2 libcrypt1 \
  libc-bin libgssapi-krb5-2 libk5crypto3 libkeyutils1 libkrb5-3 libkrb5support0 libnsl2 libreadline8t64 \
  libtirpc3t64 libffi8 libpython3.13-minimal libpython3.13-stdlib python3.13-minimal python3.13-venv"
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
 && mkdir -p /debs /staging && cd /debs && apt-get download $PACKAGES \
 && for d in /debs/*.deb; do dpkg -x "$d" /staging; done \
 && rm -rf /var/lib/apt/lists/*
RUN set -e; cd /staging \
 # the packages whole, as distroless unpacks them (libc-bin's ldconfig lets ctypes.util.find_library read the
 # cache), minus man/info pages and docs other than the copyright files
 && rm -rf usr/share/man usr/share/info usr/share/lintian \
 && find usr/share/doc -type f ! -name copyright -delete
RUN set -e; cd /staging \
 && ln -s python3.13 usr/bin/python3 && ln -s python3.13 usr/bin/python \
 && mkdir -p etc/ssl/certs tmp home/nonroot root \
 && cp /etc/ssl/certs/ca-certificates.crt etc/ssl/certs/ \
 && chmod 1777 tmp && chmod 700 root && chown 65532:65532 home/nonroot \
 && printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > etc/passwd \
 && printf 'root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n' > etc/group \
 && printf 'passwd:         files\ngroup:          files\nshadow:         files\nhosts:          files dns\nnetworks:       files\nprotocols:      files\nservices:       files\nethers:         files\nrpc:            files\n' > etc/nsswitch.conf \
 && printf 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="13"\nVERSION="Debian GNU/Linux 13 (trixie)"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n' > etc/os-release \
 && ldconfig -r /staging \
 && test ! -e bin/sh && test ! -e usr/bin/sh && test ! -e usr/bin/dpkg && test ! -e usr/bin/apt-get

FROM scratch
COPY --from=staging /staging/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt LANG=C.UTF-8
LABEL dflab.standin=true
ENTRYPOINT ["/usr/bin/python3.13"]
