#!/usr/bin/env node
/**
 * bench/r-read-prefetch (issue #20): the R package's read_sql of --rows rows
 * over REST, this tree's runtime (the next page requested while this one is
 * converted) beside the runtime of --before (default f3cb2eb, the commit
 * before the prefetch), both reading the same result from one local datalake.
 *
 * The package is generated once (`bdgen generate --lang r --out`); the
 * "before" copy gets the R runtime files of --before (git show), so the two
 * differ only in their runtime. Each is installed into its own library under
 * a temporary folder, removed at the end. Each read runs in a fresh Rscript
 * (bench/r-read-prefetch.R) that prints the read_sql call's time; one warm-up
 * of each, then RUNS runs of each, alternating. Every read is checked: --rows
 * rows and sum(id) = n(n+1)/2. A benchmark, not a test: it prints figures and
 * ratios and never fails on them (it exits 1 only on a wrong result).
 *
 *   node bench/r-read-prefetch.mjs [RUNS=5] [--rows 200000] [--page 10000] [--before REF]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, takeOption } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const argv = process.argv.slice(2);
const rows = Number(takeOption(argv, 'rows', 200_000));
const page = Number(takeOption(argv, 'page', 10_000));
const before = takeOption(argv, 'before', 'f3cb2eb');
const runs = Number(argv[0] ?? 5);
for (const [name, value] of Object.entries({ RUNS: runs, rows, page })) {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`bad ${name}: ${value}`);
}

function must(command, args, options = {}) {
  const done = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  if (done.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${done.stdout}${done.stderr}`);
  return done.stdout;
}

const scratch = mkdtempSync(join(tmpdir(), 'bdgen-r-prefetch-'));
const { register } = await import('tsx/esm/api');
register();
const { startDatalake } = await import('@basedosdados/datalake');
const datalake = await startDatalake({ port: 0, host: '127.0.0.1', defaultPageRows: page, maxPageRows: Math.max(page, 100_000) });
try {
  console.error(`bench/r-read-prefetch: building the package, this tree's runtime and ${before}'s...`);
  must(process.execPath, ['generators/bin/bdgen.mjs', 'generate', '--lang', 'r', '--out', join(scratch, 'after')]);
  must('cp', ['-r', join(scratch, 'after', 'r'), join(scratch, 'before-r')]);
  const runtime = 'generators/src/languages/r/runtime/R';
  for (const file of must('git', ['ls-tree', '--name-only', `${before}:${runtime}`]).trim().split('\n')) {
    writeFileSync(join(scratch, 'before-r', 'R', file), must('git', ['show', `${before}:${runtime}/${file}`]));
  }
  const libraries = { [`before (${before})`]: join(scratch, 'lib-before'), 'after (this tree)': join(scratch, 'lib-after') };
  const folders = [join(scratch, 'before-r'), join(scratch, 'after', 'r')];
  Object.values(libraries).forEach((library, i) => {
    mkdirSync(library);
    must('R', ['CMD', 'INSTALL', '--no-test-load', '-l', library, folders[i]]);
  });

  const sql = `SELECT * FROM \`basedosdados.br_bd_sintetico.linhas_${rows}\``;
  // Asynchronous: the datalake answers from this process's event loop.
  const child = (library) => new Promise((resolve, reject) => {
    const proc = spawn('Rscript', ['bench/r-read-prefetch.R', library, datalake.url, sql, String(page)], { env: { ...process.env, R_PROFILE_USER: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.stderr.on('data', (chunk) => (out += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`Rscript failed (${code}):\n${out}`))));
  });
  const read = async (library) => {
    const out = await child(library);
    const result = JSON.parse(out.trim().split('\n').pop());
    if (result.rows !== rows || result.id_sum !== (rows * (rows + 1)) / 2) {
      console.error(`wrong result from ${library}: ${JSON.stringify(result)}`);
      process.exit(1);
    }
    return result.read_ms;
  };
  const names = Object.keys(libraries);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = -1; round < runs; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + Math.max(0, round)) % names.length];
      const ms = await read(libraries[name]);
      if (round >= 0) samples[name].push(ms);
    }
  }
  const base = median(samples[names[0]]);
  console.log(`\nR read_sql of ${rows.toLocaleString('en')} rows over REST, pages of ${page.toLocaleString('en')} rows, ${runs} alternating runs each`);
  for (const name of names) {
    const m = median(samples[name]);
    console.log(`  ${name.padEnd(24)} median ${m.toFixed(0).padStart(6)} ms  ${Math.round(rows / (m / 1000)).toLocaleString('en').padStart(8)} rows/s  best ${Math.min(...samples[name]).toFixed(0).padStart(6)} ms  (${(base / m).toFixed(2)}x)`);
  }
} finally {
  await datalake.close();
  rmSync(scratch, { recursive: true, force: true });
}
