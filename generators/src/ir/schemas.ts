/**
 * JSON Schema (OpenAPI 3.0 and 3.1 dialects) -> IR types and constraints.
 * Named component schemas stay references so recursive schemas terminate.
 */
import type { Diagnostic } from '../diagnostics.js';
import { nodeAtPointer } from '../load/pointer.js';
import type { IRConstraints, IRProperty, IRType, JsonValue } from './types.js';
import { splitWords } from './words.js';

const COMPONENT_SCHEMA = /^#\/components\/schemas\/([^/]+)$/;

export type SchemaNode = Record<string, unknown> | boolean;

/** Converts schemas of one bundled document; collects what it cannot express. */
export class SchemaConverter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly root: Record<string, unknown>) {}

  /** Follows `$ref`s until a node that is not a reference. */
  deref(node: unknown): unknown {
    const seen = new Set<string>();
    while (isObject(node) && typeof node.$ref === 'string' && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      node = nodeAtPointer(this.root, node.$ref);
    }
    return node;
  }

  toType(node: unknown, pointer: string): IRType {
    if (node === true || node === undefined || (isObject(node) && Object.keys(node).length === 0)) return { kind: 'unknown' };
    if (node === false || !isObject(node)) return { kind: 'unknown' };

    if (typeof node.$ref === 'string') {
      const named = COMPONENT_SCHEMA.exec(node.$ref);
      if (named) {
        const name = decodeToken(named[1]!);
        return { kind: 'ref', name, words: splitWords(name) };
      }
      return this.toType(this.deref(node), node.$ref);
    }
    if (Array.isArray(node.allOf)) return this.allOf(node.allOf, pointer);
    const variants = (node.oneOf ?? node.anyOf) as unknown;
    if (Array.isArray(variants)) {
      return union(variants.map((v, i) => this.toType(v, `${pointer}/${node.oneOf ? 'oneOf' : 'anyOf'}/${i}`)));
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
    const properties: IRProperty[] = Object.entries(isObject(node.properties) ? node.properties : {}).map(([name, schema]) => ({
      name,
      words: splitWords(name),
      required: required.has(name),
      description: describe(this.deref(schema)),
      type: this.toType(schema, `${pointer}/properties/${encodeToken(name)}`),
      constraints: this.constraints(schema),
    }));
    const extra = node.additionalProperties;
    const additionalProperties = extra === undefined || extra === false ? null : this.toType(extra, `${pointer}/additionalProperties`);
    return { kind: 'object', properties, additionalProperties };
  }

  /** `allOf` of objects merges into one object (the page envelope plus its items). */
  private allOf(members: unknown[], pointer: string): IRType {
    const merged: IRProperty[] = [];
    for (const [i, member] of members.entries()) {
      const resolved = this.deref(member);
      const type = isObject(resolved) && Array.isArray(resolved.allOf)
        ? this.allOf(resolved.allOf, `${pointer}/allOf/${i}`)
        : this.toType(resolved, `${pointer}/allOf/${i}`);
      if (type.kind !== 'object') {
        this.diagnostics.push({
          severity: 'error',
          rule: 'bdgen/unsupported-construct',
          pointer: `${pointer}/allOf/${i}`,
          message: `allOf may only combine object schemas; this member is ${type.kind}.`,
        });
        continue;
      }
      for (const property of type.properties) {
        const at = merged.findIndex((p) => p.name === property.name);
        if (at >= 0) merged[at] = { ...property, required: property.required || merged[at]!.required };
        else merged.push(property);
      }
    }
    return { kind: 'object', properties: merged, additionalProperties: null };
  }

  /** Constraints of a value, following `$ref`s to where they are declared. */
  constraints(node: unknown): IRConstraints {
    const schema = this.deref(node);
    if (!isObject(schema)) return {};
    const pick = <K extends keyof IRConstraints>(key: K, value: unknown) =>
      (typeof value === 'number' || typeof value === 'string' ? { [key]: value } : {}) as Pick<IRConstraints, K>;
    const items = schema.items !== undefined ? this.constraints(schema.items) : undefined;
    const values = schema.const !== undefined ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
    const allowed = values?.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
    return {
      ...pick('pattern', schema.pattern),
      ...pick('minimum', schema.minimum),
      ...pick('maximum', schema.maximum),
      ...pick('exclusiveMinimum', schema.exclusiveMinimum),
      ...pick('exclusiveMaximum', schema.exclusiveMaximum),
      ...pick('minLength', schema.minLength),
      ...pick('maxLength', schema.maxLength),
      ...pick('minItems', schema.minItems),
      ...pick('maxItems', schema.maxItems),
      ...(allowed && allowed.length > 0 ? { enum: allowed } : {}),
      ...(items && Object.keys(items).length > 0 ? { items } : {}),
    };
  }

  /** Default value of a schema, following `$ref`s. */
  defaultOf(node: unknown): JsonValue | undefined {
    const schema = this.deref(node);
    return isObject(schema) ? (schema.default as JsonValue | undefined) : undefined;
  }
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

function inferType(node: Record<string, unknown>): string | undefined {
  if (node.properties !== undefined || node.additionalProperties !== undefined) return 'object';
  if (node.items !== undefined) return 'array';
  if (Array.isArray(node.enum) && node.enum.every((v) => typeof v === 'string')) return 'string';
  return undefined;
}

export function describe(node: unknown): string {
  return isObject(node) && typeof node.description === 'string' ? node.description.trim() : '';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeToken(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
}

function encodeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
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
