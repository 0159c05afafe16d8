/**
 * `x-bd-graphql`: catalogue functions answered by a GraphQL API. Each is an
 * operation object (parameters, responses, tags, docs, as under `paths`) plus a
 * fixed document and how its answer becomes the result; the IR makes it an
 * operation like any other, whose `graphql` record tells runtimes to send the
 * document instead of the path and parameters. `validate/graphql.ts` checks the
 * documents and the names they use before the IR reads them.
 */
import { pointerOf } from '../diagnostics.js';
import { isObject } from './schemas.js';
import type { IRGraphql, IRParam, IRPaginationSpec } from './types.js';

/** `a.b.0.c` -> ['a', 'b', 0, 'c']: the keys and indexes of a result path. */
export function parsePath(text: string): (string | number)[] {
  return text.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

export interface GraphqlOperationSource {
  readonly id: string;
  readonly path: string;
  readonly op: Record<string, unknown>;
  readonly pointer: string;
}

/** The operations of `x-bd-graphql`, each at the extension's one endpoint path. */
export function graphqlOperations(raw: unknown): GraphqlOperationSource[] {
  if (!isObject(raw) || !isObject(raw.operations)) return [];
  const path = typeof raw.path === 'string' ? raw.path : '/graphql';
  return Object.entries(raw.operations)
    .filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]))
    .map(([id, op]) => ({ id, path, op, pointer: pointerOf(['x-bd-graphql', 'operations', id]) }));
}

/** The locales of `x-bd-graphql` (the first is the default and the fallback). */
function locales(raw: unknown): string[] {
  return isObject(raw) && Array.isArray(raw.locales) && raw.locales.length > 0 ? raw.locales.map(String) : ['pt'];
}

/** The document's operation name (`query listDatasets(...)`); validation has made sure it has one. */
function operationName(query: string): string {
  return /\b(?:query)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query)?.[1] ?? '';
}

/** The `graphql` record of one operation of `x-bd-graphql`. */
export function graphqlRecord(extension: unknown, op: Record<string, unknown>, params: readonly IRParam[], paging: IRPaginationSpec): IRGraphql {
  const query = String(op.query ?? '');
  const connection = isObject(op.connection) ? op.connection : null;
  const pageSize = params.find((p) => p.in === 'query' && p.name === paging.pageSizeParam);
  return {
    query,
    operationName: operationName(query),
    variables: Object.entries(isObject(op.variables) ? op.variables : {}).map(([variable, param]) => ({ variable, param: String(param) })),
    result: parsePath(String(op.result ?? '')),
    exists: typeof op.exists === 'string' ? parsePath(op.exists) : null,
    connection: connection
      ? { first: String(connection.first), offset: String(connection.offset), defaultPageSize: typeof pageSize?.default === 'number' ? pageSize.default : 10 }
      : null,
    pluck: Object.entries(isObject(op.pluck) ? op.pluck : {}).map(([field, path]) => ({ field, path: parsePath(String(path)) })),
    locale: typeof op.locale === 'string' ? { param: op.locale, locales: locales(extension) } : null,
  };
}
