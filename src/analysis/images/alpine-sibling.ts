// The alpine sibling of a (concrete, ARG-free) base image: python:3.12[-slim][-bookworm] → python:3.12-alpine,
// node:20[-slim] → node:20-alpine; Debian-family images (debian, buildpack-deps, ubuntu) → alpine:3. Pure.
import { formatImageRef, officialName, type ImageRef } from '../../dockerfile/index.js';
import { reason, type Reason, type ReasonCode } from '../../reasons.js';
import { slimSibling, type ToolTier } from './slim-sibling.js';

export type AlpineSibling =
  | { ok: true; image: ImageRef; family: 'python' | 'node' | 'os'; lost: ToolTier | null; notes: string[] }
  | { ok: false; reason: Reason };

/** The tag Docker Official Images give Alpine's current 3.x release. */
export const ALPINE_OS_TAG = '3';
const SUITES = new Set(['jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky', 'sid']);
const VERSION = /^(\d+(\.\d+)*((a|b|rc)\d+)?|lts|current)$/;

export function isAlpine(ref: ImageRef): boolean {
  return officialName(ref) === 'alpine' || (ref.tag ?? '').split('-').some((p) => p.startsWith('alpine'));
}

export function alpineSibling(ref: ImageRef): AlpineSibling {
  const shown = formatImageRef(ref);
  const name = officialName(ref);
  if (ref.repository === 'scratch' && ref.registry === null) return no('base-scratch', 'the final stage is FROM scratch: there is no package manager to translate');
  if (ref.repository.includes('distroless')) return no('base-distroless', `${shown} is distroless: it has no package manager, and is no larger than alpine`);
  if (isAlpine(ref)) return no('base-already-alpine', `${shown} is already alpine-based`);
  if (ref.digest !== null) return no('base-pinned-digest', `${shown} is pinned by digest; choose the alpine digest yourself`);
  const slim = slimSibling(ref);
  const lost = slim.ok ? slim.lost : null;
  if (name === 'python' || name === 'node') {
    const tag = ref.tag === null || ref.tag === 'latest' ? '' : ref.tag;
    if (/windowsservercore|nanoserver/.test(tag)) return no('no-alpine-sibling', `${shown} is a Windows image; it has no alpine sibling`);
    const parts = tag === '' ? [] : tag.split('-').filter((p) => p !== 'slim' && !SUITES.has(p));
    const version = parts.join('-');
    if (version !== '' && !VERSION.test(version)) return no('no-alpine-sibling', `unrecognised ${name} tag ${JSON.stringify(ref.tag)}: choose its alpine sibling yourself`);
    return { ok: true, image: { ...ref, tag: version === '' ? 'alpine' : `${version}-alpine` }, family: name, lost, notes: [] };
  }
  if (name === 'debian' || name === 'buildpack-deps' || name === 'ubuntu') {
    const image: ImageRef = { registry: ref.registry, repository: ref.repository.replace(/[^/]+$/, 'alpine'), tag: ALPINE_OS_TAG, digest: null };
    const notes = [`${shown} → ${formatImageRef(image)}, Alpine's current 3.x release (pin a minor such as alpine:3.20 for reproducible builds)`];
    return { ok: true, image, family: 'os', lost: name === 'buildpack-deps' ? lost ?? 'full' : null, notes };
  }
  return no('no-alpine-sibling', `no known alpine sibling for ${shown}: base-alpine knows the official python, node, debian, buildpack-deps and ubuntu images (try others through \`bases:\` in dflab.yaml)`);
}

function no(code: ReasonCode, message: string): AlpineSibling {
  return { ok: false, reason: reason(code, message) };
}
