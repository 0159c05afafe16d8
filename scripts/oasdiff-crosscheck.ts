/**
 * Cross-checks `bdgen diff` against oasdiff (pinned in scripts/setup-go-tools.sh):
 * every spec pair under tests/specs/diff-pairs/ (a folder with old.yaml and
 * new.yaml) goes through both, each verdict is mapped to breaking, minor, patch
 * or none, and a table says where they agree. A disagreement must be explained
 * in the table of the "Cross-check with oasdiff" section of docs/diff-rules.md;
 * an unexplained one, or an explanation of a pair that no longer disagrees,
 * makes the script exit 1.
 *
 *   node --import tsx scripts/oasdiff-crosscheck.ts [--pairs DIR] [--rules FILE] [--oasdiff BIN]
 *
 * Run `bash scripts/setup-go-tools.sh oasdiff` first to get the binary.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { runCommandLine } from '../generators/src/cli.js';

export type Level = 'breaking' | 'minor' | 'patch' | 'none';

/** What oasdiff says of one change: its check id and level (3 ERR, 2 WARN, 1 INFO). */
interface OasdiffChange {
  readonly id: string;
  readonly level: number;
}

export interface PairVerdict {
  readonly pair: string;
  readonly bdgen: Level;
  readonly oasdiff: Level;
  /** What each tool reported, for the list of disagreements: bdgen's rules, oasdiff's check ids. */
  readonly bdgenRules: string[];
  readonly oasdiffIds: string[];
}

export interface Explanation {
  readonly pair: string;
  readonly bdgen: Level;
  readonly oasdiff: Level;
  readonly reason: string;
}

export interface CrossCheckReport {
  readonly verdicts: PairVerdict[];
  readonly unexplained: PairVerdict[];
  /** Explanations whose pair is missing or whose two levels are no longer the ones observed. */
  readonly stale: Explanation[];
  /** Pairs either tool could not read, with why: a pair must be valid for both. */
  readonly failed: { pair: string; error: string }[];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);
const LEVELS: readonly Level[] = ['breaking', 'minor', 'patch', 'none'];
const isLevel = (value: string | undefined): value is Level => LEVELS.includes(value as Level);
export const SECTION_TITLE = 'Cross-check with oasdiff';

/** The oasdiff version scripts/setup-go-tools.sh pins: the one whose verdicts the explanations describe. */
export function pinnedOasdiffVersion(): string {
  const script = readFileSync(join(root, 'scripts/setup-go-tools.sh'), 'utf8');
  const match = /\[oasdiff\]="github\.com\/oasdiff\/oasdiff@v([\d.]+)"/.exec(script);
  if (!match?.[1]) throw new Error('scripts/setup-go-tools.sh pins no oasdiff version');
  return match[1];
}

/** Folders holding both old.yaml and new.yaml, by name. */
export function findPairs(pairsDir: string): string[] {
  return readdirSync(pairsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(pairsDir, e.name, 'old.yaml')) && existsSync(join(pairsDir, e.name, 'new.yaml')))
    .map((e) => e.name)
    .sort();
}

/** bdgen's level of a pair: the highest level among its changes (the bump also depends on the old major version). */
export function bdgenLevel(changes: readonly { level: string }[]): Level {
  for (const level of ['breaking', 'minor', 'patch'] as const) if (changes.some((c) => c.level === level)) return level;
  return 'none';
}

/**
 * oasdiff's level of a pair: ERR and WARN are what `oasdiff breaking` lists (and
 * what its MISSING-VERSION-BUMP counts), so breaking; an INFO change of
 * `oasdiff changelog` is a change it deems compatible, so minor; oasdiff has no
 * documentation-only class (its changelog leaves descriptions and examples out),
 * so it never says patch.
 */
export function oasdiffLevel(breaking: readonly OasdiffChange[], changelog: readonly OasdiffChange[]): Level {
  if (breaking.some((c) => c.level >= 2) || changelog.some((c) => c.level >= 2)) return 'breaking';
  return changelog.length > 0 ? 'minor' : 'none';
}

async function bdgenVerdict(oldSpec: string, newSpec: string): Promise<{ level: Level; rules: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommandLine(['node', 'bdgen', 'diff', oldSpec, newSpec, '--json'], { out: (l) => out.push(l), err: (l) => err.push(l) });
  if (code !== 0) throw new Error(`bdgen diff ${relative(root, oldSpec)} ${relative(root, newSpec)} exited ${code}: ${err.join('\n').slice(0, 500)}`);
  const diff = JSON.parse(out.join('\n')) as { changes: { level: string; rule: string }[] };
  return { level: bdgenLevel(diff.changes), rules: [...new Set(diff.changes.map((c) => `${c.rule}:${c.level}`))].sort() };
}

async function oasdiffRun(bin: string, command: 'breaking' | 'changelog', oldSpec: string, newSpec: string): Promise<OasdiffChange[]> {
  // No external $refs (the pairs have none) and the pair's folder as cwd, so no .oasdiff.* config is picked up.
  const { stdout } = await run(bin, [command, oldSpec, newSpec, '--format', 'json', '--allow-external-refs=false'], {
    cwd: dirname(oldSpec),
    env: { ...process.env, OASDIFF_CONFIG: '' },
  });
  const parsed = JSON.parse(stdout.trim() || '[]') as OasdiffChange[] | null;
  return parsed ?? [];
}

async function oasdiffVerdict(bin: string, oldSpec: string, newSpec: string): Promise<{ level: Level; ids: string[] }> {
  const [breaking, changelog] = await Promise.all([oasdiffRun(bin, 'breaking', oldSpec, newSpec), oasdiffRun(bin, 'changelog', oldSpec, newSpec)]);
  const label = (c: OasdiffChange) => `${c.id}:${['', 'INFO', 'WARN', 'ERR'][c.level] ?? c.level}`;
  return { level: oasdiffLevel(breaking, changelog), ids: [...new Set([...breaking, ...changelog].map(label))].sort() };
}

/** The rows `| pair | bdgen level | oasdiff level | reason |` of the section's table; backticks around values are allowed. */
export function parseExplanations(markdown: string): Explanation[] {
  const start = markdown.search(new RegExp(`^##+ ${SECTION_TITLE}\\s*$`, 'm'));
  if (start < 0) return [];
  const rest = markdown.slice(start);
  const next = rest.slice(1).search(/^## /m);
  const section = next < 0 ? rest : rest.slice(0, next + 1);
  const explanations: Explanation[] = [];
  for (const line of section.split('\n')) {
    const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/^`|`$/g, ''));
    const [pair, bdgen, oasdiff, ...reason] = cells;
    if (!pair || !isLevel(bdgen) || !isLevel(oasdiff) || reason.length === 0) continue;
    explanations.push({ pair, bdgen, oasdiff, reason: reason.join('|').trim() });
  }
  return explanations;
}

export async function crossCheck(options: { pairsDir: string; rulesFile: string; oasdiffBin: string }): Promise<CrossCheckReport> {
  const verdicts: PairVerdict[] = [];
  const failed: { pair: string; error: string }[] = [];
  // One pair at a time through bdgen (in this process), oasdiff's two runs side by side.
  for (const pair of findPairs(options.pairsDir)) {
    const oldSpec = join(options.pairsDir, pair, 'old.yaml');
    const newSpec = join(options.pairsDir, pair, 'new.yaml');
    try {
      const [ours, theirs] = await Promise.all([bdgenVerdict(oldSpec, newSpec), oasdiffVerdict(options.oasdiffBin, oldSpec, newSpec)]);
      verdicts.push({ pair, bdgen: ours.level, oasdiff: theirs.level, bdgenRules: ours.rules, oasdiffIds: theirs.ids });
    } catch (error) {
      failed.push({ pair, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const explanations = existsSync(options.rulesFile) ? parseExplanations(readFileSync(options.rulesFile, 'utf8')) : [];
  const explains = (v: PairVerdict) => (e: Explanation) => e.pair === v.pair && e.bdgen === v.bdgen && e.oasdiff === v.oasdiff;
  const disagreements = verdicts.filter((v) => v.bdgen !== v.oasdiff);
  return {
    verdicts,
    unexplained: disagreements.filter((v) => !explanations.some(explains(v))),
    stale: explanations.filter((e) => !disagreements.some((v) => explains(v)(e))),
    failed,
  };
}

/** The report as people read it: the table, then every disagreement with what each tool saw. */
export function formatReport(report: CrossCheckReport, explanations: readonly Explanation[]): string {
  const width = Math.max(4, ...report.verdicts.map((v) => v.pair.length));
  const row = ([pair, ours, theirs, agree]: [string, string, string, string]) =>
    `| ${pair.padEnd(width)} | ${ours.padEnd(8)} | ${theirs.padEnd(8)} | ${agree.padEnd(6)} |`;
  const lines = [row(['pair', 'bdgen', 'oasdiff', 'agree?']), `|${'-'.repeat(width + 2)}|----------|----------|--------|`];
  for (const v of report.verdicts) lines.push(row([v.pair, v.bdgen, v.oasdiff, v.bdgen === v.oasdiff ? 'yes' : 'no']));
  const agreed = report.verdicts.filter((v) => v.bdgen === v.oasdiff).length;
  lines.push('', `${report.verdicts.length} pairs: ${agreed} agree, ${report.verdicts.length - agreed} disagree, ${report.unexplained.length} unexplained.`);
  for (const v of report.verdicts.filter((x) => x.bdgen !== x.oasdiff)) {
    const why = explanations.find((e) => e.pair === v.pair && e.bdgen === v.bdgen && e.oasdiff === v.oasdiff);
    lines.push('', `${v.pair}: bdgen ${v.bdgen} (${v.bdgenRules.join(', ') || 'no change'}), oasdiff ${v.oasdiff} (${v.oasdiffIds.join(', ') || 'no change'})`);
    lines.push(why ? `  explained: ${why.reason}` : `  UNEXPLAINED: fix bdgen diff or explain it in the "${SECTION_TITLE}" table of docs/diff-rules.md`);
  }
  for (const f of report.failed) lines.push('', `FAILED ${f.pair}: ${f.error.split('\n')[0]}`);
  for (const e of report.stale) lines.push('', `STALE explanation: ${e.pair} (bdgen ${e.bdgen}, oasdiff ${e.oasdiff}) no longer matches a disagreement; update the table`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', default: join(root, 'tests/specs/diff-pairs') },
      rules: { type: 'string', default: join(root, 'docs/diff-rules.md') },
      oasdiff: { type: 'string', default: join(root, '.tools/bin/oasdiff') },
    },
  });
  const bin = resolve(values.oasdiff);
  if (!existsSync(bin)) {
    console.error(`oasdiff-crosscheck: no oasdiff at ${bin}; run: bash scripts/setup-go-tools.sh oasdiff`);
    return 2;
  }
  const pinned = pinnedOasdiffVersion();
  const { stdout: version } = await run(bin, ['--version']);
  if (!version.includes(`version ${pinned}`)) {
    console.error(`oasdiff-crosscheck: ${bin} is '${version.trim()}', not the pinned ${pinned}; run: bash scripts/setup-go-tools.sh oasdiff`);
    return 2;
  }
  const rulesFile = resolve(values.rules);
  const report = await crossCheck({ pairsDir: resolve(values.pairs), rulesFile, oasdiffBin: bin });
  const explanations = existsSync(rulesFile) ? parseExplanations(readFileSync(rulesFile, 'utf8')) : [];
  console.log(`bdgen diff against oasdiff ${pinned}\n`);
  console.log(formatReport(report, explanations));
  return report.unexplained.length + report.stale.length + report.failed.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`oasdiff-crosscheck: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
