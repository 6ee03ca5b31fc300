// base-distroless's shape of the builder rewrite: the final stage cannot RUN, so what multi-stage would install
// there again (run-time apt packages) is staged in the builder and copied, and the trees are made to point at the
// distroless interpreter (/usr/bin/python3 → python3.X) instead of the builder's (/usr/local/bin/python3 on the
// official python images): a venv's bin/python symlink and pyvenv.cfg `home`, a --prefix tree's script shebangs.
import type { StageFacts } from './facts.js';

/** Where the builder stages the run-time packages' files, as they lie under /. */
export const RUNTIME_DIR = '/dflab-runtime';
/** Packages never copied: essential tooling a library may depend on that nothing loads at run time. */
export const NEVER_COPIED = ['debconf', 'dpkg', 'perl-base', 'adduser', 'init-system-helpers', 'sensible-utils', 'readline-common', 'sqv', 'gpgv'];

/** The run-time packages the distroless image lacks. */
export function missingPackages(f: StageFacts, runtime: string[]): string[] {
  return runtime.filter((p) => !f.distroless!.packages.has(p));
}

/** RUN steps that end the builder: the missing packages' files staged, the trees retargeted. */
export function builderTail(f: StageFacts, missing: string[]): string[] {
  const esc = f.model.escapeChar;
  const out: string[] = [];
  if (missing.length) {
    const skip = [...f.distroless!.packages, ...NEVER_COPIED].sort().join(' ');
    out.push([
      `RUN mkdir -p ${RUNTIME_DIR} && skip=" ${skip} " ${esc}`,
      ` && for p in $(apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances ${missing.join(' ')} | grep '^[a-z0-9]' | sort -u); do ${esc}`,
      `      case "$skip" in *" $p "*) continue ;; esac; ${esc}`,
      `      dpkg -L "$p" | grep -v '^/usr/share/\\(doc\\|man\\|info\\)/' | while read -r f; do ${esc}`,
      `        if [ ! -d "$f" ] && [ -e "$f" -o -L "$f" ]; then cp -a --parents "$(readlink -f "$(dirname "$f")")/$(basename "$f")" ${RUNTIME_DIR}/; fi; ${esc}`,
      `      done; ${esc}`,
      `    done ${esc}`,
      // update-alternatives' links (libblas.so.3 → /etc/alternatives/… → blas/libblas.so.3) are in no package's file list
      ` && find /usr -xdev -type l -lname '/etc/alternatives/*' | while read -r l; do ${esc}`,
      `      t=$(readlink -f "$l"); d=$(readlink -f "$(dirname "$l")"); ${esc}`,
      `      if [ -e "${RUNTIME_DIR}$t" ]; then mkdir -p "${RUNTIME_DIR}$d" && ln -sf "$t" "${RUNTIME_DIR}$d/$(basename "$l")"; fi; ${esc}`,
      '    done',
    ].join('\n'));
  }
  const python = `/usr/bin/python3`;
  for (const venv of venvs(f)) {
    out.push(`RUN ln -sf ${python} ${venv}/bin/python && sed -i 's|^home = .*|home = /usr/bin|' ${venv}/pyvenv.cfg`);
  }
  for (const dir of prefixes(f)) {
    out.push(`RUN if [ -d ${dir}/bin ]; then sed -i '1s|^#!.*/python[0-9.]*$|#!${python}|' ${dir}/bin/*; fi`);
  }
  return out;
}

/** The final stage's lines that take the staged files. */
export function finalCopies(builder: string, missing: string[]): string[] {
  return missing.length ? [`COPY --from=${builder} ${RUNTIME_DIR}/ /`] : [];
}

export function distrolessNotes(f: StageFacts, missing: string[], runtime: string[]): string[] {
  const notes: string[] = [];
  const had = runtime.filter((p) => !missing.includes(p));
  if (missing.length) notes.push(`no apt in ${f.base.shown}: the builder stages the files of ${missing.join(', ')} and the libraries they depend on that the image lacks (dpkg -L), and the final stage copies them`);
  if (had.length) notes.push(`${f.base.shown} has ${had.join(', ')} already`);
  const retargeted = [...venvs(f), ...prefixes(f)];
  if (retargeted.length) notes.push(`${retargeted.join(', ')} retargeted in the builder at ${f.base.shown}'s interpreter /usr/bin/python3 (Python ${f.distroless!.python})`);
  return notes;
}

function venvs(f: StageFacts): string[] {
  const trees = f.installs.flatMap((i) => (i.tree.kind === 'venv' ? [i.tree.path] : []));
  return [...new Set([f.trees.venv, f.stageVenv, ...trees].filter((v): v is string => v !== null && f.trees.copies.includes(v)))];
}

function prefixes(f: StageFacts): string[] {
  return [...new Set(f.installs.flatMap((i) => (i.tree.kind === 'prefix' && i.tree.option.includes('prefix') ? [i.tree.path] : [])))];
}
