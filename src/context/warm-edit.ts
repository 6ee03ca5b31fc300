// Chooses the one-line app-source edit that measures the edit-rebuild loop (build.warmSeconds). Pure.
// The file must be copied into the final image by COPY/ADD from the context and not be .dockerignored;
// dependency manifests are avoided, since editing them measures a reinstall, not a code edit.
// A CommonJS module whose typings declare an ES default export; at runtime `.default` is the same function.
import dockerignoreLib from '@balena/dockerignore';
import type { DockerfileModel } from '../dockerfile/index.js';
import { finalStageChain } from '../measure/chain.js';
import { copySources, fromContext, matchSource } from '../analysis/stage/copy-sources.js';

export interface WarmEdit { path: string; newText: string }

const SOURCE = /\.(py|pyi|js|mjs|cjs|ts|go|rb|java|kt|rs|php|sh|r|jl|scala|c|cc|cpp|h|html|css|sql|cfg|ini|toml|ya?ml|txt|md)$/i;
const MANIFEST = /(^|\/)(requirements[^/]*\.txt|pyproject\.toml|setup\.(py|cfg)|poetry\.lock|Pipfile(\.lock)?|package(-lock)?\.json|yarn\.lock|go\.(mod|sum)|Cargo\.(toml|lock)|Gemfile(\.lock)?|environment\.ya?ml|Dockerfile[^/]*|\.dockerignore)$/i;

export function chooseWarmEditPath(model: DockerfileModel, contextPaths: string[], dockerignore: string | undefined): string | null {
  const ig = dockerignoreLib.default().add((dockerignore ?? '').split(/\r?\n/));
  const visible = contextPaths.filter((p) => !ig.ignores(p));
  const copies = finalStageChain(model).instructions.filter(fromContext);
  // A multi-stage final stage may copy only from a builder (the app, an exported model): then the edit goes to
  // what the other stages copy from the context, and the rebuild runs through the builder.
  const others = model.stages.flatMap((st) => st.instructions).filter((i) => fromContext(i) && !copies.includes(i));
  // Later COPYs are usually the app code (layer-order puts it last); prefer them, and Python sources first.
  for (const copy of [...others, ...copies].reverse()) {
    const sources = copySources(copy);
    const copied = visible.filter((p) => sources.some((s) => matchSource(s, p) !== null));
    const candidates = copied.filter((p) => SOURCE.test(p) && !MANIFEST.test(p));
    const pick = candidates.find((p) => p.endsWith('.py')) ?? candidates[0];
    if (pick) return pick;
  }
  return null;
}

/**
 * Appends one line that changes the file without changing what it does. The nonce (the run id) makes the
 * line differ between runs: a fixed line would be a BuildKit cache hit on the second run of a project.
 */
export function warmEditText(path: string, text: string, nonce: string): string {
  const sep = text.endsWith('\n') || text === '' ? '' : '\n';
  const probe = `dflab edit-rebuild probe ${nonce}`;
  const comment = /\.(py|pyi|sh|rb|r|jl|toml|ya?ml|cfg|ini|txt|md)$/i.test(path) ? `# ${probe}`
    : /\.html$/i.test(path) ? `<!-- ${probe} -->` : /\.css$/i.test(path) ? `/* ${probe} */` : /\.sql$/i.test(path) ? `-- ${probe}` : `// ${probe}`;
  return `${text}${sep}${comment}\n`;
}
