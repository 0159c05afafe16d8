/**
 * JSON Schema (OpenAPI 3.0 and 3.1 dialects) -> IR types and constraints.
 * Named component schemas stay references so recursive schemas terminate.
 */
import { escapePointerToken, type Diagnostic } from '../diagnostics.js';
import { isObject, nodeAtRef, pointerTokens, refPointer } from '../load/pointer.js';
import type { IRProperty, IRType, IRValueRules, JsonValue, ValueKind } from './types.js';
import { splitWords } from './words.js';


export type SchemaNode = Record<string, unknown> | boolean;

/** Converts schemas of one bundled document; collects what it cannot express. */
export class SchemaConverter {
  readonly diagnostics: Diagnostic[] = [];
  /** Conversions of inline schema objects, by identity: a schema reached twice (an allOf member, a shared parameter) is converted once. */
  private readonly converted = new WeakMap<object, IRType>();
  private depth = 0;

  constructor(private readonly root: Record<string, unknown>) {}

  /** Follows `$ref`s until a node that is not a reference. */
  deref(node: unknown): unknown {
    const seen = new Set<string>();
    while (isObject(node) && typeof node.$ref === 'string' && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      node = nodeAtRef(this.root, node.$ref);
    }
    return node;
  }

  toType(node: unknown, pointer: string): IRType {
    if (node === true || node === undefined || (isObject(node) && Object.keys(node).length === 0)) return { kind: 'unknown' };
    if (node === false || !isObject(node)) return { kind: 'unknown' };

    if (typeof node.$ref === 'string') {
      const name = componentSchemaName(node.$ref);
      if (name !== undefined) return { kind: 'ref', name, words: splitWords(name) };
      return this.toType(this.deref(node), node.$ref);
    }
    const cached = this.converted.get(node);
    if (cached) return cached;
    // Inline nesting this deep is a hostile or generated spec; what is below it stays unknown.
    if (this.depth > 64) return { kind: 'unknown' };
    this.depth++;
    try {
      const type = this.convert(node, pointer);
      this.converted.set(node, type);
      return type;
    } finally {
      this.depth--;
    }
  }

  private convert(node: Record<string, unknown>, pointer: string): IRType {
    if (Array.isArray(node.allOf)) return this.allOf(node, pointer);
    const variants = (node.oneOf ?? node.anyOf) as unknown;
    // Variants that only add `required` lists to the properties beside them say nothing about the type.
    if (Array.isArray(variants) && variants.some(definesType)) {
      const key = node.oneOf ? 'oneOf' : 'anyOf';
      return union(variants.flatMap((v, i) => (definesType(v) ? [this.toType(v, `${pointer}/${key}/${i}`)] : [])));
    }
    if (Array.isArray(node.type)) {
      return union(node.type.map((t) => this.toType({ ...node, type: t }, pointer)));
    }
    const nullable = node.nullable === true; // OpenAPI 3.0
    const base = this.single(node, pointer);
    return nullable ? union([base, { kind: 'null' }]) : base;
  }

  private single(node: Record<string, unknown>, pointer: string): IRType {
    const format = typeof node.format === 'string' ? { format: node.format } : {};
    const values = node.const !== undefined ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
    const type = node.type ?? inferType(node);
    switch (type) {
      case 'string':
        return { kind: 'string', ...format, ...(values ? { enum: values.filter((v): v is string => typeof v === 'string') } : {}) };
      case 'integer':
        return { kind: 'integer', ...format, ...(values ? { enum: values.filter((v): v is number => typeof v === 'number') } : {}) };
      case 'number':
        return { kind: 'number', ...format };
      case 'boolean':
        return { kind: 'boolean' };
      case 'null':
        return { kind: 'null' };
      case 'array':
        return { kind: 'array', items: this.toType(node.items ?? true, `${pointer}/items`) };
      case 'object':
        return this.object(node, pointer);
      default:
        return { kind: 'unknown' };
    }
  }

  private object(node: Record<string, unknown>, pointer: string): IRType {
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    const properties: IRProperty[] = Object.entries(isObject(node.properties) ? node.properties : {}).map(([name, schema]) => {
      const target = this.deref(schema);
      // The field's own example only: a named schema's example is the schema's (IRSchema.example).
      const example = exampleOf(schema);
      return {
        name,
        words: splitWords(name),
        required: required.has(name),
        description: describe(isObject(schema) && typeof schema.description === 'string' ? schema : target),
        deprecated: isObject(target) && target.deprecated === true,
        type: this.toType(schema, `${pointer}/properties/${escapePointerToken(name)}`),
        ...(example !== undefined ? { example } : {}),
      };
    });
    const extra = node.additionalProperties;
    const additionalProperties = extra === undefined || extra === false ? null : this.toType(extra, `${pointer}/additionalProperties`);
    return { kind: 'object', properties, additionalProperties };
  }

  /**
   * `allOf` of objects merges into one object (the page envelope plus its
   * items); members that only annotate (a description, `nullable`) add
   * nothing; one scalar member (`allOf: [$ref: Id]` with a description) is
   * that scalar. A scalar combined with an object can hold no value: an error.
   * A `{type: 'null'}` member makes the rest nullable (the common idiom).
   */
  private allOf(node: Record<string, unknown>, pointer: string): IRType {
    const members: (readonly [unknown, string])[] = (node.allOf as unknown[]).map((m, i) => [m, `${pointer}/allOf/${i}`] as const);
    const own = Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'allOf'));
    if (definesType(own)) members.push([own, pointer]);
    // `allOf: [$ref: X, {type: 'null'}]` matches nothing by the letter, but every author means "X or null": read it so.
    const nullMember = (member: unknown) => {
      const target = this.deref(member);
      return isObject(target) && (target.type === 'null' || (Array.isArray(target.type) && target.type.length === 1 && target.type[0] === 'null'));
    };
    const typed = members.filter(([member]) => definesType(this.deref(member)) && !nullMember(member));
    const nullable = members.some(([member]) => (isObject(member) && member.nullable === true) || nullMember(member));
    const wrap = (t: IRType): IRType => (nullable ? union([t, { kind: 'null' }]) : t);
    // One schema with annotations around it (`allOf: [$ref: Id]` plus a description) is that schema, named.
    if (typed.length === 1) return wrap(this.toType(typed[0]![0], typed[0]![1]));
    const types = typed.map(([member, at]) => [this.allOfMember(member, at), at] as const);
    const objects = types.filter(([t]) => t.kind === 'object');
    const others = types.filter(([t]) => t.kind !== 'object' && t.kind !== 'unknown');
    if (objects.length === 0) return wrap(others.length === 0 ? { kind: 'unknown' } : this.sameScalar(others));
    if (others.length > 0) return wrap(this.contradiction(others[0]![1], others[0]![0]));
    const merged: IRProperty[] = [];
    let additionalProperties: IRType | null = null;
    for (const [type] of objects) {
      if (type.kind !== 'object') continue;
      additionalProperties ??= type.additionalProperties;
      for (const property of type.properties) {
        const at = merged.findIndex((p) => p.name === property.name);
        if (at >= 0) merged[at] = { ...property, required: property.required || merged[at]!.required };
        else merged.push(property);
      }
    }
    return wrap({ kind: 'object', properties: merged, additionalProperties });
  }

  private allOfMember(member: unknown, pointer: string): IRType {
    const resolved = this.deref(member);
    const type = this.toType(resolved, pointer);
    // A nullable member's null variant says nothing about the object it merges into.
    return type.kind === 'union' ? (type.variants.find((v) => v.kind !== 'null') ?? type) : type;
  }

  /**
   * Scalars that must all hold (`allOf: [{type: string}, {type: string, minLength: 1}]`):
   * one of their kind, an integer where numbers and integers meet, keeping the
   * first format and only the enum values every member allows; different kinds
   * can hold no value.
   */
  private sameScalar(members: readonly (readonly [IRType, string])[]): IRType {
    const kindOf = (t: IRType) => (t.kind === 'number' ? 'integer' : t.kind);
    const first = members.find(([t]) => t.kind === 'integer') ?? members[0]!;
    const differing = members.find(([t]) => kindOf(t) !== kindOf(first[0]));
    if (differing) return this.contradiction(differing[1], differing[0]);
    const type = first[0];
    if (type.kind !== 'string' && type.kind !== 'integer') return type;
    const format = members.map(([t]) => ('format' in t ? t.format : undefined)).find((f) => f !== undefined);
    const enums = members.flatMap(([t]): (readonly (string | number)[])[] => ('enum' in t && t.enum && t.enum.length > 0 ? [t.enum] : []));
    const allowed = enums.length === 0 ? undefined : enums.reduce((a, b) => a.filter((v) => b.includes(v)));
    return { ...type, ...(format !== undefined ? { format } : {}), ...(allowed !== undefined ? { enum: allowed } : {}) } as IRType;
  }

  private contradiction(pointer: string, type: IRType): IRType {
    this.diagnostics.push({
      severity: 'error',
      rule: 'bdgen/unsupported-construct',
      pointer,
      message: `allOf may only combine object schemas, or annotate one schema; this member is ${type.kind}, so no value can match every member.`,
    });
    return { kind: 'unknown' };
  }

  /**
   * The rules a runtime checks a value against: its kind and constraints,
   * following `$ref`s, `allOf` members and nullable unions to where they are
   * declared. Constraints written beside a `$ref` (3.1) win over the target's.
   */
  rules(node: unknown, depth = 0): IRValueRules {
    const schema = this.flatten(node);
    const pick = (key: string): Record<string, number | string> => {
      const value = schema[key];
      return typeof value === 'number' || typeof value === 'string' ? { [key]: value } : {};
    };
    const values = schema.const !== undefined ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
    const allowed = values?.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v));
    const kind = valueKind(schema);
    const items = kind === 'array' && schema.items !== undefined && depth < 8 ? this.rules(schema.items, depth + 1) : undefined;
    return {
      kind,
      nullable: nullableSchema(schema),
      ...(typeof schema.format === 'string' ? { format: schema.format } : {}),
      ...pick('pattern'), ...pick('minimum'), ...pick('maximum'), ...pick('exclusiveMinimum'), ...pick('exclusiveMaximum'),
      ...pick('minLength'), ...pick('maxLength'), ...pick('minItems'), ...pick('maxItems'),
      ...(schema.uniqueItems === true ? { uniqueItems: true } : {}),
      // OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum.
      ...(schema.exclusiveMinimum === true && typeof schema.minimum === 'number' ? { exclusiveMinimum: schema.minimum, minimum: undefined } : {}),
      ...(schema.exclusiveMaximum === true && typeof schema.maximum === 'number' ? { exclusiveMaximum: schema.maximum, maximum: undefined } : {}),
      ...(allowed && allowed.length > 0 ? { enum: allowed } : {}),
      ...(items ? { items } : {}),
    } as IRValueRules;
  }

  /** One schema object merging a `$ref` chain, `allOf` members and the non-null variant of a nullable union. */
  private flatten(node: unknown, depth = 0): Record<string, unknown> {
    if (!isObject(node) || depth > 32) return {};
    let merged: Record<string, unknown> = {};
    if (typeof node.$ref === 'string') merged = this.flatten(this.deref(node), depth + 1);
    if (Array.isArray(node.allOf)) {
      for (const member of node.allOf) {
        // A `{type: 'null'}` member makes the others nullable; it does not replace their type.
        const flat = this.flatten(member, depth + 1);
        merged = flat.type === 'null' ? { ...merged, nullable: true } : { ...merged, ...flat };
      }
    }
    const variants = (node.oneOf ?? node.anyOf) as unknown;
    if (Array.isArray(variants)) {
      const concrete = variants.filter((v) => !(isObject(v) && v.type === 'null'));
      if (concrete.length === 1) merged = { ...merged, ...this.flatten(concrete[0], depth + 1) };
      if (concrete.length < variants.length) merged = { ...merged, nullable: true };
    }
    const own = Object.fromEntries(Object.entries(node).filter(([key]) => !['$ref', 'allOf', 'oneOf', 'anyOf'].includes(key)));
    return { ...merged, ...own, ...(merged.nullable === true ? { nullable: true } : {}) };
  }

  /** Default value of a schema, following `$ref`s. */
  defaultOf(node: unknown): JsonValue | undefined {
    const schema = this.deref(node);
    return isObject(schema) ? (schema.default as JsonValue | undefined) : undefined;
  }
}

/** Keywords that say what a value is; a schema with none of them only annotates (title, description, nullable). */
const TYPE_KEYWORDS = ['type', 'properties', 'additionalProperties', 'items', 'enum', 'const', '$ref', 'allOf', 'oneOf', 'anyOf', 'format', 'pattern'];

function definesType(node: unknown): boolean {
  return isObject(node) && TYPE_KEYWORDS.some((key) => node[key] !== undefined);
}

function union(variants: IRType[]): IRType {
  const flat: IRType[] = [];
  for (const variant of variants) {
    for (const v of variant.kind === 'union' ? variant.variants : [variant]) {
      if (!flat.some((f) => JSON.stringify(f) === JSON.stringify(v))) flat.push(v);
    }
  }
  return flat.length === 1 ? flat[0]! : { kind: 'union', variants: flat };
}

/** What kind of value a flattened schema describes (a `type` list with `null` is that type, nullable). */
function valueKind(schema: Record<string, unknown>): ValueKind {
  const declared = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [schema.type ?? inferType(schema)];
  const type = declared.length === 1 ? declared[0] : undefined;
  return typeof type === 'string' && ['string', 'integer', 'number', 'boolean', 'array', 'object'].includes(type) ? (type as ValueKind) : 'unknown';
}

function nullableSchema(schema: Record<string, unknown>): boolean {
  return schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null')) || schema.type === 'null';
}

function inferType(node: Record<string, unknown>): string | undefined {
  if (node.properties !== undefined || node.additionalProperties !== undefined) return 'object';
  if (node.items !== undefined) return 'array';
  if (Array.isArray(node.enum) && node.enum.length > 0 && node.enum.every((v) => typeof v === 'string')) return 'string';
  if (node.pattern !== undefined || node.minLength !== undefined || node.maxLength !== undefined) return 'string';
  if (node.minimum !== undefined || node.maximum !== undefined) return 'number';
  return undefined;
}

/** OpenAPI's `example`, the first of `examples` (a map of Example objects, or JSON Schema's array). */
export function exampleOf(node: unknown): JsonValue | undefined {
  if (!isObject(node)) return undefined;
  if (node.example !== undefined) return node.example as JsonValue;
  if (Array.isArray(node.examples)) return node.examples[0] as JsonValue | undefined;
  if (isObject(node.examples)) {
    const first = Object.values(node.examples)[0];
    if (isObject(first) && first.value !== undefined) return first.value as JsonValue;
  }
  return undefined;
}

export function describe(node: unknown): string {
  return isObject(node) && typeof node.description === 'string' ? node.description.trim() : '';
}

export { isObject };

/** The component schema a `$ref` names (`#/components/schemas/<name>`, its fragment decoded), if it names one. */
function componentSchemaName(ref: string): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  const reading = refPointer(ref);
  const tokens = 'pointer' in reading ? pointerTokens(reading.pointer) : undefined;
  return tokens?.length === 3 && tokens[0] === 'components' && tokens[1] === 'schemas' ? tokens[2] : undefined;
}


/** Names of the component schemas a type refers to, directly or inside it. */
export function referencedSchemas(type: IRType, into: Set<string> = new Set()): Set<string> {
  switch (type.kind) {
    case 'ref': into.add(type.name); break;
    case 'array': referencedSchemas(type.items, into); break;
    case 'union': type.variants.forEach((v) => referencedSchemas(v, into)); break;
    case 'object':
      type.properties.forEach((p) => referencedSchemas(p.type, into));
      if (type.additionalProperties) referencedSchemas(type.additionalProperties, into);
      break;
    default: break;
  }
  return into;
}
