// Debian package names → Alpine (apk) names, for base-alpine and alpine base trials. Known names map exactly;
// `libX-dev` is guessed as `X-dev` and Debian's python3-X as py3-X, each with a note; anything else is kept.

/** Debian name → Alpine name(s); [] when Alpine needs nothing (part of its base or of another package). */
const KNOWN: Record<string, string[]> = {
  'build-essential': ['build-base'],
  gcc: ['gcc'], 'g++': ['g++'], make: ['make'], cmake: ['cmake'], clang: ['clang'], gfortran: ['gfortran'],
  'pkg-config': ['pkgconf'], pkgconf: ['pkgconf'], autoconf: ['autoconf'], automake: ['automake'], libtool: ['libtool'],
  'libc6-dev': ['musl-dev'], 'linux-headers-amd64': ['linux-headers'], 'linux-libc-dev': ['linux-headers'],
  'libpq-dev': ['postgresql-dev'], libpq5: ['libpq'],
  'libffi-dev': ['libffi-dev'], 'libssl-dev': ['openssl-dev'], openssl: ['openssl'],
  'libxml2-dev': ['libxml2-dev'], 'libxslt1-dev': ['libxslt-dev'], libxml2: ['libxml2'], 'libxslt1.1': ['libxslt'],
  'libjpeg-dev': ['jpeg-dev'], 'libjpeg62-turbo-dev': ['jpeg-dev'], 'libjpeg62-turbo': ['libjpeg-turbo'],
  'zlib1g-dev': ['zlib-dev'], 'libpng-dev': ['libpng-dev'], 'libfreetype6-dev': ['freetype-dev'], 'libfreetype-dev': ['freetype-dev'],
  'libwebp-dev': ['libwebp-dev'], 'libtiff-dev': ['tiff-dev'], 'liblcms2-dev': ['lcms2-dev'],
  'libbz2-dev': ['bzip2-dev'], 'liblzma-dev': ['xz-dev'], 'libsqlite3-dev': ['sqlite-dev'], 'libreadline-dev': ['readline-dev'],
  'libncurses-dev': ['ncurses-dev'], 'libncurses5-dev': ['ncurses-dev'], 'libncursesw5-dev': ['ncurses-dev'],
  'libmariadb-dev': ['mariadb-dev'], 'libmariadb-dev-compat': ['mariadb-dev'], 'default-libmysqlclient-dev': ['mariadb-dev'],
  'libcurl4-openssl-dev': ['curl-dev'], 'libyaml-dev': ['yaml-dev'], 'libgmp-dev': ['gmp-dev'], 'libevent-dev': ['libevent-dev'],
  'libopenblas-dev': ['openblas-dev'], 'libblas-dev': ['openblas-dev'], 'liblapack-dev': ['lapack-dev'],
  'libgeos-dev': ['geos-dev'], 'libproj-dev': ['proj-dev'], 'libgdal-dev': ['gdal-dev'],
  'uuid-dev': ['util-linux-dev'], 'libkrb5-dev': ['krb5-dev'], 'libsasl2-dev': ['cyrus-sasl-dev'], 'libldap2-dev': ['openldap-dev'],
  libgomp1: ['libgomp'], 'libglib2.0-0': ['glib'], 'libglib2.0-dev': ['glib-dev'], libgl1: ['mesa-gl'], 'libgl1-mesa-glx': ['mesa-gl'],
  libsm6: ['libsm'], libxext6: ['libxext'], libxrender1: ['libxrender'], libmagic1: ['libmagic'],
  'ca-certificates': ['ca-certificates'], curl: ['curl'], wget: ['wget'], git: ['git'], gnupg: ['gnupg'], 'gnupg2': ['gnupg'],
  'openssh-client': ['openssh-client'], mercurial: ['mercurial'], subversion: ['subversion'],
  tzdata: ['tzdata'], bash: ['bash'], jq: ['jq'], unzip: ['unzip'], zip: ['zip'], 'xz-utils': ['xz'], bzip2: ['bzip2'], patch: ['patch'],
  procps: ['procps-ng'], less: ['less'], vim: ['vim'], nano: ['nano'], file: ['file'], rsync: ['rsync'], sudo: ['sudo'],
  gunicorn: ['py3-gunicorn'], tini: ['tini'], 'dumb-init': ['dumb-init'], gosu: ['su-exec'], 'netcat-openbsd': ['netcat-openbsd'], netcat: ['netcat-openbsd'],
  'iputils-ping': ['iputils'], dnsutils: ['bind-tools'], 'bind9-dnsutils': ['bind-tools'], locales: ['musl-locales'],
  'gettext-base': ['gettext'], gettext: ['gettext'], ffmpeg: ['ffmpeg'], imagemagick: ['imagemagick'], graphviz: ['graphviz'],
  'postgresql-client': ['postgresql-client'], 'default-mysql-client': ['mysql-client'], 'mariadb-client': ['mariadb-client'],
  sqlite3: ['sqlite'], nodejs: ['nodejs'], npm: ['npm'], golang: ['go'], supervisor: ['supervisor'], nginx: ['nginx'],
  'apt-transport-https': [], 'software-properties-common': [], 'lsb-release': [], netbase: [],
  python3: ['python3'], 'python3-pip': ['py3-pip'], 'python3-dev': ['python3-dev'], 'python3-venv': [], 'python3-distutils': [],
  'python-is-python3': [],
  'git-core': ['git'], libcurl4: ['libcurl'], libcurl4t64: ['libcurl'], libmariadb3: ['mariadb-connector-c'], xmlsec1: ['xmlsec'],
  'libxmlsec1-dev': ['xmlsec-dev'], 'unixodbc-dev': ['unixodbc-dev'], unixodbc: ['unixodbc'], 'freetds-dev': ['freetds-dev'],
  'libexpat1': ['expat'], 'libexpat1-dev': ['expat-dev'], zlib1g: ['zlib'], 'libpcre2-dev': ['pcre2-dev'], 'shared-mime-info': ['shared-mime-info'],
  'libimage-exiftool-perl': ['exiftool'], 'tesseract-ocr': ['tesseract-ocr'], 'poppler-utils': ['poppler-utils'],
  'default-jre-headless': ['openjdk17-jre-headless'], 'libsndfile1': ['libsndfile'], 'libmagic-dev': ['file-dev'],
};

/** Debian packages Alpine has under the same name (checked against Alpine's main and community repositories). */
const SAME = new Set([
  'grep', 'sed', 'gawk', 'findutils', 'coreutils', 'tar', 'gzip', 'htop', 'tree', 'chromium', 'exiftool', 'pwgen', 'flac', 'sox',
  'lame', 'ghostscript', 'tmux', 'screen', 'strace', 'gdb', 'zstd', 'lz4', 'pigz', 'socat', 'iproute2', 'net-tools', 'fontconfig',
  'openssh-server', 'xvfb', 'util-linux', 'make', 'perl', 'ruby', 'lsof', 'ncdu', 'musl-dev', 'swig', 'ccache', 'ninja', 'nasm',
]);

/** Debian python3-X names whose Alpine py3-… name differs; other python3-X are guessed as py3-X. */
const PY3: Record<string, string> = {
  'python3-sklearn': 'py3-scikit-learn', 'python3-pil': 'py3-pillow', 'python3-yaml': 'py3-yaml', 'python3-bs4': 'py3-beautifulsoup4',
  'python3-opencv': 'py3-opencv', 'python3-psycopg2': 'py3-psycopg2', 'python3-dateutil': 'py3-dateutil', 'python3-tz': 'py3-tz',
};

/** Debian python3-X packages known to exist in Alpine's main or community repository as py3-X. */
const PY3_KNOWN = new Set([
  'numpy', 'flask', 'requests', 'pandas', 'scipy', 'lxml', 'setuptools', 'wheel', 'six', 'jinja2', 'click', 'gunicorn',
  'matplotlib', 'cryptography', 'cffi', 'certifi', 'urllib3', 'idna', 'werkzeug', 'markupsafe', 'itsdangerous', 'packaging',
  'pytest', 'attrs', 'pydantic', 'aiohttp', 'redis', 'sqlalchemy', 'psutil', 'protobuf', 'grpcio', 'msgpack', 'simplejson',
]);

export interface ApkName {
  /** The Alpine packages ([] when Alpine needs none). */
  names: string[];
  /** How sure: a known mapping, a guess from the naming pattern, or the Debian name kept as is. */
  how: 'known' | 'guessed' | 'kept';
}

export function apkNames(debian: string): ApkName {
  const known = KNOWN[debian];
  if (known) return { names: known, how: 'known' };
  if (SAME.has(debian)) return { names: [debian], how: 'known' };
  const py = PY3[debian];
  if (py) return { names: [py], how: 'known' };
  const py3 = /^python3-(.+)$/.exec(debian);
  if (py3) return { names: [`py3-${py3[1]}`], how: PY3_KNOWN.has(py3[1]!) ? 'known' : 'guessed' };
  const dev = /^lib(.+?)\d*(?:\.\d+)*-dev$/.exec(debian);
  if (dev) return { names: [`${dev[1]}-dev`], how: 'guessed' };
  return { names: [debian], how: 'kept' };
}
