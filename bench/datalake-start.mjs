#!/usr/bin/env node
/**
 * bench/datalake-start (issue #15): how long the local datalake takes to start,
 * beside the floor of anything that embeds DuckDB (a bare in-memory instance
 * created and connected), and how long the translator takes on the longest
 * hostile query of the probe corpus (300,000 divisions in a row).
 *
 * These were test assertions once ("starts in under 2 s"); on a loaded machine
 * they failed for no fault of the code. A timing is a figure: this prints
 * figures and ratios and never fails on them.
 *
 * - warm start: startDatalake() until it listens (catalogue seeded into
 *   DuckDB, the backend replica's rows and GraphQL schema built, engine
 *   locked), then close(); alternating with the bare DuckDB instance, RUNS
 *   runs each after one warm-up, in this process.
 * - cold start: a fresh `node` child that loads the datalake's modules (through
 *   tsx) and starts it, until it prints its URL; alternating with a child that
 *   only loads @duckdb/node-api and creates an instance.
 * - the division rewrite: translateSql of `SELECT 1/1/.../1` (300,000 `/`).
 *
 *   node bench/datalake-start.mjs [RUNS=5]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: node bench/datalake-start.mjs [RUNS]');
  process.exit(2);
}

const { register } = await import('tsx/esm/api');
register();
const { startDatalake } = await import('@basedosdados/datalake');
const { translateSql } = await import('../datalake/src/sql/translate.ts');
const { DuckDBInstance } = await import('@duckdb/node-api');

const ms = async (work) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};
const contenders = {
  'startDatalake() until it listens': async () => (await startDatalake({ port: 0, host: '127.0.0.1' })).close(),
  'bare DuckDB :memory: instance + connection': async () => {
    const instance = await DuckDBInstance.create(':memory:');
    (await instance.connect()).closeSync();
    instance.closeSync();
  },
};

/** Milliseconds from spawning `node` until the child prints its first line. */
function coldChild(script) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let done = false;
    child.stdout.once('data', () => {
      done = true;
      resolve(performance.now() - started);
    });
    child.once('exit', (code) => (done ? undefined : reject(new Error(`child exited ${code} before it started`))));
  });
}
const coldContenders = {
  'node + datalake modules + startDatalake()': `import { startDatalake } from '@basedosdados/datalake';
const dl = await startDatalake({ port: 0, host: '127.0.0.1' }); console.log(dl.url); await dl.close();`,
  'node + @duckdb/node-api + an instance': `import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:'); console.log('ok'); db.closeSync();`,
};

/** Runs each contender once per round, the first one rotating, after one warm-up round. */
async function alternate(entries, measure) {
  const samples = Object.fromEntries(entries.map(([name]) => [name, []]));
  for (let round = -1; round < runs; round++) {
    for (let k = 0; k < entries.length; k++) {
      const [name, what] = entries[(k + Math.max(0, round)) % entries.length];
      const t = await measure(what);
      if (round >= 0) samples[name].push(t);
    }
  }
  return samples;
}

function print(title, samples) {
  const names = Object.keys(samples);
  const floor = median(samples[names[1]]);
  console.log(`\n${title}`);
  for (const name of names) {
    const m = median(samples[name]);
    const ratio = name === names[1] ? '' : `  (${(m / floor).toFixed(1)}x the floor)`;
    console.log(`  ${name.padEnd(46)} median ${m.toFixed(0).padStart(6)} ms  best ${Math.min(...samples[name]).toFixed(0).padStart(6)} ms${ratio}`);
  }
}

console.error(`bench/datalake-start: ${runs} alternating runs of each, after a warm-up...`);
print('Warm start (in this process)', await alternate(Object.entries(contenders), ms));
print('Cold start (a fresh node process)', await alternate(Object.entries(coldContenders), coldChild));

const divisions = `SELECT 1${'/1'.repeat(300_000)}`;
const rewrite = [];
for (let i = 0; i < runs; i++) rewrite.push(await ms(async () => translateSql(divisions, { defaultProject: 'bench' })));
console.log(`\nThe division rewrite of 300,000 divisions in a row: median ${median(rewrite).toFixed(0)} ms, best ${Math.min(...rewrite).toFixed(0)} ms`);
