/**
 * The arguments of a generated R function: how each is declared (formals),
 * documented (`\item`), handed to the runtime (keyed by wire name) and
 * described to the runtime's checks (a parameter record of `.bd_spec`).
 */
import { rulesInWords } from '../../emit/rules-text.js';
import { hasDefaultSerialisation } from '../../ir/params.js';
import type { IRAlias, IRArgument, IRParam, IRValueRules, JsonValue } from '../../ir/types.js';
import { argKey, type Context } from './context.js';
import { rdCodeSpan, rdEscape, rdText, rLiteral, rNumber, rString, rStrings, rNamedList } from './doc.js';
import { rArgWords, runtimeType } from './types.js';

export type AnyArgument = IRParam | IRArgument;

export interface RArg {
  /** The R argument name. */
  readonly label: string;
  /** The key the runtime reads it under (its wire name, see argKey()), or null for a call option or an old argument. */
  readonly wire: string | null;
  /** The formal's default, as R code; null for none (a required argument). */
  readonly default: string | null;
  /** Rd text of its `\item`. */
  readonly doc: string;
}

/** A default R can show in the usage and send as it is: a scalar; anything else is `NULL` plus the doc. */
function defaultOf(value: JsonValue | undefined): string {
  return value === undefined || value === null || typeof value === 'object' ? 'NULL' : rLiteral(value);
}

const code = rdCodeSpan;
const sentence = (text: string) => (text === '' ? '' : /[.!?]$/.test(text) ? text : `${text}.`);
const capital = (text: string) => text.replace(/^[a-z]/, (c) => c.toUpperCase());

/** The Rd text describing one argument of the spec: its kind, description, location and rules. */
export function argDoc(p: AnyArgument): string {
  const where = 'in' in p && p.in !== 'query' && p.in !== 'path' ? `Sent as the ${p.in} ${code(p.name)}.` : '';
  const parts = [
    rdEscape(sentence(capital(rArgWords(p.rules)))),
    rdText(sentence(p.description.trim())),
    where,
    rulesInWords(p.rules, code),
    p.required ? 'Required.' : '',
    p.deprecated ? 'Deprecated by the spec.' : '',
  ];
  return parts.filter((t) => t !== '').join(' ');
}

/** The spec's arguments of `owner` as R arguments: required ones first (R style), each group in the spec's order. */
export function specArgs(ctx: Context, owner: string, params: readonly AnyArgument[]): RArg[] {
  const labels = ctx.names.param.get(owner)!;
  const keyOf = (p: AnyArgument) => ('in' in p ? argKey(params as readonly IRParam[], p) : p.name);
  const built = params.map((p) => ({
    label: labels.get(keyOf(p))!,
    wire: keyOf(p),
    default: p.required ? null : defaultOf(p.default),
    doc: argDoc(p),
    required: p.required,
  }));
  return [...built.filter((a) => a.required), ...built.filter((a) => !a.required)].map(({ required: _, ...arg }) => arg);
}

/**
 * The formals of a function with a same-name alias: the old function's
 * arguments first, in its order (so old positional calls still work), then
 * the rest of ours. An old argument that is not one of ours is added.
 */
export function withOldOrder(ctx: Context, alias: IRAlias | undefined, own: readonly RArg[]): RArg[] {
  if (!alias) return [...own];
  const first: RArg[] = [];
  for (const p of alias.params) {
    const mine = own.find((a) => a.label === p.name);
    first.push(mine ?? { label: p.name, wire: null, default: 'NULL', doc: oldArgDoc(ctx, alias, p) });
  }
  return [...first, ...own.filter((a) => !first.includes(a))];
}

/** The Rd text of an old argument: where it comes from and what it does now. */
export function oldArgDoc(ctx: Context, alias: IRAlias, p: IRAlias['params'][number], warns = true): string {
  const origin = alias.origin ? `From ${rdEscape(alias.origin)}: ` : '';
  const target = p.to === undefined ? undefined : ctx.names.param.get(alias.target.id)?.get(p.to);
  const what = p.ignored !== undefined
    ? `accepted and ignored (${rdText(p.ignored)})`
    : p.effect === 'split_table'
      ? `\\code{"dataset_id.table_id"}, which fills ${code('dataset_id')} and ${code('table_id')}`
      : p.effect === 'query_from_file'
        ? `the path of a \\code{.sql} file whose text is the query`
        : target !== undefined ? `the old name of ${code(target)}` : 'no longer used';
  const values = p.values ? `; ${Object.entries(p.values).map(([old, now]) => `${code(old)} means ${code(String(now))}`).join(', ')}` : '';
  return `${origin}${what}${values}.${warns ? ' Using it warns once per session.' : ''}`;
}

/** The formals as R writes them, on one line when they fit in `width` after `prefix`, else one per line. */
export function formals(args: readonly RArg[], prefix: string, width = 100): string {
  const parts = args.map((a) => (a.default === null ? a.label : `${a.label} = ${a.default}`));
  const flat = parts.join(', ');
  if (prefix.length + flat.length + 4 <= width) return flat;
  return `\n${parts.map((p) => `  ${p}`).join(',\n')}\n`;
}

/** The value an argument hands to the runtime: a required one is `NULL` when missing, so the runtime says it is required. */
export function passed(arg: RArg): string {
  return arg.default === null ? `if (missing(${arg.label})) NULL else ${arg.label}` : arg.label;
}

/** `list(wire = label, ...)`: the arguments keyed by wire name, one per line. */
export function wireList(entries: readonly { readonly wire: string; readonly value: string }[], indent: string): string {
  if (entries.length === 0) return 'list()';
  return rNamedList(entries.map((e) => [e.wire, e.value]), indent);
}

/** A value rules list of `.bd_spec` (runtime-params.R): type, then the constraints the spec sets. */
export function rulesRecord(rules: IRValueRules): string[] {
  const out = [`type = ${rString(runtimeType(rules))}`];
  const num = (key: string, value: number | undefined) => {
    if (value !== undefined) out.push(`${key} = ${rNumber(value)}`);
  };
  if (rules.pattern !== undefined) out.push(`pattern = ${rString(rules.pattern)}`);
  num('minimum', rules.minimum);
  num('maximum', rules.maximum);
  num('exclusive_minimum', rules.exclusiveMinimum);
  num('exclusive_maximum', rules.exclusiveMaximum);
  num('min_length', rules.minLength);
  num('max_length', rules.maxLength);
  num('min_items', rules.minItems);
  num('max_items', rules.maxItems);
  if (rules.enum) out.push(`enum = ${enumLiteral(rules.enum)}`);
  if (rules.items) out.push(`items = list(${rulesRecord(rules.items).join(', ')})`);
  return out;
}

/** An enum as the runtime compares it (`unlist()`): an atomic vector when its values share a type. */
function enumLiteral(values: readonly (string | number | boolean)[]): string {
  if (values.every((v) => typeof v === 'string')) return rStrings(values as string[]);
  return rLiteral(values);
}

/** One parameter record of `.bd_spec`: wire name, the key of its value when not the wire name, R label, location, required, serialisation when not the default, rules. */
export function paramRecord(p: AnyArgument, label: string, key: string = p.name): string {
  const location = 'in' in p ? p.in : 'argument';
  const serialisation = 'in' in p && !hasDefaultSerialisation(p) ? [`style = ${rString(p.style)}`, `explode = ${p.explode ? 'TRUE' : 'FALSE'}`] : [];
  return `list(${[
    `name = ${rString(p.name)}`,
    ...(key !== p.name ? [`key = ${rString(key)}`] : []),
    `label = ${rString(label)}`,
    `"in" = ${rString(location)}`,
    `required = ${p.required ? 'TRUE' : 'FALSE'}`,
    ...serialisation,
    ...rulesRecord(p.rules),
  ].join(', ')})`;
}
