/**
 * `R/aliases.R`: the old functions of `x-bd-aliases.r` that are not ours,
 * kept working: each warns once per session (class `bd_deprecated`), naming
 * the new call, calls it, and returns what the old function returned.
 */
import type { IRAlias, IRAliasParam } from '../../../ir/types.js';
import type { Context } from '../context.js';
import { rdCodeSpan, rdText, rLiteral } from '../doc.js';
import { aliasTarget, deprecatedBody, deprecationMessage, oldShape, toLabel } from '../old-names.js';
import { oldArgDoc, type RArg } from '../params.js';
import { rdTitle, topicArguments, usage, type RFunction } from '../sections.js';

/** Whether the argument an old one fills is required by the target (then the old one has no default either). */
function fillsRequired(ctx: Context, alias: IRAlias, p: IRAliasParam): boolean {
  if (p.to === undefined || p.values !== undefined) return false;
  const params = alias.target.kind === 'operation'
    ? ctx.ir.operations.find((o) => o.id === alias.target.id)?.params
    : ctx.ir.data.functions.find((f) => f.name === alias.target.id)?.params;
  return params?.find((q) => q.name === p.to)?.required === true;
}

const SHAPES: Readonly<Record<string, (alias: IRAlias, target: string) => string>> = {
  same: (_, target) => `What \\code{${target}()} returns.`,
  legacy_page: () => 'The old page: a list of \\code{items} (a tibble), \\code{page}, \\code{page_size} and \\code{page_total} (rounded up, so the last page is never lost).',
  all_items: (alias) => (alias.pluck ? `The ${rdCodeSpan(alias.pluck)} of every item of every page.` : 'A tibble of every item of every page.'),
  field: (alias, target) => `The ${rdCodeSpan(alias.field ?? '')} of what \\code{${target}()} returns.`,
  pick: (alias, target) => `The fields ${(alias.pick ?? []).map((f) => rdCodeSpan(f)).join(', ')} of what \\code{${target}()} returns, as a list.`,
};

function deprecatedFunction(ctx: Context, alias: IRAlias): RFunction {
  const name = ctx.names.alias.get(alias.name)!;
  const target = aliasTarget(ctx, alias);
  const args: RArg[] = alias.params.map((p) => ({
    label: p.name,
    wire: null,
    default: p.default !== undefined ? rLiteral(p.default) : fillsRequired(ctx, alias, p) ? null : 'NULL',
    doc: oldArgDoc(ctx, alias, p, false),
  }));
  const given = (p: IRAliasParam) => {
    const arg = args.find((a) => a.label === p.name)!;
    return arg.default === null ? `if (missing(${p.name})) NULL else ${p.name}` : p.name;
  };
  const filled = [...new Set(alias.params.flatMap((p) => toLabel(ctx, alias, p) ?? []))];
  return {
    name,
    args,
    body: deprecatedBody(ctx, alias, given),
    topic: {
      name,
      aliases: [name],
      title: rdTitle(`Deprecated: ${alias.origin ? `the ${alias.origin}` : 'the old'} name of ${target}()`, alias.name),
      description: [rdText(`${deprecationMessage(ctx, alias)}. It warns once per session (a warning of class \`bd_deprecated\`), then calls \`${target}(${filled.map((l) => `${l} = ...`).join(', ')})\` and returns what the old function returned. New code should call \`${target}()\`.`)],
      usage: usage(name, args),
      arguments: topicArguments(args),
      value: oldShape(ctx, alias) ? rdText(`${oldShape(ctx, alias)!.doc.replace(/^a/, 'A')}.`) : SHAPES[alias.returns]!(alias, target),
      details: [],
      sections: [],
      examples: [],
      seealso: [target],
      keywords: [],
      exported: true,
    },
  };
}

/** The deprecated functions, in the spec's order. */
export function aliasFunctions(ctx: Context): RFunction[] {
  return ctx.aliases.filter((a) => !a.sameName).map((a) => deprecatedFunction(ctx, a));
}
