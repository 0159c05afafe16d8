/**
 * Parameters of an operation: path-level and operation-level merged (the
 * operation's win, OpenAPI 3.1 section 4.8.9), with location, serialisation
 * style and the value rules a runtime checks, resolved through `$ref`s.
 */
import type { Diagnostic } from '../diagnostics.js';
import { describe, exampleOf, isObject, type SchemaConverter } from './schemas.js';
import type { IRParam, JsonValue, ParamLocation, ParamStyle } from './types.js';
import { splitWords } from './words.js';

const LOCATIONS: readonly ParamLocation[] = ['path', 'query', 'header', 'cookie'];
const STYLES: readonly ParamStyle[] = ['simple', 'label', 'matrix', 'form', 'spaceDelimited', 'pipeDelimited', 'deepObject'];

/** OpenAPI 3.1 section 4.8.12.4: the default style of each location. */
const DEFAULT_STYLE: Readonly<Record<ParamLocation, ParamStyle>> = { path: 'simple', query: 'form', header: 'simple', cookie: 'form' };

/** Whether a parameter is serialised as OpenAPI does by default for its location, so records need not say how. */
export function hasDefaultSerialisation(param: Pick<IRParam, 'in' | 'style' | 'explode'>): boolean {
  return param.style === DEFAULT_STYLE[param.in] && param.explode === (param.style === 'form');
}

/** Headers the runtime owns: a parameter of that name would fight it (OpenAPI 3.1 says they are ignored). */
const RUNTIME_HEADERS = /^(accept|content-type|authorization)$/i;

export function mergeParams(
  pathLevel: unknown,
  opLevel: unknown,
  converter: SchemaConverter,
  pointer: string,
  path: string,
  diagnostics: Diagnostic[],
): IRParam[] {
  const byKey = new Map<string, IRParam>();
  const add = (list: unknown, base: string) => {
    (Array.isArray(list) ? list : []).forEach((raw, i) => {
      const p = converter.deref(raw);
      const at = isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : `${base}/${i}`;
      if (!isObject(p) || typeof p.name !== 'string' || !LOCATIONS.includes(p.in as ParamLocation)) return;
      const location = p.in as ParamLocation;
      if (location === 'header' && RUNTIME_HEADERS.test(p.name)) {
        diagnostics.push({ severity: 'warning', rule: 'bdgen/runtime-header', pointer: at, message: `the header parameter ${p.name} is set by every runtime itself (OpenAPI ignores it too), so it is not an argument.` });
        return;
      }
      const schema = p.schema ?? mediaSchema(p.content);
      if (p.schema === undefined && p.content !== undefined) {
        diagnostics.push({ severity: 'warning', rule: 'bdgen/unsupported-construct', pointer: `${at}/content`, message: `parameter ${p.name} is described by \`content\` instead of \`schema\`; it is sent as its JSON text's ${location} value without a serialisation style.` });
      }
      const style = STYLES.includes(p.style as ParamStyle) ? (p.style as ParamStyle) : DEFAULT_STYLE[location];
      byKey.set(`${location}:${p.name}`, {
        name: p.name,
        words: splitWords(p.name),
        in: location,
        required: p.required === true || location === 'path',
        description: describe(p),
        deprecated: p.deprecated === true,
        type: converter.toType(schema ?? true, `${base}/${i}/schema`),
        rules: converter.rules(schema),
        style,
        explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
        ...optional('default', converter.defaultOf(schema)),
        ...optional('example', exampleOf(p) ?? exampleOf(converter.deref(schema))),
        pointer: at,
      });
    });
  };
  add(pathLevel, `${pointer.replace(/\/[a-z]+$/, '')}/parameters`);
  add(opLevel, `${pointer}/parameters`);
  const all = [...byKey.values()];
  const pathOrder = (p: IRParam) => path.indexOf(`{${p.name}}`);
  const inPath = all.filter((p) => p.in === 'path').sort((a, b) => pathOrder(a) - pathOrder(b));
  const byLocation = (location: ParamLocation) => all.filter((p) => p.in === location);
  return [...inPath, ...byLocation('query'), ...byLocation('header'), ...byLocation('cookie')];
}

function mediaSchema(content: unknown): unknown {
  if (!isObject(content)) return undefined;
  const first = Object.values(content)[0];
  return isObject(first) ? first.schema : undefined;
}

export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
