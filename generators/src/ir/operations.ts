/**
 * Operations of the spec: every HTTP method of every path item, grouped by
 * tag, with parameters, bodies, responses, paging and the error kinds each
 * raises.
 */
import { escapePointerToken, pointerOf, type Diagnostic } from '../diagnostics.js';
import { requestBody, responses, successOf } from './bodies.js';
import { graphqlOperations, graphqlRecord } from './graphql.js';
import { mergeParams } from './params.js';
import { describe, isObject, type SchemaConverter } from './schemas.js';
import type { HttpMethod, IRErrorKind, IROperation, IRPagination, IRPaginationSpec, IRParam, IRRetryPolicy, IRType } from './types.js';
import { splitWords } from './words.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface OperationContext {
  readonly converter: SchemaConverter;
  readonly pagination: IRPaginationSpec;
  readonly errors: readonly IRErrorKind[];
  readonly retry: IRRetryPolicy;
  readonly diagnostics: Diagnostic[];
}

export function buildOperations(doc: Record<string, unknown>, ctx: OperationContext): IROperation[] {
  const operations: IROperation[] = [];
  const found: { path: string; method: string; op: Record<string, unknown>; item: Record<string, unknown>; pointer: string; graphql: boolean }[] = [];
  for (const [path, rawItem] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    const item = ctx.converter.deref(rawItem);
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      if (isObject(item[method])) found.push({ path, method, op: item[method] as Record<string, unknown>, item, pointer: pointerOf(['paths', path, method]), graphql: false });
    }
  }
  // x-bd-graphql's functions: operations too, each POSTed to the extension's one path (their operationId is their key).
  for (const g of graphqlOperations(doc['x-bd-graphql'])) {
    found.push({ path: g.path, method: 'post', op: { ...g.op, operationId: g.id }, item: {}, pointer: g.pointer, graphql: true });
  }
  const operationsByTag = new Map<string, number>();
  for (const { op } of found) {
    const tag = firstTag(op);
    if (tag !== null) operationsByTag.set(tag, (operationsByTag.get(tag) ?? 0) + 1);
  }
  for (const { path, method, op, item, pointer, graphql } of found) {
    const id = operationId(op, method, path, pointer, ctx.diagnostics);
    const params = mergeParams(item.parameters, op.parameters, ctx.converter, pointer, path, ctx.diagnostics);
    const all = responses(op, ctx.converter, pointer);
    const success = successOf(all);
    const errorStatuses = all.map((r) => r.status).filter((s) => /^[45]\d\d$/.test(s)).map(Number);
    operations.push({
      id,
      words: splitWords(id),
      ...grouping(op, id, operationsByTag),
      httpMethod: method.toUpperCase() as HttpMethod,
      path,
      summary: typeof op.summary === 'string' ? op.summary.trim() : '',
      description: describe(op),
      deprecated: op.deprecated === true,
      params,
      body: requestBody(op, ctx.converter, pointer),
      responses: all,
      success,
      pagination: success.kind === 'json' ? detectPagination(params, success.type, ctx.converter, { ...ctx.pagination, ...ownPaging(op) }) : null,
      graphql: graphql ? graphqlRecord(doc['x-bd-graphql'], op, params, ctx.pagination) : null,
      raises: operationRaises(ctx.errors, ctx.retry, errorStatuses),
      errorStatuses,
      // Set by build-ir once the security schemes are known.
      security: [],
      pointer,
    });
  }
  return operations;
}

/** The spec's operationId; without one, a name made of the method and the path's words, with a warning. */
function operationId(op: Record<string, unknown>, method: string, path: string, pointer: string, diagnostics: Diagnostic[]): string {
  if (typeof op.operationId === 'string' && splitWords(op.operationId).length > 0) return op.operationId;
  const derived = [method, ...path.split('/').filter(Boolean).map((segment) => segment.replace(/^\{(.*)\}$/, 'by_$1'))].join('_');
  diagnostics.push({
    severity: 'warning',
    rule: 'bdgen/operation-id-derived',
    pointer,
    message: `this operation has no usable operationId; its functions are named after ${JSON.stringify(derived)}.`,
    hint: 'Add an operationId to choose the name.',
  });
  return derived;
}

/** The operation's first tag, when it has words to name a group. */
function firstTag(op: Record<string, unknown>): string | null {
  return Array.isArray(op.tags) && typeof op.tags[0] === 'string' && splitWords(op.tags[0]).length > 0 ? op.tags[0] : null;
}

/**
 * `bd.<tag>.<x-bd-method>()`. Without `x-bd-method`, the method is the
 * operationId's words less the tag's leading words (`repos/list-for-org` in
 * tag `repos` -> `bd.repos.listForOrg()`). An operation that has no tag, or
 * whose name is its tag (`search` tagged `search`) when no other operation
 * has that tag, is a top-level method; with others (ReadMe's `applyToReadMe`
 * beside `getOpenRoles` in `Apply to ReadMe`) it stays in the group, by its
 * whole name, so the group's property and the method do not collide.
 */
function grouping(op: Record<string, unknown>, id: string, operationsByTag: ReadonlyMap<string, number>): Pick<IROperation, 'group' | 'method'> {
  const words = splitWords(id);
  const tag = firstTag(op);
  if (tag === null) return { group: null, method: words };
  const tagWords = splitWords(tag);
  if (tagWords.join(' ') === words.join(' ') && (operationsByTag.get(tag) ?? 0) <= 1) return { group: null, method: words };
  if (typeof op['x-bd-method'] === 'string' && splitWords(op['x-bd-method']).length > 0) {
    return { group: { name: tag, words: tagWords }, method: splitWords(op['x-bd-method']) };
  }
  const prefixed = tagWords.every((w, i) => words[i] === w) && words.length > tagWords.length;
  return { group: { name: tag, words: tagWords }, method: prefixed ? words.slice(tagWords.length) : words };
}

/**
 * The kinds a call can raise: validation (checked before any request),
 * whatever its documented error statuses and the statuses every server may
 * answer (those the retry policy retries) map to, and the kinds the runtime
 * raises itself (connection, timeout, redirect: kinds with neither statuses nor reasons).
 */
/** Kinds every call's transport may raise, whatever the operation documents. */
const RUNTIME_KINDS = new Set(['connection', 'timeout', 'redirect']);

function operationRaises(errors: readonly IRErrorKind[], retry: IRRetryPolicy, documented: readonly number[]): string[] {
  const statuses = new Set([...documented, ...retry.statuses]);
  return errors
    .filter((e) => e.kind === 'validation' || e.statuses.some((s) => statuses.has(s)) || RUNTIME_KINDS.has(e.kind))
    .map((e) => e.kind);
}

/** An operation's own `x-bd-pagination` (`{items: results}`): the envelope fields where its pages differ from the spec's. */
function ownPaging(op: Record<string, unknown>): Partial<IRPaginationSpec> {
  const own = op['x-bd-pagination'];
  if (!isObject(own)) return {};
  return {
    ...(typeof own.items === 'string' ? { items: own.items } : {}),
    ...(typeof own.page_total === 'string' ? { pageTotal: own.page_total } : {}),
    ...(typeof own.count === 'string' ? { count: own.count } : {}),
  };
}

/**
 * Paged when it takes the paging parameters and answers an envelope with the
 * items array and either the number of pages or the item count (from which a
 * runtime computes the pages).
 */
function detectPagination(params: readonly IRParam[], response: IRType, converter: SchemaConverter, spec: IRPaginationSpec): IRPagination | null {
  const has = (name: string) => params.some((p) => p.in === 'query' && p.name === name);
  if (!has(spec.pageParam) || !has(spec.pageSizeParam)) return null;
  const body = resolveObject(response, converter);
  const items = body?.properties.find((p) => p.name === spec.items);
  const field = (name: string) => body!.properties.some((p) => p.name === name);
  if (!items || items.type.kind !== 'array' || !(field(spec.pageTotal) || field(spec.count))) return null;
  return { item: items.type.items, items: spec.items, pageTotal: field(spec.pageTotal) ? spec.pageTotal : null };
}

function resolveObject(type: IRType, converter: SchemaConverter): Extract<IRType, { kind: 'object' }> | null {
  if (type.kind === 'object') return type;
  if (type.kind === 'ref') {
    const target = converter.toType(converter.deref({ $ref: `#/components/schemas/${escapePointerToken(type.name)}` }), '');
    return target.kind === 'ref' ? null : resolveObject(target, converter);
  }
  return null;
}
