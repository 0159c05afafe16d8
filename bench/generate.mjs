#!/usr/bin/env node
/**
 * bench/generate: wall time and peak memory of `bdgen generate` (every ready
 * language) on the bundled spec, beside openapi-typescript's own CLI writing
 * only the types of the same spec. The two run alternately, RUNS times each,
 * so machine noise hits both alike. A benchmark, not a test: it prints figures
 * and the ratio, and never fails on them.
 *
 *   node bench/generate.mjs [RUNS]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats.mjs';

const runs = Number(process.argv[2] ?? 10);
const out = mkdtempSync(join(tmpdir(), 'bench-generate-'));
const spec = 'spec/datalake.yaml';

const commands = {
  'bdgen generate': [process.execPath, 'generators/bin/bdgen.mjs', 'generate', '--spec', spec, '--out', join(out, 'bdgen')],
  'openapi-typescript': [process.execPath, 'node_modules/openapi-typescript/bin/cli.js', spec, '-o', join(out, 'schema.ts')],
};

/** Runs a command under GNU time: wall seconds and peak resident memory (KiB) of the whole process. */
function measure(argv) {
  const reportFile = join(out, 'time.txt');
  const run = spawnSync('/usr/bin/time', ['-o', reportFile, '-f', '%e %M', ...argv], { stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`${argv.join(' ')} exited ${run.status}`);
  const [wall, rssKiB] = readFileSync(reportFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wallMs: wall * 1000, rssMiB: rssKiB / 1024 };
}

const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (const argv of Object.values(commands)) measure(argv); // warm the file cache once
for (let i = 0; i < runs; i++) {
  for (const [name, argv] of Object.entries(commands)) samples[name].push(measure(argv));
}
rmSync(out, { recursive: true, force: true });

const rows = Object.entries(samples).map(([name, s]) => ({
  name,
  wallMs: median(s.map((x) => x.wallMs)),
  minMs: Math.min(...s.map((x) => x.wallMs)),
  rssMiB: Math.max(...s.map((x) => x.rssMiB)),
}));
console.log(`bench/generate: ${runs} alternating runs each, spec ${spec}`);
console.log('command              median wall   min wall   peak RSS');
for (const r of rows) {
  console.log(`${r.name.padEnd(20)} ${`${r.wallMs.toFixed(0)} ms`.padStart(11)} ${`${r.minMs.toFixed(0)} ms`.padStart(10)} ${`${r.rssMiB.toFixed(0)} MiB`.padStart(10)}`);
}
const [bdgen, peer] = rows;
console.log(`ratio bdgen/openapi-typescript: wall ${(bdgen.wallMs / peer.wallMs).toFixed(2)}x, peak RSS ${(bdgen.rssMiB / peer.rssMiB).toFixed(2)}x`);
