/**
 * Options of a Stata command, from the parameters of what it calls: one option
 * per parameter (its kind from the IR's value rules), then the runtime's own
 * (`allpages`, `clear`, an old package's `path()`), each with its minimal
 * abbreviation. The kinds and defaults follow the table format of the runtime
 * README, which the checker's `checkTableAgainstSpec` holds them to.
 */
import type { Diagnostic } from '../../diagnostics.js';
import type { IRArgument, IRValueRules, JsonValue } from '../../ir/types.js';
import { abbreviations } from './naming.js';

export type OptionKind = 'string' | 'integer' | 'names' | 'flag';

/** What the help says about an option, beside its name. */
export interface OptionDoc {
  readonly description: string;
  /** The placeholder in `{opt name(placeholder)}`: `string`, `#`, `namelist`, `filename`. */
  readonly placeholder: string;
  readonly rules?: IRValueRules;
  readonly example?: JsonValue;
  /** An old option: where users know it from. */
  readonly origin?: string;
}

export interface StataOption {
  readonly name: string;
  readonly kind: OptionKind;
  readonly required: boolean;
  /** The parameter it fills (wire name), or the runtime behaviour it switches on. */
  readonly param?: string;
  readonly effect?: string;
  /** The Python package's keyword for `param`, when it differs from the wire name (`in` -> `in_`). */
  readonly keyword?: string;
  readonly default?: JsonValue;
  readonly values?: Readonly<Record<string, JsonValue>>;
  readonly doc: OptionDoc;
}

/** An option with the number of characters that must be typed. */
export interface PlannedOption extends StataOption {
  readonly minimum: number;
  /** An option of the old package, with its old help's abbreviation. */
  readonly legacy?: true;
}

const KIND: Record<IRValueRules['kind'], OptionKind> = {
  string: 'string', integer: 'integer', number: 'string', boolean: 'flag', array: 'names', object: 'string', unknown: 'string',
};
/** `syntax`'s `integer #` holds Stata's long integers ([P] syntax). */
const MAX_SYNTAX_INTEGER = 2_147_483_620;

/**
 * The option of one parameter; problems (what `syntax` cannot express) go to
 * `problems`. `example` is the one the help shows when the parameter has none.
 */
/** Why `syntax` cannot express the parameter as an option, or undefined when it can. */
export function unsupportedParam(p: IRArgument): string | undefined {
  const kind = KIND[p.rules.kind];
  if (kind === 'integer' && p.default !== undefined && !(Number.isInteger(p.default) && Math.abs(p.default as number) <= MAX_SYNTAX_INTEGER)) {
    return `the default of ${p.name}, ${JSON.stringify(p.default)}, is not an integer Stata's syntax can hold (|n| <= ${MAX_SYNTAX_INTEGER}).`;
  }
  if (kind === 'flag' && p.default === true) return `${p.name} defaults to true, and a Stata flag option cannot be switched off.`;
  return undefined;
}

export function paramOption(p: IRArgument, name: string, keyword: string | undefined, owner: string, problems: Diagnostic[], example?: JsonValue): StataOption {
  const kind = KIND[p.rules.kind];
  const unsupported = unsupportedParam(p);
  if (unsupported) problems.push({ severity: 'error', rule: 'bdgen/stata-unsupported', pointer: p.pointer, message: `${owner}: ${unsupported}` });
  const placeholder = kind === 'integer' ? '#' : kind === 'names' ? 'namelist' : p.rules.format === 'path' ? 'filename' : 'string';
  return {
    name,
    kind,
    required: p.required,
    param: p.name,
    ...(keyword !== undefined && keyword !== p.name ? { keyword } : {}),
    ...(p.default !== undefined ? { default: p.default } : {}),
    doc: { description: p.description, placeholder, rules: p.rules, ...((p.example ?? example) !== undefined ? { example: (p.example ?? example)! } : {}) },
  };
}

export function effectOption(name: string, effect: string, kind: OptionKind, description: string, origin?: string): StataOption {
  return { name, kind, required: false, effect, doc: { description, placeholder: kind === 'string' ? 'filename' : '', ...(origin ? { origin } : {}) } };
}

/** Required options first (`syntax` puts them before the `[`), then the others, in the order given; `legacy` names the old package's options. */
export function planOptions(options: readonly StataOption[], legacy: ReadonlySet<string> = new Set()): PlannedOption[] {
  const ordered = [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
  const minimums = abbreviations(ordered.map((o) => o.name), legacy);
  return ordered.map((o) => ({ ...o, minimum: minimums.get(o.name)!, ...(legacy.has(o.name) ? { legacy: true as const } : {}) }));
}
