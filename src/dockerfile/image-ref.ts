// Image references as written after FROM: [registry/]repository[:tag][@digest]. Pure string work; the
// caller expands ARGs first.

export interface ImageRef {
  /** "docker.io", "ghcr.io", "localhost:5000"; null when the reference names none (Docker Hub). */
  registry: string | null;
  /** The path after the registry, as written: "python", "library/python", "org/app". */
  repository: string;
  tag: string | null;
  /** "sha256:…" without the "@". */
  digest: string | null;
}

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

export function parseImageRef(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const digest = at === -1 ? null : ref.slice(at + 1);
  const named = at === -1 ? ref : ref.slice(0, at);
  const slash = named.indexOf('/');
  const first = slash === -1 ? '' : named.slice(0, slash);
  const hasRegistry = slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : null;
  const path = hasRegistry ? named.slice(slash + 1) : named;
  const lastSlash = path.lastIndexOf('/');
  const colon = path.indexOf(':', lastSlash + 1);
  return {
    registry,
    repository: colon === -1 ? path : path.slice(0, colon),
    tag: colon === -1 ? null : path.slice(colon + 1),
    digest,
  };
}

export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry ? `${ref.registry}/` : ''}${ref.repository}${ref.tag !== null ? `:${ref.tag}` : ''}${ref.digest !== null ? `@${ref.digest}` : ''}`;
}

/**
 * The Docker Official Image name ("python") when the reference names one: `python`, `library/python`,
 * `docker.io/library/python`, or `<mirror>/library/python` (a pull-through mirror of Docker Hub). Else null.
 */
export function officialName(ref: ImageRef): string | null {
  const parts = ref.repository.split('/');
  if (ref.registry === null || DOCKER_HUB.has(ref.registry)) {
    if (parts.length === 1) return parts[0]!;
    if (parts.length === 2 && parts[0] === 'library') return parts[1]!;
    return null;
  }
  return parts.length === 2 && parts[0] === 'library' ? parts[1]! : null;
}

/** The reference with the official image name replaced, keeping registry and `library/` as written. */
export function withOfficialName(ref: ImageRef, name: string): ImageRef {
  const parts = ref.repository.split('/');
  parts[parts.length - 1] = name;
  return { ...ref, repository: parts.join('/') };
}
