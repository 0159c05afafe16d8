/**
 * Stata's names ([U] 11.3): letters, digits and underscores, not starting with
 * a digit, at most 32 characters, not a reserved word. Commands are
 * `<prefix>_<snake>` of the IR's words (`bd_` for ours, brand.ts); options are the parameters' words in
 * snake_case, at most 31 characters because each becomes a local macro
 * ([P] macro). Every name goes through the shared NamePlanner, so a long name
 * is shortened with a digest (the same on every run) and two things that end
 * up with one name are reported, never silently merged.
 */
import type { Diagnostic } from '../../diagnostics.js';
import { NamePlanner, safeIdentifier, shorten, snakeCase, type NamingRules } from '../../emit/naming.js';
import type { IR, Words } from '../../ir/types.js';

export const MAX_NAME = 32;
/** A local macro's name holds at most 31 characters, and `syntax` leaves one local per option. */
export const MAX_OPTION = 31;
/** `_<package>_setup` must fit in 32 characters. */
export const MAX_PACKAGE = MAX_NAME - '__setup'.length;

/** Stata's reserved names ([U] 11.3), as the runtime's stata_names.py lists them. */
export const STATA_RESERVED: ReadonlySet<string> = new Set([
  '_all', '_b', 'byte', '_coef', '_cons', 'double', 'float', 'if', 'in', 'int', 'long', '_n', '_N', '_pi', '_pred',
  '_rc', '_se', '_skip', 'strL', 'using', 'with',
]);

/** Options every catalogue or data command may get from the runtime, named as Stata users know them. */
export const EFFECT_OPTIONS = { clear: 'clear', allpages: 'allpages', saving: 'saving', replace: 'replace' } as const;

const escape = (name: string) => (name === '' ? 'value' : `${name}_`);

export const STATA_COMMAND_RULES: NamingRules = { language: 'Stata', reserved: STATA_RESERVED, maxLength: MAX_NAME, escapeReserved: escape };
export const STATA_OPTION_RULES: NamingRules = { language: 'Stata', reserved: STATA_RESERVED, maxLength: MAX_OPTION, escapeReserved: escape };
const EFFECT_NAMES: ReadonlySet<string> = new Set(Object.values(EFFECT_OPTIONS));
/** A parameter named `clear` or `allpages` would hide the runtime's own option: it gets a trailing `_`, like a reserved word. */
const optionCase = (words: Words): string => {
  const name = snakeCase(words);
  return EFFECT_NAMES.has(name) ? `${name}_` : name;
};
export const STATA_VARIABLE_RULES: NamingRules = { language: 'Stata', reserved: STATA_RESERVED, maxLength: MAX_NAME, escapeReserved: (n) => (n === '' ? 'var' : `${n}_`) };

/** A name Stata accepts as a command, an option or a file stem of the package: lowercase, so file systems that care about case agree. */
export const STATA_NAME = /^[a-z_][a-z0-9_]*$/;

/** Whether `name` is usable as a Stata name of at most `max` characters. */
export const isStataName = (name: string, max = MAX_NAME): boolean => STATA_NAME.test(name) && name.length <= max && !STATA_RESERVED.has(name);

/** `<prefix>_<snake>` of an operation's or data function's words: `listDatasets` -> `bd_list_datasets` (brand.ts: the prefix). */
export const commandWords = (prefix: string, words: Words): Words => [prefix, ...words];

export const variableName = (words: Words): string => safeIdentifier(words, snakeCase, STATA_VARIABLE_RULES);

/** The package's name: the spec's `x-bd-packages.stata.name`, else the title's words (`base_dos_dados_datalake`). */
export function stataPackage(ir: IR): { name: string; diagnostics: Diagnostic[] } {
  const declared = ir.packages.stata?.name;
  const pointer = '#/x-bd-packages/stata/name';
  if (declared !== undefined) {
    const diagnostics: Diagnostic[] = isStataName(declared, MAX_PACKAGE) && !declared.startsWith('_')
      ? []
      : [{
          severity: 'error', rule: 'bdgen/stata-package', pointer,
          message: `\`${declared}\` cannot be a Stata package name: it must be lowercase letters, digits and underscores, start with a letter and hold at most ${MAX_PACKAGE} characters (its helper _<name>_setup is a program name, at most ${MAX_NAME}).`,
          hint: 'Use a short snake_case name, e.g. `bdsdk`.',
        }];
    return { name: declared, diagnostics };
  }
  const words = ir.packages.titleWords.length > 0 ? ir.packages.titleWords : ['api'];
  const name = shorten(safeIdentifier(words, snakeCase, STATA_COMMAND_RULES).replace(/^_+/, ''), MAX_PACKAGE);
  return {
    name,
    diagnostics: [{ severity: 'warning', rule: 'bdgen/package-name-derived', pointer: '#/info/title', message: `the spec names no Stata package (x-bd-packages.stata); it is ${name}, from info.title.` }],
  };
}

/** Plans the command names of one package (one scope: every command is an ado-file of one folder). */
export class CommandNames {
  private readonly planner = new NamePlanner(STATA_COMMAND_RULES);

  constructor(private readonly pkg: string, private readonly prefix: string) {}

  /** The command's name, or null when another command already has it (the clash is reported). */
  claim(words: Words, pointer: string, source: string): string | null {
    const before = this.planner.diagnostics.length;
    const name = this.planner.claim(`package ${this.pkg}`, commandWords(this.prefix, words), snakeCase, pointer, source);
    return this.planner.diagnostics.length === before ? name : null;
  }

  /** An old name is kept exactly as users type it; it only has to be free. */
  claimExact(name: string, pointer: string, source: string): string {
    return this.planner.claim(`package ${this.pkg}`, [name], () => name, pointer, source);
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.planner.diagnostics;
  }
}

/** Plans option names, one scope per command. */
export class OptionNames {
  private readonly planner = new NamePlanner(STATA_OPTION_RULES);

  /** `yields`: a name of ours (`body`) that gives way, renamed with a warning, when a parameter has it. */
  claim(command: string, words: Words, pointer: string, source: string, yields = false): string {
    return this.planner.claim(`options of ${command}`, words, optionCase, pointer, source, { yields });
  }

  claimExact(command: string, name: string, pointer: string, source: string): string {
    return this.planner.claim(`options of ${command}`, [name], () => name, pointer, source);
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.planner.diagnostics;
  }
}

/**
 * How many leading characters of each option must be typed ([P] syntax: the
 * capitals): the shortest prefix of at least three letters that starts no
 * other option of the command. An option of the old package (`legacy`) keeps
 * the abbreviation its help documented, the shortest prefix, of one letter or
 * more, that starts no other old option (`p()` for `path()` beside `page_size`,
 * which then needs `pag`). When that prefix would need more than letters
 * (`page` beside `page_size`: `page_` cannot be capitalised), or the name is
 * that short anyway, the whole name; `clear` is always typed in full, as in
 * Stata's own commands. Unambiguous by construction: for any two options,
 * their common prefix is shorter than the longer of their two minimums (an
 * old option's minimum passes every old one; any other's passes them all).
 */
export function abbreviations(names: readonly string[], legacy: ReadonlySet<string> = new Set()): Map<string, number> {
  const common = (a: string, b: string) => {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n += 1;
    return n;
  };
  const out = new Map<string, number>();
  for (const name of names) {
    const old = legacy.has(name);
    // An old option need only pass the other old ones, and any option whose whole name it starts with.
    const rivals = names.filter((other) => other !== name && (!old || legacy.has(other) || name.startsWith(other)));
    const longest = Math.max(0, ...rivals.map((other) => common(name, other)));
    const wanted = Math.max(old ? 1 : 3, longest + 1);
    const full = name === EFFECT_OPTIONS.clear || wanted >= name.length || !/^[a-z]+$/.test(name.slice(0, wanted));
    out.set(name, full ? name.length : wanted);
  }
  return out;
}

/** The option as `syntax` spells it: its minimal abbreviation in capitals (`QUEry`), or lowercase when typed in full. */
export const spelled = (name: string, minimum: number): string => (minimum >= name.length ? name : name.slice(0, minimum).toUpperCase() + name.slice(minimum));
