#!/usr/bin/env node
/**
 * bench/python-read-sql (issue #5): how fast the generated Python package's
 * read_sql turns a 200,000-row result into a DataFrame, and how much memory
 * the process takes, beside the PyPI `basedosdados` package's read_sql and
 * beside the plain google-cloud-bigquery client, all reading the same result
 * from the same local datalake.
 *
 * Why a .mjs driving a .py: the contenders live in two Python environments
 * that cannot be one (basedosdados 2.x pins pandas < 3 through pandavro; the
 * project's .venv has pandas 3), and each read runs in a fresh process so its
 * peak RSS is that read's alone; the driver starts the datalake in its own
 * process (as bench/read-sql.mjs does: no npx process tree to stop), counts
 * the requests of each read and alternates the order of the runs.
 *
 * Contenders (bench/python-read-sql.py, one read per process):
 * - ours:           basedosdados_sdk.read_sql(sql, billing_project_id=...), the package
 *                   `bdgen generate --lang python` writes to out/python, in .venv,
 *                   aimed by BASEDOSDADOS_BIGQUERY_ENDPOINT.
 * - basedosdados:   the PyPI package's read_sql, in bench/.venv-basedosdados (made here
 *                   when missing: python -m venv, pip install "basedosdados>=2,<3"; the
 *                   first run takes ~1 minute more for that). Its read_sql calls
 *                   pandas_gbq.read_gbq(query, project_id=..., credentials=_credentials()),
 *                   where _credentials() is pydata_google_auth.get_user_credentials: a
 *                   cached token from ~/.config/pydata/pydata_google_credentials.json, else
 *                   the interactive OAuth flow (browser + local web server; headless it
 *                   fails "could not locate runnable browser"). It never reads application
 *                   default credentials nor GOOGLE_APPLICATION_CREDENTIALS, and has no
 *                   client, credentials or endpoint parameter. pandas-gbq builds
 *                   bigquery.Client(project, credentials, client_info) with no
 *                   client_options, so the client honours BIGQUERY_EMULATOR_HOST.
 *                   Aimed with environment only, its source untouched and nothing patched:
 *                   BIGQUERY_EMULATOR_HOST=<datalake url> (the Python client appends
 *                   /bigquery/v2 itself) and HOME=<a throwaway folder> whose pydata cache
 *                   holds a placeholder access token (no refresh token, no expiry: valid as
 *                   is, so nothing is refreshed and no request leaves 127.0.0.1).
 * - plain client:   google.cloud.bigquery.Client(project, AnonymousCredentials(),
 *                   client_options={"api_endpoint": url}).query(sql).to_dataframe(
 *                   create_bqstorage_client=False), in .venv (pandas 3) and again in
 *                   bench/.venv-basedosdados (pandas 2), so the pandas major is visible
 *                   apart from the packages.
 *
 * Every contender gets the same pages: the datalake serves --page rows a page
 * (default 10,000) to clients that send no maxResults (pandas-gbq, the plain
 * client), and ours sends maxResults = its page_size, 10,000 by default (passed
 * as page_size=--page when that differs). One warm-up run of each (untimed; it
 * also reads br_bd_tipos.exemplo, one column per type with NULLs, for the dtype
 * table), then RUNS runs of each, the order rotating each round. Read time is
 * the read_sql call alone (imports apart), inside the child; peak RSS is the
 * child's VmHWM (not ru_maxrss: Linux carries that over from the parent, here
 * the driver serving the datalake). Each read is checked: --rows rows and
 * sum(id) = n(n+1)/2. A benchmark, not a test: it prints figures and ratios and
 * never fails on them (it exits 1 only when a read returns a wrong result). A
 * default run takes about 3 minutes on 2 vCPUs; the first one also installs
 * basedosdados (under a minute more).
 *
 *   node bench/python-read-sql.mjs [RUNS=5] [--rows 200000] [--page 10000] [--json FILE]
 *
 * --json FILE writes every child's result (the warm-up's and each run's) to FILE.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killChildren, spawnJson } from './lib/spawn-json.mjs';
import { median, takeOption } from './stats.mjs';

const scriptStarted = performance.now();
const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

// --- arguments -----------------------------------------------------------------
const argv = process.argv.slice(2);
const option = (name, fallback) => takeOption(argv, name, fallback);
const rows = Number(option('rows', 200_000));
const page = Number(option('page', 10_000));
const jsonOut = option('json', undefined);
const runs = Number(argv[0] ?? 5);
for (const [name, value] of Object.entries({ RUNS: runs, rows, page })) {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`bad ${name}: ${value}`);
}
const PROJECT = 'projeto-bench';
const sql = `SELECT * FROM \`basedosdados.br_bd_sintetico.linhas_${rows}\``;
const typesSql = 'SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha';
const expectedSum = (BigInt(rows) * BigInt(rows + 1)) / 2n;
const log = (line) => console.error(`bench/python-read-sql: ${line}`);

// --- the Python environments ---------------------------------------------------------
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}`);
  return result.stdout;
}

// The project's .venv (pinned; the script returns at once when it is current).
const ourPython = run('bash', ['scripts/setup-python.sh']).trim().split('\n').pop();

// The generated package, regenerated only when stale or missing.
const check = spawnSync(process.execPath, ['generators/bin/bdgen.mjs', 'generate', '--lang', 'python', '--check'], { stdio: 'ignore' });
if (check.status !== 0 || !existsSync('out/python/src/basedosdados_sdk/__init__.py')) {
  log('generating the Python package (bdgen generate --lang python)...');
  run(process.execPath, ['generators/bin/bdgen.mjs', 'generate', '--lang', 'python'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// The PyPI package's throwaway venv (git-ignored), made with the same CPython as .venv.
const BD_REQUIREMENT = 'basedosdados>=2,<3';
const bdVenv = resolve('bench/.venv-basedosdados');
const bdPython = join(bdVenv, 'bin', 'python');
const bdStamp = join(bdVenv, '.bench-requirement');
if (!existsSync(bdPython) || !existsSync(bdStamp) || readFileSync(bdStamp, 'utf8').trim() !== BD_REQUIREMENT) {
  const base = run(ourPython, ['-c', 'import sys; print(sys._base_executable)']).trim();
  log(`installing "${BD_REQUIREMENT}" from PyPI into ${bdVenv} (first run only; about a minute)...`);
  rmSync(bdVenv, { recursive: true, force: true });
  run(base, ['-m', 'venv', bdVenv], { stdio: ['ignore', 'inherit', 'inherit'] });
  run(bdPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', BD_REQUIREMENT], { stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(bdStamp, `${BD_REQUIREMENT}\n`);
}
const bdVersion = run(bdPython, ['-c', 'from importlib.metadata import version as v; print(v("basedosdados"), v("pandas-gbq"), v("pandas"), v("google-cloud-bigquery"))']).trim().split(' ');

// A throwaway HOME for basedosdados: pydata-google-auth's token cache with a placeholder token.
const work = mkdtempSync(join(tmpdir(), 'bench-python-read-sql-'));
const fakeHome = join(work, 'home');
mkdirSync(join(fakeHome, '.config', 'pydata'), { recursive: true });
writeFileSync(join(fakeHome, '.config', 'pydata', 'pydata_google_credentials.json'), JSON.stringify({ access_token: 'bdgen-bench-placeholder-token' }));

// --- the datalake and the children --------------------------------------------------------
const { register } = await import('tsx/esm/api');
register();
const { startDatalake } = await import('@basedosdados/datalake');
const datalake = await startDatalake({ port: 0, host: '127.0.0.1', defaultPageRows: page, maxPageRows: Math.max(page, 100_000) });

/** The environment of a child: the caller's, without anything that could aim a client elsewhere. */
function childEnv(extra) {
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  for (const name of ['BIGQUERY_EMULATOR_HOST', 'BASEDOSDADOS_BIGQUERY_ENDPOINT', 'BASEDOSDADOS_BILLING_PROJECT_ID', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_APPLICATION_CREDENTIALS', 'PYTHONPATH']) delete env[name];
  return { ...env, ...extra };
}
const contenders = {
  'ours: basedosdados_sdk.read_sql': { python: ourPython, mode: 'ours', env: childEnv({ PYTHONPATH: resolve('out/python/src'), BASEDOSDADOS_BIGQUERY_ENDPOINT: datalake.url }) },
  'PyPI basedosdados.read_sql': { python: bdPython, mode: 'basedosdados', env: childEnv({ HOME: fakeHome, BIGQUERY_EMULATOR_HOST: datalake.url }) },
  'plain client, .venv': { python: ourPython, mode: 'client', env: childEnv({}) },
  'plain client, basedosdados venv': { python: bdPython, mode: 'client', env: childEnv({}) },
};
const names = Object.keys(contenders);

async function child(name, args, timeoutMs = 180_000) {
  const { python, mode, env } = contenders[name];
  datalake.resetStats();
  const payload = JSON.stringify({ url: datalake.url, project: PROJECT, sql, page, ...args });
  const result = await spawnJson(python, ['bench/python-read-sql.py', mode, payload], { env, timeoutMs, label: name });
  const stats = datalake.stats();
  result.requests = stats.requests.bigquery;
  result.operations = stats.operations;
  result.ok = result.rows === rows && BigInt(result.id_sum) === expectedSum;
  return result;
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  killChildren(); // by PID: only the children this script spawned
  await datalake.close();
  rmSync(work, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void stop().finally(() => process.exit(130)));
}

const warm = {};
const samples = Object.fromEntries(names.map((name) => [name, []]));
const started = performance.now();
try {
  log(`datalake on ${datalake.url}; basedosdados ${bdVersion[0]} (pandas-gbq ${bdVersion[1]}, pandas ${bdVersion[2]}); warm-up, then ${runs} alternating runs of ${names.length} contenders reading ${rows} rows...`);
  for (const name of names) warm[name] = await child(name, { types_sql: typesSql });
  for (let i = 0; i < runs; i++) {
    const order = names.map((_, j) => names[(i + j) % names.length]);
    for (const name of order) samples[name].push(await child(name, {}));
    log(`round ${i + 1}/${runs} done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
} finally {
  await stop();
}
const measured = performance.now();
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify({ rows, page, runs, basedosdados: bdVersion, warm, samples }, null, 1)}\n`);

// --- report -----------------------------------------------------------------------------
const int = (n) => Math.round(n).toLocaleString('en-US');
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const x = (ratio) => `${ratio.toFixed(2)}x`;

const first = warm[names[0]];
console.log(`bench/python-read-sql: read_sql of ${sql} (${int(rows)} rows, 6 columns), ${int(page)} rows a page, ` +
  `${runs} alternating runs each after a warm-up, one read per Python ${first.python} process, local datalake in the driver process`);
console.log(`versions: ours basedosdados_sdk ${first.version} (pandas ${first.pandas}); PyPI basedosdados ${bdVersion[0]} ` +
  `(pandas-gbq ${bdVersion[1]}, pandas ${bdVersion[2]}, google-cloud-bigquery ${bdVersion[3]}); plain client google-cloud-bigquery ${warm['plain client, .venv'].version.split(' ').pop()}`);
console.log('');
console.log(`${'read_sql'.padEnd(33)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'rows/s (median)'.padStart(16)} ${'(best)'.padStart(8)} ` +
  `${'peak RSS'.padStart(9)} ${'(max)'.padStart(8)} ${'after import'.padStart(13)} ${'import'.padStart(8)} ${'import+read'.padStart(12)} ${'frame'.padStart(7)}  requests  check`);
const summary = {};
for (const name of names) {
  const s = samples[name];
  const ms = median(s.map((r) => r.read_ms));
  const best = Math.min(...s.map((r) => r.read_ms));
  const rss = median(s.map((r) => r.rss_peak_kib));
  summary[name] = { speed: rows / (ms / 1000), rss };
  const ok = s.every((r) => r.ok) && warm[name].ok;
  const ops = Object.entries(s[0].operations).filter(([op]) => !op.startsWith('control')).map(([op, n]) => `${n} ${op}`).join(', ');
  console.log(`${name.padEnd(33)} ${`${int(ms)} ms`.padStart(9)} ${`${int(best)} ms`.padStart(9)} ${int(summary[name].speed).padStart(16)} ${int(rows / (best / 1000)).padStart(8)} ` +
    `${mib(rss).padStart(9)} ${mib(Math.max(...s.map((r) => r.rss_peak_kib))).padStart(8)} ${mib(median(s.map((r) => r.rss_imported_kib))).padStart(13)} ` +
    `${`${int(median(s.map((r) => r.import_ms)))} ms`.padStart(8)} ${`${int(median(s.map((r) => r.import_ms + r.read_ms)))} ms`.padStart(12)} ${`${(s[0].frame_bytes / 2 ** 20).toFixed(1)}M`.padStart(7)}  ${String(median(s.map((r) => r.requests))).padStart(8)}  ` +
    `${ok ? 'ok' : 'WRONG'} (${int(s[0].rows)} rows, sum(id) ${s[0].id_sum})`);
  summary[name].ops = ops;
}
console.log('(read: the read_sql call alone; peak RSS: VmHWM of the process; after import / import: before the read (ours imports the modules its read_sql imports lazily up front, like the others); frame: memory_usage(deep=True); requests: BigQuery REST requests the datalake got for one read)');
console.log('requests of one read (the first timed run of each):');
for (const name of names) console.log(`  ${name.padEnd(33)} ${summary[name].ops}`);

const ours = summary[names[0]];
const bd = summary[names[1]];
const plain = summary[names[2]];
const plainBd = summary[names[3]];
console.log('');
console.log(`ours / PyPI basedosdados:        rows/s ${x(ours.speed / bd.speed)}, peak RSS ${x(ours.rss / bd.rss)}`);
console.log(`ours / plain client (.venv):     rows/s ${x(ours.speed / plain.speed)}, peak RSS ${x(ours.rss / plain.rss)}`);
console.log(`basedosdados / plain client (its venv): rows/s ${x(bd.speed / plainBd.speed)}, peak RSS ${x(bd.rss / plainBd.rss)}`);
console.log(`plain client, pandas ${first.pandas} / pandas ${bdVersion[2]}: rows/s ${x(plain.speed / plainBd.speed)}, peak RSS ${x(plain.rss / plainBd.rss)}`);

console.log('');
console.log(`dtypes (linhas_${rows}; br_bd_tipos.exemplo: one column per type, what a NULL becomes)`);
const short = { 'ours: basedosdados_sdk.read_sql': 'ours', 'PyPI basedosdados.read_sql': 'basedosdados', 'plain client, .venv': 'client (.venv)', 'plain client, basedosdados venv': 'client (bd venv)' };
const width = 26;
console.log(`${'column'.padEnd(22)} ${names.map((n) => short[n].padEnd(width)).join(' ')}`);
for (const column of Object.keys(first.dtypes)) {
  console.log(`${`linhas.${column}`.padEnd(22)} ${names.map((n) => String(warm[n].dtypes[column]).padEnd(width)).join(' ')}`);
}
for (const column of Object.keys(first.types)) {
  console.log(`${`exemplo.${column}`.padEnd(22)} ${names.map((n) => { const t = warm[n].types[column]; return `${t.dtype}, ${t.null}`.slice(0, width).padEnd(width); }).join(' ')}`);
}
const wrong = names.filter((name) => !(samples[name].every((r) => r.ok) && warm[name].ok));
if (wrong.length) {
  console.log(`\nWRONG RESULT from ${wrong.join(', ')}: expected ${rows} rows and sum(id) ${expectedSum}`);
  process.exitCode = 1;
}
console.log('');
console.log(`PyPI basedosdados aimed at the datalake with environment only: BIGQUERY_EMULATOR_HOST=<url> and HOME=<throwaway> holding a placeholder pydata-google-auth token (no source edit, no monkeypatch)`);
console.log(`reproduce: node bench/python-read-sql.mjs ${runs} --rows ${rows} --page ${page}   (this run: ${((performance.now() - scriptStarted) / 1000).toFixed(0)} s, of which measuring ${((measured - started) / 1000).toFixed(0)} s)`);
