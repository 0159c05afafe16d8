/**
 * Casing and name planning shared by every language. Each language supplies
 * its reserved words, its identifier rule and its length limit; the planner
 * resolves keywords and long names deterministically and reports clashes.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Words } from '../ir/types.js';

const cap = (w: string) => (w === '' ? w : w[0]!.toUpperCase() + w.slice(1));

export const camelCase = (words: Words): string => words.map((w, i) => (i === 0 ? w : cap(w))).join('');
export const pascalCase = (words: Words): string => words.map(cap).join('');
export const snakeCase = (words: Words): string => words.join('_');
export const screamingSnakeCase = (words: Words): string => words.join('_').toUpperCase();
export const kebabCase = (words: Words): string => words.join('-');

export interface NamingRules {
  readonly language: string;
  readonly reserved: ReadonlySet<string>;
  /** Longest identifier the language accepts; longer names are shortened. */
  readonly maxLength?: number;
  /** Makes a reserved or otherwise unusable name usable (`class` -> `class_`). */
  readonly escapeReserved: (name: string) => string;
}

/** A stable 4-hex-digit digest (FNV-1a), so shortened names are the same on every run. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash & 0xffff).toString(16).padStart(4, '0');
}

/** Fits a name within `max` characters: keeps its start and appends a digest of the whole. */
export function shorten(name: string, max: number): string {
  if (name.length <= max) return name;
  const digest = shortHash(name);
  return `${name.slice(0, max - digest.length - 1).replace(/_+$/, '')}_${digest}`;
}

/** Turns words into a safe identifier under `rules`: escapes reserved words, fixes a leading digit, shortens. */
export function safeIdentifier(words: Words, casing: (w: Words) => string, rules: NamingRules): string {
  // A leading digit gets a letter in front before casing, so each casing handles it (n3dView, N3dView, n3d_view).
  let name = casing(/^[0-9]/.test(words[0] ?? '') ? [`n${words[0]}`, ...words.slice(1)] : words);
  if (name === '') name = rules.escapeReserved('');
  if (rules.reserved.has(name)) name = rules.escapeReserved(name);
  return rules.maxLength ? shorten(name, rules.maxLength) : name;
}

/** How a claim behaves when its name is taken. */
export interface ClaimOptions {
  /**
   * When taken, the name gives way to `<name>_` (then `<name>_2`, ...), with a
   * warning: for names the generator made up (`ListReposParams`) and for spec
   * names OpenAPI keeps apart but casing merges (parameters `_group` and
   * `group`, schemas `Pet` and `pet`, tags), where neither is wrong.
   */
  readonly yields?: boolean;
}

interface Taken {
  readonly pointer: string;
  readonly source: string;
  /** Names the generator itself needs (the runtime's exports, error classes, call options): spec names give way. */
  readonly reserved: boolean;
}

/**
 * Hands out names within scopes (a class's members, a module's functions).
 * A name the generator needs is reserved first; a spec name that lands on it,
 * or a name that yields and lands on anything, is renamed with a warning,
 * since the spec's author did nothing wrong. Any other two names that become
 * one after casing (two operationIds, the functions every language exposes)
 * are an error naming both pointers: which to rename is the author's choice.
 */
export class NamePlanner {
  private readonly taken = new Map<string, Taken>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly rules: NamingRules) {}

  /** Takes `name` in `scope` for the generator's own use, before any spec name is claimed. */
  reserve(scope: string, name: string, pointer: string, source: string): string {
    this.taken.set(`${scope}\u0000${name}`, { pointer, source, reserved: true });
    return name;
  }

  claim(scope: string, words: Words, casing: (w: Words) => string, pointer: string, source: string, options: ClaimOptions = {}): string {
    const name = safeIdentifier(words, casing, this.rules);
    const key = (n: string) => `${scope}\u0000${n}`;
    const previous = this.taken.get(key(name));
    if (!previous) {
      this.taken.set(key(name), { pointer, source, reserved: false });
      return name;
    }
    if (previous.pointer === pointer) return name;
    if (previous.reserved || options.yields) {
      const renamed = this.free(scope, name);
      this.taken.set(key(renamed), { pointer, source, reserved: false });
      this.diagnostics.push({
        severity: 'warning',
        rule: 'bdgen/name-renamed',
        pointer,
        message: `${source} would be ${this.rules.language} name \`${name}\` in ${scope}, which ${previous.source} has; it is \`${renamed}\`.`,
      });
      return renamed;
    }
    this.diagnostics.push({
      severity: 'error',
      rule: 'bdgen/name-clash',
      pointer,
      message: `${source} becomes ${this.rules.language} name \`${name}\` in ${scope}, which ${previous.source} (${previous.pointer}) already has.`,
      hint: 'Rename one of them (operationId, x-bd-method, schema or parameter name) so they differ after casing.',
    });
    return name;
  }

  /** `name_`, else `name_2`, `name_3`, ...: the first not taken in `scope`. */
  private free(scope: string, name: string): string {
    const fits = (n: string) => (this.rules.maxLength ? shorten(n, this.rules.maxLength) : n);
    for (let i = 1; ; i++) {
      const candidate = fits(i === 1 ? `${name}_` : `${name}_${i}`);
      if (!this.taken.has(`${scope}\u0000${candidate}`)) return candidate;
    }
  }
}
