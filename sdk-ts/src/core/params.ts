/**
 * Checking a call's arguments against the spec before any network call, and
 * turning them into the request's path and query string.
 *
 * The generated code describes each operation with an {@link OperationSpec}; the
 * caller's arguments are keyed by each parameter's `label` (the name typed in
 * TypeScript, e.g. `pageSize`), and go on the wire under its `name` (`page_size`).
 *
 * @module
 */

import { ValidationError, type InvalidParam } from './errors.js';

/** One parameter of an operation, from the spec, as the generated code describes it. */
export interface ParamSpec {
  /** The wire name (`page_size`). */
  readonly name: string;
  /** The name the TypeScript caller types (`pageSize`); arguments are keyed by it. */
  readonly label: string;
  /** Where the parameter goes: the URL path or query, or (for data functions) nowhere on the wire. */
  readonly in: 'path' | 'query' | 'argument';
  /** Whether the call fails without it. */
  readonly required: boolean;
  /** The JSON Schema type of the value. */
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'array';
  /** A regular expression (ECMA-262, unicode mode) a string must match; the spec anchors its own. */
  readonly pattern?: string;
  /** Smallest number allowed. */
  readonly minimum?: number;
  /** Largest number allowed. */
  readonly maximum?: number;
  /** Fewest characters (code points) a string may have. */
  readonly minLength?: number;
  /** Most characters (code points) a string may have. */
  readonly maxLength?: number;
  /** The only values allowed. */
  readonly enum?: readonly (string | number)[];
  /** Fewest items an array may have; its items follow the string and number rules above. */
  readonly minItems?: number;
}

/** One HTTP operation of the spec, as the generated code describes it. */
export interface OperationSpec {
  /** The spec's `operationId`, quoted in error messages. */
  readonly id: string;
  /** The HTTP method. */
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path template, with `{wire_name}` placeholders (`/datasets/{dataset_id}`). */
  readonly path: string;
  /** Every path and query parameter. */
  readonly params: readonly ParamSpec[];
  /** Whether the response is a page envelope (see `PaginationSpec`). */
  readonly paginated: boolean;
}

/** A call's arguments, keyed by each parameter's `label`. */
export type CallArgs = Readonly<Record<string, unknown>>;

const patternCache = new Map<string, RegExp>();

function compiledPattern(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern, 'u');
    patternCache.set(pattern, regex);
  }
  return regex;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'non-integer number';
  return typeof value;
}

/** Checks one scalar value (or one array item) against the string/number rules of `spec`. */
function checkScalar(spec: ParamSpec, value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `must be a finite number, got ${value}`;
    if (spec.minimum !== undefined && value < spec.minimum) return `must be >= ${spec.minimum}, got ${value}`;
    if (spec.maximum !== undefined && value > spec.maximum) return `must be <= ${spec.maximum}, got ${value}`;
  }
  if (typeof value === 'string') {
    const length = [...value].length; // JSON Schema counts code points, not UTF-16 units
    if (spec.minLength !== undefined && length < spec.minLength)
      return `must be at least ${spec.minLength} character${spec.minLength === 1 ? '' : 's'} long, got ${length}`;
    if (spec.maxLength !== undefined && length > spec.maxLength)
      return `must be at most ${spec.maxLength} characters long, got ${length}`;
    if (spec.pattern !== undefined && !compiledPattern(spec.pattern).test(value))
      return `must match the pattern ${spec.pattern}, got ${describeValue(value)}`;
  }
  if (spec.enum !== undefined && !spec.enum.includes(value as string | number))
    return `must be one of ${spec.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(value)}`;
  return undefined;
}

/**
 * Why `value` is not a valid `spec` parameter, in words (`must be <= 100, got 500`),
 * or `undefined` when it is valid. `undefined` and `null` mean "not given".
 */
export function checkParam(spec: ParamSpec, value: unknown): string | undefined {
  if (value === undefined || value === null) return spec.required ? 'is required' : undefined;
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return `must be a string, got ${typeName(value)}`;
      if (spec.in === 'path' && (value === '.' || value === '..'))
        // URL parsers resolve these segments (even percent-encoded), which would change the path.
        return `must not be ${JSON.stringify(value)}`;
      if (spec.in === 'path' && value === '') return 'must not be empty';
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `must be an integer, got ${typeName(value)}`;
      break;
    case 'number':
      if (typeof value !== 'number') return `must be a number, got ${typeName(value)}`;
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return `must be a boolean, got ${typeName(value)}`;
      break;
    case 'array': {
      if (!Array.isArray(value)) return `must be an array, got ${typeName(value)}`;
      if (spec.minItems !== undefined && value.length < spec.minItems)
        return `must have at least ${spec.minItems} item${spec.minItems === 1 ? '' : 's'}, got ${value.length}`;
      for (const [index, item] of value.entries()) {
        if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean')
          return `item ${index} must be a string, number or boolean, got ${typeName(item)}`;
        const reason = checkScalar(spec, item);
        if (reason) return `item ${index} ${reason}`;
      }
      return undefined;
    }
  }
  return checkScalar(spec, value);
}

/**
 * Checks every argument of a call against `op`, before anything is sent. Throws one
 * {@link ValidationError} listing every broken parameter by label and wire name,
 * including arguments the operation does not have (a typo such as `pagesize`).
 */
export function validateArgs(op: Pick<OperationSpec, 'id' | 'params'>, args: CallArgs = {}): void {
  const problems: InvalidParam[] = [];
  for (const spec of op.params) {
    const reason = checkParam(spec, args[spec.label]);
    if (reason) problems.push({ name: spec.name, label: spec.label, in: spec.in, reason });
  }
  const known = new Set(op.params.map((spec) => spec.label));
  for (const [label, value] of Object.entries(args)) {
    if (!known.has(label) && value !== undefined) {
      const expected = op.params.map((spec) => spec.label).join(', ') || 'none';
      problems.push({ name: label, label, reason: `is not a parameter of ${op.id} (expected: ${expected})` });
    }
  }
  if (problems.length === 0) return;
  const parts = problems.map((p) => `${p.label === p.name ? p.name : `${p.label} (${p.name})`} ${p.reason}`);
  throw new ValidationError(`Invalid argument${problems.length > 1 ? 's' : ''} for ${op.id}: ${parts.join('; ')}`, {
    invalidParams: problems,
    attempts: 0,
  });
}

function wireValue(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/**
 * The request path of `op` with each `{placeholder}` replaced by its percent-encoded
 * argument. Call {@link validateArgs} first: this does not check the values.
 */
export function buildPath(op: OperationSpec, args: CallArgs = {}): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, wireName: string) => {
    const spec = op.params.find((p) => p.in === 'path' && p.name === wireName);
    if (!spec) throw new Error(`${op.id}: the path ${op.path} names {${wireName}} but no path parameter has that name`);
    const value = args[spec.label];
    if (value === undefined || value === null) throw new ValidationError(`${op.id}: ${spec.label} (${spec.name}) is required`);
    return encodeURIComponent(wireValue(value));
  });
}

/**
 * The query string of a call (`?q=pib&page=2`, or `''` when empty), in the order of
 * `op.params`. Arguments that are `undefined` or `null` are left out; arrays repeat
 * the parameter (`tag=a&tag=b`), the OpenAPI default for query arrays.
 */
export function buildQuery(op: OperationSpec, args: CallArgs = {}): string {
  // encodeURIComponent rather than URLSearchParams: a space becomes %20, not '+', which
  // every server decodes the same way.
  const pairs: string[] = [];
  for (const spec of op.params) {
    if (spec.in !== 'query') continue;
    const value = args[spec.label];
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value])
      pairs.push(`${encodeURIComponent(spec.name)}=${encodeURIComponent(wireValue(item))}`);
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}
