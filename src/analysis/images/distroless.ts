// Google's distroless Python images (GoogleContainerTools/distroless python3/config.bzl): which Python each has
// and the Debian packages it is composed of (static + base + cc + python3), unpacked without apt or dpkg.
import { formatImageRef, parseImageRef, type ImageRef } from '../../dockerfile/index.js';

export interface DistrolessPython {
  /** The image as a FROM line names it. */
  image: string;
  /** Its interpreter's version: /usr/bin/python3 → /usr/bin/python3.X. */
  python: string;
  packages: ReadonlySet<string>;
  /** Runs as nonroot (65532): the :nonroot and :debug-nonroot tags. */
  nonroot: boolean;
}

/** The distroless image base-distroless proposes: the one the offline lab has a stand-in for. */
export const DEFAULT_DISTROLESS = 'gcr.io/distroless/python3-debian13';

const COMMON = ['base-files', 'netbase', 'tzdata', 'media-types', 'ca-certificates', 'libc6', 'libgomp1', 'libstdc++6', 'libgcc-s1',
  'libbz2-1.0', 'libexpat1', 'liblzma5', 'libsqlite3-0', 'libuuid1', 'libncursesw6', 'libtinfo6', 'zlib1g', 'libcom-err2', 'libcrypt1',
  'libc-bin', 'libgssapi-krb5-2', 'libk5crypto3', 'libkeyutils1', 'libkrb5-3', 'libkrb5support0', 'libnsl2', 'libtirpc3', 'libffi8'];

const DISTROS: Record<string, { python: string; packages: string[] }> = {
  debian13: {
    python: '3.13',
    packages: [...COMMON, 'tzdata-legacy', 'libssl3t64', 'libzstd1', 'gcc-14-base', 'libdb5.3t64', 'libreadline8t64', 'libtirpc3t64',
      'libpython3.13-minimal', 'libpython3.13-stdlib', 'python3.13-minimal', 'python3.13-venv'],
  },
  debian12: {
    python: '3.11',
    packages: [...COMMON, 'libssl3', 'gcc-12-base', 'libdb5.3', 'libreadline8', 'libpython3.11-minimal', 'libpython3.11-stdlib', 'python3.11-minimal'],
  },
};

export function isDistroless(ref: ImageRef): boolean {
  return ref.repository.includes('distroless');
}

/** The distroless Python image `image` names, or null when it is none dflab knows (static, cc, java … or an unknown distro). */
export function distrolessPython(image: string): DistrolessPython | null {
  const ref = parseImageRef(image);
  const m = /(^|\/)distroless\/python3-(debian\d+)$/.exec(ref.repository);
  const distro = m ? DISTROS[m[2]!] : undefined;
  if (!distro) return null;
  return { image: formatImageRef(ref), python: distro.python, packages: new Set(distro.packages), nonroot: /(^|-)nonroot$/.test(ref.tag ?? '') };
}
