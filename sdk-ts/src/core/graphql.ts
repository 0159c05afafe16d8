/**
 * Catalogue functions answered by a GraphQL API (the spec's `x-bd-graphql`):
 * the request a call sends and how the answer becomes its result, step by step
 * as docs/architecture.md ("x-bd-graphql") says. {@link HttpClient.call} sends
 * the request through its one request path (retries, timeouts, redirects,
 * redaction), so a GraphQL function fails and retries like any other.
 *
 * @module
 */

import { createError, ERROR_KINDS, type BaseDosDadosError, type ErrorKindSpec } from './errors.js';
import { shapeResultObject, valueAt, isConnection, type AnswerPath, type PluckSpec } from './graphql-shape.js';
import type { PaginationSpec } from './pagination.js';
import type { CallArgs, OperationSpec } from './params.js';

/** How a function of `x-bd-graphql` is sent and read, as the generated code describes it. */
export interface GraphqlSpec {
  /** The fixed document. */
  readonly query: string;
  /** The document's operation name. */
  readonly operationName: string;
  /** GraphQL variable -> the wire name of the parameter whose value it takes (`null` when left out). */
  readonly variables: readonly { readonly variable: string; readonly param: string }[];
  /** Where the result is in `data` (a connection, for a paged function). */
  readonly result: AnswerPath;
  /** A count or list in `data` that must be above 0 or non-empty, else nothing was found. */
  readonly exists: AnswerPath | null;
  /** For a paged function: the variables given the page size and the offset of the page's first item. */
  readonly connection: { readonly first: string; readonly offset: string; readonly defaultPageSize: number } | null;
  /** Fields set from a path inside each result object. */
  readonly pluck: readonly PluckSpec[];
  /** The parameter whose value picks `<field>_<locale>`, and the locales (the first is the default). */
  readonly locale: { readonly param: string; readonly locales: readonly string[] } | null;
}

/** What the answer's errors are reported with. */
export interface GraphqlAnswerContext {
  /** The request, as `POST /api/v1/graphql`, for messages. */
  readonly request: string;
  /** The spec's error table. */
  readonly errors: readonly ErrorKindSpec[];
  /** Paging parameter names. */
  readonly paging: PaginationSpec;
  /** Credentials the request carried, blanked out of any message quoting the server. */
  readonly secrets: readonly string[];
  /** Tries made. */
  readonly attempts: number;
}

function argument(op: OperationSpec, args: CallArgs, wireName: string): unknown {
  const label = op.params.find((p) => p.name === wireName)?.label;
  return label === undefined ? undefined : args[label];
}

/** The page asked for and its size: the arguments, else page 1 and the page-size parameter's default. */
function pageOf(op: OperationSpec, graphql: GraphqlSpec, args: CallArgs, paging: PaginationSpec): { page: number; pageSize: number } {
  const page = argument(op, args, paging.pageParam);
  const pageSize = argument(op, args, paging.pageSizeParam);
  return {
    page: typeof page === 'number' ? page : 1,
    pageSize: typeof pageSize === 'number' ? pageSize : (graphql.connection?.defaultPageSize ?? 10),
  };
}

/** Steps 2 and 3: the JSON body `{query, variables, operationName}` of a call, its arguments already checked. */
export function graphqlRequestBody(op: OperationSpec, graphql: GraphqlSpec, args: CallArgs, paging: PaginationSpec): Uint8Array {
  const variables: Record<string, unknown> = {};
  for (const { variable, param } of graphql.variables) variables[variable] = argument(op, args, param) ?? null;
  if (graphql.connection) {
    const { page, pageSize } = pageOf(op, graphql, args, paging);
    variables[graphql.connection.first] = pageSize;
    variables[graphql.connection.offset] = (page - 1) * pageSize;
  }
  return new TextEncoder().encode(JSON.stringify({ query: graphql.query, variables, operationName: graphql.operationName }));
}

/** The `message`s of a GraphQL answer's non-empty `errors`, joined; `undefined` when it has none. */
export function graphqlErrorMessages(answer: unknown): string | undefined {
  const errors = (answer as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  return errors.map((e) => {
    const message = (e as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : JSON.stringify(e);
  }).join('; ');
}

/** `getTable(dataset_id "br_ibge_pib", table_id "uf")`: the function and the arguments given, by wire name. */
function describeCall(op: OperationSpec, args: CallArgs): string {
  const given = op.params.filter((p) => args[p.label] !== undefined).map((p) => `${p.name} ${JSON.stringify(args[p.label])}`);
  return `${op.id}(${given.join(', ')})`;
}

/** Steps 4 to 7: the result of a call from the answer's JSON (HTTP 2xx), or the typed error it means. */
export function graphqlResult(op: OperationSpec, graphql: GraphqlSpec, args: CallArgs, answer: unknown, context: GraphqlAnswerContext): unknown {
  const fail = (kind: string, message: string): BaseDosDadosError =>
    createError(kind, message, { attempts: context.attempts, secrets: context.secrets }, context.errors);
  // A resolver failed: the server's fault, and the same document would fail again, so it is not retried.
  const messages = graphqlErrorMessages(answer);
  if (messages !== undefined) throw fail(ERROR_KINDS.server, `${context.request} (${op.id}) answered with GraphQL errors: ${messages}`);
  const data = (answer as { data?: unknown } | null)?.data;
  if (data === null || typeof data !== 'object') throw fail(ERROR_KINDS.server, `${context.request} (${op.id}) answered JSON that is not a GraphQL answer (no data)`);

  const notFound = () => fail(ERROR_KINDS.notFound, `${describeCall(op, args)}: not found in the catalogue`);
  if (graphql.exists) {
    const exists = valueAt(data, graphql.exists);
    if (!((typeof exists === 'number' && exists > 0) || (Array.isArray(exists) && exists.length > 0))) throw notFound();
  }
  const value = valueAt(data, graphql.result);
  if (value === undefined) throw notFound();

  const localeArg = graphql.locale ? argument(op, args, graphql.locale.param) : undefined;
  const locale = graphql.locale
    ? { locale: typeof localeArg === 'string' ? localeArg : graphql.locale.locales[0]!, locales: graphql.locale.locales }
    : null;
  const shape = (item: unknown) => shapeResultObject(item, graphql.pluck, locale);
  if (!graphql.connection) return shape(value);

  if (!isConnection(value)) throw fail(ERROR_KINDS.server, `${context.request} (${op.id}) answered a result that is not a connection (no edges)`);
  const count = (value as { totalCount?: unknown }).totalCount;
  if (typeof count !== 'number') throw fail(ERROR_KINDS.server, `${context.request} (${op.id}) answered a connection without its totalCount`);
  const { page, pageSize } = pageOf(op, graphql, args, context.paging);
  const { paging } = context;
  return {
    [paging.items]: value.edges.map((edge) => shape(edge.node)),
    [paging.pageParam]: page,
    [paging.pageSizeParam]: pageSize,
    [paging.count]: count,
    [paging.pageTotal]: Math.ceil(count / pageSize),
  };
}
