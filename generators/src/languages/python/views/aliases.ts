/**
 * The old names of `x-bd-aliases.python`: `_spec.py` holds their records;
 * `aliases.py` holds each old function that is not one of ours, a deprecated
 * wrapper calling the new one through the runtime (`_runtime/aliases.py`); an
 * old name that is one of ours adds its old keywords to our function (data.py,
 * metadata.py call `translate`).
 */
import type { IRAlias, IRAliasParam, JsonValue } from '../../../ir/types.js';
import { BODY_KEY, paramKey } from '../../../emit/labels.js';
import { importLine, type AnyArgument, type Context } from '../context.js';
import { dunderAllOrder, naturalCompare } from '../ruff-order.js';
import { modelsIn } from '../sections.js';
import { pyCall, pyDocstring, pyLiteral, pyString, pyTuple, pyTupleBlock } from '../doc.js';
import { modelRef } from '../params.js';
import { pyOptional, pyType } from '../types.js';
import { ALIAS_EFFECT_TEXT } from '../runtime-contract.js';

/** The Python name of the function an alias calls. */
export function aliasTarget(ctx: Context, alias: IRAlias): string {
  return alias.target.kind === 'operation' ? ctx.names.operation.get(alias.target.id)! : ctx.names.dataFunction.get(alias.target.id)!;
}

/** The Python label of the target's parameter an old parameter fills (its wire name, or `body`). */
function toLabel(ctx: Context, alias: IRAlias, param: IRAliasParam): string | undefined {
  if (param.to === undefined) return undefined;
  const labels = ctx.names.param.get(alias.target.id);
  const target = targetParams(ctx, alias).find((q) => q.name === param.to);
  return target ? labels?.get(paramKey(target)) : param.to === 'body' ? labels?.get(BODY_KEY) : undefined;
}

/** The parameters of what an alias calls. */
function targetParams(ctx: Context, alias: IRAlias): readonly AnyArgument[] {
  return alias.target.kind === 'operation'
    ? ctx.ir.operations.find((o) => o.id === alias.target.id)?.params ?? []
    : ctx.ir.data.functions.find((f) => f.name === alias.target.id)?.params ?? [];
}

/** `bd.get_datasets() (basedosdados 2.x) is deprecated; use bd.list_datasets(q=..., page=...) instead.` */
function message(ctx: Context, alias: IRAlias): string {
  if (alias.message) return alias.message;
  const filled = [...new Set(alias.params.map((p) => toLabel(ctx, alias, p)).filter((l): l is string => l !== undefined))];
  const call = `${aliasTarget(ctx, alias)}(${filled.map((l) => `${l}=...`).join(', ')})`;
  return `${alias.name}() (${alias.origin || 'the old package'}) is deprecated; use ${call} instead`;
}

function paramRecord(ctx: Context, alias: IRAlias, p: IRAliasParam, indent: string): string {
  const to = toLabel(ctx, alias, p);
  const values = p.values ? Object.entries(p.values).map(([old, now]) => pyTuple([pyString(old), pyLiteral(now)])) : [];
  return pyCall('AliasParam', [
    ['name', () => pyString(p.name)],
    ...(to !== undefined ? [['to', () => pyString(to)] as const] : []),
    ...(values.length > 0 ? [['values', () => pyTuple(values)] as const] : []),
    ...(p.ignored !== undefined ? [['ignored', () => pyString(p.ignored!)] as const] : []),
    ...(p.effect !== undefined ? [['effect', () => pyString(p.effect!)] as const] : []),
    ...(p.default !== undefined ? [['default', () => pyLiteral(p.default as JsonValue)] as const] : []),
  ], indent);
}

/** `"get_datasets": AliasSpec(...)`, the records of `_spec.ALIASES`. */
export function aliasRecords(ctx: Context): string {
  return (ctx.ir.aliases.python ?? []).map((alias) => `    ${pyString(alias.name)}: ${pyCall('AliasSpec', [
    ['name', () => pyString(alias.name)],
    ['target', () => pyString(aliasTarget(ctx, alias))],
    ['origin', () => pyString(alias.origin)],
    ['params', (i) => pyTupleBlock(alias.params.map((p) => (j: string) => paramRecord(ctx, alias, p, j)), i)],
    ['returns', () => pyString(alias.returns)],
    ...(alias.field !== undefined ? [['field', () => pyString(alias.field!)] as [string, () => string]] : []),
    ...(alias.pick !== undefined ? [['pick', () => pyTuple(alias.pick!.map(pyString))] as [string, () => string]] : []),
    ...(alias.pluck !== undefined ? [['pluck', () => pyString(alias.pluck!)] as [string, () => string]] : []),
    // One of ours: the runtime names each old keyword used and what to write instead.
    ...(alias.sameName && !alias.message ? [] : [['message', () => pyString(message(ctx, alias))] as [string, () => string]]),
    ['deprecated', () => (alias.sameName ? 'False' : 'True')],
  ], '    ')},`).join('\n');
}

/** The annotation of an old parameter: the one of what it fills, else what its effect takes. */
function oldAnnotation(ctx: Context, alias: IRAlias, p: IRAliasParam): string {
  if (p.effect === 'credentials_from_file' || p.effect === 'reauth' || p.effect === 'bqstorage') return 'bool | None';
  if (p.effect !== undefined || p.values !== undefined) return 'str | None';
  if (p.ignored !== undefined || p.to === undefined) return 'object';
  const target = targetParam(ctx, alias, p);
  return target ? pyOptional(pyType(target.type, modelRef(ctx))) : 'object';
}

/** The target's parameter an old one fills, when it fills one without mapping its values. */
function targetParam(ctx: Context, alias: IRAlias, p: IRAliasParam): AnyArgument | undefined {
  if (p.to === undefined || p.values !== undefined || p.effect !== undefined || p.ignored !== undefined) return undefined;
  return targetParams(ctx, alias).find((q) => q.name === p.to);
}

/** The old keywords an alias adds to our own function of the same name: each with its annotation and doc. */
export function oldKeywords(ctx: Context, alias: IRAlias | undefined, own: readonly string[]) {
  if (!alias) return [];
  return alias.params.filter((p) => !own.includes(p.name)).map((p) => ({
    name: p.name,
    declaration: `${p.name}: ${oldAnnotation(ctx, alias, p)} = None`,
    doc: {
      head: `${p.name} : ${oldAnnotation(ctx, alias, p)}, optional`,
      text: `${alias.origin ? `From ${alias.origin}: ` : ''}${p.ignored ? `accepted, without effect (${p.ignored})` : p.effect ? ALIAS_EFFECT_TEXT[p.effect] ?? p.effect : p.to === p.name ? `passed on as \`\`${toLabel(ctx, alias, p)}\`\`` : `the old name of \`\`${toLabel(ctx, alias, p)}\`\``}${p.values ? `; ${Object.entries(p.values).map(([a, b]) => `\`\`${a}\`\` -> \`\`${String(b)}\`\``).join(', ')}` : ''}.`,
    },
  }));
}

export function aliasesView(ctx: Context): object | null {
  const own = (ctx.ir.aliases.python ?? []).filter((a) => !a.sameName);
  if (own.length === 0) return null;
  const functions = own.map((alias) => {
    const name = ctx.names.alias.get(alias.name)!;
    const target = aliasTarget(ctx, alias);
    const params = alias.params.map((p) => `${p.name}: ${oldAnnotation(ctx, alias, p)} = None`);
    const returns = alias.returns === 'legacy_page' || alias.returns === 'pick' ? 'dict[str, Any]' : alias.returns === 'all_items' ? 'list[Any]' : 'Any';
    const shape: Record<string, string> = {
      same: `What :func:\`${target}\` returns.`,
      legacy_page: 'The old page: ``{"items", "page", "page_size", "page_total"}`` (``page_total`` rounded up, so the last page is never lost).',
      all_items: 'Every item of every page, as a list.',
      field: `The \`\`${alias.field ?? ''}\`\` of what :func:\`${target}\` returns.`,
      pick: `The fields ${(alias.pick ?? []).map((f) => `\`\`${f}\`\``).join(', ')} of what :func:\`${target}\` returns.`,
    };
    return {
      name,
      signature: params.map((p) => `    ${p},`).join('\n'),
      returns,
      docstring: pyDocstring(
        `Deprecated: the ${alias.origin || 'old'} name of :func:\`${target}\`.`,
        `${message(ctx, alias)}.`,
        [
          { title: 'Parameters', entries: alias.params.map((p) => oldKeywords(ctx, alias, [])[alias.params.indexOf(p)]!.doc) },
          { title: 'Returns', entries: [{ head: returns, text: shape[alias.returns] ?? '' }] },
        ],
        '    ',
      ),
      call: [
        `    given = {\n${alias.params.map((p) => `        ${pyString(p.name)}: ${p.name},`).join('\n')}\n    }`,
        `    old = {key: value for key, value in given.items() if value is not None}`,
        returns === 'Any'
          ? `    return _call_alias(_ALIASES[${pyString(alias.name)}], _${target}, (), old, _API_SPEC.errors)`
          : `    return _cast(${pyString(returns)}, _call_alias(_ALIASES[${pyString(alias.name)}], _${target}, (), old, _API_SPEC.errors))`,
      ].join('\n'),
      target,
      module: alias.target.kind === 'operation' ? 'metadata' : 'data',
    };
  });
  // One line per renamed import, as isort writes them (combine-as-imports off).
  const imports = (module: string) => [...new Set(functions.filter((f) => f.module === module).map((f) => f.target))]
    .sort(naturalCompare).map((t) => `from .${module} import ${t} as _${t}`).join('\n');
  return {
    docstring: pyDocstring(
      'The names users of the existing package still type, kept working.',
      'Each warns once per process (``DeprecationWarning``) naming the new call, then calls it and returns what the old function returned. New code should call the new functions.',
      [],
    ),
    metadataImport: imports('metadata'),
    modelImport: importLine('.models', modelsIn(ctx, functions.flatMap((f) => [f.signature, f.returns]))),
    castImport: functions.some((f) => f.returns !== 'Any'),
    dataImport: imports('data'),
    all: dunderAllOrder(functions.map((f) => f.name)).map((n) => `    ${pyString(n)},`).join('\n'),
    functions,
  };
}

/** The alias of x-bd-aliases.python that has the name of this operation or data function, if any. */
export function sameNameAlias(ctx: Context, kind: 'operation' | 'data', id: string): IRAlias | undefined {
  return (ctx.ir.aliases.python ?? []).find((a) => a.sameName && a.target.kind === kind && a.target.id === id);
}

/**
 * The body of one of our functions that also takes an old function's
 * keywords: the old ones the caller gave are translated (renamed, mapped,
 * effects) by the runtime, which warns once when one is used.
 */
export function translatedArguments(alias: IRAlias, own: readonly string[], old: readonly string[]): string {
  return [
    `    given: dict[str, object] = {`,
    ...own.map((label) => `        ${pyString(label)}: ${label},`),
    `    }`,
    ...(old.length > 0
      ? [
          `    old = {\n${old.map((name) => `        ${pyString(name)}: ${name},`).join('\n')}\n    }`,
          `    given.update({key: value for key, value in old.items() if value is not None})`,
        ]
      : []),
    `    own = ${pyTupleBlock(own.map((label) => () => pyString(label)), '    ')}`,
    `    arguments = _translate(_ALIASES[${pyString(alias.name)}], (), given, _API_SPEC.errors, own)`,
  ].join('\n');
}
