/**
 * The one place `release` reaches the spec diff (`generators/src/diff/`,
 * written beside it): when that module's shape changes, only this file does.
 */
import type { IR } from '../ir/types.js';

/** The diff's result, as the issue-19 contract between `diff` and `release` states it. */
export interface SpecChange {
  readonly level: 'breaking' | 'minor' | 'patch';
  readonly rule: string;
  readonly pointer: string;
  readonly message: string;
  /** The languages whose packages it concerns; absent: every package. */
  readonly languages?: readonly string[];
}

export interface SpecDiff {
  readonly bump: 'major' | 'minor' | 'patch' | 'none';
  readonly changes: readonly SpecChange[];
}

interface DiffModule {
  diffSpecs(oldIr: IR, newIr: IR): SpecDiff;
}

/** Thrown when this build of bdgen has no diff module: a release cannot be checked without it. */
export class DiffUnavailableError extends Error {}

// A path in a variable: the module may not exist yet in this tree, and the type checker must not need it.
const DIFF_MODULE = '../diff/index.js';

export async function diffReleases(oldIr: IR, newIr: IR): Promise<SpecDiff> {
  let diff: DiffModule;
  try {
    diff = (await import(DIFF_MODULE)) as DiffModule;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new DiffUnavailableError('this build of bdgen has no spec diff (generators/src/diff/index.ts); a release cannot be checked against the last one without it.');
  }
  return diff.diffSpecs(oldIr, newIr);
}
