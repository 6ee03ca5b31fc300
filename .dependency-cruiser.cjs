// The layering rule of DESIGN.md, checked by `npm run lint:deps` (part of `npm run lint` and `npm test`).
// Paths are relative to where depcruise runs, so the same rules check test/fixtures/layering/*/src in the unit tier.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'Modules must not depend on each other in a circle, type-only imports included.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'pure-core-no-engine-or-run',
      comment: 'The pure core and measure/ receive plain data; only run/ and cli/ may reach engine/ or run/.',
      severity: 'error',
      from: { path: '^src/(dockerfile|rules|analysis|plan|rank|measure|predict)/' },
      to: { path: '^src/(engine|run)/' },
    },
    {
      name: 'pure-core-no-io',
      comment: 'The pure core reads no files and runs no processes: context/, engine/ and run/ do, and hand it plain data.',
      severity: 'error',
      from: { path: '^src/(dockerfile|rules|analysis|plan|rank|measure|predict)/' },
      to: { dependencyTypes: ['core'], path: '^(fs|fs/promises|child_process|net|http|https|http2|dgram|worker_threads|cluster)$' },
    },
    {
      name: 'analysis-below-rules-and-plan',
      comment: 'Shared analyses serve rules/ and plan/; they never import them.',
      severity: 'error',
      from: { path: '^src/analysis/' },
      to: { path: '^src/(rules|plan)/' },
    },
    {
      name: 'dockerfile-self-contained',
      comment: 'dockerfile/ (parse, model, edits) imports only itself and the leaf errors.ts (its parser throws UserError).',
      severity: 'error',
      from: { path: '^src/dockerfile/' },
      to: { path: '^src/', pathNot: ['^src/dockerfile/', '^src/errors\\.ts$'] },
    },
    {
      name: 'leaves-import-nothing',
      comment: 'results.ts (the results.json contract), reasons.ts (the reason-code catalogue) and errors.ts depend on nothing in src/ but each other\'s leaves: results.ts records reason codes.',
      severity: 'error',
      from: { path: '^src/(results|errors|reasons)\\.ts$' },
      to: { path: '^src/', pathNot: '^src/reasons\\.ts$' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import the checker cannot resolve would escape every rule above.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports count: a cycle through `import type` is still a cycle.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    // ESM packages (p-queue, execa …) export through `exports` conditions only.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
