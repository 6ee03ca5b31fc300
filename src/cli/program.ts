// dflab's command line: thin handlers over the library; one top-level handler maps errors to exit codes. Loaded by
// main.ts, the entry point, once it has started what must start before anything loads. Each command's module is
// loaded when that command runs: all of them took 0.6–0.9 s, which `dflab --help` and a usage error waited for.
import { PassThrough } from 'node:stream';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT, fileSystemError, UserError } from '../errors.js';
import { isObjective, OBJECTIVES, type Objective } from '../rank/objectives.js';
import { ORIGINAL } from '../results.js';
import { dflabVersion } from '../version.js';
import { parseDuration } from '../run/spend.js';

const FILE_OPTION = ['-f, --file <path>', 'the Dockerfile, relative to the current directory as in docker build (default: DIR/Dockerfile); wins over dflab.yaml dockerfile:; the context stays DIR (dflab.yaml context:)'] as const;
const SERVICE_OPTION = ['--service <name>', 'take the Dockerfile, context and target from this service\'s build: entry in DIR\'s compose.yaml (or docker-compose.yml)'] as const;

// `all` is the variant that combines every selected rule; in --rules (and rules.include), alone, it means every rule.
const RULES_OPTION = ['--rules <ids>', 'only these rules (comma-separated; replaces dflab.yaml rules.include); "all" alone: every rule, whatever dflab.yaml says. A run also plans the variant "all": the selected rules together', parseList] as const;
const SKIP_RULES_OPTION = ['--skip-rules <ids>', 'never these rules (comma-separated; added to dflab.yaml rules.exclude)', parseList] as const;

const program = new Command()
  .name('dflab')
  .description('What-if lab for Dockerfiles: builds variant Dockerfiles through BuildKit, measures them, ranks them, and writes a report with a patch per variant.')
  .version(dflabVersion(), '-V, --version', 'print dflab\'s version')
  .showHelpAfterError()
  .exitOverride();

program.command('run')
  .description('plan variants of DIR\'s Dockerfile, build and smoke-test each one, write results.json, report.md and patches/')
  .argument('[dir]', 'project directory (holds the Dockerfile and, optionally, dflab.yaml; default: the current one), or its Dockerfile')
  .option(...FILE_OPTION)
  .option(...SERVICE_OPTION)
  .option('--out <dir>', 'where to write the run\'s outputs (default: DIR/.dflab/<run id>)')
  .option('--resume <out>', 'finish an interrupted run in its out dir without redoing its finished variants, with the rules, bases, objective, --exact-cold, --repeat and --zstd it recorded (so none of those, nor --out, may be given)')
  .option('--keep-images', 'keep the variant images after the run (default: removed)')
  .option('--builder <names>', 'buildx builder to build with (default: the current one); several, comma-separated, spread the variants over them, each measured on the engine it loads into')
  .option('--concurrency <n>', 'builds at a time on each builder (default 1: concurrent builds slow each other and skew cold times)', parsePositiveInt)
  .option('--exact-cold', 'build every variant with --no-cache: measured instead of attributed cold build times (slower)')
  .option('--builds-alone', 'run no measurement beside a build (no push, layer read, import analysis or trace; smoke tests still run): cold and edit-rebuild times as on an idle machine, a slower run (default: alone when the original builds in under a minute)')
  .option('--no-builds-alone', 'let measurements run beside builds even when the original builds in under a minute (faster; short builds\' times read high)')
  .option('--repeat <n>', 'measure each variant\'s edit-rebuild n times (default 1): the median is shown with ± half the range', parsePositiveInt)
  .option('--zstd', 'also measure each variant\'s zstd size beside gzip (default: dflab.yaml zstd, else off; on the classic image store it costs a zstd pass over every new layer)')
  .option(...RULES_OPTION)
  .option(...SKIP_RULES_OPTION)
  .option('--bases <images>', 'also try the final stage on each of these base images (comma-separated; replaces dflab.yaml bases)', parseList)
  .option('--target <stage>', 'the stage to build and tune (default: dflab.yaml target, else the last stage that is not a helper such as test or lint)')
  .option('--objective <name>', 'rank by size (default), compressed, build or balanced; overrides dflab.yaml rank', parseObjective)
  .option('--budget <time>', 'build the original, then variants best predicted first (under the objective), and start no build once TIME (20m, 90s, 1h) has passed since the run began; the rest are reported as predicted only, never ranked or recommended. Variants with no prediction build after the predicted ones while time remains', parseBudget)
  .option('--prove <n>', 'like --budget, but stop starting builds once n variants are proven (measured and smoke-passed); a failed one is replaced by the next predicted. Variants with no prediction build after the predicted ones while fewer than n are proven', parsePositiveInt)
  .option('--json', 'print only results.json to stdout')
  .option('--quiet', 'no progress lines')
  .action(async (dir: string | undefined, opts) => { process.exitCode = await (await import('./run.js')).runCommand(dir, opts); });

program.command('plan')
  .description('show the variants a run would build (with their diffs) and the rules that do not apply, without building')
  .argument('[dir]', 'project directory, or its Dockerfile', '.')
  .option(...FILE_OPTION)
  .option(...SERVICE_OPTION)
  .option('--no-diff', 'only a line per variant with its diff stat, not the patch')
  .option('--out <dir>', 'where to write variants/<name>/Dockerfile, patches/<name>.patch and plan.json (default: DIR/.dflab/plan)')
  .option(...RULES_OPTION)
  .option(...SKIP_RULES_OPTION)
  .option('--bases <images>', 'also try the final stage on each of these base images (comma-separated)', parseList)
  .option('--target <stage>', 'the stage to build and tune (default: dflab.yaml target, else the last stage that is not a helper such as test or lint)')
  .addOption(new Option('--format <format>', 'output: text, json, or sarif (SARIF 2.1.0 for code scanning: a result per variant at the lines it edits, with the fix)').choices(['text', 'json', 'sarif']))
  .option('--json', 'machine-readable output (same as --format json)')
  .option('--no-build-checks', "skip BuildKit's own build checks (docker buildx build --call=check); dflab's engine-less ones still run")
  .option('--image <image>', 'predict each variant\'s size against IMAGE, the original built (a local image), from one read of its layers; nothing is built')
  .option('--build', 'build DIR\'s original first (labelled dflab.run=<id>; progress on stderr), then predict as --image does; its image is removed afterwards')
  .option('--keep-images', 'with --build: keep the original\'s image (`dflab clean --run ID` removes it)')
  .option('--builder <name>', 'with --build: buildx builder to build with (default: the current one)')
  .addOption(new Option('--objective <name>', 'with --image or --build: rank the predictions by size (default) or compressed').choices(['size', 'compressed']))
  .action(async (dir: string, opts) => { process.exitCode = await (await import('./plan.js')).planCommand(dir, opts); });

program.command('analyze')
  .description('layers with size and created-by, the largest files per layer, wasted files and where an rm belongs, efficiency, wasted and reclaimable bytes — for any local image')
  .argument('<image>', 'a local image (name:tag or id)')
  .option('--base <image>', 'the image it was built FROM, so its layers count as base (default: layer 0, as dive does)')
  .option('--attribute', 'attribute every byte to its source: base layers, Debian/Python/conda packages (and what only each pulls in), caches, COPY\'d context paths, waste')
  .option('--context <dir>', 'the build context the image was built from, to match COPY layers to its paths (implies --attribute)')
  .option('--json', 'machine-readable output')
  .action(async (image: string, opts) => { process.exitCode = await (await import('./analyze.js')).analyzeCommand(image, opts); });

program.command('diff')
  .description('what changed between two local images: size, compressed size, directories, packages and files added and removed')
  .argument('<before>', 'image, e.g. the original')
  .argument('<after>', 'image, e.g. a variant kept with `dflab run --keep-images`')
  .option('--top <n>', 'how many directories and files to list (default 15)', parsePositiveInt)
  .option('--json', 'machine-readable output')
  .action(async (before: string, after: string, opts) => { process.exitCode = await (await import('./diff.js')).diffCommand(before, after, opts); });

program.command('check')
  .description('CI gate: exit 0 when every threshold (and growth limit against --baseline) holds, 1 with a line per violation')
  .argument('<target>', 'a local image, or the out dir of a `dflab run` (or its results.json)')
  .option('--max-size <size>', 'largest allowed uncompressed size, e.g. 1.5GB')
  .option('--max-compressed <size>', 'largest allowed compressed size (pushes to the local registry for an image)')
  .option('--min-efficiency <fraction>', 'smallest allowed efficiency (dive\'s measure), e.g. 0.95')
  .option('--max-wasted <size>', 'most wasted space allowed (dive\'s measure), e.g. 50MB')
  .option('--baseline <target>', 'compare against this image, run out dir or results.json (needs --max-growth and/or --max-growth-bytes)')
  .option('--max-growth <percent>', 'most growth allowed over the baseline, e.g. 5% (size, compressed and wasted each)')
  .option('--max-growth-bytes <size>', 'most growth allowed over the baseline in bytes, e.g. 50MB (size, compressed and wasted each)')
  .option('--variant <name>', 'which variant of a run to check (and of a baseline run)', ORIGINAL)
  .option('--base <image>', 'for an image: the image it was built FROM')
  .addOption(new Option('--format <format>', 'output: text, json or junit (a testcase per gate)').choices(['text', 'json', 'junit']))
  .option('--json', 'machine-readable output (same as --format json)')
  .action(async (target: string, opts) => { process.exitCode = await (await import('./check.js')).checkCommand(target, opts); });

program.command('report')
  .description('render report.md, report.html and patches/ again from OUT/results.json and OUT/variants/ (results.json is not changed)')
  .argument('<out>', 'the out dir of a `dflab run`')
  .option('--objective <name>', 'rank by size, compressed, build or balanced (default: what the run ranked by)', parseObjective)
  .option('--json', 'machine-readable output')
  .action(async (out: string, opts) => { process.exitCode = await (await import('./report-command.js')).reportCommand(out, opts); });

program.command('clean')
  .description('remove the containers and images that past or interrupted runs left (everything labelled dflab.run)')
  .option('--run <id>', 'only the objects of this run')
  .option('--builder <names>', 'clean every engine these buildx builders load into (comma-separated; default: the current engine)')
  .option('--json', 'machine-readable output')
  .action(async (opts: { run?: string; json?: boolean; builder?: string }) => { process.exitCode = await (await import('./clean.js')).cleanCommand(opts); });

program.command('doctor')
  .description('check the engine, buildx, the local registry and the base images; with DIR, also the bases its variants build FROM and which variants a missing one leaves base-unavailable; exit 1 with a fix for each missing part')
  .argument('[dir]', 'a project directory (or its Dockerfile) whose variants\' bases to check too')
  .option(...FILE_OPTION)
  .option(...SERVICE_OPTION)
  .option('--builder <name>', 'buildx builder to check')
  .option('--json', 'machine-readable output')
  .action(async (dir: string | undefined, opts: { builder?: string; json?: boolean; file?: string; service?: string }) => {
    const [{ projectArgument }, { doctor, formatDoctor }] = await Promise.all([import('../context/locate.js'), import('./doctor.js')]);
    const arg = dir === undefined && opts.file === undefined && opts.service === undefined ? undefined : await projectArgument(dir ?? '.', opts.file);
    const report = await doctor(opts.builder, arg && { dir: arg.dir, selection: { file: arg.file, service: opts.service } });
    console.log(opts.json ? JSON.stringify(report, null, 2) : formatDoctor(report));
    process.exitCode = report.ok ? EXIT.ok : EXIT.checkFailed;
  });

function parseList(value: string): string[] {
  const items = value.split(',').map((v) => v.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list');
  return items;
}

function parseObjective(value: string): Objective {
  if (!isObjective(value)) throw new InvalidArgumentError(`expected one of ${OBJECTIVES.join(', ')}`);
  return value;
}

function parseBudget(value: string): number {
  const seconds = parseDuration(value);
  if (seconds === null) throw new InvalidArgumentError('expected a time such as 20m, 90s, 1h or 1h30m');
  return seconds;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

// The one top-level path: a failure thrown by a command, rejected after it returned, or emitted as an 'error' event
// nobody listens to (a stream) all end here, so an internal error exits 70 whichever way it surfaced.
process.on('uncaughtException', (e) => exitNow(e));
process.on('unhandledRejection', (e) => exitNow(e));
program.hook('preAction', injectFault);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = handleError(e);
}

function exitNow(thrown: unknown): never {
  process.exit(handleError(thrown));
}

function handleError(thrown: unknown): number {
  const e = fileSystemError(thrown) ?? thrown; // disk full, read-only: the user's to fix, no stack trace
  if (isCommanderExit(e)) return e.exitCode === 0 ? 0 : EXIT.usage;
  if (e instanceof UserError) {
    console.error(`dflab: ${e.describe()}`);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
  console.error(`dflab: internal error: ${message} (a dflab bug: please report it; DFLAB_DEBUG=1 prints the stack)`);
  if (process.env['DFLAB_DEBUG'] === '1') console.error(e instanceof Error ? e.stack ?? e.message : e);
  return EXIT.internal;
}

/**
 * Test hook, read here only: DFLAB_FAULT forces an internal error before a command's handler runs, so the tests can
 * prove the top-level path (exit 70, one line, no stack) for every command. `internal`: thrown by the handler;
 * `internal-async`: a promise rejected that nobody awaits; `internal-stream`: an 'error' event no one listens to.
 * No user sets it by accident: the name says what it does.
 */
async function injectFault(): Promise<void> {
  const fault = process.env['DFLAB_FAULT'];
  if (fault === undefined) return;
  const error = new Error(`forced by DFLAB_FAULT=${fault}`);
  if (fault === 'internal') throw error;
  if (fault === 'internal-async') void Promise.reject(error);
  else if (fault === 'internal-stream') new PassThrough().destroy(error);
  else throw new UserError(`DFLAB_FAULT=${fault}: unknown fault`, { hint: 'unset DFLAB_FAULT (a test hook): internal, internal-async or internal-stream' });
  // The command must not start: the process ends from the top-level handlers above before this wait does.
  await new Promise((done) => setTimeout(done, 10_000));
  throw new Error(`DFLAB_FAULT=${fault} did not reach the top-level handler`);
}

function isCommanderExit(e: unknown): e is { exitCode: number; code: string } {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    && String((e as { code: string }).code).startsWith('commander.');
}
