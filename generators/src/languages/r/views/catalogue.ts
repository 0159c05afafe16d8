/**
 * `R/<group>.R`: one function per operation of the spec (the catalogue API),
 * each handing its arguments, keyed by wire name, to the runtime's
 * `bd_call()` or, for list operations, `bd_paginate()`.
 */
import { exampleValue } from '../../../emit/rules-text.js';
import { snakeCase } from '../../../emit/naming.js';
import type { IROperation } from '../../../ir/types.js';
import { BODY_KEY } from '../../../emit/labels.js';
import { CALL_OPTIONS, CONTENT_TYPE_OPTION, SHAPE_ARGUMENT, argKey, fileKey, type Context } from '../context.js';
import { rdText, rLiteral, rString } from '../doc.js';
import { hasShapeArgument, inOldShape, oldShape, sameNameAlias, translateOldArguments } from '../old-names.js';
import { passed, specArgs, withOldOrder, wireList, type RArg } from '../params.js';
import { conditionsSection, rdParagraphs, rdTitle, topicArguments, usage, type RFunction } from '../sections.js';
import { rResultWords } from '../types.js';

const optionArgs = (ctx: Context, op: IROperation): RArg[] => [
  ...(op.body ? [{ label: CONTENT_TYPE_OPTION.name, wire: null, default: 'NULL', doc: rdText(CONTENT_TYPE_OPTION.doc) }] : []),
  ...CALL_OPTIONS.map((o) => ({ label: o.name, wire: null, default: 'NULL', doc: rdText(o.doc(ctx)) })),
];

/** The shape argument: its formal and doc, the old shape's name and what it is (the old shape first, so calls written for the old function get it). */
function shapeArg(ctx: Context, op: IROperation): { readonly arg: RArg; readonly old: string; readonly what: string } | null {
  const alias = sameNameAlias(ctx, op.id);
  if (!alias || alias.returns === 'same') return null;
  const old = alias.returns === 'all_items' ? 'tibble' : 'list';
  const shape = oldShape(ctx, alias);
  const what = shape ? rdText(shape.doc) : alias.returns === 'all_items'
    ? 'a tibble of every item of every page from \\code{page} on'
    : 'the old page list (\\code{items}, \\code{page}, \\code{page_size}, \\code{page_total})';
  const doc = `\\code{"${old}"} (the default): ${what}, as ${rdText(`${alias.origin || 'the old package'}'s ${alias.name}()`)} returned; \\code{"page"}: one \\code{bd_page}, like the other list functions.`;
  return { arg: { label: SHAPE_ARGUMENT, wire: null, default: `c(${rString(old)}, "page")`, doc }, old, what };
}

function operationFunction(ctx: Context, op: IROperation): RFunction {
  const name = ctx.names.operation.get(op.id)!;
  const labels = ctx.names.param.get(op.id)!;
  const alias = sameNameAlias(ctx, op.id);
  const own = specArgs(ctx, op.id, op.params);
  const bodyLabel = labels.get(BODY_KEY);
  if (op.body && bodyLabel) {
    const body: RArg = { label: bodyLabel, wire: bodyLabel, default: op.body.required ? null : 'NULL', doc: rdText(op.body.description || `The request body, sent as ${op.body.media.map((m) => `\`${m.type}\``).join(' or ')}.`) };
    own.splice(own.filter((a) => a.default === null).length, 0, body);
  }
  const shape = shapeArg(ctx, op);
  const args = [...withOldOrder(ctx, alias, own), ...optionArgs(ctx, op), ...(shape ? [shape.arg] : [])];
  const sent = own.map((a) => ({ wire: a.wire!, value: passed(a) }));
  const options = [...(op.body ? [CONTENT_TYPE_OPTION.name] : []), ...CALL_OPTIONS.map((o) => o.name)].map((o) => `${o} = ${o}`).join(', ');
  const runtime = op.pagination ? 'bd_paginate' : 'bd_call';
  const call = `${runtime}(.bd_spec, ${rString(op.id)}, .args, options = list(${options}), call = sys.call())`;
  const lines = [
    ...(shape ? [`  ${SHAPE_ARGUMENT} <- match.arg(${SHAPE_ARGUMENT})`] : []),
    `  .args <- ${wireList(sent, '  ')}`,
    ...(alias ? translateOldArguments(ctx, alias, name, new Set(own.map((a) => a.label))) : []),
    ...(shape
      ? [`  .page <- ${call}`, `  if (identical(${SHAPE_ARGUMENT}, "page")) .page else ${inOldShape(ctx, alias!, `bd_alias_result(.page, ${rString(alias!.returns)})`)}`]
      : [`  ${call}`]),
  ];
  const item = op.pagination?.item.kind === 'ref' ? op.pagination.item.name : 'item';
  const value = op.pagination
    ? `A \\code{bd_page}: \\code{$items} (a tibble, one row per ${rdText(item)}), \\code{$page}, \\code{$page_size}, \\code{$count}, \\code{$page_total} (\\code{count / page_size} rounded up, so the last partial page is never lost) and \\code{$body} (the response as received). \\code{bd_next_page()} fetches the next page, \\code{bd_collect_pages()} every item from this page on.${shape ? ` By default (\\code{${SHAPE_ARGUMENT} = "${shape.old}"}) it returns ${shape.what} instead; \\code{${SHAPE_ARGUMENT} = "page"} gives the page.` : ''}`
    : op.success.kind === 'empty' ? 'Nothing (\\code{NULL}, invisibly).'
      : op.success.kind === 'binary' ? 'The body, a raw vector.'
        : op.success.kind === 'text' ? 'The body, one string.' : rdText(rResultWords(op.success.type));
  return {
    name,
    args,
    body: lines.join('\n'),
    topic: {
      name,
      aliases: [name],
      title: rdTitle(op.summary, op.id),
      description: rdParagraphs(op.description || op.summary),
      usage: usage(name, args),
      arguments: topicArguments(args),
      value,
      details: op.deprecated ? ['Deprecated by the spec.'] : [],
      sections: [conditionsSection(ctx, op.raises)],
      examples: operationExample(ctx, op),
      seealso: op.pagination ? ['bd_next_page', 'bd_collect_pages'] : [],
      keywords: [],
      exported: true,
    },
  };
}

/** An example call: path arguments by position, one filter the spec gives an example for, required query arguments. */
export function operationExample(ctx: Context, op: IROperation): string[] {
  const name = ctx.names.operation.get(op.id)!;
  const labels = ctx.names.param.get(op.id)!;
  const { pageParam, pageSizeParam } = ctx.ir.pagination;
  const args = op.params.filter((p) => p.in === 'path').map((p) => rLiteral(exampleValue(p)));
  const filter = op.params.find((p) => p.in !== 'path' && p.example !== undefined && p.name !== pageParam && p.name !== pageSizeParam);
  if (filter) args.push(`${labels.get(argKey(op.params, filter))} = ${rLiteral(exampleValue(filter))}`);
  for (const p of op.params.filter((q) => q.in !== 'path' && q.required && q !== filter)) args.push(`${labels.get(argKey(op.params, p))} = ${rLiteral(exampleValue(p))}`);
  if (op.body?.required) args.push(`${labels.get(BODY_KEY)} = list()`);
  const call = `${name}(${args.join(', ')}${hasShapeArgument(ctx, op.id) ? `${args.length > 0 ? ', ' : ''}${SHAPE_ARGUMENT} = "page"` : ''})`;
  if (!op.pagination) return [`${resultName(ctx, op)} <- ${call}`];
  return [`page <- ${call}`, 'page$items', 'everything <- bd_collect_pages(page)  # this page and every later one'];
}

/** A variable name for an example's result: the schema's name in snake_case (`dataset`), else `result`. */
function resultName(ctx: Context, op: IROperation): string {
  const type = op.success.type;
  const schema = type.kind === 'ref' ? ctx.ir.schemas.find((s) => s.name === type.name) : undefined;
  const name = schema ? snakeCase(schema.words) : '';
  return /^[a-z][a-z0-9_]*$/.test(name) && name.length <= 30 && !name.startsWith('bd_') && name !== 'page' ? name : 'result';
}

/** The functions of each file of `R/`, by file name, in the spec's order. */
export function catalogueFiles(ctx: Context): Map<string, RFunction[]> {
  const files = new Map<string, RFunction[]>();
  for (const op of ctx.ir.operations) {
    const file = ctx.names.file.get(fileKey(op))!;
    files.set(file, [...(files.get(file) ?? []), operationFunction(ctx, op)]);
  }
  return files;
}
