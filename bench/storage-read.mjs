#!/usr/bin/env node
/**
 * bench/storage-read (issue 20): the BigQuery Storage Read API path and the
 * REST prefetch, measured side by side in one run against "today" (the
 * packages of commit 17473ec, before issue 20; bench/lib/baseline.mjs builds
 * them in a git worktree at /tmp/bdgen-baseline) and against ceilings:
 *
 * 1. TS, --rows rows of SELECT * FROM basedosdados.br_bd_sintetico.linhas_<rows>
 *    (readSql, for await): today's REST vs readApi 'storage' vs the ceiling (the
 *    same session's Arrow bytes, fetched once with the raw client, decoded from
 *    memory with the SDK's own decoding code).
 * 2. Python, the same rows into a DataFrame: today's REST vs read_api="storage" vs
 *    the ceiling (the same IPC bytes -> pyarrow -> the package's DataFrame
 *    conversion); PyPI basedosdados 2.0.3 read_sql(use_bqstorage_api=True) and
 *    pandas_gbq.read_gbq(use_bqstorage_api=True), their Storage client patched onto
 *    the datalake's gRPC endpoint (bench/storage-read.py says how).
 * 3. Downloads of --rows rows to CSV and Parquet through the Storage path (TS, and
 *    Python) vs DuckDB's own COPY (<the same SELECT>) TO ... in a child of its own.
 * 4. REST with prefetch (readApi/read_api "rest"; R's only path) vs today's REST,
 *    in TS, Python and R, --prefetch-rows rows.
 *
 * One datalake runs in this process (REST and gRPC on 127.0.0.1); every read runs
 * in a child process of its own (peak RSS: its VmHWM), RUNS alternating runs per
 * section (the order rotating each round) after one untimed warm-up read.
 * A benchmark, not a test: it prints figures and ratios and never fails on them
 * (exit 1 only when a read returns wrong rows).
 *
 *   node bench/storage-read.mjs [RUNS=3] [--rows 1000000] [--prefetch-rows 200000]
 *        [--page 10000] [--only 1,2,3,4] [--remove-baseline]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepare, removeBaseline } from './lib/baseline.mjs';
import { killChildren, spawnJson } from './lib/spawn-json.mjs';
import { printReport } from './lib/storage-report.mjs';
import { takeOption } from './stats.mjs';

const scriptStarted = performance.now();
const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
process.chdir(root);
const command = `node bench/storage-read.mjs ${process.argv.slice(2).join(' ')}`.trim();

const argv = process.argv.slice(2);
const option = (name, fallback) => takeOption(argv, name, fallback);
const rows = Number(option('rows', 1_000_000));
const prefetchRows = Number(option('prefetch-rows', 200_000));
const page = Number(option('page', 10_000));
const only = new Set((option('only', '1,2,3,4')).split(',').map(Number));
const removeAtEnd = argv.includes('--remove-baseline');
const runs = Number(argv.find((a) => /^\d+$/.test(a)) ?? 3);
for (const [name, value] of Object.entries({ RUNS: runs, rows, prefetchRows, page })) {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`bad ${name}: ${value}`);
}
const log = (line) => console.error(`bench/storage-read: ${line}`);
const PROJECT = 'projeto-bench';
const sqlOf = (n) => `SELECT * FROM \`basedosdados.br_bd_sintetico.linhas_${n}\``;

// --- what is compared -----------------------------------------------------------------
const scratch = mkdtempSync(join(tmpdir(), 'bench-storage-read-'));
const built = prepare(root, '/tmp/bdgen-bench-current');
const python = spawnSync('bash', ['scripts/setup-python.sh'], { encoding: 'utf8' }).stdout.trim().split('\n').pop();
const legacyPython = spawnSync('bash', ['scripts/setup-python.sh', '.venv-basedosdados', 'tests/python/legacy/requirements.txt'], { encoding: 'utf8' }).stdout.trim().split('\n').pop();
const fakeHome = join(scratch, 'home');
mkdirSync(join(fakeHome, '.config', 'pydata'), { recursive: true });
writeFileSync(join(fakeHome, '.config', 'pydata', 'pydata_google_credentials.json'), JSON.stringify({ access_token: 'bdgen-bench-placeholder-token' }));

const { register } = await import('tsx/esm/api');
register();
const { startDatalake, syntheticSelect } = await import('@basedosdados/datalake');
const datalake = await startDatalake({ port: 0, host: '127.0.0.1', defaultPageRows: page, maxPageRows: Math.max(page, 100_000), storagePort: 0 });
const storageEndpoint = datalake.storageEndpoint;
if (!storageEndpoint) log('the datalake has no storageEndpoint: every Storage contender will fail');

/** The environment of a child: the caller's, minus anything that could aim a client elsewhere, plus `extra`. */
function childEnv(extra) {
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  for (const name of ['BIGQUERY_EMULATOR_HOST', 'BASEDOSDADOS_BIGQUERY_ENDPOINT', 'BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT', 'BASEDOSDADOS_BILLING_PROJECT_ID', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_APPLICATION_CREDENTIALS', 'PYTHONPATH']) delete env[name];
  return { ...env, ...extra };
}
const node = (mode, args, flags = []) => [process.execPath, [...flags, 'bench/storage-read-child.mjs', mode, JSON.stringify({ url: datalake.url, project: PROJECT, page, ...args })], childEnv({})];
const ts = (build, n, options = {}) => node('read', { sdk: build.sdk, sql: sqlOf(n), options }, build.nodeFlags);
const py = (pythonPath, n, kwargs = {}, mode = 'ours', extra = {}) => [python, ['bench/storage-read.py', mode, JSON.stringify({ project: PROJECT, sql: sqlOf(n), storage_endpoint: storageEndpoint, table: `projects/basedosdados/datasets/br_bd_sintetico/tables/linhas_${n}`, kwargs, ...extra })],
  childEnv({ PYTHONPATH: pythonPath, BASEDOSDADOS_BIGQUERY_ENDPOINT: datalake.url, ...(storageEndpoint ? { BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT: storageEndpoint } : {}) })];
const r = (library, n) => ['Rscript', ['bench/storage-read.R', library, datalake.url, PROJECT, sqlOf(n)], childEnv({ R_PROFILE_USER: '' })];
const storageTs = { readApi: 'storage', storageEndpoint };
const file = (name) => join(scratch, name);
const { baseline, current } = built;

/** Sections: [title, rows, contenders {name: () => [command, args, env]}] */
const sections = {
  1: [`1. TS readSql, ${rows.toLocaleString('en-US')} rows (for await)`, rows, {
    'TS today: REST (17473ec)': () => ts(baseline, rows),
    "TS readApi 'storage'": () => ts(current, rows, storageTs),
    'TS ceiling: same Arrow bytes decoded from memory': () => node('ceiling', { storageEndpoint, table: `projects/basedosdados/datasets/br_bd_sintetico/tables/linhas_${rows}`, arrowValues: resolve('sdk-ts/src/data/arrow-values.ts') }, ['--import', 'tsx']),
  }],
  2: [`2. Python read_sql, ${rows.toLocaleString('en-US')} rows into a pandas DataFrame`, rows, {
    'Python today: REST (17473ec)': () => py(baseline.python, rows),
    'Python read_api="storage"': () => py(current.python, rows, { read_api: 'storage' }),
    'Python ceiling: same IPC bytes -> pyarrow -> DataFrame': () => py(current.python, rows, {}, 'ceiling'),
    'PyPI basedosdados 2.0.3 (use_bqstorage_api)': () => { const [, a] = py('', rows, {}, 'basedosdados'); return [legacyPython, a, childEnv({ HOME: fakeHome, BIGQUERY_EMULATOR_HOST: datalake.url })]; },
    'pandas-gbq read_gbq (use_bqstorage_api)': () => { const [, a] = py('', rows, {}, 'pandas-gbq'); return [python, a, childEnv({ BIGQUERY_EMULATOR_HOST: datalake.url })]; },
  }],
  3: [`3. downloads of ${rows.toLocaleString('en-US')} rows vs DuckDB COPY of the same SELECT`, rows, {
    'TS download -> CSV (storage)': () => node('download', { sdk: current.sdk, sql: sqlOf(rows), options: storageTs, format: 'csv', path: file('ts.csv') }, current.nodeFlags),
    'TS download -> Parquet (storage)': () => node('download', { sdk: current.sdk, sql: sqlOf(rows), options: storageTs, format: 'parquet', path: file('ts.parquet') }, current.nodeFlags),
    'Python download -> CSV (storage)': () => py(current.python, rows, { read_api: 'storage' }, 'ours-download', { format: 'csv', path: file('py.csv') }),
    'Python download -> Parquet (storage)': () => py(current.python, rows, { read_api: 'storage' }, 'ours-download', { format: 'parquet', path: file('py.parquet') }),
    'DuckDB COPY -> CSV': () => node('copy', { sql: syntheticSelect(rows), rows, format: 'csv', path: file('duckdb.csv') }),
    'DuckDB COPY -> Parquet': () => node('copy', { sql: syntheticSelect(rows), rows, format: 'parquet', path: file('duckdb.parquet') }),
  }],
  4: [`4. REST with prefetch vs today's REST, ${prefetchRows.toLocaleString('en-US')} rows`, prefetchRows, {
    'TS today: REST (17473ec) ': () => ts(baseline, prefetchRows),
    "TS readApi 'rest' (prefetch)": () => ts(current, prefetchRows, { readApi: 'rest' }),
    'Python today: REST (17473ec) ': () => py(baseline.python, prefetchRows),
    'Python read_api="rest" (prefetch)': () => py(current.python, prefetchRows, { read_api: 'rest' }),
    'R today: REST (17473ec)': () => r(baseline.rLibrary, prefetchRows),
    'R read_sql (REST, prefetch)': () => r(current.rLibrary, prefetchRows),
  }],
};

/** Ratios of rows/s: [label, numerator, denominator, goal, goal check, the table row it is shown on ('den': the denominator's, else the numerator's)]. */
const ratios = [
  ['TS storage / today REST', "TS readApi 'storage'", 'TS today: REST (17473ec)', '>= 5x', (x) => x >= 5],
  ['TS ceiling / storage', 'TS ceiling: same Arrow bytes decoded from memory', "TS readApi 'storage'", '<= 2x', (x) => x <= 2],
  ['Python storage / today REST', 'Python read_api="storage"', 'Python today: REST (17473ec)', '>= 5x', (x) => x >= 5],
  ['Python ceiling / storage', 'Python ceiling: same IPC bytes -> pyarrow -> DataFrame', 'Python read_api="storage"', '<= 2x', (x) => x <= 2],
  ['Python storage / PyPI basedosdados 2.0.3', 'Python read_api="storage"', 'PyPI basedosdados 2.0.3 (use_bqstorage_api)', '', undefined, 'den'],
  ['Python storage / pandas-gbq', 'Python read_api="storage"', 'pandas-gbq read_gbq (use_bqstorage_api)', '', undefined, 'den'],
  ['DuckDB COPY CSV / TS download CSV', 'DuckDB COPY -> CSV', 'TS download -> CSV (storage)', '<= 3x', (x) => x <= 3, 'den'],
  ['DuckDB COPY Parquet / TS download Parquet', 'DuckDB COPY -> Parquet', 'TS download -> Parquet (storage)', '<= 3x', (x) => x <= 3, 'den'],
  ['DuckDB COPY CSV / Python download CSV', 'DuckDB COPY -> CSV', 'Python download -> CSV (storage)', '<= 3x', (x) => x <= 3, 'den'],
  ['DuckDB COPY Parquet / Python download Parquet', 'DuckDB COPY -> Parquet', 'Python download -> Parquet (storage)', '<= 3x', (x) => x <= 3, 'den'],
  ['TS REST prefetch / today', "TS readApi 'rest' (prefetch)", 'TS today: REST (17473ec) ', '>= 1.5x', (x) => x >= 1.5],
  ['Python REST prefetch / today', 'Python read_api="rest" (prefetch)', 'Python today: REST (17473ec) ', '>= 1.5x', (x) => x >= 1.5],
  ['R REST prefetch / today', 'R read_sql (REST, prefetch)', 'R today: REST (17473ec)', '>= 1.5x', (x) => x >= 1.5],
];

// --- the run --------------------------------------------------------------------------------
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  killChildren();
  await datalake.close();
  rmSync(scratch, { recursive: true, force: true });
  if (removeAtEnd) removeBaseline(root);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop().finally(() => process.exit(130)));

/** One child: its figures, normalised, with the datalake requests it made. */
async function measure(name, spec, n) {
  const [cmd, args, env] = spec();
  datalake.resetStats();
  try {
    const out = await spawnJson(cmd, args, { env, label: name });
    const stats = datalake.stats();
    const idSum = out.idSum ?? out.id_sum;
    const result = { ms: out.ms ?? out.read_ms, rows: out.rows, idSum, rssKiB: out.rssKiB ?? out.rss_kib, importedKiB: out.importedKiB ?? out.imported_kib, bytes: out.bytes, rest: stats.requests.bigquery ?? 0, storage: stats.requests.storage ?? 0, extra: out };
    result.ok = result.rows === n && (idSum === undefined || idSum === null || idSum === (n * (n + 1)) / 2);
    return result;
  } catch (error) {
    const lines = String(error.message ?? error).split('\n').filter(Boolean);
    return { error: [lines[0], ...lines.slice(1).slice(-4)].join(' | ') };
  }
}

const samples = {};
const load = [loadavg()];
try {
  log(`datalake REST ${datalake.url}, Storage ${storageEndpoint}; baseline ${baseline.commit}, current ${current.commit}; ${runs} runs`);
  const warm = await measure('warm-up', sections[1][2]["TS readApi 'storage'"], rows);
  log(`warm-up (TS storage, untimed): ${warm.error ?? `${Math.round(warm.ms)} ms`}`);
  for (const id of [1, 2, 3, 4].filter((s) => only.has(s))) {
    const [title, n, contenders] = sections[id];
    const names = Object.keys(contenders);
    for (const name of names) samples[name] = { section: title, rows: n, runs: [] };
    for (let i = 0; i < runs; i++) {
      for (let j = 0; j < names.length; j++) {
        const name = names[(i + j) % names.length];
        const result = await measure(name, contenders[name], n);
        samples[name].runs.push(result);
        log(`${name}: ${result.error ? `FAILED ${result.error.slice(0, 300)}` : `${Math.round(result.ms)} ms, ${Math.round(result.rssKiB / 1024)} MiB${result.ok ? '' : ' WRONG ROWS'}`}`);
      }
    }
  }
} finally {
  load.push(loadavg());
  await stop();
}

const wrong = printReport({ samples, ratios, rows, prefetchRows, page, runs, command, cores: cpus().length, load, storageEndpoint, baseline, current,
  seconds: (performance.now() - scriptStarted) / 1000 });
if (wrong) process.exitCode = 1;
