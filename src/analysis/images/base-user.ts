// The user RUN steps run as, counting the base image's own USER where the Dockerfile sets none: some widely used
// bases run as a non-root user (Jupyter's docker-stacks as jovyan, micromamba as mambauser), and there pip keeps
// its cache under that user's HOME, not /root. Pure catalogue; it knows images by name and tag, never by pulling.
import { parseImageRef, stageChain, type DockerfileModel, type Instruction } from '../../dockerfile/index.js';
import { chainBefore } from '../stage/stage-env.js';
import { resolvedBase } from './stage-base.js';

/** Jupyter's docker-stacks images (jupyter/…, quay.io/jupyter/…) run as NB_USER, jovyan. */
const JUPYTER_STACKS = /^(docker-stacks-foundation|base-notebook|minimal-notebook|scipy-notebook|r-notebook|julia-notebook|tensorflow-notebook|pytorch-notebook|datascience-notebook|pyspark-notebook|all-spark-notebook)$/;

/** The user a known base image runs as when it is not root; null for root or an image dflab does not know. */
export function baseImageUser(image: string): string | null {
  const ref = parseImageRef(image);
  const path = ref.repository.replace(/^library\//, '');
  const [owner, name] = path.includes('/') ? [path.slice(0, path.lastIndexOf('/')), path.slice(path.lastIndexOf('/') + 1)] : ['', path];
  if (owner === 'jupyter' && JUPYTER_STACKS.test(name)) return 'jovyan';
  if (path === 'mambaorg/micromamba') return 'mambauser';
  if (ref.registry === 'gcr.io' && path.startsWith('distroless/') && /(^|-)nonroot$/.test(ref.tag ?? '')) return 'nonroot';
  return null;
}

/** The user `instr` runs as: the last USER before it in its image, else its root stage's base image's; null for root. */
export function runUser(model: DockerfileModel, instr: Instruction): string | null {
  const users = chainBefore(model, instr).filter((i) => i.keyword === 'USER');
  if (users.length > 0) {
    const user = users[users.length - 1]!.args[0]?.split(':')[0];
    return user === undefined || user === 'root' || user === '0' ? null : user;
  }
  const stage = model.stages[instr.stage];
  const root = stage ? stageChain(model, stage)[0] : undefined;
  return root ? baseImageUser(resolvedBase(model, root)) : null;
}
