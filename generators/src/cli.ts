/**
 * The `bdgen` command line: `generate`, `validate`, `release` and `serve`.
 * Exit codes: 0 done; 1 `--check` found files that would change; 2 the spec
 * or the command line is wrong (nothing was written), or a language could
 * not be generated (the others were written, each reported on its own).
 */
import { Command, CommanderError, Option } from 'commander';
import { formatDiagnostic, SpecError, type Diagnostic } from './diagnostics.js';
import { diffSpecs, formatSpecDiff, loadSpecRef, SpecRefError } from './diff/index.js';
import { compileSpec, emitEach, type CompileOptions } from './generate.js';
import { parseLimitAssignments } from './load/limits.js';
import { LANGUAGE_IDS, LANGUAGES, readyLanguages, type LanguageId } from './languages/index.js';
import { BUNDLED_SPEC } from './paths.js';
import { runRelease } from './release/index.js';
import { displayPath, planChanges, writeOutputs } from './write/write-files.js';

export const EXIT_STALE = 1;
export const EXIT_INVALID = 2;

class UsageError extends Error {}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

function parseLanguages(value: string | undefined): LanguageId[] {
  if (value === undefined) return readyLanguages();
  const asked = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = asked.filter((id) => !(LANGUAGE_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) throw new UsageError(`unknown language ${unknown.join(', ')}; choose from ${LANGUAGE_IDS.join(', ')}.`);
  return [...new Set(asked)] as LanguageId[];
}

function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d));
}

/** `1,856 warning(s) (no-invalid-media-type-examples 1,800, struct 56)`: warnings counted by rule, most first. */
export function warningSummary(diagnostics: readonly Diagnostic[]): string {
  const counts = new Map<string, number>();
  for (const d of diagnostics) if (d.severity === 'warning') counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return 'no warnings';
  const byRule = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([rule, n]) => `${rule} ${n.toLocaleString('en-US')}`);
  return `${total.toLocaleString('en-US')} warning(s) (${byRule.join(', ')})`;
}

/** What `generate` and `validate` take about how the spec is read. */
interface SpecOptions {
  spec?: string;
  strict?: boolean;
  allowRemoteRefs?: boolean;
  limit?: string[];
}

function compileOptions(opts: SpecOptions, examples: boolean): CompileOptions {
  let limits;
  try {
    limits = parseLimitAssignments(opts.limit ?? []);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return { strict: opts.strict === true, examples: examples || opts.strict === true, allowRemoteRefs: opts.allowRemoteRefs === true, limits };
}

interface GenerateOptions extends SpecOptions {
  lang?: string;
  out?: string;
  templates?: string;
  check?: boolean;
}

export async function runGenerate(opts: GenerateOptions, io: Io = defaultIo): Promise<number> {
  const started = performance.now();
  const languages = parseLanguages(opts.lang);
  const strict = opts.strict === true;
  // Examples are documentation: checking them is `validate`'s job (and --strict's), not generation's.
  const compiled = await compileSpec(opts.spec ?? BUNDLED_SPEC, { ...compileOptions(opts, false), locateWarnings: false });
  const outcomes = await emitEach(compiled, {
    languages,
    strict,
    ...(opts.out ? { outDir: opts.out } : {}),
    ...(opts.templates ? { templatesDir: opts.templates } : {}),
  });
  const outputs = outcomes.flatMap((o) => (o.ok ? [o.output] : []));
  const failed = outcomes.filter((o) => !o.ok);
  const diagnostics = outcomes.flatMap((o) => (o.ok ? o.diagnostics : o.diagnostics.filter((d) => d.severity !== 'error')));
  const warnings = [...compiled.diagnostics, ...diagnostics];
  if (warnings.length > 0) io.err(`bdgen: ${warningSummary(warnings)}; \`bdgen validate\` lists the spec's${strict ? '' : ' and checks its examples'}.`);
  for (const d of diagnostics) io.err(formatDiagnostic(d));
  // One language's trouble is its own result: said here, while the others are written.
  for (const outcome of failed) {
    const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
    io.err(`bdgen: ${LANGUAGES[outcome.language].displayName} not generated: ${errors.length} error(s)`);
    printDiagnostics(io, errors);
  }
  if (outputs.length === 0) {
    io.err('bdgen: no language could be generated; nothing was written.');
    return EXIT_INVALID;
  }
  const plans = outputs.map((o) => o.plan);

  if (opts.check) {
    const { changes } = planChanges(plans);
    if (changes.length === 0) {
      io.out(`bdgen: generated code is up to date (${plans.reduce((n, p) => n + p.files.length, 0)} files, ${outputs.map((o) => o.language).join(', ')}).`);
      return failed.length > 0 ? EXIT_INVALID : 0;
    }
    io.err(`bdgen: ${changes.length} generated file(s) would change; run \`bdgen generate\`:`);
    for (const change of changes) io.err(`  ${change.kind.padEnd(6)} ${displayPath(change.path)}`);
    return failed.length > 0 ? EXIT_INVALID : EXIT_STALE;
  }

  let report: ReturnType<typeof writeOutputs>;
  try {
    report = writeOutputs(plans);
  } catch (error) {
    // The file system said no (a file where a folder goes, a read-only place): its words, not a stack trace.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new UsageError(`cannot write the generated files: ${(error as Error).message}.`);
  }
  const changed = new Map(report.changes.map((c) => [c.path, c.kind]));
  for (const { language, plan } of outputs) {
    const inRoot = (path: string) => path.startsWith(`${plan.root}/`);
    const mine = report.changes.filter((c) => inRoot(c.path));
    io.out(`${LANGUAGES[language].displayName} -> ${displayPath(plan.root)}: ${plan.files.length} files, ${mine.length} changed`);
    for (const file of plan.files) {
      const path = `${plan.root}/${file.path}`;
      io.out(`  ${(changed.get(path) ?? 'same').padEnd(6)} ${displayPath(path)}`);
    }
    for (const change of mine.filter((c) => c.kind === 'delete')) io.out(`  delete ${displayPath(change.path)}`);
  }
  io.out(`bdgen: ${report.changes.length} file(s) written, ${report.unchanged.length} unchanged, in ${Math.round(performance.now() - started)} ms (${compiled.ir.operations.length} operations, ${compiled.ir.data.functions.length} data functions, ${compiled.ir.schemas.length} schemas; ${warningSummary(warnings)}).`);
  if (failed.length > 0) {
    io.err(`bdgen: ${failed.map((o) => LANGUAGES[o.language].displayName).join(', ')} not generated (see above); the other languages were written.`);
    return EXIT_INVALID;
  }
  return 0;
}

export async function runValidate(opts: SpecOptions, io: Io = defaultIo): Promise<number> {
  // One compile: lint and the IR stage (which finds what lint cannot: allOf of a scalar and an object, ...).
  const compiled = await compileSpec(opts.spec ?? BUNDLED_SPEC, compileOptions(opts, true));
  printDiagnostics(io, compiled.diagnostics);
  io.out(`bdgen: ${displayPath(compiled.spec.rootFile)} is valid${opts.strict ? ' (--strict)' : ''}: ${warningSummary(compiled.diagnostics)}.`);
  return 0;
}

/** `bdgen diff OLD NEW`: information, so exit 0 whatever changed (`release` is what refuses). */
export async function runDiff(oldRef: string, newRef: string, opts: { json?: boolean }, io: Io = defaultIo): Promise<number> {
  const [before, after] = [await loadSpecRef(oldRef), await loadSpecRef(newRef)];
  const diff = diffSpecs(before.ir, after.ir);
  if (opts.json) io.out(JSON.stringify(diff, null, 2));
  else for (const line of formatSpecDiff(diff)) io.out(line);
  return 0;
}

interface ServeCliOptions {
  port: string;
  host?: string;
  allowHost?: string[];
  queryTimeoutMs?: string;
  resultMib?: string;
  verbose?: boolean;
}

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got ${value}.`);
  return n;
}

export async function runServe(opts: ServeCliOptions, io: Io = defaultIo): Promise<number> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got ${opts.port}.`);
  const queryTimeoutMs = positiveInteger(opts.queryTimeoutMs, '--query-timeout-ms');
  const resultMib = positiveInteger(opts.resultMib, '--result-mib');
  // Loaded only here: generating code does not need DuckDB.
  const { serveDatalake } = await import('@basedosdados/datalake');
  await serveDatalake({
    port,
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.allowHost && opts.allowHost.length > 0 ? { allowedHosts: opts.allowHost } : {}),
    ...(queryTimeoutMs ? { queryTimeoutMs } : {}),
    ...(resultMib ? { maxResultBytes: resultMib * 1024 * 1024 } : {}),
    verbose: opts.verbose === true,
    out: io.out,
  });
  return 0;
}

/** Errors in full; warnings only counted by rule, since they do not stop generation (`bdgen validate` lists them). */
function printProblems(io: Io, diagnostics: readonly Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  printDiagnostics(io, errors);
  const warnings = diagnostics.length - errors.length;
  io.err(`bdgen: ${errors.length} error(s)${warnings > 0 ? ` and ${warningSummary(diagnostics)}` : ''}; nothing was written.`);
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function buildProgram(io: Io = defaultIo, setExit: (code: number) => void = (c) => { process.exitCode = c; }): Command {
  const program = new Command('bdgen')
    .description('Generate the Base dos Dados packages (TypeScript, Python, R, Stata) from one OpenAPI spec.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const guard = (action: () => Promise<number>) => async () => {
    try {
      setExit(await action());
    } catch (error) {
      if (error instanceof SpecError) {
        printProblems(io, error.diagnostics);
        setExit(EXIT_INVALID);
      } else if (error instanceof UsageError || error instanceof SpecRefError) {
        io.err(`bdgen: ${error.message}`);
        setExit(EXIT_INVALID);
      } else {
        throw error;
      }
    }
  };

  program
    .command('generate')
    .description('generate packages from the spec and print what was written')
    .option('--spec <file>', 'the OpenAPI spec (YAML or JSON)', undefined)
    .addOption(new Option('--lang <list>', `comma-separated languages (${LANGUAGE_IDS.join(',')}); default: every implemented one`))
    .option('--out <dir>', 'write each language to <dir>/<lang> instead of its place in this project')
    .option('--templates <dir>', 'a folder of <lang>/<template> files laid over the built-in templates')
    .option('--check', 'write nothing; exit 1 and list the files that would change')
    .option('--strict', 'treat every warning as an error')
    .option('--allow-remote-refs', 'fetch $refs to http(s) URLs (by default only files inside the spec\'s folder are read)')
    .option('--limit <name=value>', 'raise a load limit (maxFileBytes, maxAliasExpansion, maxRefDepth, ...); repeatable', collect, [])
    .action(async (opts) => guard(() => runGenerate(opts, io))());

  program
    .command('validate')
    .description('check the spec: OpenAPI structure, lint rules and bdgen extensions')
    .option('--spec <file>', 'the OpenAPI spec (YAML or JSON)')
    .option('--strict', 'treat every warning as an error (documentation problems included)')
    .option('--allow-remote-refs', 'fetch $refs to http(s) URLs (by default only files inside the spec\'s folder are read)')
    .option('--limit <name=value>', 'raise a load limit (maxFileBytes, maxAliasExpansion, maxRefDepth, ...); repeatable', collect, [])
    .action(async (opts) => guard(() => runValidate(opts, io))());

  program
    .command('release')
    .description('check the spec against the last release, choose the version, and (with --yes) build every package into dist/<version>/')
    .option('--version <X.Y.Z>', 'the version to release; refused if lower than the changes since the last release need')
    .option('--bump <auto>', 'auto: the smallest version the changes since the last release allow')
    .option('--yes', 'release; without it, print the plan and write nothing')
    .option('--out <dir>', 'where <version>/ goes', 'dist')
    .action(async (opts) => guard(() => runRelease(opts, io))());

  program
    .command('diff')
    .description('list every change between two specs (files or git refs such as main:spec/datalake.yaml), breaking, minor or patch, and the version bump it implies')
    .argument('<old>', 'the old spec: a file or <rev>:<path>')
    .argument('<new>', 'the new spec: a file or <rev>:<path>')
    .option('--json', 'print the diff as JSON ({ bump, changes })')
    .action(async (oldRef: string, newRef: string, opts) => guard(() => runDiff(oldRef, newRef, opts, io))());

  program
    .command('serve')
    .description('start the local datalake: a replica of the Base dos Dados backend (REST views, GraphQL) and the BigQuery REST calls, on DuckDB')
    .option('--port <port>', 'port; 0 picks a free one', '8787')
    .option('--host <host>', 'the address to listen on, and the only Host name (with localhost for loopback) it answers', '127.0.0.1')
    .option('--allow-host <name>', 'another Host name to answer (a name that resolves to it); repeatable', collect, [])
    .option('--query-timeout-ms <ms>', 'the time limit of one query (BigQuery\'s timeout error after it)')
    .option('--result-mib <mib>', 'the memory held query results may take in all; the oldest are evicted')
    .option('--verbose', 'print one line per request')
    .action(async (opts) => guard(() => runServe(opts, io))());

  return program;
}

/**
 * The whole command line in-process: argv (as `process.argv`, node and script
 * first) in, the exit code out, everything printed through `io`. A spec or
 * usage problem is exit 2 with its paragraphs; anything else thrown is a bug
 * in bdgen and is rethrown.
 */
export async function runCommandLine(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => { code = c; });
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_INVALID;
    throw error;
  }
  return code;
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  process.exitCode = await runCommandLine(argv);
}
