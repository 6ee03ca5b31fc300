// What a base image brings of Python: whether it has an interpreter at all (uv downloads one where it has none),
// and the images built around a conda install (continuumio, conda-forge, micromamba, pytorch, jupyter), whose
// python and pip are conda's base env at /opt/conda. Pure facts about published images.
import { officialName, type ImageRef } from '../../dockerfile/index.js';

export interface CondaImage {
  /** The conda root prefix (the base env). */
  root: string;
  /** micromamba images keep the tool outside the base env (/bin/micromamba); conda lives inside it. */
  tool: 'conda' | 'micromamba';
  /** PATH leads to the base env's bin (continuumio, conda-forge, pytorch, jupyter); micromamba activates it in its entrypoint and SHELL. */
  onPath: boolean;
  /** The Debian-family slim image the conda install sits on, for a final stage that needs none of it (null: none known). */
  os: string | null;
  /** The image's own non-root user, when it runs as one. */
  user?: string;
}

const CONDA_IMAGES: Record<string, CondaImage> = {
  'continuumio/miniconda3': { root: '/opt/conda', tool: 'conda', onPath: true, os: 'debian:bookworm-slim' },
  'continuumio/anaconda3': { root: '/opt/conda', tool: 'conda', onPath: true, os: 'debian:bookworm-slim' },
  'condaforge/miniforge3': { root: '/opt/conda', tool: 'conda', onPath: true, os: null },
  'condaforge/mambaforge': { root: '/opt/conda', tool: 'conda', onPath: true, os: null },
  'mambaorg/micromamba': { root: '/opt/conda', tool: 'micromamba', onPath: false, os: null, user: 'mambauser' },
  'pytorch/pytorch': { root: '/opt/conda', tool: 'conda', onPath: true, os: null },
};

/** The conda install an image ships, or null. */
export function condaImage(ref: ImageRef): CondaImage | null {
  if (ref.registry !== null && ref.registry !== 'docker.io' && ref.registry !== 'quay.io') return null;
  const repo = ref.repository.replace(/^library\//, '');
  if (/^jupyter\/[a-z-]+-notebook$/.test(repo)) return { root: '/opt/conda', tool: 'conda', onPath: true, os: null, user: 'jovyan' };
  return CONDA_IMAGES[repo] ?? null;
}

/** Images known to have no Python of their own (an OS, or build tools without Python). */
const NO_PYTHON = new Set(['debian', 'ubuntu', 'alpine', 'buildpack-deps', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'busybox']);

/** True when the image has a Python interpreter, false when it has none, null when dflab does not know the image. */
export function hasPython(ref: ImageRef): boolean | null {
  const name = officialName(ref);
  if (name === 'python' || condaImage(ref) !== null) return true;
  if (ref.registry === 'ghcr.io' && ref.repository === 'astral-sh/uv') return /python/.test(ref.tag ?? '');
  if (name !== null && NO_PYTHON.has(name)) return false;
  return null;
}
