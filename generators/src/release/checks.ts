/**
 * The release's checks, each a function with a typed result and nothing
 * written: the spec compiles, the committed generated code is what the spec
 * generates, and the last release is found and diffed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compileSpec, type CompiledSpec } from '../compile.js';
import { emitEach, type EmittedLanguage } from '../generate.js';
import { LANGUAGE_IDS } from '../languages/index.js';
import { PROJECT_ROOT } from '../paths.js';
import { planChanges, type OutputPlan } from '../write/write-files.js';
import { diffReleases, type SpecDiff } from './diff-gate.js';
import { compareVersions, formatVersion, parseVersion, type ReleaseVersion } from './version.js';

export const RELEASES_DIR = 'spec/releases';
export const SPEC_FILE = 'spec/datalake.yaml';

export interface ValidatedSpec {
  readonly compiled: CompiledSpec;
  readonly warnings: number;
}

/** Step 1: the spec loads, lints and builds (errors throw `SpecError`). */
export async function validateSpecStep(root: string): Promise<ValidatedSpec> {
  const compiled = await compileSpec(join(root, SPEC_FILE), { locateWarnings: false });
  return { compiled, warnings: compiled.diagnostics.length };
}

export interface Freshness {
  /** Paths (from the root) that `bdgen generate` would create, update or delete. */
  readonly stale: readonly string[];
  /** Output roots checked (those present in this tree: `out/` is never committed). */
  readonly checked: readonly string[];
  /** The emitted packages, reused to stage the release. */
  readonly outputs: readonly EmittedLanguage[];
  /** Languages whose emitter refused this spec. */
  readonly failed: readonly string[];
}

/** `plan` with its root moved from this project to `root` (the same place in another copy of it). */
export function rebasePlan(plan: OutputPlan, root: string): OutputPlan {
  return { ...plan, root: resolve(root, relative(PROJECT_ROOT, plan.root)) };
}

/** Step 2: what `generate --check` checks, for every language whose output is in `root`. */
export async function freshnessStep(root: string, compiled: CompiledSpec): Promise<Freshness> {
  const outcomes = await emitEach(compiled, { languages: LANGUAGE_IDS });
  const outputs = outcomes.flatMap((o) => (o.ok ? [o.output] : []));
  const present = outputs.map((o) => rebasePlan(o.plan, root)).filter((p) => existsSync(p.root));
  const { changes } = planChanges(present);
  return {
    stale: changes.map((c) => `${c.kind} ${relative(root, c.path)}`),
    checked: present.map((p) => relative(root, p.root)),
    outputs,
    failed: outcomes.filter((o) => !o.ok).map((o) => o.language),
  };
}

export interface LastRelease {
  readonly version: ReleaseVersion;
  readonly file: string;
}

/** The newest `spec/releases/<X.Y.Z>.yaml`, by version; null before the first release. */
export function findLastRelease(root: string): LastRelease | null {
  const dir = join(root, RELEASES_DIR);
  if (!existsSync(dir)) return null;
  const releases = readdirSync(dir)
    .map((name) => ({ name, version: parseVersion(name.replace(/\.yaml$/, '')) }))
    .filter((r): r is { name: string; version: ReleaseVersion } => r.name.endsWith('.yaml') && r.version !== null)
    .sort((a, b) => compareVersions(b.version, a.version));
  const newest = releases[0];
  return newest ? { version: newest.version, file: join(dir, newest.name) } : null;
}

export interface ReleaseDiff {
  readonly last: LastRelease;
  readonly diff: SpecDiff;
}

/** Step 3: the current spec against the last released one. */
export async function diffStep(last: LastRelease, current: CompiledSpec): Promise<ReleaseDiff> {
  const old = await compileSpec(last.file, { lint: false, locateWarnings: false });
  return { last, diff: diffReleases(old.ir, current.ir) };
}

export const lastReleaseLabel = (last: LastRelease | null): string => (last ? `${formatVersion(last.version)} (${RELEASES_DIR}/${formatVersion(last.version)}.yaml)` : 'none');
