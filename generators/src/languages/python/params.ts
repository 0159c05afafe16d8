/**
 * One parameter of a generated Python function: how it is declared,
 * documented, checked (the runtime's `ValueRules`) and sent (`ParamSpec`).
 */
import { paramKey } from '../../emit/labels.js';
import { exampleValue, rulesInWords } from '../../emit/rules-text.js';
import { hasDefaultSerialisation } from '../../ir/params.js';
import type { IRValueRules } from '../../ir/types.js';
import type { AnyArgument, Context } from './context.js';
import { pyCall, pyLiteral, pyNumber, pyString } from './doc.js';
import { pyOptional, pyType } from './types.js';

export interface PyParam {
  readonly wire: string;
  readonly label: string;
  /** The key of its argument in the dict handed to the runtime: the wire name, or the label when another parameter of the call has the same wire name (a path `path` and a query `path`). */
  readonly key: string;
  readonly annotation: string;
  readonly declaration: string;
  readonly required: boolean;
  readonly doc: { readonly head: string; readonly text: string };
  readonly rules: IRValueRules;
  /** `path`, `query`, `header`, `cookie`, or `argument` for a data function's argument. */
  readonly location: string;
  /** How it is serialised, when not OpenAPI's default for its location. */
  readonly style?: string;
  readonly explode?: boolean;
}

/** The Python name that stands for a component schema. */
export const modelRef = (ctx: Context) => (name: string): string => ctx.names.model.get(name) ?? 'Any';

/** By context and parameter list: `_spec.py`, `metadata.py` and the README each lay out every operation's parameters. */
const built = new WeakMap<Context, WeakMap<readonly AnyArgument[], PyParam[]>>();

export function pyParams(ctx: Context, owner: string, params: readonly AnyArgument[]): PyParam[] {
  let byList = built.get(ctx);
  if (!byList) built.set(ctx, (byList = new WeakMap()));
  let result = byList.get(params);
  if (!result) byList.set(params, (result = buildParams(ctx, owner, params)));
  return result;
}

function buildParams(ctx: Context, owner: string, params: readonly AnyArgument[]): PyParam[] {
  const labels = ctx.names.param.get(owner)!;
  const wireCount = new Map<string, number>();
  for (const p of params) wireCount.set(p.name, (wireCount.get(p.name) ?? 0) + 1);
  const built = params.map((p): PyParam => {
    const label = labels.get(paramKey(p))!;
    const annotation = pyType(p.type, modelRef(ctx));
    const hasDefault = !p.required && p.default !== undefined && p.default !== null;
    const declaration = p.required
      ? `${label}: ${annotation}`
      : hasDefault
        ? `${label}: ${annotation} = ${pyLiteral(p.default)}`
        : `${label}: ${pyOptional(annotation)} = None`;
    const optional = p.required ? '' : hasDefault ? `, default ${pyLiteral(p.default)}` : ', optional';
    const where = 'in' in p && p.in !== 'query' && p.in !== 'path' ? `Sent as the ${p.in} \`\`${p.name}\`\`.` : '';
    const text = [p.description, where, rulesInWords(p.rules, (t) => `\`\`${t}\`\``), p.deprecated ? 'Deprecated by the spec.' : ''].filter((t) => t && t.trim() !== '').join('\n');
    return {
      wire: p.name,
      label,
      key: wireCount.get(p.name)! > 1 ? label : p.name,
      annotation,
      declaration,
      required: p.required,
      doc: { head: `${label} : ${annotation}${optional}`, text },
      rules: p.rules,
      location: 'in' in p ? p.in : 'argument',
      ...('in' in p && !hasDefaultSerialisation(p) ? { style: p.style, explode: p.explode } : {}),
    };
  });
  // Python wants parameters without a default first; the spec's order is kept otherwise.
  return [...built.filter((p) => p.required), ...built.filter((p) => !p.required)];
}

/** The arguments handed to the runtime, keyed by wire name (`key` when two parameters share one). */
export function argsDict(params: readonly { readonly wire: string; readonly label: string; readonly key?: string }[], indent: string): string {
  const entry = (p: { readonly wire: string; readonly label: string; readonly key?: string }) => `${pyString(p.key ?? p.wire)}: ${p.label}`;
  const flat = `{${params.map(entry).join(', ')}}`;
  if (indent.length + flat.length <= 100) return flat;
  return `{\n${params.map((p) => `${indent}    ${entry(p)},`).join('\n')}\n${indent}}`;
}

export function renderValueRules(rules: IRValueRules, indent: string): string {
  // The runtime says `any` for a value the spec gives no type.
  const args: [string, (i: string) => string][] = [['type', () => pyString(rules.kind === 'unknown' ? 'any' : rules.kind)]];
  const add = (key: string, value: number | string | undefined) => {
    if (value !== undefined) args.push([key, () => (typeof value === 'string' ? pyString(value) : pyNumber(value))]);
  };
  add('pattern', rules.pattern);
  add('minimum', rules.minimum);
  add('maximum', rules.maximum);
  add('exclusive_minimum', rules.exclusiveMinimum);
  add('exclusive_maximum', rules.exclusiveMaximum);
  add('min_length', rules.minLength);
  add('max_length', rules.maxLength);
  add('min_items', rules.minItems);
  add('max_items', rules.maxItems);
  if (rules.enum) args.push(['enum', () => pyLiteral(rules.enum)]);
  if (rules.items) {
    const items = rules.items;
    args.push(['items', (i) => renderValueRules(items, i)]);
  }
  return pyCall('ValueRules', args, indent);
}

export function renderParamSpec(p: PyParam, indent: string): string {
  const serialisation: [string, (i: string) => string][] = p.style !== undefined
    ? [['style', () => pyString(p.style!)], ['explode', () => (p.explode ? 'True' : 'False')]]
    : [];
  return pyCall('ParamSpec', [
    ['name', () => pyString(p.wire)],
    ['label', () => pyString(p.label)],
    ...(p.key !== p.wire ? [['key', () => pyString(p.key)] as [string, (i: string) => string]] : []),
    ['location', () => pyString(p.location)],
    ['required', () => (p.required ? 'True' : 'False')],
    ...serialisation,
    ['rules', (i) => renderValueRules(p.rules, i)],
  ], indent);
}

/** An example value of a parameter, as a Python literal. */
export function pyExample(p: AnyArgument): string {
  return pyLiteral(exampleValue(p));
}
