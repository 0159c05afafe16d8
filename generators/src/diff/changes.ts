/**
 * What `bdgen diff` reports: every change between two specs' IRs, each with
 * the JSON pointer it is at (in the new spec; in the old one for a removal),
 * its level and the rule that classed it (docs/diff-rules.md).
 */
export type ChangeLevel = 'breaking' | 'minor' | 'patch';
export type Bump = 'major' | 'minor' | 'patch' | 'none';

export interface SpecChange {
  readonly level: ChangeLevel;
  readonly rule: string;
  readonly pointer: string;
  readonly message: string;
  /** Set when the change concerns only these languages' packages (an alias, a package name). */
  readonly languages?: string[];
}

export interface SpecDiff {
  readonly bump: Bump;
  readonly changes: SpecChange[];
}

/** Collects changes once each: a schema reached from many operations is reported at its own pointer, once. */
export class ChangeLog {
  private readonly seen = new Set<string>();
  readonly changes: SpecChange[] = [];

  add(level: ChangeLevel, rule: string, pointer: string, message: string, languages?: string[]): void {
    const key = `${rule}\u0000${pointer}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.changes.push({ level, rule, pointer, message, ...(languages ? { languages } : {}) });
  }

  breaking(rule: string, pointer: string, message: string, languages?: string[]): void {
    this.add('breaking', rule, pointer, message, languages);
  }

  minor(rule: string, pointer: string, message: string, languages?: string[]): void {
    this.add('minor', rule, pointer, message, languages);
  }

  patch(rule: string, pointer: string, message: string, languages?: string[]): void {
    this.add('patch', rule, pointer, message, languages);
  }
}

const LEVEL_ORDER: readonly ChangeLevel[] = ['breaking', 'minor', 'patch'];

/** Breaking first, then by pointer and rule: the same two specs always list the same way. */
export function sortChanges(changes: readonly SpecChange[]): SpecChange[] {
  const key = (c: SpecChange) => `${LEVEL_ORDER.indexOf(c.level)}\u0000${c.pointer}\u0000${c.rule}\u0000${c.message}`;
  return [...changes].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The semver bump the changes imply. Below 1.0.0 semver lets anything change
 * (its rule 4); we follow Cargo's and npm's caret reading of 0.y.z, where y is
 * the breaking position: a breaking change bumps the minor version there.
 */
export function impliedBump(changes: readonly SpecChange[], oldMajor: number): Bump {
  if (changes.some((c) => c.level === 'breaking')) return oldMajor === 0 ? 'minor' : 'major';
  if (changes.some((c) => c.level === 'minor')) return 'minor';
  if (changes.some((c) => c.level === 'patch')) return 'patch';
  return 'none';
}

/** Whether two JSON values (an example, a default) are the same; absent is null. */
export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
