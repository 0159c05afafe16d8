/**
 * Schemas whose type reaches itself without passing through an object:
 * `IT: {type: array, items: {$ref: IT}}`, `A: oneOf [B, string]` with
 * `B: array of A`. openapi-typescript writes each as a property of its
 * `components` interface that refers to itself (`IT: components["schemas"]["IT"][]`),
 * which TypeScript refuses (TS2502). An object's properties defer the
 * reference and are fine. A cycle through an array is written as a type
 * alias, which TypeScript resolves lazily through array elements; a cycle of
 * unions alone (`A: B | string`, `B: A | number`) describes no value type
 * TypeScript can write, so its references are left `unknown`.
 */
import type { IRSchema, IRType } from '../../ir/types.js';

/** A reference reached eagerly (not inside an object), and whether an array was passed on the way. */
interface EagerRef {
  readonly name: string;
  readonly throughArray: boolean;
}

/** The references a type reaches before any object, each once per way (through an array or not). */
export function eagerRefs(type: IRType, throughArray = false, into: EagerRef[] = []): EagerRef[] {
  switch (type.kind) {
    case 'ref':
      if (!into.some((r) => r.name === type.name && r.throughArray === throughArray)) into.push({ name: type.name, throughArray });
      break;
    case 'array':
      eagerRefs(type.items, true, into);
      break;
    case 'union':
      for (const variant of type.variants) eagerRefs(variant, throughArray, into);
      break;
    default:
      break;
  }
  return into;
}

/** Names reachable from `start` in `edges`, `start` excluded unless a path comes back to it. */
function reachable(start: string, edges: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(edges.get(start) ?? [])];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...(edges.get(name) ?? []));
  }
  return seen;
}

export interface RecursiveSchemas {
  /** Schemas on an eager cycle that passes an array: each becomes a type alias. */
  readonly aliased: ReadonlySet<string>;
  /** Schemas on a cycle of unions alone: their references to one another are `unknown`. */
  readonly unionCycles: ReadonlySet<string>;
}

export function recursiveSchemas(schemas: readonly IRSchema[]): RecursiveSchemas {
  const all = new Map<string, string[]>();
  const unionsOnly = new Map<string, string[]>();
  for (const schema of schemas) {
    const refs = eagerRefs(schema.type);
    all.set(schema.name, refs.map((r) => r.name));
    unionsOnly.set(schema.name, refs.filter((r) => !r.throughArray).map((r) => r.name));
  }
  const unionCycles = new Set(schemas.filter((s) => reachable(s.name, unionsOnly).has(s.name)).map((s) => s.name));
  const aliased = new Set(schemas.filter((s) => !unionCycles.has(s.name) && reachable(s.name, all).has(s.name)).map((s) => s.name));
  return { aliased, unionCycles };
}

/** A type with its eager references to `names` made `unknown` (what a cycle of unions alone leaves TypeScript). */
export function withoutEagerRefsTo(type: IRType, names: ReadonlySet<string>): IRType {
  switch (type.kind) {
    case 'ref':
      return names.has(type.name) ? { kind: 'unknown' } : type;
    case 'array':
      return { ...type, items: withoutEagerRefsTo(type.items, names) };
    case 'union':
      return { ...type, variants: type.variants.map((v) => withoutEagerRefsTo(v, names)) };
    default:
      return type;
  }
}
