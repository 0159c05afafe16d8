#!/usr/bin/env node
/**
 * bench/generate: the CPU time (user + sys of the child process, from GNU
 * time) of `bdgen generate --lang ts,python` beside openapi-typescript's own
 * CLI writing only the types, on the same specs: synthetic ones of 10, 100,
 * 1,000 and 10,000 operations (bench/generate-spec.mjs, the same bytes every
 * run), GitHub's (the corpus's, fetched with npm pack) and ours. The two run
 * alternately, RUNS times each, so machine noise hits both alike. Prints the
 * medians, the ratio, and how CPU grows with the operations (10x the
 * operations should cost 10x, not 100x). A benchmark: it never fails on figures.
 *
 *   node bench/generate.mjs [RUNS] [--sizes 10,100,1000,10000] [--no-github]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchSpec, loadManifest } from '../scripts/corpus-fetch.mjs';
import { countOperations, formatTable } from '../scripts/corpus-lib.mjs';
import { syntheticSpec } from './generate-spec.mjs';
import { median } from './stats.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const sizes = (option('--sizes') ?? '10,100,1000,10000').split(',').map(Number);
const github = !args.includes('--no-github');
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const work = mkdtempSync(join(tmpdir(), 'bench-generate-'));

const specs = sizes.map((n) => {
  const file = join(work, `synthetic-${n}.json`);
  writeFileSync(file, JSON.stringify(syntheticSpec(n), null, 2));
  return { name: `synthetic ${n}`, file, operations: n, synthetic: true };
});
if (github) {
  const file = fetchSpec(loadManifest().specs.find((s) => s.id === 'github'));
  specs.push({ name: 'github', file, operations: countOperations(JSON.parse(readFileSync(file, 'utf8'))) });
}
specs.push({ name: 'datalake (ours)', file: 'spec/datalake.yaml', operations: null });

/** CPU seconds (user + sys), wall seconds and peak RSS (MiB) of one run, under GNU time. */
function measure(argv) {
  const report = join(work, 'time.txt');
  const run = spawnSync('/usr/bin/time', ['-o', report, '-f', '%U %S %e %M', ...argv], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${argv.join(' ')} exited ${run.status}: ${run.stderr.split('\n').slice(-5).join('\n')}`);
  const [user, sys, wall, rssKiB] = readFileSync(report, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { cpu: user + sys, wall, rss: rssKiB / 1024 };
}

const rows = [];
for (const spec of specs) {
  const commands = {
    bdgen: [process.execPath, 'generators/bin/bdgen.mjs', 'generate', '--spec', spec.file, '--lang', 'ts,python', '--out', join(work, 'out')],
    'openapi-typescript': [process.execPath, 'node_modules/openapi-typescript/bin/cli.js', spec.file, '-o', join(work, 'schema.ts')],
  };
  const samples = { bdgen: [], 'openapi-typescript': [] };
  for (const argv of Object.values(commands)) measure(argv); // warm the file and compile caches
  for (let i = 0; i < runs; i++) for (const [name, argv] of Object.entries(commands)) samples[name].push(measure(argv));
  const of = (name, key) => median(samples[name].map((s) => s[key]));
  const row = {
    spec: spec.name,
    operations: spec.operations ?? '',
    bdgen: of('bdgen', 'cpu'),
    peer: of('openapi-typescript', 'cpu'),
    bdgenRss: Math.max(...samples.bdgen.map((s) => s.rss)),
    synthetic: spec.synthetic === true,
  };
  rows.push(row);
  process.stderr.write(`bench/generate: ${spec.name} bdgen ${row.bdgen.toFixed(2)} s, openapi-typescript ${row.peer.toFixed(2)} s CPU\n`);
}
rmSync(work, { recursive: true, force: true });

const synthetic = rows.filter((r) => r.synthetic);
console.log(`bench/generate: CPU time (user + sys), median of ${runs} alternating runs each; bdgen generate --lang ts,python vs openapi-typescript (types only)`);
console.log(formatTable([
  { key: 'spec', title: 'spec' },
  { key: 'operations', title: 'operations', align: 'right' },
  { key: 'bdgenCpu', title: 'bdgen CPU s', align: 'right' },
  { key: 'peerCpu', title: 'openapi-ts CPU s', align: 'right' },
  { key: 'ratio', title: 'ratio', align: 'right' },
  { key: 'growth', title: 'bdgen growth', align: 'right' },
  { key: 'peerGrowth', title: 'openapi-ts growth', align: 'right' },
  { key: 'rss', title: 'bdgen peak RSS', align: 'right' },
], rows.map((r) => {
  const before = synthetic[synthetic.indexOf(r) - 1];
  const growth = (now, then) => (r.synthetic && before ? `x${(now / then).toFixed(1)} for x${r.operations / before.operations} ops` : '');
  return {
    spec: r.spec,
    operations: r.operations.toLocaleString?.('en-US') ?? r.operations,
    bdgenCpu: r.bdgen.toFixed(2),
    peerCpu: r.peer.toFixed(2),
    ratio: `${(r.bdgen / r.peer).toFixed(2)}x`,
    growth: growth(r.bdgen, before?.bdgen),
    peerGrowth: growth(r.peer, before?.peer),
    rss: `${r.bdgenRss.toFixed(0)} MiB`,
  };
})));
