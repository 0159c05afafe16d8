// Loads spec/datalake.yaml and indexes its operations: path templates, methods,
// and each parameter with the JSON pointer of its schema (internal $refs resolved).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const DEFAULT_SPEC_PATH = fileURLToPath(new URL('../../../spec/datalake.yaml', import.meta.url));

export type JsonObject = Record<string, unknown>;

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** JSON pointer of the parameter's schema, e.g. `#/components/parameters/PageSize/schema`. */
  schemaPointer: string;
  /** Where the schema's $ref chain ends (`#/components/schemas/Id` for DatasetId). */
  schemaTarget: string;
  /** The schema with its top-level $ref chain followed (for type coercion and defaults). */
  schema: JsonObject;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  pathTemplate: string;
  regex: RegExp;
  pathParams: string[];
  parameters: SpecParameter[];
  /** Status -> JSON pointer of the response object (refs resolved). */
  responses: Record<string, string>;
}

export interface Spec {
  path: string;
  document: JsonObject;
  operations: SpecOperation[];
}

const unescapePointer = (s: string): string => s.replaceAll('~1', '/').replaceAll('~0', '~');
export const escapePointer = (s: string): string => s.replaceAll('~', '~0').replaceAll('/', '~1');

export function getPointer(doc: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#')) throw new Error(`only internal $refs are supported: ${pointer}`);
  let node: unknown = doc;
  for (const part of pointer.slice(1).split('/').filter((p) => p !== '')) {
    if (node === null || typeof node !== 'object') throw new Error(`$ref ${pointer} does not resolve`);
    node = (node as JsonObject)[unescapePointer(part)];
  }
  if (node === undefined) throw new Error(`$ref ${pointer} does not resolve`);
  return node;
}

/** Follows a chain of `$ref`s; returns the final object and its pointer. */
export function deref(doc: unknown, value: unknown, pointer: string): { value: JsonObject; pointer: string } {
  let current = value as JsonObject;
  let at = pointer;
  const seen = new Set<string>();
  while (current && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (seen.has(ref)) throw new Error(`circular $ref ${ref}`);
    seen.add(ref);
    at = ref;
    current = getPointer(doc, ref) as JsonObject;
  }
  return { value: current, pointer: at };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const cache = new Map<string, Spec>();

export function loadSpec(path = DEFAULT_SPEC_PATH): Spec {
  const cached = cache.get(path);
  if (cached) return cached;
  const document = parse(readFileSync(path, 'utf8')) as JsonObject;
  const operations: SpecOperation[] = [];
  const paths = (document.paths ?? {}) as Record<string, JsonObject>;
  for (const [template, item] of Object.entries(paths)) {
    const itemPointer = `#/paths/${escapePointer(template)}`;
    const shared = (item.parameters ?? []) as unknown[];
    for (const method of METHODS) {
      const op = item[method] as JsonObject | undefined;
      if (!op) continue;
      const opPointer = `${itemPointer}/${method}`;
      const parameters: SpecParameter[] = [];
      const addParams = (list: unknown[], base: string): void => {
        list.forEach((raw, i) => {
          const { value: p, pointer } = deref(document, raw, `${base}/parameters/${i}`);
          const name = String(p.name);
          const { value: schema, pointer: schemaTarget } = deref(document, p.schema ?? {}, `${pointer}/schema`);
          const param: SpecParameter = {
            name,
            in: p.in as SpecParameter['in'],
            required: p.required === true || p.in === 'path',
            schemaPointer: `${pointer}/schema`,
            schemaTarget,
            schema,
          };
          const existing = parameters.findIndex((q) => q.name === name && q.in === param.in);
          if (existing >= 0) parameters[existing] = param;
          else parameters.push(param);
        });
      };
      addParams(shared, itemPointer);
      addParams((op.parameters ?? []) as unknown[], opPointer);
      const pathParams: string[] = [];
      const pattern = template
        .split('/')
        .map((part) => {
          const m = /^\{(.+)\}$/.exec(part);
          if (m) {
            pathParams.push(m[1]!);
            return '([^/]+)';
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      const responses: Record<string, string> = {};
      for (const [status, resp] of Object.entries((op.responses ?? {}) as JsonObject)) {
        responses[status] = deref(document, resp, `${opPointer}/responses/${status}`).pointer;
      }
      operations.push({
        operationId: String(op.operationId ?? `${method} ${template}`),
        method: method.toUpperCase(),
        pathTemplate: template,
        regex: new RegExp(`^${pattern}/?$`),
        pathParams,
        parameters,
        responses,
      });
    }
  }
  const spec: Spec = { path, document, operations };
  cache.set(path, spec);
  return spec;
}
