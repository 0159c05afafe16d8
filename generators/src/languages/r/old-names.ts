/**
 * The old names of `x-bd-aliases.r` in generated code. An old function that
 * is not one of ours becomes a deprecated function (views/aliases.ts); one
 * that is (`download`, `read_sql`, `list_dataset_tables`) gives ours its old
 * arguments, in the old order, translated here: renamed ones fill ours,
 * effects run in the runtime (`bd_alias_effect()`), ignored ones are
 * accepted. Each old argument used warns once per session.
 */
import type { IRAlias, IRAliasParam } from '../../ir/types.js';
import { SHAPE_ARGUMENT, type Context } from './context.js';
import { rLiteral, rNamedList, rString } from './doc.js';
import { ALIAS_EFFECT_FILLS, R_OLD_SHAPES } from './runtime-contract.js';

/** The R name of the function an alias calls. */
export function aliasTarget(ctx: Context, alias: IRAlias): string {
  return alias.target.kind === 'operation' ? ctx.names.operation.get(alias.target.id)! : ctx.names.dataFunction.get(alias.target.id)!;
}

/** The alias of x-bd-aliases.r that has the name of this operation or data function, if any. */
export function sameNameAlias(ctx: Context, id: string): IRAlias | undefined {
  return ctx.aliases.find((a) => a.sameName && a.target.id === id);
}

/** Whether the function of `id` takes the shape argument (its old function returned another shape). */
export function hasShapeArgument(ctx: Context, id: string): boolean {
  const alias = sameNameAlias(ctx, id);
  return alias !== undefined && alias.returns !== 'same';
}

/** The old R shape (runtime-old-shapes.R) an alias returns instead of its items, when the spec has what it reads. */
export function oldShape(ctx: Context, alias: IRAlias): (typeof R_OLD_SHAPES)[string] | undefined {
  const shape = R_OLD_SHAPES[alias.name];
  if (!shape || shape.origin !== alias.origin || alias.returns !== 'all_items' || alias.pluck !== undefined) return undefined;
  return shape.operations.every((id) => ctx.ir.operations.some((op) => op.id === id)) ? shape : undefined;
}

/** `result` (every item of the call) in the alias's old shape, when it has one. */
export function inOldShape(ctx: Context, alias: IRAlias, result: string): string {
  const shape = oldShape(ctx, alias);
  return shape ? `bd_old_shape(.bd_spec, ${rString(shape.shape)}, ${result}, call = sys.call())` : result;
}

/** The R label of the target's argument an old one fills. */
export function toLabel(ctx: Context, alias: IRAlias, param: IRAliasParam): string | undefined {
  return param.to === undefined ? undefined : ctx.names.param.get(alias.target.id)?.get(param.to);
}

/** `dataset_search() (basedosdados 0.2.3) is deprecated; use list_datasets(q = ...) instead`. */
export function deprecationMessage(ctx: Context, alias: IRAlias): string {
  if (alias.message) return alias.message;
  const filled = [...new Set(alias.params.flatMap((p) => toLabel(ctx, alias, p) ?? []))];
  return `${alias.name}() (${alias.origin || 'the old package'}) is deprecated; use ${aliasTarget(ctx, alias)}(${filled.map((l) => `${l} = ...`).join(', ')}) instead`;
}

/** What the warning for one old argument of one of our functions says. */
function oldArgumentMessage(ctx: Context, alias: IRAlias, p: IRAliasParam, fn: string): string {
  const origin = alias.origin ? ` (${alias.origin})` : '';
  if (p.ignored !== undefined) return `${fn}(${p.name} = ) has no effect: ${p.ignored}`;
  if (p.effect === 'split_table') return `${fn}(${p.name} = "dataset.table")${origin} is deprecated; use ${fn}(dataset_id = ..., table_id = ...) instead`;
  if (p.effect === 'query_from_file') return `${fn}(${p.name} = )${origin} is deprecated; read the file and pass its text as the query instead`;
  return `${fn}(${p.name} = )${origin} is deprecated; use ${fn}(${toLabel(ctx, alias, p) ?? '...'} = ...) instead`;
}

/** An old argument's value as the target takes it: through its `values` map when it has one. */
function mapped(p: IRAliasParam, value: string, where: string): string {
  if (!p.values) return value;
  const values = rNamedList(Object.entries(p.values).map(([old, now]) => [old, rLiteral(now)]));
  return `bd_alias_value(.bd_spec, ${value}, ${values}, ${rString(p.name)}, ${rString(where)})`;
}

/**
 * Lines (indented two spaces) that move the old arguments our function
 * `fn` received into `.args` (keyed by wire name): an argument already given
 * the new way wins over the old one.
 */
export function translateOldArguments(ctx: Context, alias: IRAlias, fn: string, own: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  for (const p of alias.params.filter((q) => !own.has(q.name))) {
    const key = rString(`${fn}(${p.name})`);
    const warn = `bd_warn_deprecated(${key}, ${rString(oldArgumentMessage(ctx, alias, p, fn))})`;
    if (p.ignored !== undefined) {
      lines.push(`  if (!is.null(${p.name})) ${warn}`);
    } else if (p.effect !== undefined) {
      // The runtime warns: an old argument given in another old order means something else (bd_alias_effect()).
      const warning = `c(${key}, ${rString(oldArgumentMessage(ctx, alias, p, fn))})`;
      lines.push(
        `  if (!is.null(${p.name})) {`,
        `    .filled <- bd_alias_effect(.bd_spec, ${rString(p.effect)}, ${p.name}, ${rString(p.name)}, ${rString(fn)}, given = .args, warn = ${warning})`,
        `    for (.name in names(.filled)) .args[[.name]] <- .args[[.name]] %||% .filled[[.name]]`,
        '  }',
      );
    } else if (p.to !== undefined) {
      lines.push(
        `  if (!is.null(${p.name})) {`,
        `    ${warn}`,
        `    .args[[${rString(p.to)}]] <- .args[[${rString(p.to)}]] %||% ${mapped(p, p.name, fn)}`,
        '  }',
      );
    }
  }
  return lines;
}

/**
 * The body of a deprecated function (indented two spaces): warn once, build
 * the target's arguments (by R label) from the old ones, call it, and give
 * back the old result shape.
 */
export function deprecatedBody(ctx: Context, alias: IRAlias, given: (p: IRAliasParam) => string): string {
  const target = aliasTarget(ctx, alias);
  const labels = ctx.names.param.get(alias.target.id)!;
  const lines = [`  bd_warn_deprecated(${rString(alias.name)}, ${rString(deprecationMessage(ctx, alias))})`];
  const direct = alias.params.filter((p) => p.to !== undefined && p.ignored === undefined && p.effect === undefined);
  const entries = new Map<string, string[]>();
  for (const p of direct) entries.set(p.to!, [...(entries.get(p.to!) ?? []), mapped(p, given(p), alias.name)]);
  const effects = alias.params.filter((p) => p.effect !== undefined);
  effects.forEach((p, i) => {
    lines.push(`  .filled${i + 1} <- bd_alias_effect(.bd_spec, ${rString(p.effect!)}, ${given(p)}, ${rString(p.name)}, ${rString(alias.name)})`);
    for (const wire of ALIAS_EFFECT_FILLS[p.effect!] ?? []) entries.set(wire, [...(entries.get(wire) ?? []), `.filled${i + 1}[[${rString(wire)}]]`]);
  });
  const args = [...entries].map(([wire, values]) => `${labels.get(wire) ?? wire} = ${values.join(' %||% ')}`);
  if (hasShapeArgument(ctx, alias.target.id)) args.push(`${SHAPE_ARGUMENT} = "page"`);
  lines.push(`  .args <- list(${args.join(', ')})`);
  const call = `do.call(${rString(target)}, Filter(Negate(is.null), .args))`;
  const extra = [
    ...(alias.field !== undefined ? [`field = ${rString(alias.field)}`] : []),
    ...(alias.pick !== undefined ? [`pick = ${rLiteral(alias.pick)}`] : []),
    ...(alias.pluck !== undefined ? [`pluck = ${rString(alias.pluck)}`] : []),
  ];
  lines.push(alias.returns === 'same' ? `  ${call}` : `  ${inOldShape(ctx, alias, `bd_alias_result(${[call, rString(alias.returns), ...extra].join(', ')})`)}`);
  return lines.join('\n');
}
