/**
 * A language's API-surface listing (`API.txt`, one line per public name) and
 * how two listings of one language compare: a line removed or changed breaks
 * that language's users, a line added is minor.
 */
import type { GeneratedFile } from '../emit/types.js';

/** The file each package ships its listing as, at its root. */
export const SURFACE_FILE = 'API.txt';

/** The listing as a generated file: its lines sorted (by code unit, the same on every machine) and deduplicated. */
export function surfaceFile(lines: readonly string[]): GeneratedFile {
  return { path: SURFACE_FILE, contents: `${[...new Set(lines)].sort().join('\n')}\n` };
}

/** The lines of an `API.txt` as it was written. */
export const parseSurface = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');

export interface SurfaceChange {
  readonly level: 'breaking' | 'minor';
  /** `- <line>` removed, `+ <line>` added, `~ <old> -> <new>` changed. */
  readonly line: string;
}

/** What names a line: the text before its first `(` or `:` (a function, a field, an option keyword). */
export function symbolKey(line: string): string {
  const at = line.search(/[(:]/);
  return (at < 0 ? line : line.slice(0, at)).trim();
}

/** `name(a, b = 1): T` -> its parameters split at top-level commas, and what is around them; null for a line without one. */
function callParts(line: string): { readonly head: string; readonly params: string[]; readonly tail: string } | null {
  const open = line.indexOf('(');
  if (open < 0) return null;
  let depth = 0;
  let quote: string | null = null;
  let start = open + 1;
  const params: string[] = [];
  for (let i = open; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if ('([{<'.includes(c)) {
      depth++;
    } else if (')]}>'.includes(c) && !(c === '>' && (line[i - 1] === '-' || line[i - 1] === '='))) {
      depth--;
      if (depth === 0) {
        const last = line.slice(start, i).trim();
        if (last !== '') params.push(last);
        return { head: line.slice(0, open), params, tail: line.slice(i + 1) };
      }
    } else if (c === ',' && depth === 1) {
      params.push(line.slice(start, i).trim());
      start = i + 1;
    }
  }
  return null;
}

/** A parameter a caller may leave out: it has a default (`x = 1`, `x: T = None`) or is optional (`x?: T`). */
const isOptionalParam = (param: string): boolean => /^[^:=]*\?:/.test(param) || /\s=\s/.test(param);

/**
 * Whether `after` only adds parameters callers may leave out to `before`: the
 * same name and result, every old parameter kept as it was and in its order.
 */
function onlyAddsOptional(before: string, after: string): boolean {
  const old = callParts(before);
  const now = callParts(after);
  if (!old || !now || old.head !== now.head || old.tail !== now.tail) return false;
  let next = 0;
  for (const param of now.params) {
    if (next < old.params.length && param === old.params[next]) next++;
    else if (!isOptionalParam(param)) return false;
  }
  return next === old.params.length;
}

/**
 * The changes from one listing to the next, in the order of the new listing's
 * symbols: removed and changed lines are breaking (a call written for the old
 * line may fail), added lines minor, and so is a signature that only gained
 * parameters callers may leave out.
 */
export function diffSurfaces(oldLines: readonly string[], newLines: readonly string[]): SurfaceChange[] {
  const before = new Set(oldLines);
  const after = new Set(newLines);
  const removed = [...before].filter((l) => !after.has(l));
  const added = [...after].filter((l) => !before.has(l));
  const addedByKey = new Map<string, string[]>();
  for (const line of added) addedByKey.set(symbolKey(line), [...(addedByKey.get(symbolKey(line)) ?? []), line]);
  const changes: SurfaceChange[] = [];
  const paired = new Set<string>();
  for (const line of removed) {
    const candidates = (addedByKey.get(symbolKey(line)) ?? []).filter((l) => !paired.has(l));
    // Of several new lines with the key (overloads), the one that keeps the old line's parameters pairs first.
    const match = candidates.find((l) => onlyAddsOptional(line, l)) ?? candidates[0];
    if (match === undefined) {
      changes.push({ level: 'breaking', line: `- ${line}` });
      continue;
    }
    paired.add(match);
    changes.push({ level: onlyAddsOptional(line, match) ? 'minor' : 'breaking', line: `~ ${line} -> ${match}` });
  }
  for (const line of added) if (!paired.has(line)) changes.push({ level: 'minor', line: `+ ${line}` });
  return changes;
}
