/**
 * Catalogue results as Stata variables: the field sets of the command table
 * (runtime README, "A field"). One variable per property of the item schema,
 * nested objects flattened into `a_b` variables (at most three levels deep),
 * and what Stata cannot hold as one value (arrays of objects, maps, recursive
 * trees, unions) kept as JSON text.
 */
import { oneLine } from '../../emit/escape.js';
import { snakeCase } from '../../emit/naming.js';
import type { IR, IRProperty, IRType } from '../../ir/types.js';
import type { Noun } from './model.js';
import { variableName } from './naming.js';

export type FieldKind = 'str' | 'int' | 'float' | 'bool' | 'date' | 'datetime' | 'enum' | 'list' | 'json';

export interface TableField {
  readonly var: string;
  readonly path: readonly string[];
  readonly kind: FieldKind;
  readonly label: string;
  readonly values?: readonly string[];
}

const MAX_DEPTH = 3;

/** The type with `$ref`s followed and a nullable union seen through; `refs` collects the schemas passed. */
function resolve(ir: IR, type: IRType, refs: string[]): IRType {
  let current = type;
  for (let hops = 0; hops < 64; hops += 1) {
    if (current.kind === 'ref') {
      const name = current.name;
      const schema = ir.schemas.find((s) => s.name === name);
      if (!schema || refs.includes(name)) return { kind: 'unknown' };
      refs.push(name);
      current = schema.type;
    } else if (current.kind === 'union') {
      const real = current.variants.filter((v) => v.kind !== 'null');
      if (real.length !== 1) return current;
      current = real[0]!;
    } else {
      return current;
    }
  }
  return { kind: 'unknown' };
}

const PLAIN = new Set(['string', 'integer', 'number', 'boolean']);

/** The properties of an object type (through refs and a nullable union), or null when it is not one. */
export function objectProperties(ir: IR, type: IRType): readonly IRProperty[] | null {
  const resolved = resolve(ir, type, []);
  return resolved.kind === 'object' ? resolved.properties : null;
}

/** Every field of an item type, in the schema's order; null when the items are not objects. */
export function fieldsOf(ir: IR, type: IRType): TableField[] | null {
  const refs: string[] = [];
  const resolved = resolve(ir, type, refs);
  if (resolved.kind !== 'object') return null;
  return resolved.properties.flatMap((p) => fieldsOfProperty(ir, p, [], [], refs));
}

function fieldsOfProperty(ir: IR, property: IRProperty, path: readonly string[], words: readonly string[], outer: readonly string[]): TableField[] {
  const here = [...path, property.name];
  const allWords = [...words, ...(property.words.length > 0 ? property.words : ['field'])];
  const refs = [...outer];
  const type = resolve(ir, property.type, refs);
  const field = (kind: FieldKind, values?: readonly string[]): TableField[] => [{
    var: variableName(allWords),
    path: here,
    kind,
    label: labelOf(property, here),
    ...(values ? { values } : {}),
  }];
  switch (type.kind) {
    case 'string':
      if (type.enum && type.enum.length > 0) return field('enum', type.enum);
      return field(type.format === 'date' ? 'date' : type.format === 'date-time' ? 'datetime' : 'str');
    case 'integer':
      return field('int');
    case 'number':
      return field('float');
    case 'boolean':
      return field('bool');
    case 'null':
      return field('str');
    case 'array':
      return field(PLAIN.has(resolve(ir, type.items, [...refs]).kind) ? 'list' : 'json');
    case 'object': {
      // A map stays JSON, as does anything deeper than three levels; a schema met again on the way down (a tree) resolved to unknown.
      if (type.additionalProperties !== null || type.properties.length === 0 || here.length >= MAX_DEPTH) return field('json');
      return type.properties.flatMap((p) => fieldsOfProperty(ir, p, here, allWords, refs));
    }
    default:
      return field('json');
  }
}

/** The property's description (Markdown code marks dropped), else its path in words: `temporal_coverage.start` -> "Temporal coverage start". */
function labelOf(property: IRProperty, path: readonly string[]): string {
  const described = oneLine(property.description).replace(/`/g, '');
  if (described) return described;
  const words = path.map((p) => snakeCase(p.split(/[^A-Za-z0-9]+/).filter(Boolean)).replace(/_/g, ' ')).join(' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Value';
}

/** The fields shown in the summary lines: identifiers, names and types (at most four), else the first two. */
export function shownFields(fields: readonly TableField[]): string[][] {
  const key = fields.filter((f) => f.path.length === 1 && /^(id|name|type)$|_(id|type)$/.test(f.path[0]!)).slice(0, 4);
  return (key.length > 0 ? key : fields.slice(0, 2)).map((f) => [...f.path]);
}

/**
 * What one item is called in the summary, and several: the schema's last word
 * (`SearchResult` -> `result`, `results`). One object (`whole`) is called by
 * every word of its schema, as it is (`FacetValues` -> `facet values`).
 */
export function nounOf(type: IRType, whole = false): Noun {
  const words = type.kind === 'ref' ? type.words : ['item'];
  if (whole) return { one: words.join(' '), other: words.join(' ') };
  const word = words.at(-1) ?? 'item';
  if (/[^aeiou]y$/.test(word)) return { one: word, other: `${word.slice(0, -1)}ies` };
  return { one: word, other: /(s|x|z|ch|sh)$/.test(word) ? `${word}es` : `${word}s` };
}
