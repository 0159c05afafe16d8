// The spec as the metadata face serves it: routes, parameters and the JSON Schemas to check
// them against. It comes from the generator's own compile step (load with its $ref policy
// and limits, bundle, IR), so the datalake answers exactly the operations every package calls.
import { fileURLToPath } from 'node:url';
import { compileSpec, nodeAtPointer } from '@basedosdados/bdgen/compile';

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
  /** The bundled document (every $ref internal). */
  document: JsonObject;
  operations: SpecOperation[];
}

/** Follows a chain of `$ref`s from `pointer`; the pointer where it ends. */
function refTarget(document: JsonObject, pointer: string): string {
  let at = pointer;
  const seen = new Set<string>();
  for (let node = nodeAtPointer(document, at) as JsonObject | undefined; node && typeof node.$ref === 'string'; node = nodeAtPointer(document, at) as JsonObject | undefined) {
    if (seen.has(node.$ref)) break;
    seen.add(node.$ref);
    at = node.$ref;
  }
  return at;
}

function routeOf(template: string): { regex: RegExp; pathParams: string[] } {
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
  return { regex: new RegExp(`^${pattern}/?$`), pathParams };
}

const cache = new Map<string, Promise<Spec>>();

/** Compiles the spec once per path (its lint is `bdgen validate`'s job, run by the tests on our spec). */
export function loadSpec(path = DEFAULT_SPEC_PATH): Promise<Spec> {
  let spec = cache.get(path);
  if (!spec) {
    spec = build(path);
    cache.set(path, spec);
  }
  return spec;
}

async function build(path: string): Promise<Spec> {
  const { ir, document } = await compileSpec(path, { lint: false });
  const operations = ir.operations.map((op): SpecOperation => ({
    operationId: op.id,
    method: op.httpMethod,
    pathTemplate: op.path,
    ...routeOf(op.path),
    parameters: op.params.map((p) => {
      const schemaPointer = `${p.pointer}/schema`;
      const schemaTarget = refTarget(document, schemaPointer);
      return { name: p.name, in: p.in, required: p.required, schemaPointer, schemaTarget, schema: (nodeAtPointer(document, schemaTarget) ?? {}) as JsonObject };
    }),
    responses: Object.fromEntries(op.responses.map((r) => [r.status, refTarget(document, `${op.pointer}/responses/${r.status}`)])),
  }));
  return { path, document, operations };
}
