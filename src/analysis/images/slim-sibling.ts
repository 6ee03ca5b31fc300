// The slim sibling of a (concrete, ARG-free) base image reference, following the Docker Official Images'
// tag schemes: python:3.12[-bookworm] → python:3.12-slim[-bookworm]; debian:X → debian:X-slim;
// buildpack-deps:X[-curl|-scm] → debian:X-slim. Pure; says why not when there is no sibling.
import { formatImageRef, officialName, withOfficialName, type ImageRef } from '../../dockerfile/index.js';
import { reason, type Reason, type ReasonCode } from '../../reasons.js';

/** What the full image provides over its slim sibling (buildpack-deps' layers; python's full image is FROM buildpack-deps). */
export type ToolTier = 'curl' | 'scm' | 'full';

export type Sibling =
  | { ok: true; image: ImageRef; family: 'python' | 'debian' | 'buildpack-deps'; lost: ToolTier | null; notes: string[] }
  | { ok: false; reason: Reason };

const DEBIAN_SUITES = new Set(['jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky', 'duke', 'sid']);
const DEBIAN_ALIASES = new Set(['stable', 'oldstable', 'oldoldstable', 'testing', 'unstable']);
const UBUNTU_SUITES = new Set(['xenial', 'bionic', 'focal', 'jammy', 'kinetic', 'lunar', 'mantic', 'noble', 'oracular', 'plucky', 'questing']);
const PYTHON_VERSION = /^\d+(\.\d+)*((a|b|rc)\d+)?(-rc)?$/;

export function slimSibling(ref: ImageRef): Sibling {
  const shown = formatImageRef(ref);
  if (ref.repository === 'scratch' && ref.registry === null) return no('base-scratch', 'the final stage is FROM scratch: there is nothing to slim');
  if (ref.repository.includes('distroless')) return no('base-distroless', `${shown} is already distroless (smaller than slim)`);
  const name = officialName(ref);
  const tagParts = (ref.tag ?? '').split('-');
  if (name === 'alpine' || tagParts.some((p) => p.startsWith('alpine'))) return no('base-already-alpine', `${shown} is already alpine-based (smaller than slim)`);
  if (tagParts.includes('slim')) return no('base-already-slim', `${shown} is already slim`);
  if (ref.digest !== null) return no('base-pinned-digest', `${shown} is pinned by digest; choose the slim digest yourself`);
  if (name === 'python') return pythonSibling(ref, shown);
  if (name === 'debian') return debianSibling(ref, shown);
  if (name === 'buildpack-deps') return buildpackDepsSibling(ref, shown);
  return no('no-slim-sibling', `no known slim sibling for ${shown}: base-slim knows the official python, debian and buildpack-deps images`);
}

function pythonSibling(ref: ImageRef, shown: string): Sibling {
  const tag = ref.tag === null || ref.tag === 'latest' ? '' : ref.tag;
  if (/windowsservercore|nanoserver/.test(tag)) return no('no-slim-sibling', `${shown} is a Windows image; python has no slim Windows sibling`);
  const parts = tag === '' ? [] : tag.split('-');
  const suite = parts.length > 0 && DEBIAN_SUITES.has(parts[parts.length - 1]!) ? parts.pop()! : null;
  const version = parts.join('-');
  if (version !== '' && !PYTHON_VERSION.test(version)) return no('no-slim-sibling', `unrecognised python tag ${JSON.stringify(ref.tag)}: choose its slim sibling yourself`);
  const slimTag = [version, 'slim', suite].filter((p) => p !== null && p !== '').join('-');
  return { ok: true, image: { ...ref, tag: slimTag }, family: 'python', lost: 'full', notes: [] };
}

function debianSibling(ref: ImageRef, shown: string): Sibling {
  if (ref.tag === null || ref.tag === 'latest') {
    return {
      ok: true, image: { ...ref, tag: 'stable-slim' }, family: 'debian', lost: null,
      notes: [`${shown}${ref.tag === null ? ' (latest)' : ''} has no -slim tag; using stable-slim, the same Debian release (pin a suite such as bookworm-slim for reproducible builds)`],
    };
  }
  const suite = ref.tag.replace(/-\d{8}$/, ''); // date-stamped tags: bookworm-20240513 → bookworm-20240513-slim
  const known = DEBIAN_SUITES.has(suite) || DEBIAN_ALIASES.has(suite) || /^\d+(\.\d+)*$/.test(suite);
  if (!known) return no('no-slim-sibling', `debian:${ref.tag} has no slim sibling that base-slim knows (slim tags exist for suites, versions and stable/testing/unstable)`);
  return { ok: true, image: { ...ref, tag: `${ref.tag}-slim` }, family: 'debian', lost: null, notes: [] };
}

function buildpackDepsSibling(ref: ImageRef, shown: string): Sibling {
  const tag = ref.tag === null || ref.tag === 'latest' ? '' : ref.tag;
  const parts = tag === '' ? [] : tag.split('-');
  const variant = parts[parts.length - 1] === 'curl' || parts[parts.length - 1] === 'scm' ? parts.pop()! : null;
  const suite = parts.join('-') || 'stable';
  if (UBUNTU_SUITES.has(suite)) {
    return no('no-slim-sibling', `${shown} is Ubuntu-based; Ubuntu has no slim tags (ubuntu:${suite} is its minimal image: try it through \`bases:\` in dflab.yaml)`);
  }
  if (!DEBIAN_SUITES.has(suite) && !DEBIAN_ALIASES.has(suite)) return no('no-slim-sibling', `unrecognised buildpack-deps tag ${JSON.stringify(ref.tag)}: choose its slim sibling yourself`);
  const lost: ToolTier = variant === 'curl' ? 'curl' : variant === 'scm' ? 'scm' : 'full';
  const image = { ...withOfficialName(ref, 'debian'), tag: `${suite}-slim` };
  return { ok: true, image, family: 'buildpack-deps', lost, notes: [] };
}

function no(code: ReasonCode, message: string): Sibling {
  return { ok: false, reason: reason(code, message) };
}
