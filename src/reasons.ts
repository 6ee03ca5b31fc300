// Why a rule, a base trial or the planner declines: a stable code from the catalogue below and a message naming
// what the Dockerfile really holds. Code that needs to know why matches the code, never the message (hadolint's
// DLxxxx, dockerfile-utils' ValidationCode). The README's table of codes is checked against this catalogue.
// A leaf module: analysis/, rules/, plan/ and the results.json contract all read it.

interface CodeInfo {
  /** Who declines with it: rule ids, `planner`, `bases` (the base trials of dflab.yaml `bases:`). */
  by: readonly string[];
  /** What it means, in one line. */
  meaning: string;
}

const BASE_RULES = ['base-slim', 'base-alpine', 'multi-stage'] as const;
const ALPINE = ['base-alpine', 'bases'] as const;

export const REASON_CODES = {
  // The planner
  'not-included': { by: ['planner'], meaning: 'the rule is not in --rules, or in dflab.yaml rules.include (the reason names which)' },
  excluded: { by: ['planner'], meaning: 'the rule is in --skip-rules, or in dflab.yaml rules.exclude (the reason names which)' },
  'unknown-rule': { by: ['planner'], meaning: 'no rule has that id' },
  'same-as-variant': { by: ['planner'], meaning: "its effective build (the Dockerfile as BuildKit reads it, and its files) equals that of a variant planned already (runs before aliases; now recorded as that variant's alias)" },
  'changes-nothing': { by: ['planner'], meaning: "the rule's edits change nothing the build reads (comments, blanks or line continuations only)" },
  'effect-absent': { by: ['planner'], meaning: "the variant does not show the effect the rule is named for (a multi-stage variant that keeps one stage): not planned under that name" },
  'name-taken': { by: ['planner'], meaning: 'a dflab.yaml combination is named like a variant planned already' },
  'no-rule-applies': { by: ['planner'], meaning: "none of a dflab.yaml combination's rules apply" },
  'final-base-chosen': { by: ['planner'], meaning: "in a composed variant, another rule already chose the final stage's base" },
  'only-in-builder': { by: ['planner'], meaning: "in a composed variant, the rule's only edits would fall in a builder stage, which the variant keeps as the rules before it wrote it so its steps are shared; what the rule changes there is not what the final stage copies" },
  'rule-failed': { by: ['planner'], meaning: 'the rule or base trial threw: a dflab bug' },
  // The final stage's base (base rules, multi-stage, onnx-runtime, base trials)
  'final-stage-on-stage': { by: [...BASE_RULES, 'base-distroless', 'onnx-runtime', 'bases'], meaning: "the final stage builds on an earlier stage: its base and installs are that stage's" },
  'base-arg-unresolved': { by: ['base-slim', 'multi-stage'], meaning: 'the base image holds ARGs without defaults' },
  'base-arg-not-editable': { by: [...BASE_RULES, 'torch-cpu', 'onnx-runtime'], meaning: 'the base image is made from ARGs in a way the rule cannot edit' },
  'base-scratch': { by: BASE_RULES, meaning: 'the final stage is FROM scratch' },
  'base-distroless': { by: BASE_RULES, meaning: 'the base is distroless already' },
  'base-already-alpine': { by: ['base-slim', 'base-alpine'], meaning: 'the base is alpine-based already' },
  'base-already-slim': { by: ['base-slim'], meaning: 'the base is a slim tag already' },
  'base-pinned-digest': { by: BASE_RULES, meaning: 'the base is pinned by digest: the sibling digest is unknown' },
  'no-slim-sibling': { by: ['base-slim', 'multi-stage'], meaning: 'no known slim sibling of the base image' },
  'no-alpine-sibling': { by: ['base-alpine'], meaning: 'no known alpine sibling of the base image' },
  // base-alpine and alpine base trials: evidence that the stage cannot work on Alpine (dflab.yaml rules.force overrides)
  'alpine-manylinux-only': { by: ALPINE, meaning: 'a Python dependency has manylinux (glibc) wheels only, or needs one that has: pip on musl cannot install it' },
  'alpine-glibc-tree': { by: ALPINE, meaning: 'the stage copies or mounts a venv, a pip install tree or wheels built on a glibc stage' },
  'alpine-glibc-base': { by: ['bases'], meaning: 'the base ships CUDA, torch or conda builds for glibc' },
  'alpine-conda': { by: ALPINE, meaning: 'conda, mamba or micromamba (installers and packages are glibc builds)' },
  'alpine-debian-only': { by: ALPINE, meaning: 'Debian-only tools: dpkg, apt-key, update-alternatives, locale-gen, .deb files, apt repositories' },
  'alpine-apt-untranslatable': { by: ALPINE, meaning: 'apt commands with no sure apk form: package names in variables or unknown to the map, other subcommands, exec form' },
  'alpine-user-setup': { by: ALPINE, meaning: "user or group commands busybox cannot run as written (adduser options it lacks, groups Alpine lacks)" },
  'alpine-externally-managed': { by: ALPINE, meaning: "alpine:3's python3 is externally managed (PEP 668): pip install outside a venv fails" },
  'final-base-alpine': { by: ['multi-stage', 'onnx-runtime', 'bases'], meaning: 'the final stage is alpine-based (musl, apk): the change needs a Debian (glibc, apt) stack' },
  'already-on-base': { by: ['bases'], meaning: 'the final stage is on the candidate base already' },
  // base-distroless and distroless base trials
  'distroless-needs-shell': { by: ['base-distroless', 'bases'], meaning: 'the container needs a shell at run time: a shell-form CMD, ENTRYPOINT or HEALTHCHECK, sh -c, or a shell script as the command' },
  'distroless-python-mismatch': { by: ['base-distroless', 'bases'], meaning: "the final stage's Python is not the distroless image's (or either is unknown): the installed tree would not run on its interpreter" },
  'distroless-run-in-final': { by: ['base-distroless', 'bases'], meaning: 'a RUN (a setup step such as useradd or mkdir) would stay in the final stage, which a distroless image cannot run' },
  'distroless-user-missing': { by: ['base-distroless', 'bases'], meaning: "USER names a user the distroless image's /etc/passwd lacks (it has root, nonroot and nobody)" },
  // multi-stage (and base-distroless, which takes its builder rewrite)
  'no-install-in-final-stage': { by: ['multi-stage', 'base-distroless'], meaning: 'no apt, pip, uv, poetry, pipenv or conda install in the final stage: nothing to leave in a builder' },
  'already-multi-stage': { by: ['multi-stage', 'base-distroless'], meaning: 'already multi-stage, with a slim final stage' },
  'venv-path-unknown': { by: ['multi-stage', 'base-distroless'], meaning: 'the stage makes a venv whose path dflab cannot read' },
  'only-runtime-packages': { by: ['multi-stage', 'base-distroless'], meaning: 'only run-time apt packages on a slim base: nothing to leave in a builder' },
  'nothing-left-in-builder': { by: ['multi-stage', 'base-distroless'], meaning: 'the final stage would stay on the same base and get the same tree: no build-only package, tool or step is left behind' },
  'install-tree-unknown': { by: ['multi-stage', 'base-distroless'], meaning: "an install lands where dflab cannot tell (poetry's or pipenv's venv named by a hash, a venv on PATH nobody made, a path in a variable)" },
  'conda-base-env': { by: ['multi-stage', 'base-distroless'], meaning: "an install goes into conda's base env, which is conda's own install" },
  'uv-managed-python': { by: ['multi-stage', 'base-distroless'], meaning: 'uv makes the env with a Python it installs or downloads, which the final stage would lack' },
  'python-by-path': { by: ['multi-stage', 'base-distroless'], meaning: 'an install or a run-time command names the system Python by its path, outside the venv the installs move into' },
  'exec-form-install-flag': { by: ['multi-stage', 'base-distroless'], meaning: 'an exec-form install has --user or --system, which would have to go for it to land in the venv' },
  'venv-and-system-installs': { by: ['multi-stage', 'base-distroless'], meaning: "the stage installs both into its own venv and into the system site-packages" },
  'installer-at-run-time': { by: ['multi-stage', 'base-distroless'], meaning: 'the final stage runs an installer (poetry run, uv run, pipenv run, conda run, a conda SHELL), which stays in the builder' },
  'conda-env-not-on-path': { by: ['multi-stage', 'base-distroless'], meaning: "no ENV puts the conda env's bin on PATH: the original finds it through conda's activation" },
  'context-over-tree': { by: ['multi-stage', 'base-distroless'], meaning: 'a context COPY of the final stage lands on a tree it copies from the builder (a local .venv sent along)' },
  'apt-packages-unread': { by: ['multi-stage', 'base-distroless', 'apt-hygiene'], meaning: 'an apt-get install takes its packages from a variable dflab cannot read: run-time ones cannot be told from build-only ones, nor whether ca-certificates is needed' },
  'install-not-placed': { by: ['multi-stage', 'base-distroless'], meaning: 'read back, the variant would lose an install or leave a tree behind (a shape the rule does not follow)' },
  // onnx-runtime
  'onnx-not-configured': { by: ['onnx-runtime'], meaning: 'dflab.yaml has no onnx: {export, artifact}' },
  'onnx-already-exported': { by: ['onnx-runtime'], meaning: 'a builder stage exports the model already and the final stage copies from it' },
  'final-stage-copies-from-stage': { by: ['onnx-runtime'], meaning: 'the final stage copies from other stages: the installs are not all in it' },
  'onnx-cannot-reinstall': { by: ['onnx-runtime'], meaning: 'the final stage reinstalls pip requirements only: a poetry, uv, pipenv or conda install, a local package or a --prefix/--target tree would be lost' },
  // pip, apt and torch
  'no-pip-install': { by: ['pip-no-cache', 'pip-cache-mount', 'torch-cpu'], meaning: 'no pip install in any RUN' },
  'no-apt-install': { by: ['apt-hygiene'], meaning: 'no apt-get install or apt install in any RUN' },
  'exec-form-only': { by: ['pip-no-cache', 'pip-cache-mount', 'apt-hygiene'], meaning: 'the installs are only in exec-form RUNs, which the rule leaves as they are' },
  'pip-cache-already-off': { by: ['pip-no-cache'], meaning: 'every pip install already runs without a cache in the image' },
  'pip-cache-mounted': { by: ['pip-cache-mount'], meaning: 'every pip install already mounts a pip cache' },
  'pip-cache-unmountable': { by: ['pip-cache-mount'], meaning: 'the pip installs without a cache mount cannot take one (PIP_NO_CACHE_DIR, pip\'s config, a non-root USER …)' },
  'pip-cache-removed': { by: ['pip-cache-mount'], meaning: 'the RUNs without a cache mount remove pip\'s cache after installing: a mount would be emptied, and no cache stays in the image' },
  'apt-already-clean': { by: ['apt-hygiene'], meaning: 'every apt-get install already runs after an update in its RUN, recommends off (or wanted on purpose), its package lists removed (or kept on purpose)' },
  'recommends-needed': { by: ['apt-hygiene'], meaning: 'the only change left would drop recommends a builder stage\'s later steps need (libc6-dev for gcc, libprotobuf-dev for protoc …)' },
  // RUN scripts (shell structure, variables)
  'shell-structure': { by: ['apt-hygiene', 'base-alpine', 'multi-stage', 'base-distroless', 'bases'], meaning: "the edit would break a RUN's shell structure (a command in a pipe, after an or-list, negated, in a condition or a substitution, or a script dflab cannot read): the RUN is left alone" },
  'no-torch': { by: ['torch-cpu'], meaning: 'no pip install or requirements file it reads names torch, torchvision or torchaudio' },
  'torch-already-cpu': { by: ['torch-cpu'], meaning: 'torch comes from the CPU wheel index already' },
  'torch-from-debian': { by: ['torch-cpu'], meaning: "torch comes from Debian's python3-torch, which is CPU-only" },
  'torch-base-cpu': { by: ['torch-cpu'], meaning: 'the final image builds on a base that ships a CPU build of torch already' },
  'torch-base-unknown': { by: ['torch-cpu', 'onnx-runtime'], meaning: 'the final image builds on a base that ships torch, and dflab knows no CPU Python base that matches it' },
  'torch-base-relied-on': { by: ['torch-cpu', 'onnx-runtime'], meaning: "the final image builds on a base that ships torch, and the Dockerfile relies on that base's conda or CUDA tooling" },
  'torch-from-conda': { by: ['torch-cpu'], meaning: 'torch comes from a conda install, which the rule does not rewrite' },
  'torch-from-project-lock': { by: ['torch-cpu'], meaning: 'torch comes through uv, poetry or pdm from pyproject.toml and its lock file, which dflab does not regenerate' },
  'torch-from-uv-pip': { by: ['torch-cpu'], meaning: 'uv pip install would fetch torch itself (an exact or CUDA release, or no CPU torch before it)' },
  'needs-cuda-torch': { by: ['torch-cpu'], meaning: 'the build compiles CUDA code against torch or installs a package that needs CUDA torch' },
  'torch-local-wheels': { by: ['torch-cpu'], meaning: 'torch is installed with --no-index from local wheel files' },
  'torch-install-not-insertable': { by: ['torch-cpu'], meaning: 'the pip install that needs torch runs where no command can go before it without changing when it runs (after an or-list, in a pipe, a condition or a substitution)' },
  // prune-requirements
  'no-python-dependencies': { by: ['prune-requirements'], meaning: 'no requirements file, pip install or apt-installed Python package to prune' },
  'all-imported': { by: ['prune-requirements'], meaning: "every requirement is in the app's import closure or kept" },
  'no-dev-tools': { by: ['prune-requirements'], meaning: 'without an import analysis, and no known dev/test/notebook tool among the requirements' },
  'dev-tools-left-alone': { by: ['prune-requirements'], meaning: 'what it would prune is only where it leaves requirements alone: shell conditionals, exec-form command lines, main dependencies of a locked manifest, conda specs, a dev group kept whole or synced back by uv run' },
  // layer-order, merge-runs
  'no-dependency-install': { by: ['layer-order'], meaning: 'no install from dependency manifests (pip install -r, npm ci, poetry install …) in any RUN' },
  'installs-already-first': { by: ['layer-order'], meaning: 'the dependency installs already run before the app is copied in' },
  'install-reads-no-copy': { by: ['layer-order'], meaning: 'the installs after the app COPY read no manifest it brings (or dflab cannot tell which they read)' },
  'copy-not-movable': { by: ['layer-order'], meaning: 'the app COPY cannot move after the installs (they need the sources, or its destination cannot be rewritten)' },
  'no-adjacent-runs': { by: ['merge-runs'], meaning: 'no two RUN instructions are adjacent in a stage' },
  'no-deletion-across-runs': { by: ['merge-runs'], meaning: 'adjacent RUNs delete nothing an earlier one made: merging would only cut the layer count' },
  'merge-blocked': { by: ['merge-runs'], meaning: 'RUNs that delete what an earlier one made cannot merge (exec form, heredoc, other flags, a trailing comment)' },
  // dockerignore
  'no-context-copy': { by: ['dockerignore'], meaning: 'no COPY or ADD reads the build context' },
  'dockerfile-dockerignore': { by: ['dockerignore'], meaning: 'the build reads a Dockerfile-specific ignore file (Dockerfile.dockerignore), which the rule does not edit' },
  'dockerignore-unread': { by: ['dockerignore'], meaning: '.dockerignore exists but was not read (too large?)' },
  'nothing-to-ignore': { by: ['dockerignore'], meaning: 'the context sends nothing the image never needs that .dockerignore does not already exclude' },
  // minify
  'minify-no-trace': { by: ['minify'], meaning: "the smoke probes were not traced in the original image (or, for `<variant>+minify`, in that variant's image): no smoke test, `dflab plan` builds nothing, the image failed, or the tracer could not run; the reason says which" },
  // predictions (src/predict/): a variant left unpredicted says why
  'no-predictor': { by: ['predict'], meaning: 'a rule of the variant has no prediction yet: no number is made up' },
  'nothing-predicted': { by: ['predict'], meaning: "the variant's edits hold nothing the rule's prediction reads (no --no-cache-dir, no .dockerignore …)" },
  'replacement-unsized': { by: ['torch-cpu', 'onnx-runtime'], meaning: 'what the variant installs instead is not in the local package metadata (a wheel directory, apt lists): not guessed' },
  'base-size-unknown': { by: ['base-slim', 'base-alpine', 'multi-stage', 'base-distroless', 'onnx-runtime', 'bases'], meaning: 'the candidate base is not a local image (alpine cannot be made offline): its size is unknown' },
  'context-unknown': { by: ['dockerignore'], meaning: "the build context's files are not known: what .dockerignore drops cannot be sized" },
  'planned-after-builds': { by: ['predict'], meaning: 'the variant was planned after the first builds, on top of a measured variant (minify on top of the recommended one): predictions are made before any build, from the original' },
  'original-not-attributed': { by: ['predict'], meaning: "the original image was not built or its layers not read in this run: there is nothing to predict from" },
} as const satisfies Record<string, CodeInfo>;

export type ReasonCode = keyof typeof REASON_CODES;

export interface Reason {
  code: ReasonCode;
  message: string;
}

export function reason(code: ReasonCode, message: string): Reason {
  return { code, message };
}

/** A reason as people read it: the message, the code in brackets (like hadolint's DL codes). */
export function formatReason(r: { code?: string; message: string }): string {
  return r.code ? `[${r.code}] ${r.message}` : r.message;
}
