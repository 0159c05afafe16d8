#!/usr/bin/env node
/**
 * bench/read-sql (issue #3): how fast the SDK reads a query's rows, beside the
 * raw @google-cloud/bigquery client and beside the ceiling of the wire format
 * (JSON.parse of the very same response pages, no network); and how much
 * memory a large download takes, to CSV and to Parquet.
 *
 * One local datalake runs in this process for the whole benchmark (127.0.0.1,
 * a free port). Everything measured runs in child processes
 * (bench/read-sql-child.mjs) that get its URL, so the server's memory is in
 * no RSS figure and a --cpu-prof of a child is the client's alone. Read times
 * do include waiting for the server, as they would for BigQuery; the "REST
 * pages fetched, not parsed" row is that floor (server + transport).
 *
 * - throughput: one child reads the same result of --rows rows with each
 *   contender, RUNS alternating runs each (first one rotating) after one
 *   warm-up run; median and best, as rows per second. Same page size for all:
 *   the server's page rows (--page), which the raw client and the REST fetch
 *   get since they send no maxResults (Node's maxResults caps the total), and
 *   the SDK's pageSize. The ceiling is JSON.parse of those very pages, fetched
 *   once and kept in memory.
 * - memory: peak RSS (GNU time %M) of a child that downloads --download-rows
 *   rows to CSV, to Parquet, beside a child that only loads the SDK and makes
 *   a client (the baseline) and one that also opens DuckDB; alternating runs.

 * A benchmark, not a test: it prints figures and ratios and never fails on them.
 *
 *   node bench/read-sql.mjs [RUNS=5] [--rows 200000] [--page 10000]
 *                           [--download-rows 1000000] [--download-runs 3] [--profile DIR]
 *
 * --profile DIR writes a --cpu-prof of the throughput child into DIR.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killChildren, spawnJson } from './lib/spawn-json.mjs';
import { median, takeOption } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

// --- arguments -----------------------------------------------------------------
const argv = process.argv.slice(2);
const option = (name, fallback) => takeOption(argv, name, fallback);
const rows = Number(option('rows', 200_000));
const page = Number(option('page', 10_000));
const downloadRows = Number(option('download-rows', 1_000_000));
const downloadRuns = Number(option('download-runs', 3));
const profileDir = option('profile', undefined);
const runs = Number(argv[0] ?? 5);
for (const [name, value] of Object.entries({ RUNS: runs, rows, page, downloadRows, downloadRuns })) {
  if (!Number.isSafeInteger(value) || value < (name === 'downloadRuns' ? 0 : 1)) throw new Error(`bad ${name}: ${value}`);
}

// --- the SDK's build -------------------------------------------------------------
/** Newest modification time under a folder. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return latest;
}
const builtEntry = 'sdk-ts/dist/index.js';
if (!existsSync(builtEntry) || statSync(builtEntry).mtimeMs < newest('sdk-ts/src')) {
  console.error('bench/read-sql: building @basedosdados/sdk (npx tsup in sdk-ts/)...');
  const build = spawnSync('npx', ['tsup'], { cwd: 'sdk-ts', stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error(`npx tsup exited ${build.status}`);
}

// --- children ------------------------------------------------------------------------
const hasGnuTime = existsSync('/usr/bin/time');
const work = mkdtempSync(join(tmpdir(), 'bench-read-sql-'));

/**
 * Runs the child script in `mode` (under GNU time when there is one) while
 * this process keeps serving; resolves with its JSON line, the peak RSS
 * (KiB) and the process's wall time (ms).
 */
async function child(mode, args, { nodeFlags = [], timeoutMs = 150_000 } = {}) {
  const node = [process.execPath, ...nodeFlags, 'bench/read-sql-child.mjs', mode, JSON.stringify(args)];
  const timeFile = join(work, `time-${mode}.txt`);
  const command = hasGnuTime ? ['/usr/bin/time', '-o', timeFile, '-f', '%e %M', ...node] : node;
  const result = await spawnJson(command[0], command.slice(1), { timeoutMs, label: `child ${mode}` });
  if (hasGnuTime) {
    const [wall, rssKiB] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    Object.assign(result, { processMs: wall * 1000, rssKiB });
  } else {
    result.rssKiB = result.maxRssKiB;
  }
  return result;
}

// --- the run ------------------------------------------------------------------------
const { register } = await import('tsx/esm/api');
register();
const { startDatalake } = await import('@basedosdados/datalake');
const datalake = await startDatalake({ port: 0, host: '127.0.0.1', defaultPageRows: page, maxPageRows: Math.max(page, 100_000) });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  killChildren();
  await datalake.close();
  rmSync(work, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void stop().finally(() => process.exit(130)));
}

let throughput;
const memory = { baseline: [], 'baseline + DuckDB opened': [], csv: [], parquet: [] };
try {
  console.error(`bench/read-sql: datalake on ${datalake.url}; reading ${rows} rows, ${runs} runs of each contender...`);
  const profileFlags = profileDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(profileDir)] : [];
  throughput = await child('throughput', { url: datalake.url, runs, rows, page }, { nodeFlags: ['--expose-gc', ...profileFlags] });

  if (downloadRuns > 0) console.error(`bench/read-sql: ${downloadRuns} runs of each download of ${downloadRows} rows...`);
  for (let i = 0; i < downloadRuns; i++) {
    memory.baseline.push(await child('baseline', { url: datalake.url, page }));
    memory['baseline + DuckDB opened'].push(await child('duckdb', { url: datalake.url, page }));
    for (const format of i % 2 ? ['parquet', 'csv'] : ['csv', 'parquet']) {
      const path = join(work, `download.${format}`);
      memory[format].push(await child('download', { url: datalake.url, rows: downloadRows, page, format, path }));
      rmSync(path, { force: true });
    }
  }
} finally {
  await stop();
}

// --- report -----------------------------------------------------------------------------
const int = (n) => Math.round(n).toLocaleString('en-US');
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const x = (ratio) => `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}x`;

const { samples, requests, pages, wireBytes } = throughput;
console.log(`bench/read-sql: SELECT * FROM \`basedosdados.br_bd_sintetico.linhas_${rows}\` (${int(rows)} rows, 6 columns), ` +
  `${int(page)} rows a page (${pages} pages, ${(wireBytes / 2 ** 20).toFixed(1)} MiB of JSON), ${runs} alternating runs each after a warm-up, local datalake in another process`);
console.log('');
console.log(`${'read'.padEnd(38)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'rows/s (median)'.padStart(16)} ${'rows/s (best)'.padStart(14)}   requests per read`);
const speed = {};
for (const [name, ms] of Object.entries(samples)) {
  speed[name] = rows / (median(ms) / 1000);
  console.log(`${name.padEnd(38)} ${`${int(median(ms))} ms`.padStart(9)} ${`${int(Math.min(...ms))} ms`.padStart(9)} ${int(speed[name]).padStart(16)} ${int(rows / (Math.min(...ms) / 1000)).padStart(14)}   ${requests[name]}`);
}
const sdkStream = speed['SDK readSql, for await'];
const sdkArray = speed['SDK readSql, await (array)'];
const raw = speed['@google-cloud/bigquery query()'];
const ceiling = speed['JSON.parse of the pages (no network)'];
const wire = speed['REST pages fetched, not parsed'];
console.log('');
console.log(`SDK / raw client (rows/s):           for await ${x(sdkStream / raw)}, await ${x(sdkArray / raw)}`);
console.log(`SDK / JSON.parse ceiling (rows/s):   for await ${x(sdkStream / ceiling)}, await ${x(sdkArray / ceiling)}  (the ceiling is ${x(ceiling / sdkStream)} the SDK's speed)`);
console.log(`raw client / JSON.parse ceiling:     ${x(raw / ceiling)}`);
console.log(`REST fetch alone (server + transport, no parse) / SDK for-await read time: ${((sdkStream / wire) * 100).toFixed(0)}%`);

if (downloadRuns > 0) {
  const base = median(memory.baseline.map((r) => r.rssKiB));
  console.log('');
  console.log(`download of ${int(downloadRows)} rows (SELECT * FROM linhas_${downloadRows}, ${int(page)} rows a page), ${downloadRuns} alternating runs; peak RSS ${hasGnuTime ? 'by GNU time %M' : 'by process.resourceUsage().maxRSS'}`);
  console.log(`${'child'.padEnd(30)} ${'peak RSS (median)'.padStart(18)} ${'(max)'.padStart(8)} ${'minus baseline'.padStart(15)} ${'wall (median)'.padStart(14)} ${'(min)'.padStart(8)} ${'rows/s'.padStart(8)} ${'file'.padStart(9)}`);
  for (const [name, results] of Object.entries(memory)) {
    const rss = median(results.map((r) => r.rssKiB));
    const download = results[0]?.ms !== undefined;
    const ms = download ? median(results.map((r) => r.ms)) : 0;
    const label = download ? `download -> ${name === 'csv' ? 'CSV' : 'Parquet'}` : name;
    console.log(`${label.padEnd(30)} ${mib(rss).padStart(18)} ${mib(Math.max(...results.map((r) => r.rssKiB))).padStart(8)} ` +
      `${(name === 'baseline' ? '' : `+${mib(rss - base)}`).padStart(15)} ${(download ? `${(ms / 1000).toFixed(2)} s` : '').padStart(14)} ` +
      `${(download ? `${(Math.min(...results.map((r) => r.ms)) / 1000).toFixed(2)} s` : '').padStart(8)} ${(download ? int(downloadRows / (ms / 1000)) : '').padStart(8)} ` +
      `${(download ? `${(results[0].bytes / 2 ** 20).toFixed(1)} MiB` : '').padStart(9)}`);
  }
  console.log('(baseline: a child that loads the SDK and makes a client; wall: the download call alone, inside the child)');
}
if (profileDir) console.log(`\nCPU profile of the throughput child: ${resolve(profileDir)} (open in Chrome DevTools > Performance)`);
console.log('');
console.log(`reproduce: node bench/read-sql.mjs ${runs} --rows ${rows} --page ${page} --download-rows ${downloadRows} --download-runs ${downloadRuns}${profileDir ? ` --profile ${profileDir}` : ''}`);
