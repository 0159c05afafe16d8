#!/usr/bin/env node
/**
 * npm run corpus: bdgen on real public specs, unedited (tests/corpus/specs.json).
 * Each spec is fetched from its npm package with `npm pack` (the npm registry
 * only) into .corpus/ (git-ignored) and checked against its pinned sha256.
 * Then `bdgen generate --lang ts,python,r,stata` and each language on its own,
 * so one language's failure is its cell and the others still run:
 *   TypeScript  the package type-checks alone (`tsc --noEmit -p`);
 *   Python      it compiles, imports and passes ruff with its own configuration;
 *   R           one Rscript parses every .R file; specs marked `rCheck` also
 *               pass `R CMD check --no-manual --no-tests` offline (.r/ from
 *               scripts/setup-r.sh): the runtime's own testthat suite is the
 *               same for every spec, takes ~90 s, and tests/r runs it;
 *   Stata       the package checker (generators/src/languages/stata/check),
 *               which the Stata tests use, on the written .ado/.sthlp/table.
 * Every package must serve every operation of the raw spec (Stata: a command
 * each, but those it skipped with a bdgen/stata-skipped warning). Prints a
 * table with a count and a result per language, the time per language and
 * the warnings by rule; exits 1 if any cell failed.
 *
 *   node scripts/corpus.mjs [id ...]     # default: every spec; CORPUS_JOBS=2 at once
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { fetchSpec, loadManifest } from './corpus-fetch.mjs';
import {
  checkLogProblems, countCell, countOperations, countTsMethods, coverageProblem, formatTable, LANGUAGES, languageTotals, parseGenerateOutput, parseROutput, seconds,
} from './corpus-lib.mjs';

// The Stata checker is TypeScript: read through tsx, as bin/bdgen.mjs reads the generator.
register();
const { checkStataPackage, parseCommandTable } = await import('../generators/src/languages/stata/check/index.ts');
const { formatDiagnostic } = await import('../generators/src/diagnostics.ts');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the repository, so the TS packages resolve @types/node and undici from its node_modules.
const outRoot = join(root, '.bdgen-tmp-corpus');
const python = join(root, '.venv/bin/python');
const ruff = join(root, '.venv/bin/ruff');

const manifest = loadManifest();
const asked = process.argv.slice(2);
const unknown = asked.filter((id) => !manifest.specs.some((s) => s.id === id));
if (unknown.length > 0) {
  console.error(`corpus: no spec ${unknown.join(', ')}; the specs are ${manifest.specs.map((s) => s.id).join(', ')}.`);
  process.exit(2);
}
const specs = manifest.specs.filter((s) => asked.length === 0 || asked.includes(s.id));

/** Runs a command to its end: exit code, output and wall time. */
function run(command, args, options = {}) {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', (error) => err.push(Buffer.from(String(error))));
    child.on('close', (code, signal) => done({ code: code ?? signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms: performance.now() - started }));
  });
}

const tail = (text, lines = 40) => text.trim().split('\n').slice(-lines).join('\n');
/** A language's failed cell: the step in the table, the tool's last words below it. */
const failed = (step, output, counts = {}) => ({ ...counts, result: `FAIL: ${step}`, failure: `${step}:\n${tail(output)}` });
const passed = (counts) => ({ ...counts, result: 'ok' });
const covered = (language, counts, operations) => {
  const problem = coverageProblem(language, { ...counts, operations });
  return problem ? failed('count', problem, counts) : passed(counts);
};
const both = (result) => `${result.stdout}\n${result.stderr}`;

async function checkTypeScript(dir, operations) {
  const counts = { count: countTsMethods(ts, 'client.ts', readFileSync(join(dir, 'src/generated/client.ts'), 'utf8')) };
  const tsc = await run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', dir]);
  if (tsc.code !== 0) return failed('tsc', both(tsc), counts);
  return covered('ts', counts, operations);
}

const IMPORT_AND_COUNT = [
  'import importlib, json, sys',
  'importlib.import_module(sys.argv[1])',
  'metadata = importlib.import_module(sys.argv[1] + ".metadata")',
  'print(json.dumps({"functions": sum(1 for name in metadata.__all__ if callable(getattr(metadata, name)))}))',
].join('\n');

async function checkPython(dir, operations) {
  const src = join(dir, 'src');
  const [importName] = readdirSync(src);
  const env = { ...process.env, PYTHONPATH: src, PYTHONDONTWRITEBYTECODE: '1' };
  const compiled = await run(python, ['-m', 'compileall', '-q', src]);
  if (compiled.code !== 0) return failed('compileall', both(compiled));
  const imported = await run(python, ['-c', IMPORT_AND_COUNT, importName], { env });
  if (imported.code !== 0) return failed('import', both(imported));
  const counts = { count: JSON.parse(imported.stdout).functions };
  const linted = await run(ruff, ['check', '--no-cache', '--quiet', '--output-format', 'concise', dir]);
  if (linted.code !== 0) return failed('ruff', both(linted), counts);
  return covered('python', counts, operations);
}

/**
 * One R process per package: parse() of every .R file, then the operations
 * served by a function that R/ defines at top level and NAMESPACE exports,
 * read from spec.R's `exports` record (operation -> function).
 */
const R_PARSE_AND_COUNT = String.raw`
root <- commandArgs(TRUE)[1]
defined <- character()
for (f in list.files(root, pattern = "[.]R$", recursive = TRUE, full.names = TRUE)) {
  exprs <- tryCatch(parse(f, keep.source = FALSE), error = function(e) e)
  if (inherits(exprs, "error")) {
    cat("parse\t", f, ": ", gsub("[\r\n]+", " ", substr(conditionMessage(exprs), 1, 300)), "\n", sep = "")
    next
  }
  if (!startsWith(f, file.path(root, "R", ""))) next
  for (e in exprs) {
    if (is.call(e) && as.character(e[[1]]) %in% c("<-", "=") && is.name(e[[2]]) && is.call(e[[3]]) && identical(e[[3]][[1]], as.name("function"))) defined <- c(defined, as.character(e[[2]]))
  }
}
ns <- parse(file.path(root, "NAMESPACE"), keep.source = FALSE)
exported <- unlist(lapply(ns, function(e) if (identical(e[[1]], as.name("export"))) vapply(as.list(e)[-1], as.character, "") else character()))
spec <- new.env()
sys.source(file.path(root, "R", "spec.R"), envir = spec, keep.source = FALSE)
served <- Filter(function(x) x$export %in% defined && x$export %in% exported, spec$.bd_spec$exports)
cat("functions\t", length(unique(vapply(served, function(x) x$operation, ""))), "\n", sep = "")
`;

let rCheckEnv;
/** The environment of an offline R CMD check, as the R tests get it: scripts/setup-r.sh's .r/ (an empty CRAN, check settings). */
function offlineCheckEnv() {
  rCheckEnv ??= run('bash', ['scripts/setup-r.sh']).then((setup) => {
    if (setup.code !== 0) throw new Error(`scripts/setup-r.sh failed:\n${tail(both(setup))}`);
    const state = setup.stdout.trim().split('\n').pop();
    return { ...process.env, R_PROFILE_USER: join(state, 'Rprofile'), R_CHECK_ENVIRON: join(state, 'check.Renviron') };
  });
  return rCheckEnv;
}

async function rCmdCheck(dir, scratch) {
  let env;
  try {
    env = await offlineCheckEnv();
  } catch (error) {
    return { step: 'R setup', output: error.message };
  }
  mkdirSync(scratch, { recursive: true });
  const build = await run('R', ['CMD', 'build', '--no-manual', dir], { cwd: scratch, env });
  if (build.code !== 0) return { step: 'R CMD build', output: both(build) };
  const tarball = readdirSync(scratch).find((f) => f.endsWith('.tar.gz'));
  const check = await run('R', ['CMD', 'check', '--no-manual', '--no-tests', tarball], { cwd: scratch, env });
  const logDir = readdirSync(scratch).find((f) => f.endsWith('.Rcheck'));
  const log = logDir ? readFileSync(join(scratch, logDir, '00check.log'), 'utf8') : '';
  const problems = checkLogProblems(log);
  if (check.code !== 0 || problems.length > 0) return { step: 'R CMD check', output: problems.length > 0 ? problems.join('\n') : both(check) };
  return undefined;
}

async function checkR(dir, operations, spec) {
  const parsed = await run('Rscript', ['--vanilla', '-e', R_PARSE_AND_COUNT, dir]);
  if (parsed.code !== 0) return failed('Rscript', both(parsed));
  const { problems, functions } = parseROutput(parsed.stdout);
  if (problems.length > 0) return failed('parse', problems.join('\n'));
  const counts = { count: functions };
  const coverage = covered('r', counts, operations);
  if (coverage.result !== 'ok' || !spec.rCheck) return coverage;
  const started = performance.now();
  const problem = await rCmdCheck(dir, join(dir, '..', 'rcheck'));
  const checkMs = performance.now() - started;
  return problem ? { ...failed(problem.step, problem.output, counts), checkMs } : { ...coverage, checkMs };
}

function filesOf(dir) {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => ({ path: e.name, contents: readFileSync(join(dir, e.name), 'utf8') }));
}

function checkStata(dir, operations, skipped) {
  const files = filesOf(dir);
  const problems = checkStataPackage(files);
  const tableFile = files.find((f) => f.path.endsWith('_commands.py'));
  const table = tableFile ? parseCommandTable(tableFile.path, tableFile.contents).table : undefined;
  const counts = { count: table ? Object.keys(table.commands).length : undefined, skipped };
  if (problems.length > 0) return failed('checker', problems.map((d) => formatDiagnostic(d)).join('\n'), counts);
  if (!table) return failed('checker', 'the package has no readable command table', counts);
  return covered('stata', counts, operations);
}

/** Times a language's check; a throw (a missing file, unreadable output) is that language's failure, not the run's. */
async function timed(check) {
  const started = performance.now();
  let cell;
  try {
    cell = await check();
  } catch (error) {
    cell = failed('harness', String(error?.stack ?? error));
  }
  return { ...cell, ms: performance.now() - started };
}

/** Every language of one spec; each language's failure is its own cell. */
async function checkSpec(spec, file) {
  const row = { id: spec.id, oas: '', operations: '', warnings: '', generate: '', total: '', languages: {}, byRule: [], failure: '' };
  const started = performance.now();
  const allFail = (step, output) => {
    for (const { key } of LANGUAGES) row.languages[key] = failed(step, output);
    return row;
  };
  try {
    // A byte-order mark is legal at the start of a JSON or YAML file (dialogporten's has one); JSON.parse refuses it.
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 });
    row.oas = String(doc.openapi);
    row.operations = countOperations(doc);
  } catch (error) {
    return allFail('count operations', String(error));
  }
  const out = join(outRoot, spec.id);
  rmSync(out, { recursive: true, force: true });

  const generated = await run(process.execPath, ['generators/bin/bdgen.mjs', 'generate', '--spec', file, '--lang', LANGUAGES.map((l) => l.key).join(','), '--out', out]);
  row.generate = seconds(generated.ms);
  let report;
  try {
    report = parseGenerateOutput(generated.stdout, generated.stderr);
  } catch (error) {
    return allFail('generate', `${error.message}\n${both(generated)}`);
  }
  if (report.summary) {
    row.warnings = report.summary.total;
    row.byRule = report.summary.byRule;
  }
  const skipped = new Map(row.byRule).get('bdgen/stata-skipped') ?? 0;
  const checks = {
    ts: () => checkTypeScript(join(out, 'ts'), row.operations),
    python: () => checkPython(join(out, 'python'), row.operations),
    r: () => checkR(join(out, 'r'), row.operations, spec),
    stata: () => checkStata(join(out, 'stata'), row.operations, skipped),
  };
  for (const { key, name } of LANGUAGES) {
    if (report.notGenerated.has(name)) row.languages[key] = failed('generate', report.notGenerated.get(name));
    else if (!report.written.includes(name)) row.languages[key] = failed('generate', `bdgen exited ${generated.code} and wrote no ${name} package:\n${both(generated)}`);
    else row.languages[key] = await timed(checks[key]);
  }
  row.total = seconds(performance.now() - started);
  return row;
}

const passedAll = (row) => LANGUAGES.every(({ key }) => row.languages[key]?.result === 'ok');

/** At most `jobs` specs at once, the slowest first so none finishes last alone: the largest, and those R CMD check runs on. */
async function runAll(entries, jobs) {
  const cost = (e) => e.size + (e.spec.rCheck ? 4e6 : 0);
  const queue = [...entries].sort((a, b) => cost(b) - cost(a));
  const rows = new Map();
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const row = await checkSpec(next.spec, next.file);
      rows.set(next.spec.id, row);
      process.stderr.write(`corpus: ${row.id} ${LANGUAGES.map(({ key, name }) => `${name} ${row.languages[key].result}`).join(', ')}\n`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return entries.map((e) => rows.get(e.spec.id));
}

const started = performance.now();
const entries = [];
const fetchFailures = [];
for (const spec of specs) {
  try {
    const file = fetchSpec(spec);
    entries.push({ spec, file, size: readFileSync(file).length });
  } catch (error) {
    fetchFailures.push({ id: spec.id, languages: Object.fromEntries(LANGUAGES.map(({ key }) => [key, failed('fetch', error.message)])) });
  }
}
const jobs = Number(process.env.CORPUS_JOBS ?? Math.min(2, availableParallelism()));
const rows = [...(await runAll(entries, jobs)), ...fetchFailures];

const SHORT = { ts: 'TS', python: 'Py', r: 'R', stata: 'Stata' };
const table = rows.map((row) => ({
  ...row,
  ...Object.fromEntries(LANGUAGES.flatMap(({ key }) => {
    const cell = row.languages[key];
    return [[`${key}Count`, cell ? countCell(key, cell) : ''], [`${key}Result`, cell?.result ?? '']];
  })),
}));
console.log(`\nbdgen corpus: ${rows.length} real specs (tests/corpus/specs.json), 4 languages, ${jobs} at a time, ${seconds(performance.now() - started)} s\n`);
console.log(formatTable([
  { key: 'id', title: 'spec' },
  { key: 'oas', title: 'openapi' },
  { key: 'operations', title: 'ops', align: 'right' },
  ...LANGUAGES.map(({ key, unit }) => ({ key: `${key}Count`, title: `${SHORT[key]} ${unit}`, align: 'right' })),
  { key: 'warnings', title: 'warnings', align: 'right' },
  { key: 'generate', title: 'gen s', align: 'right' },
  { key: 'total', title: 'total s', align: 'right' },
  ...LANGUAGES.map(({ key, name }) => ({ key: `${key}Result`, title: name })),
], table));

const timeOf = (key, field = 'ms') => rows.reduce((n, r) => n + (r.languages[key]?.[field] ?? 0), 0);
const rCheckMs = timeOf('r', 'checkMs');
console.log(`\ntime by language, all specs: ${LANGUAGES.map(({ key, name }) => `${name} ${seconds(timeOf(key))} s${key === 'r' && rCheckMs > 0 ? ` (R CMD check ${seconds(rCheckMs)} s)` : ''}`).join(', ')}; generate ${seconds(rows.reduce((n, r) => n + Number(r.generate || 0) * 1000, 0))} s`);
for (const t of languageTotals(rows)) {
  const skipped = t.key === 'stata' ? `, ${t.skipped.toLocaleString('en-US')} operations skipped` : '';
  console.log(`${t.name}: ${t.ok} of ${rows.length} specs ok; ${t.count.toLocaleString('en-US')} ${t.unit}${skipped} for ${t.operations.toLocaleString('en-US')} operations of the specs it counted`);
}
for (const row of rows) {
  if (row.byRule?.length > 0) console.log(`\n${row.id}: ${row.byRule.map(([rule, n]) => `${rule} ${n.toLocaleString('en-US')}`).join(', ')}`);
}
const failedRows = rows.filter((r) => !passedAll(r));
for (const row of failedRows) {
  // A spec bdgen refused fails every language with the same words: said once.
  const byFailure = new Map();
  for (const { key, name } of LANGUAGES) {
    const cell = row.languages[key];
    if (cell?.result !== 'ok') byFailure.set(cell?.failure ?? '', [...(byFailure.get(cell?.failure ?? '') ?? []), name]);
  }
  for (const [failure, names] of byFailure) console.log(`\n✗ ${row.id} ${names.length === LANGUAGES.length ? 'every language' : names.join(', ')}: ${failure}`);
}
console.log(failedRows.length === 0
  ? `\nAll ${rows.length} specs generate and build in all four languages.`
  : `\n${failedRows.length} of ${rows.length} specs failed in at least one language.`);
process.exit(failedRows.length === 0 ? 0 : 1);
