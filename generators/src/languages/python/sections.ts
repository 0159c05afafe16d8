/** Docstring sections and imports the Python views share. */
import { raisesTable } from '../../emit/raises.js';
import { referencedSchemas } from '../../ir/schemas.js';
import type { IRType } from '../../ir/types.js';
import { isortOrder, type Context } from './context.js';
import type { DocSection } from './doc.js';
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

/** The model classes the types mention, to import exactly those from `models`. */
export function modelsUsed(ctx: Context, types: readonly IRType[]): string[] {
  const schemas = new Set<string>();
  for (const type of types) referencedSchemas(type, schemas);
  return [...schemas].map((s) => ctx.names.model.get(s)).filter((n): n is string => n !== undefined).sort();
}
