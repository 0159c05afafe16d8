#!/usr/bin/env node
/**
 * The spec fuzzer: seeded mutations (scripts/fuzz/mutations.ts) of our spec,
 * the fixture specs and, when .corpus/ exists (npm run corpus fetches it),
 * the smaller real specs, each generated in every language by the command
 * line in-process. Every mutant must either exit 0 with packages that build
 * (one tsc program, one Python process, one Rscript, the Stata checker for
 * all of them: scripts/fuzz/build-check.ts) or exit 2 with paragraphs naming
 * the file, the pointer and the rule; never throw (a stack trace, exit 1),
 * never write outside --out. Prints each mutant, then counts per kind.
 *
 *   npm run fuzz -- --seed 7 --count 200        # default seed 1, count 36
 *   node --import tsx scripts/fuzz/fuzz.ts --no-corpus --seed 1 --count 36   # npm test's slice
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { runCommandLine } from '../../generators/src/cli.js';
import { checkBuilds } from './build-check.js';
import { MUTATIONS, MUTATION_KINDS, type Mutant, type MutationKind } from './mutations.js';
import { type Json, Rng } from './sites.js';
import { classifyRun, type Verdict } from './verdict.js';

const REPO = resolve(import.meta.dirname, '../..');
// Inside the repository, so the generated TS packages resolve @types/node from its node_modules.
const WORK = join(REPO, '.bdgen-tmp-fuzz');
const CORPUS_MAX_BYTES = 700_000;
const BUILD_BATCH = 16;

interface Base {
  readonly id: string;
  readonly root: Json;
  /** The spec's other files (a multi-file spec's components), by path from its folder. */
  readonly files: ReadonlyMap<string, string>;
}

const EVERY_LANGUAGE = 'ts,python,r,stata';

function filesUnder(dir: string, from = dir): string[] {
  return readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry);
    return lstatSync(path).isDirectory() ? filesUnder(path, from) : [relative(from, path)];
  });
}

function loadBase(id: string, file: string): Base {
  // A byte-order mark opens some real specs (dialogporten's); JSON.parse refuses it.
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const root = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 })) as Json;
  const folder = dirname(file);
  // A fixture's folder is its spec; the corpus folder holds many specs of one file each.
  const others = file.includes('/tests/specs/') ? filesUnder(folder).filter((f) => f !== relative(folder, file)) : [];
  return { id, root, files: new Map(others.map((f) => [f, readFileSync(join(folder, f), 'utf8')])) };
}

function bases(corpus: boolean): Base[] {
  const found = [
    loadBase('datalake', join(REPO, 'spec/datalake.yaml')),
    ...['tricky', 'hostile', 'hostile-code'].map((f) => loadBase(f, join(REPO, 'tests/specs/fixtures', f, 'openapi.yaml'))),
  ];
  const corpusDir = join(REPO, '.corpus');
  if (corpus && existsSync(corpusDir)) {
    for (const f of readdirSync(corpusDir).sort()) {
      const path = join(corpusDir, f);
      if (/\.(json|ya?ml)$/.test(f) && statSync(path).size <= CORPUS_MAX_BYTES) found.push(loadBase(`corpus:${f.replace(/\.\w+$/, '')}`, path));
    }
  }
  return found;
}

/** Size and modification time of every file under `dir` but `skip`: what a run may not change. */
function snapshot(dir: string, skip: string): Map<string, string> {
  const seen = new Map<string, string>();
  for (const f of filesUnder(dir)) {
    const path = join(dir, f);
    if (path === skip || path.startsWith(`${skip}/`)) continue;
    const s = lstatSync(path);
    seen.set(f, `${s.size}:${s.mtimeMs}`);
  }
  return seen;
}

interface Tried {
  readonly index: number;
  readonly kind: MutationKind;
  readonly base: string;
  readonly did: string;
  readonly out: string;
  verdict: Verdict;
}

/** Writes the spec and its files under `dir`/spec, runs generate --out `dir`/out, and judges the run (builds come later). */
async function generateIn(dir: string, spec: Json, base: Base, mutant: Mutant, lang: string): Promise<Verdict> {
  const specDir = join(dir, 'spec');
  const out = join(dir, 'out');
  mkdirSync(specDir, { recursive: true });
  for (const [path, content] of [...base.files, ...(mutant.files ?? [])]) {
    const target = join(specDir, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof content === 'string') writeFileSync(target, content);
    else symlinkSync(content.link, target);
  }
  const specFile = join(specDir, 'openapi.json');
  writeFileSync(specFile, JSON.stringify(spec, null, 1));
  const before = snapshot(dir, out);
  const lines = { out: [] as string[], err: [] as string[] };
  let code: number | 'threw';
  try {
    code = await runCommandLine(['node', 'bdgen', 'generate', '--spec', specFile, '--out', out, '--lang', lang], { out: (l) => lines.out.push(l), err: (l) => lines.err.push(l) });
  } catch (error) {
    code = 'threw';
    lines.err.push(error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error));
  }
  const after = snapshot(dir, out);
  const changed = [...after].filter(([f, stamp]) => before.get(f) !== stamp).map(([f]) => f);
  const written = existsSync(out) ? readdirSync(out) : [];
  return classifyRun({ code, stderr: lines.err.join('\n'), changedOutsideOut: changed, outFiles: existsSync(out) ? filesUnder(out).length : 0, outLanguages: written });
}

async function runMutant(index: number, seed: number, kind: MutationKind, base: Base): Promise<Tried> {
  const rng = new Rng(seed * 1_000_003 + index);
  const spec = structuredClone(base.root);
  const mutant = MUTATIONS[kind](spec, rng);
  const dir = join(WORK, String(index));
  const verdict = await generateIn(dir, spec, base, mutant, EVERY_LANGUAGE);
  return { index, kind, base: base.id, did: mutant.did, out: join(dir, 'out'), verdict };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, count: { type: 'string', default: '36' }, 'no-corpus': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } } });
  const seed = Number(values.seed);
  const count = Number(values.count);
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(count) || count < 1) {
    console.error('fuzz: --seed and --count take whole numbers (--count at least 1).');
    return 2;
  }
  const pool = bases(!values['no-corpus']);
  rmSync(WORK, { recursive: true, force: true });
  const started = performance.now();
  const tried: Tried[] = [];
  for (let i = 0; i < count; i++) {
    const kind = MUTATION_KINDS[i % MUTATION_KINDS.length]!;
    const base = pool[Math.floor(i / MUTATION_KINDS.length) % pool.length]!;
    tried.push(await runMutant(i, seed, kind, base));
  }
  const generated = performance.now();
  // A partial run's written languages must build as much as a full run's.
  const built = tried.filter((t) => t.verdict.outcome === 'exit 0' || t.verdict.outcome === 'partial');
  for (let i = 0; i < built.length; i += BUILD_BATCH) {
    const batch = built.slice(i, i + BUILD_BATCH);
    for (const failure of checkBuilds(batch.map((t) => t.out))) {
      const t = batch.find((b) => b.out === failure.root)!;
      t.verdict = { outcome: 'failure', reason: `${failure.language} does not build: ${failure.message.split('\n')[0]}` };
    }
  }
  for (const t of tried) {
    const v = t.verdict;
    const shown = v.outcome === 'failure' ? `FAIL ${v.reason}` : v.outcome === 'exit 2' ? `exit 2 [${v.rules.join(', ')}]`
      : v.outcome === 'partial' ? `exit 2 for ${v.failed.join(', ')} [${v.rules.join(', ')}], the others build` : 'exit 0, builds in every language';
    console.log(`#${String(t.index).padStart(3)} ${t.kind.padEnd(13)} ${t.base.padEnd(22)} ${t.did.slice(0, 110)}\n      -> ${shown}`);
  }
  printSummary(tried, seed, (generated - started) / 1000, (performance.now() - generated) / 1000);
  const failed = tried.filter((t) => t.verdict.outcome === 'failure');
  if (failed.length === 0 && !values.keep) rmSync(WORK, { recursive: true, force: true });
  else console.log(`\nThe mutants are in ${relative(REPO, WORK)}/<#>/spec (rerun one: npx bdgen generate --spec .bdgen-tmp-fuzz/<#>/spec/openapi.json --out /tmp/x).`);
  return failed.length === 0 ? 0 : 1;
}

function printSummary(tried: readonly Tried[], seed: number, generateSeconds: number, buildSeconds: number): void {
  console.log(`\nbdgen fuzz: seed ${seed}, ${tried.length} mutants (generate ${generateSeconds.toFixed(1)} s, build ${buildSeconds.toFixed(1)} s)\n`);
  console.log(`${'kind'.padEnd(14)}${'tried'.padStart(6)}${'exit 0'.padStart(8)}${'exit 2'.padStart(8)}${'partial'.padStart(8)}${'failed'.padStart(8)}`);
  for (const kind of [...MUTATION_KINDS, 'all'] as const) {
    const rows = tried.filter((t) => kind === 'all' || t.kind === kind);
    const n = (o: Verdict['outcome']) => String(rows.filter((t) => t.verdict.outcome === o).length).padStart(8);
    console.log(`${kind.padEnd(14)}${String(rows.length).padStart(6)}${n('exit 0')}${n('exit 2')}${n('partial')}${n('failure')}`);
  }
  const held = tried.filter((t) => t.verdict.outcome !== 'failure').length;
  console.log(`\n${held} passed, ${tried.length - held} failed`);
}

process.exitCode = await main();
