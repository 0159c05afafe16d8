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

import { createError, ERROR_KINDS, type ErrorKindSpec, type InvalidParam } from './errors.js';
import type { SecurityRequirementSpec } from './auth.js';
import type { GraphqlSpec } from './graphql.js';
import type { PageFields } from './pagination.js';

/** Where a parameter goes: the URL path or query, a header, a cookie, or (data functions) nowhere on the wire. */
export type ParamLocation = 'path' | 'query' | 'header' | 'cookie' | 'argument';

/** How a parameter is serialised, per OpenAPI 3.1 section 4.8.12.4 (style values). */
export type ParamStyle = 'simple' | 'label' | 'matrix' | 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';

/** The JSON Schema type of a value. */
/** `unknown`: the spec says nothing of the value's type, so only its other rules are checked. */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'unknown';

/** The rules a value (or each item of an array) must follow, from its schema (through `$ref`s). */
export interface ValueRules {
  /** The JSON Schema type of the value. */
  readonly type: ValueType;
  /** A regular expression (ECMA-262, unicode mode) a string must match; the spec anchors its own. */
  readonly pattern?: string;
  /** Smallest number allowed. */
  readonly minimum?: number;
  /** Largest number allowed. */
  readonly maximum?: number;
  /** Numbers must be greater than this (OpenAPI 3.0's `exclusiveMinimum: true` beside `minimum` reads as this). */
  readonly exclusiveMinimum?: number;
  /** Numbers must be less than this. */
  readonly exclusiveMaximum?: number;
  /** Fewest characters (code points) a string may have. */
  readonly minLength?: number;
  /** Most characters (code points) a string may have. */
  readonly maxLength?: number;
  /** The only values allowed. */
  readonly enum?: readonly (string | number | boolean)[];
  /** Fewest items an array may have. */
  readonly minItems?: number;
  /** Most items an array may have. */
  readonly maxItems?: number;
  /** Whether an array's items must all differ. */
  readonly uniqueItems?: boolean;
  /**
   * The rules of an array's items. When absent, items follow the array's own
   * string and number rules, and string rules (`pattern`, `minLength`,
   * `maxLength`) make them strings.
   */
  readonly items?: ValueRules;
}

/** One parameter of an operation, from the spec, as the generated code describes it. */
export interface ParamSpec extends ValueRules {
  /** The wire name (`page_size`). */
  readonly name: string;
  /** The name the TypeScript caller types (`pageSize`); arguments are keyed by it. */
  readonly label: string;
  /** Where the parameter goes. */
  readonly in: ParamLocation;
  /** Whether the call fails without it. */
  readonly required: boolean;
  /** Serialisation style; default `simple` for path and header, `form` for query and cookie. */
  readonly style?: ParamStyle;
  /** Whether arrays and objects are exploded; default true for `form`, false otherwise. */
  readonly explode?: boolean;
}

/** The HTTP methods an operation may use. */
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

/**
 * How a request body is encoded: `json`, `form` (application/x-www-form-urlencoded),
 * `multipart` (multipart/form-data, with file parts), `binary` (any other non-text
 * type, e.g. application/octet-stream) or `text` (text/*).
 */
export type BodyKind = 'json' | 'form' | 'multipart' | 'binary' | 'text';

/** One media type an operation's body may be sent as. */
export interface BodyMedia {
  /** The media type sent as `Content-Type` (`application/json`, `image/png`...). */
  readonly type: string;
  /** How a value is encoded for it. */
  readonly kind: BodyKind;
}

/** An operation's request body. */
export interface BodySpec {
  /** Whether the call fails without it. */
  readonly required: boolean;
  /** The argument holding it (`body`). */
  readonly label: string;
  /** The media types it may be sent as; the first is the default, a call picks another with `contentType`. */
  readonly media: readonly BodyMedia[];
}

/** What a successful answer's body is: parsed JSON, bytes (`Uint8Array`), a string, or nothing (`undefined`). */
export type ResponseKind = 'json' | 'binary' | 'text' | 'empty';

/** One HTTP operation of the spec, as the generated code describes it. */
export interface OperationSpec {
  /** The spec's `operationId`, quoted in error messages. */
  readonly id: string;
  /** The HTTP method. */
  readonly method: HttpMethod;
  /** The path template, with `{wire_name}` placeholders (`/tables/{table_uuid}/columns/`). */
  readonly path: string;
  /** Every path, query, header and cookie parameter. */
  readonly params: readonly ParamSpec[];
  /** The request body, if the operation takes one. */
  readonly body?: BodySpec;
  /** The success body's kind; when absent, JSON when the answer says so, else its text. */
  readonly response?: ResponseKind;
  /** Whether the response is a page envelope (see `PaginationSpec`). */
  readonly paginated: boolean;
  /** A paged operation's own envelope fields (search's `results`, no `page_total`); default the spec's. */
  readonly pagination?: PageFields;
  /** Set for a function of `x-bd-graphql`: the call sends this document, not `path` and parameters. */
  readonly graphql?: GraphqlSpec;
  /** The ways a call may authenticate: the first whose every scheme has credentials is sent; absent or empty: none. */
  readonly security?: readonly SecurityRequirementSpec[];
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

/** Whether a string breaks HTTP header rules: control characters (CR and LF split headers) or text beyond ISO-8859-1. */
const HEADER_UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f\u0100-\u{10ffff}]/u;

/** Checks one scalar value (or one array item) against the string and number rules of `rules`. */
function checkScalar(rules: ValueRules, value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `must be a finite number, got ${value}`;
    if (rules.type === 'integer' && !Number.isSafeInteger(value))
      return Number.isInteger(value) ? `must be a safe integer (at most ${Number.MAX_SAFE_INTEGER} in size), got ${value}` : `must be an integer, got ${value}`;
    if (rules.minimum !== undefined && value < rules.minimum) return `must be >= ${rules.minimum}, got ${value}`;
    if (rules.maximum !== undefined && value > rules.maximum) return `must be <= ${rules.maximum}, got ${value}`;
    if (rules.exclusiveMinimum !== undefined && value <= rules.exclusiveMinimum) return `must be > ${rules.exclusiveMinimum}, got ${value}`;
    if (rules.exclusiveMaximum !== undefined && value >= rules.exclusiveMaximum) return `must be < ${rules.exclusiveMaximum}, got ${value}`;
  }
  if (typeof value === 'string') {
    const length = [...value].length; // JSON Schema counts code points, not UTF-16 units
    if (rules.minLength !== undefined && length < rules.minLength)
      return `must be at least ${rules.minLength} character${rules.minLength === 1 ? '' : 's'} long, got ${length}`;
    if (rules.maxLength !== undefined && length > rules.maxLength)
      return `must be at most ${rules.maxLength} characters long, got ${length}`;
    if (rules.pattern !== undefined && !compiledPattern(rules.pattern).test(value))
      return `must match the pattern ${rules.pattern}, got ${describeValue(value)}`;
  }
  if (rules.enum !== undefined && !rules.enum.includes(value as string | number | boolean))
    return `must be one of ${rules.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(value)}`;
  return undefined;
}

/** Checks a value against the type of `rules` (not its string and number rules). */
function checkType(rules: ValueRules, value: unknown): string | undefined {
  switch (rules.type) {
    case 'string':
      return typeof value === 'string' ? undefined : `must be a string, got ${typeName(value)}`;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : `must be an integer, got ${typeName(value)}`;
    case 'number':
      return typeof value === 'number' ? undefined : `must be a number, got ${typeName(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be a boolean, got ${typeName(value)}`;
    default:
      return undefined;
  }
}

/** The rules of an array's items: its `items`, else its own rules (string rules meaning string items). */
function itemRules(spec: ValueRules): ValueRules | undefined {
  if (spec.items) return spec.items;
  const stringRules = spec.pattern !== undefined || spec.minLength !== undefined || spec.maxLength !== undefined;
  return stringRules ? { ...spec, type: 'string' } : undefined;
}

function checkArray(spec: ValueRules, value: readonly unknown[]): string | undefined {
  if (spec.minItems !== undefined && value.length < spec.minItems)
    return `must have at least ${spec.minItems} item${spec.minItems === 1 ? '' : 's'}, got ${value.length}`;
  if (spec.maxItems !== undefined && value.length > spec.maxItems) return `must have at most ${spec.maxItems} items, got ${value.length}`;
  const rules = itemRules(spec);
  const seen = new Map<unknown, number>();
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean')
      return `item ${index} must be a string, number or boolean, got ${typeName(item)}`;
    const reason = (rules && checkType(rules, item)) ?? checkScalar(rules ?? spec, item);
    if (reason) return `item ${index} ${reason}`;
    const first = seen.get(item);
    if (spec.uniqueItems && first !== undefined) return `item ${index} repeats item ${first} (${describeValue(item)}); items must differ`;
    seen.set(item, index);
  }
  return undefined;
}

function checkObject(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `must be an object, got ${typeName(value)}`;
  for (const [key, inner] of Object.entries(value)) {
    const items = Array.isArray(inner) ? inner : [inner];
    if (items.some((item) => item !== null && item !== undefined && !['string', 'number', 'boolean'].includes(typeof item)))
      return `property ${JSON.stringify(key)} must be a string, number, boolean or an array of them`;
  }
  return undefined;
}

/** The scalars a value holds, for checks every scalar must pass (header text). */
function scalarsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.entries(value).flat(2);
  return [value];
}

/**
 * Why `value` is not a valid `spec` parameter, in words (`must be <= 100, got 500`),
 * or `undefined` when it is valid. `undefined` and `null` mean "not given".
 */
export function checkParam(spec: ParamSpec, value: unknown): string | undefined {
  if (value === undefined || value === null) return spec.required ? 'is required' : undefined;
  if (spec.in === 'path' && (value === '.' || value === '..'))
    // URL parsers resolve these segments (even percent-encoded), which would change the path.
    return `must not be ${JSON.stringify(value)}`;
  if (spec.in === 'path' && value === '') return 'must not be empty';
  let reason: string | undefined;
  if (spec.type === 'array') reason = Array.isArray(value) ? checkArray(spec, value) : `must be an array, got ${typeName(value)}`;
  else if (spec.type === 'object') reason = checkObject(value);
  else reason = checkType(spec, value) ?? checkScalar(spec, value);
  if (reason) return reason;
  if (spec.in === 'header' && scalarsOf(value).some((item) => typeof item === 'string' && HEADER_UNSAFE.test(item)))
    return 'must be ISO-8859-1 text without control characters (it is sent as an HTTP header)';
  return undefined;
}

/**
 * The {@link ValidationError} (its class taken from `table`) for broken arguments
 * of `functionId`, naming each by label and wire name. Raised before any request.
 */
export function invalidArguments(functionId: string, problems: readonly InvalidParam[], table: readonly ErrorKindSpec[] = []): Error {
  const parts = problems.map((p) => `${p.label === undefined || p.label === p.name ? p.name : `${p.label} (${p.name})`} ${p.reason}`);
  return createError(ERROR_KINDS.validation, `Invalid argument${problems.length > 1 ? 's' : ''} for ${functionId}: ${parts.join('; ')}`, {
    invalidParams: problems,
    attempts: 0,
  }, table);
}

/**
 * Checks every argument of a call against `op`, before anything is sent. Throws one
 * {@link ValidationError} (its class taken from `table`, the spec's error kinds)
 * listing every broken parameter by label and wire name, including a missing
 * required body and arguments the operation does not have (a typo such as `pagesize`).
 */
export function validateArgs(
  op: Pick<OperationSpec, 'id' | 'params'> & { readonly body?: BodySpec | undefined },
  args: CallArgs = {},
  table: readonly ErrorKindSpec[] = [],
): void {
  const problems: InvalidParam[] = [];
  for (const spec of op.params) {
    const reason = checkParam(spec, args[spec.label]);
    if (reason) problems.push({ name: spec.name, label: spec.label, in: spec.in, reason });
  }
  const { body } = op;
  if (body?.required && (args[body.label] === undefined || args[body.label] === null))
    problems.push({ name: body.label, label: body.label, in: 'body', reason: 'is required' });
  const known = new Set([...op.params.map((spec) => spec.label), ...(body ? [body.label] : [])]);
  for (const [label, value] of Object.entries(args)) {
    if (!known.has(label) && value !== undefined) {
      const expected = [...known].join(', ') || 'none';
      problems.push({ name: label, label, reason: `is not a parameter of ${op.id} (expected: ${expected})` });
    }
  }
  if (problems.length > 0) throw invalidArguments(op.id, problems, table);
}
