/**
 * The `{tmp}` folder of a case: a fresh temporary folder, or a tmpfs of a few
 * KiB (a full disk, for real: no seam in any runtime), holding the case's files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case } from './cases.js';

export interface CaseTmp {
  readonly dir: string;
  /** Names left in the folder. */
  files(): string[];
  /** Unmounts (when mounted) and removes the folder. */
  remove(): void;
}

function mountTmpfs(dir: string, sizeKb: number): string | undefined {
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0777`, 'tmpfs', dir], { encoding: 'utf8' });
  if (result.status === 0) return undefined;
  return (result.error?.message ?? result.stderr.trim()) || `mount exited ${result.status}`;
}

function unmount(dir: string): void {
  if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
}

let probe: string | undefined | null = null;

/** Why a tmpfs cannot be mounted here (mount needs root), or undefined when it can; probed once. */
export function tmpfsUnavailable(): string | undefined {
  if (probe !== null) return probe;
  const dir = mkdtempSync(join(tmpdir(), 'conformance-probe-'));
  const failure = mountTmpfs(dir, 64);
  if (failure === undefined) unmount(dir);
  rmSync(dir, { recursive: true, force: true });
  probe = failure === undefined ? undefined : `a full disk is a tmpfs of a few KiB, and mounting one failed here (it needs root): ${failure}`;
  return probe;
}

/** Makes the case's `{tmp}`; throws when a tmpfs was asked for and cannot be mounted (check {@link tmpfsUnavailable} first). */
export function makeCaseTmp(c: Case): CaseTmp {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-'));
  let mounted = false;
  const remove = () => {
    if (mounted) unmount(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (c.tmp?.size_kb !== undefined) {
      const failure = mountTmpfs(dir, c.tmp.size_kb);
      if (failure !== undefined) throw new Error(`cannot mount a tmpfs for ${c.id}: ${failure}`);
      mounted = true;
    }
    for (const [name, text] of Object.entries(c.tmp?.files ?? {})) writeFileSync(join(dir, name), text);
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, files: () => readdirSync(dir), remove };
}
