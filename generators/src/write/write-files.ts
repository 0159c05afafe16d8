/**
 * Write stage: the only code that writes to disk. Each file is written to a
 * temporary sibling and renamed, so an interrupted run never leaves a
 * half-written file; files that would not change are left alone.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { GeneratedFile } from '../emit/types.js';

export interface OutputPlan {
  /** Absolute output root of one language. */
  readonly root: string;
  readonly files: readonly GeneratedFile[];
  /** Folders under `root` that hold only generated files. */
  readonly ownedDirs: readonly string[];
  /** Names its language's tools leave in owned folders (caches, builds): never deleted, never reported. */
  readonly leftovers?: RegExp;
}

export type ChangeKind = 'create' | 'update' | 'delete';

export interface FileChange {
  /** Absolute path. */
  readonly path: string;
  readonly kind: ChangeKind;
}

export interface WriteReport {
  readonly changes: readonly FileChange[];
  /** Absolute paths of files already up to date. */
  readonly unchanged: readonly string[];
}

/** What writing the plans would change, without touching disk. */
export function planChanges(plans: readonly OutputPlan[]): WriteReport {
  const changes: FileChange[] = [];
  const unchanged: string[] = [];
  for (const plan of plans) {
    const emitted = new Set<string>();
    for (const file of plan.files) {
      const path = join(plan.root, ...file.path.split('/'));
      emitted.add(path);
      if (!existsSync(path)) changes.push({ path, kind: 'create' });
      else if (readFileSync(path, 'utf8') !== file.contents) changes.push({ path, kind: 'update' });
      else unchanged.push(path);
    }
    for (const dir of plan.ownedDirs) {
      for (const path of listFiles(join(plan.root, ...dir.split('/')), plan.leftovers ?? NOTHING)) {
        if (!emitted.has(path)) changes.push({ path, kind: 'delete' });
      }
    }
  }
  return { changes: changes.sort((a, b) => a.path.localeCompare(b.path)), unchanged: unchanged.sort() };
}

/** Writes the plans and returns what changed. */
export function writeOutputs(plans: readonly OutputPlan[]): WriteReport {
  const report = planChanges(plans);
  const contents = new Map(plans.flatMap((p) => p.files.map((f) => [join(p.root, ...f.path.split('/')), f.contents] as const)));
  for (const change of report.changes) {
    if (change.kind === 'delete') {
      rmSync(change.path, { force: true });
      continue;
    }
    mkdirSync(dirname(change.path), { recursive: true });
    const temporary = `${change.path}.bdgen-${process.pid}.tmp`;
    try {
      writeFileSync(temporary, contents.get(change.path)!);
      renameSync(temporary, change.path);
    } finally {
      rmSync(temporary, { force: true });
    }
  }
  return report;
}

const NOTHING = /$^/;

function listFiles(root: string, leftovers: RegExp): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(root)) {
    if (leftovers.test(entry)) continue;
    const full = join(root, entry);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, leftovers));
    else out.push(full);
  }
  return out;
}

export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel.split(sep).join('/');
}
