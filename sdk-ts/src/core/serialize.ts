/**
 * Parameters on the wire: the path, the query string, headers and cookies of a
 * call, each value serialised with its `style` and `explode` as OpenAPI 3.1
 * section 4.8.12.4 says (for `color` = `["blue", "black"]` or `{R: 100, G: 200}`):
 *
 * | style            | explode | array                       | object                      |
 * |------------------|---------|-----------------------------|-----------------------------|
 * | `simple`         | false   | `blue,black`                | `R,100,G,200`               |
 * | `simple`         | true    | `blue,black`                | `R=100,G=200`               |
 * | `label`          | false   | `.blue,black`               | `.R,100,G,200`              |
 * | `label`          | true    | `.blue.black`               | `.R=100.G=200`              |
 * | `matrix`         | false   | `;color=blue,black`         | `;color=R,100,G,200`        |
 * | `matrix`         | true    | `;color=blue;color=black`   | `;R=100;G=200`              |
 * | `form`           | false   | `color=blue,black`          | `color=R,100,G,200`         |
 * | `form`           | true    | `color=blue&color=black`    | `R=100&G=200`               |
 * | `spaceDelimited` | false   | `color=blue%20black`        | `color=R%20100%20G%20200`   |
 * | `pipeDelimited`  | false   | `color=blue%7Cblack`        | `color=R%7C100%7CG%7C200`   |
 * | `deepObject`     | true    | n/a                         | `color%5BR%5D=100&color%5BG%5D=200` |
 *
 * Defaults: path and header `simple`, query and cookie `form`; `explode` true for
 * `form`, false otherwise. Values are checked (`validateArgs`) before they get here.
 *
 * @module
 */

import type { CallArgs, OperationSpec, ParamSpec, ParamStyle } from './params.js';

/** A scalar's text on the wire. */
function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function styleOf(spec: ParamSpec): ParamStyle {
  if (spec.style) return spec.style;
  return spec.in === 'query' || spec.in === 'cookie' ? 'form' : 'simple';
}

function explodeOf(spec: ParamSpec): boolean {
  return spec.explode ?? styleOf(spec) === 'form';
}

/** An object's entries with null and undefined values left out. */
function entriesOf(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, inner]) => inner !== undefined && inner !== null);
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The `name=value` pairs of a `form`, `spaceDelimited`, `pipeDelimited` or
 * `deepObject` value (query strings and cookies), each name and value passed
 * through `encode`; the delimiters are written as the spec's table has them
 * (`,`, `%20`, `%7C`).
 */
export function styledPairs(name: string, value: unknown, style: ParamStyle, explode: boolean, encode: (text: string) => string = encodeURIComponent): string[] {
  if (value === undefined || value === null) return [];
  const delimiter = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '%7C' : ',';
  const pair = (key: string, text: string): string => `${encode(key)}=${text}`;
  if (Array.isArray(value)) {
    const items = value.filter((item) => item !== undefined && item !== null).map((item) => encode(scalarText(item)));
    if (explode && style === 'form') return items.map((item) => pair(name, item));
    return [pair(name, items.join(delimiter))];
  }
  if (isObject(value)) {
    const entries = entriesOf(value);
    if (style === 'deepObject') return entries.map(([key, inner]) => pair(`${name}[${key}]`, encode(scalarText(inner))));
    if (explode && style === 'form') return entries.map(([key, inner]) => pair(key, encode(scalarText(inner))));
    return [pair(name, entries.flatMap(([key, inner]) => [encode(key), encode(scalarText(inner))]).join(delimiter))];
  }
  return [pair(name, encode(scalarText(value)))];
}

/** A `simple`, `label` or `matrix` value, each scalar passed through `encode`. */
function pathStyled(name: string, value: unknown, style: ParamStyle, explode: boolean, encode: (text: string) => string): string {
  const prefix = style === 'label' ? '.' : style === 'matrix' ? ';' : '';
  // matrix: `;color=blue`, and `;color` for an empty value, as the spec's table has it.
  const named = (text: string): string => (style !== 'matrix' ? text : text === '' ? name : `${name}=${text}`);
  if (Array.isArray(value)) {
    const items = value.map((item) => encode(scalarText(item)));
    if (style === 'matrix' && explode) return items.map((item) => `;${name}=${item}`).join('');
    const separator = explode && style === 'label' ? '.' : ',';
    return prefix + named(items.join(separator));
  }
  if (isObject(value)) {
    const entries = entriesOf(value).map(([key, inner]) => [encode(key), encode(scalarText(inner))] as const);
    if (explode) {
      const separator = style === 'label' ? '.' : style === 'matrix' ? ';' : ',';
      return prefix + entries.map(([key, inner]) => `${key}=${inner}`).join(separator);
    }
    return prefix + named(entries.flat().join(','));
  }
  return prefix + named(encode(scalarText(value)));
}

/**
 * The request path of `op` with each `{placeholder}` replaced by its serialised,
 * percent-encoded argument. Call `validateArgs` first: this does not check values.
 */
export function buildPath(op: OperationSpec, args: CallArgs = {}): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, wireName: string) => {
    const spec = op.params.find((p) => p.in === 'path' && p.name === wireName);
    if (!spec) throw new Error(`${op.id}: the path ${op.path} names {${wireName}} but no path parameter has that name`);
    const value = args[spec.label];
    if (value === undefined || value === null) throw new TypeError(`${op.id}: ${spec.label} (${spec.name}) is required`);
    return pathStyled(encodeURIComponent(spec.name), value, styleOf(spec), explodeOf(spec), encodeURIComponent);
  });
}

/**
 * The query string of a call (`?q=pib&page=2`, or `''` when empty), in the order of
 * `op.params`. Arguments that are `undefined` or `null` are left out; arrays repeat
 * the parameter (`tag=a&tag=b`) under the default `form` style.
 */
export function buildQuery(op: OperationSpec, args: CallArgs = {}): string {
  // encodeURIComponent rather than URLSearchParams: a space becomes %20, not '+', which
  // every server decodes the same way.
  const pairs: string[] = [];
  for (const spec of op.params) {
    if (spec.in !== 'query') continue;
    pairs.push(...styledPairs(spec.name, args[spec.label], styleOf(spec), explodeOf(spec)));
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/**
 * The header and cookie parameters of a call, as headers (lower-case names).
 * Header values are `simple`-styled and sent as they are (checked to hold no
 * control characters); cookie parameters go into one `cookie` header, `name=value`
 * pairs joined by `; `, values percent-encoded.
 */
export function buildHeaders(op: OperationSpec, args: CallArgs = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const spec of op.params) {
    const value = args[spec.label];
    if (value === undefined || value === null) continue;
    if (spec.in === 'header') {
      headers[spec.name.toLowerCase()] = pathStyled(spec.name, value, 'simple', explodeOf(spec), (text) => text);
    } else if (spec.in === 'cookie') {
      cookies.push(...styledPairs(spec.name, value, styleOf(spec), explodeOf(spec)));
    }
  }
  if (cookies.length > 0) headers.cookie = cookies.join('; ');
  return headers;
}
