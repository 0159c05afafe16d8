#!/usr/bin/env node
/**
 * npm run corpus: bdgen on real public specs, unedited (tests/corpus/specs.json).
 * Each spec is fetched from its npm package with `npm pack` (the npm registry
 * only) into .corpus/ (git-ignored) and checked against its pinned sha256.
 * Then, for each: `bdgen generate --lang ts,python --out` exits 0; the TS
 * package type-checks on its own (`tsc --noEmit -p`); the Python package
 * compiles, imports and passes ruff with its own configuration; and the
 * functions of each package are as many as the operations of the raw spec.
 * Prints a table (operations, functions, warnings, times) and the warnings
 * by rule of each spec; exits 1 if anything failed.
 *
 *   node scripts/corpus.mjs [id ...]     # default: every spec; CORPUS_JOBS=2 at once
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { fetchSpec, loadManifest } from './corpus-fetch.mjs';
import { countOperations, countTsMethods, formatTable, parseWarningSummary, seconds } from './corpus-lib.mjs';

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
    child.on('close', (code, signal) => done({ code: code ?? signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms: performance.now() - started }));
  });
}

const IMPORT_AND_COUNT = [
  'import importlib, json, sys',
  'importlib.import_module(sys.argv[1])',
  'metadata = importlib.import_module(sys.argv[1] + ".metadata")',
  'print(json.dumps({"functions": sum(1 for name in metadata.__all__ if callable(getattr(metadata, name)))}))',
].join('\n');

/** Every check of one spec; a failed step ends it, naming the step and its output. */
async function checkSpec(spec, file) {
  const row = { id: spec.id, oas: '', operations: '', ts: '', python: '', warnings: '', generate: '', tsc: '', py: '', result: 'ok', byRule: [], failure: '' };
  const fail = (step, result) => {
    row.result = `FAIL: ${step}`;
    row.failure = `${step}:\n${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n')}`;
    return row;
  };
  try {
    const text = readFileSync(file, 'utf8');
    const doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 });
    row.oas = String(doc.openapi);
    row.operations = countOperations(doc);
  } catch (error) {
    return fail('count operations', { stdout: '', stderr: String(error) });
  }
  const out = join(outRoot, spec.id);
  rmSync(out, { recursive: true, force: true });

  const generated = await run(process.execPath, ['generators/bin/bdgen.mjs', 'generate', '--spec', file, '--lang', 'ts,python', '--out', out]);
  row.generate = seconds(generated.ms);
  if (generated.code !== 0) return fail(`bdgen generate exited ${generated.code}`, generated);
  const summary = parseWarningSummary(generated.stdout.trim().split('\n').pop());
  row.warnings = summary.total;
  row.byRule = summary.byRule;

  row.ts = countTsMethods(ts, 'client.ts', readFileSync(join(out, 'ts/src/generated/client.ts'), 'utf8'));
  const tsc = await run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', join(out, 'ts')]);
  row.tsc = seconds(tsc.ms);
  if (tsc.code !== 0) return fail('tsc --noEmit', tsc);

  const started = performance.now();
  const src = join(out, 'python/src');
  const [importName] = readdirSync(src);
  const env = { ...process.env, PYTHONPATH: src, PYTHONDONTWRITEBYTECODE: '1' };
  const compiled = await run(python, ['-m', 'compileall', '-q', src]);
  if (compiled.code !== 0) return fail('python -m compileall', compiled);
  const imported = await run(python, ['-c', IMPORT_AND_COUNT, importName], { env });
  if (imported.code !== 0) return fail(`import ${importName}`, imported);
  row.python = JSON.parse(imported.stdout).functions;
  const linted = await run(ruff, ['check', '--no-cache', '--quiet', '--output-format', 'concise', join(out, 'python')]);
  row.py = seconds(performance.now() - started);
  if (linted.code !== 0) return fail('ruff check', linted);

  if (row.ts !== row.operations || row.python !== row.operations) {
    return fail('functions != operations', { stdout: '', stderr: `${row.operations} operations in the spec; ${row.ts} TypeScript methods, ${row.python} Python functions.` });
  }
  return row;
}

/** At most `jobs` specs at once, the largest first so it does not finish last alone. */
async function runAll(entries, jobs) {
  const queue = [...entries].sort((a, b) => b.size - a.size);
  const rows = new Map();
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const row = await checkSpec(next.spec, next.file);
      rows.set(next.spec.id, row);
      process.stderr.write(`corpus: ${row.id} ${row.result}\n`);
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
    fetchFailures.push({ id: spec.id, result: `FAIL: fetch`, failure: `fetch:\n${error.message}` });
  }
}
const jobs = Number(process.env.CORPUS_JOBS ?? Math.min(2, availableParallelism()));
const rows = [...(await runAll(entries, jobs)), ...fetchFailures];

console.log(`\nbdgen corpus: ${rows.length} real specs (tests/corpus/specs.json), ${jobs} at a time, ${seconds(performance.now() - started)} s\n`);
console.log(formatTable([
  { key: 'id', title: 'spec' },
  { key: 'oas', title: 'openapi' },
  { key: 'operations', title: 'operations', align: 'right' },
  { key: 'ts', title: 'TS methods', align: 'right' },
  { key: 'python', title: 'Py functions', align: 'right' },
  { key: 'warnings', title: 'warnings', align: 'right' },
  { key: 'generate', title: 'generate s', align: 'right' },
  { key: 'tsc', title: 'tsc s', align: 'right' },
  { key: 'py', title: 'python s', align: 'right' },
  { key: 'result', title: 'result' },
], rows));
for (const row of rows) {
  if (row.byRule?.length > 0) console.log(`\n${row.id}: ${row.byRule.map(([rule, n]) => `${rule} ${n.toLocaleString('en-US')}`).join(', ')}`);
}
const failed = rows.filter((r) => r.result !== 'ok');
for (const row of failed) console.log(`\n✗ ${row.id} ${row.failure}`);
console.log(failed.length === 0 ? `\nAll ${rows.length} specs generate, type-check, import and lint.` : `\n${failed.length} of ${rows.length} specs failed.`);
process.exit(failed.length === 0 ? 0 : 1);
