# Local stand-in for buildpack-deps:trixie (offline lab): curl, wget, git and a C toolchain with
# the common -dev libraries, as the official image layers them (curl → scm → full).
FROM debian:trixie
RUN apt-get update && apt-get install -y --no-install-recommends \
      ca-certificates curl gnupg netbase sq wget \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends git mercurial openssh-client subversion procps \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends \
      autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc libbz2-dev libc6-dev \
      libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev libgmp-dev \
      libjpeg-dev libkrb5-dev liblzma-dev libncurses-dev libpng-dev libpq-dev libreadline-dev \
      libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt1-dev libyaml-dev make patch \
      unzip xz-utils zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
LABEL dflab.standin=true
CMD ["bash"]
