/** Docstring sections and imports the Python views share. */
import { raisesTable } from '../../emit/raises.js';
import type { Context } from './context.js';
import type { DocSection } from './doc.js';
import { isortOrder } from './ruff-order.js';
import { typingNamesIn } from './types.js';

/** The NumPy `Raises` section of the kinds a call raises (computed in the IR), with when each happens. */
export function raisesSection(ctx: Context, kinds: readonly string[]): DocSection {
  return {
    title: 'Raises',
    entries: raisesTable(ctx.ir, kinds).map((r) => ({ head: ctx.names.exception.get(r.kind)!, text: `${r.when[0]!.toUpperCase()}${r.when.slice(1)}.` })),
  };
}

/** `from typing import ...` of exactly the names the annotations use. */
export function typingImport(annotations: readonly string[], extra: readonly string[] = []): string {
  const used = isortOrder([...new Set([...annotations.flatMap(typingNamesIn), ...extra])]);
  return used.length > 0 ? `from typing import ${used.join(', ')}` : '';
}

/** A string literal in Python source (`Literal["a"]`, a default), whose text names nothing. */
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * The model classes the annotations spell, to import exactly those from
 * `models`: a schema reached only inside an inline object (`dict[str, Any]`)
 * is not spelled, so it is not imported.
 */
export function modelsIn(ctx: Context, annotations: readonly string[]): string[] {
  const models = new Set(ctx.names.model.values());
  const used = new Set<string>();
  for (const annotation of annotations) {
    for (const [name] of annotation.replace(STRING_LITERAL, '""').matchAll(IDENTIFIER)) if (models.has(name)) used.add(name);
  }
  return [...used].sort();
}
