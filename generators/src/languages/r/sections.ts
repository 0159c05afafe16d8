/** Help-page pieces the R views share: paragraphs, titles, the conditions a call signals, the generated function record. */
import { normalizeText } from '../../emit/escape.js';
import { raisesTable } from '../../emit/raises.js';
import type { Context } from './context.js';
import { rdCodeSpan, rdLine, rdText } from './doc.js';
import type { RArg } from './params.js';
import type { Topic } from './topic.js';

/** One generated function: its formals, its body, and its help topic. */
export interface RFunction {
  readonly name: string;
  readonly args: readonly RArg[];
  /** The body's lines, indented by two spaces. */
  readonly body: string;
  readonly topic: Topic;
}

/** Spec text as Rd paragraphs (split at blank lines). */
export function rdParagraphs(text: string): string[] {
  return normalizeText(text).split(/\n\s*\n/).map((p) => rdText(p)).filter((p) => p !== '');
}

/** A help page title: one line, without the final period roxygen titles do not have. */
export function rdTitle(text: string, fallback: string): string {
  const line = rdLine(text).replace(/\.$/, '');
  return line === '' ? rdLine(fallback) : line;
}

/** The condition class of an error kind (runtime-errors.R): `<brand short>_<kind>`, `bd_not_found`. */
export const conditionClass = (ctx: Context, kind: string): string => `${ctx.ir.brand.short}_${kind}`;

/** The class every condition of the package has: `<brand short>_error`, `bd_error`. */
export const errorClass = (ctx: Context): string => conditionClass(ctx, 'error');

/** The `Conditions` section: each class a call can signal and when (the IR's raises). */
export function conditionsSection(ctx: Context, kinds: readonly string[]): Topic['sections'][number] {
  return {
    title: 'Conditions',
    paragraphs: [`Failures are conditions of class ${rdCodeSpan(errorClass(ctx))}, with one class per kind (see the package's help page for their fields):`],
    items: raisesTable(ctx.ir, kinds).map((r) => ({ label: rdCodeSpan(conditionClass(ctx, r.kind)), text: rdText(`${r.when[0]!.toUpperCase()}${r.when.slice(1)}.`) })),
  };
}

/** The argument entries of a topic, from the formals. */
export const topicArguments = (args: readonly RArg[]) => args.map((a) => ({ name: a.label, doc: a.doc }));

/** The usage of a function as roxygen writes it: on one line when it fits in 80 characters, else one argument per line. */
export function usage(name: string, args: readonly RArg[]): string {
  const parts = args.map((a) => (a.default === null ? a.label : `${a.label} = ${a.default}`));
  const flat = `${name}(${parts.join(', ')})`;
  return flat.length <= 80 ? flat : `${name}(\n${parts.map((p) => `  ${p}`).join(',\n')}\n)`;
}
