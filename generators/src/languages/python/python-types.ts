/** IR types -> Python type annotations, and IR constraints -> the runtime's `ValueRules`. */
import type { IRConstraints, IRType } from '../../ir/types.js';
import { pyNumber, pyString } from './python-doc.js';

/** The Python name that stands for a component schema (`Dataset`). */
export type PyRefResolver = (schemaName: string) => string;

/** The IR type of a component schema, to see through `$ref`s. */
export type SchemaResolver = (schemaName: string) => IRType | undefined;

/**
 * The annotation of a value of `type`. Objects written inline (not a named
 * schema) have no class of their own, so they are `dict[str, Any]` (or
 * `dict[str, T]` when only `additionalProperties` says what they hold);
 * `None` comes last in a union, as Python code usually writes it.
 */
export function pyType(type: IRType, ref: PyRefResolver): string {
  switch (type.kind) {
    case 'string':
      return type.enum && type.enum.length > 0 ? `Literal[${type.enum.map(pyString).join(', ')}]` : 'str';
    case 'integer':
      return type.enum && type.enum.length > 0 ? `Literal[${type.enum.map(pyNumber).join(', ')}]` : 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'null':
      return 'None';
    case 'unknown':
      return 'Any';
    case 'ref':
      return ref(type.name);
    case 'array':
      return `list[${pyType(type.items, ref)}]`;
    case 'object':
      if (type.properties.length === 0 && type.additionalProperties) return `dict[str, ${pyType(type.additionalProperties, ref)}]`;
      return 'dict[str, Any]';
    case 'union': {
      const variants = [...new Set(type.variants.map((v) => pyType(v, ref)))];
      const ordered = [...variants.filter((v) => v !== 'None'), ...variants.filter((v) => v === 'None')];
      return ordered.length === 0 ? 'Any' : ordered.join(' | ');
    }
  }
}

/** `T | None` for an optional value, unless `T` already admits None. */
export function pyOptional(annotation: string): string {
  return annotation === 'None' || annotation === 'Any' || /(^| )None( |$)/.test(annotation) ? annotation : `${annotation} | None`;
}

/** The typing names an annotation uses, so the module imports exactly those. */
export function typingNamesIn(annotation: string): string[] {
  return ['Any', 'Literal'].filter((name) => new RegExp(`\\b${name}\\b`).test(annotation));
}

export type PyValueType = 'string' | 'integer' | 'number' | 'boolean' | 'array';

/** The runtime's `ValueRules` of one value, as plain data; the emitter renders it. */
export interface PyValueRules {
  readonly type: PyValueType;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enum?: readonly (string | number)[];
  readonly items?: PyValueRules;
}

/** Follows `$ref`s (and nullable unions) to the type that says what the value is. */
export function concreteType(type: IRType, resolve: SchemaResolver, seen: ReadonlySet<string> = new Set()): IRType {
  if (type.kind === 'ref') {
    const target = seen.has(type.name) ? undefined : resolve(type.name);
    return target ? concreteType(target, resolve, new Set([...seen, type.name])) : { kind: 'unknown' };
  }
  if (type.kind === 'union') {
    const variants = type.variants.filter((v) => v.kind !== 'null');
    if (variants.length === 1) return concreteType(variants[0]!, resolve, seen);
  }
  return type;
}

/** The runtime's coarse kind of a parameter's value, checked before a request. */
export function pyValueType(type: IRType, resolve: SchemaResolver): PyValueType {
  const concrete = concreteType(type, resolve);
  switch (concrete.kind) {
    case 'integer':
    case 'number':
    case 'boolean':
    case 'array':
      return concrete.kind;
    default:
      return 'string';
  }
}

/** The rules the runtime checks a value of `type` against: its kind, its constraints and its enum. */
export function pyValueRules(type: IRType, constraints: IRConstraints, resolve: SchemaResolver): PyValueRules {
  const concrete = concreteType(type, resolve);
  const valueType = pyValueType(type, resolve);
  const values = (concrete.kind === 'string' || concrete.kind === 'integer') && concrete.enum && concrete.enum.length > 0 ? concrete.enum : undefined;
  const c = constraints;
  const items = concrete.kind === 'array' ? pyValueRules(concrete.items, c.items ?? {}, resolve) : undefined;
  return {
    type: valueType,
    ...(c.pattern !== undefined ? { pattern: c.pattern } : {}),
    ...(c.minimum !== undefined ? { minimum: c.minimum } : {}),
    ...(c.maximum !== undefined ? { maximum: c.maximum } : {}),
    ...(c.exclusiveMinimum !== undefined ? { exclusiveMinimum: c.exclusiveMinimum } : {}),
    ...(c.exclusiveMaximum !== undefined ? { exclusiveMaximum: c.exclusiveMaximum } : {}),
    ...(c.minLength !== undefined ? { minLength: c.minLength } : {}),
    ...(c.maxLength !== undefined ? { maxLength: c.maxLength } : {}),
    ...(c.minItems !== undefined ? { minItems: c.minItems } : {}),
    ...(c.maxItems !== undefined ? { maxItems: c.maxItems } : {}),
    ...(values ? { enum: values } : {}),
    ...(items ? { items } : {}),
  };
}
