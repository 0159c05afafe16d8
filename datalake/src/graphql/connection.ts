// Relay connections as graphene-django 3.0.0 pages them (DjangoConnectionField.
// connection_resolver and resolve_connection) over graphql-relay-py 3.2's
// connection_from_array_slice: `offset` becomes an `after` cursor, no
// first/last means first = RELAY_CONNECTION_MAX_LIMIT, more is an error.

/** The backend's GRAPHENE["RELAY_CONNECTION_MAX_LIMIT"]. */
export const MAX_LIMIT = 1500;
const PREFIX = 'arrayconnection:';

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  offset?: number | null;
  before?: string | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: Array<{ node: T; cursor: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
  edgeCount: number;
}

export const offsetToCursor = (offset: number): string => Buffer.from(`${PREFIX}${offset}`, 'utf8').toString('base64');

/** graphql_relay's unbase64: Python's lenient b64decode (other characters dropped, padding required), "" when it fails. */
export function unbase64(text: string): string {
  const core = text.replace(/[^A-Za-z0-9+/=]/g, '');
  const data = core.replace(/=+$/, '');
  const padding = core.length - data.length;
  if (data.includes('=') || data.length % 4 === 1 || padding < (4 - (data.length % 4)) % 4) return '';
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(data, 'base64'));
  } catch {
    return '';
  }
}

/** cursor_to_offset: int() of what follows the prefix, or None. */
export function cursorToOffset(cursor: string): number | null {
  const rest = unbase64(cursor).slice(PREFIX.length).trim();
  return /^[+-]?\d+$/.test(rest) ? Number(rest) : null;
}

const offsetWithDefault = (cursor: string | null | undefined, fallback: number): number =>
  typeof cursor === 'string' ? (cursorToOffset(cursor) ?? fallback) : fallback;

/** A paging error graphene-django raises (AssertionError, ValueError, TypeError): the GraphQL error's message. */
export class PagingError extends Error {}

/** connection_resolver's checks, made before the queryset is filtered. */
export function checkPagingArgs(args: ConnectionArgs, fieldName: string): void {
  for (const key of ['first', 'last'] as const) {
    const n = args[key];
    if (n && n > MAX_LIMIT) {
      throw new PagingError(`Requesting ${n} records on the \`${fieldName}\` connection exceeds the \`${key}\` limit of ${MAX_LIMIT} records.`);
    }
  }
  if (args.offset !== null && args.offset !== undefined && args.before !== null && args.before !== undefined) {
    throw new PagingError(`You can't provide a \`before\` value at the same time as an \`offset\` value to properly paginate the \`${fieldName}\` connection.`);
  }
}

/** resolve_connection + connection_from_array_slice over the filtered, ordered rows. */
export function connect<T>(rows: readonly T[], input: ConnectionArgs): Connection<T> {
  const args = { ...input };
  if (args.offset) {
    let offset = args.offset;
    if (args.after) {
      const after = cursorToOffset(args.after);
      if (after === null) throw new PagingError("unsupported operand type(s) for +: 'NoneType' and 'int'");
      offset += after + 1;
    }
    args.after = offsetToCursor(offset - 1);
  }
  const length = rows.length;
  const sliceStart = Math.min(offsetWithDefault(args.after, -1) + 1, length);
  // Django querysets refuse queryset[-n:], which a negative offset or cursor asks for.
  if (sliceStart < 0) throw new PagingError('Negative indexing is not supported.');
  if ((args.first === null || args.first === undefined) && (args.last === null || args.last === undefined)) args.first = MAX_LIMIT;

  let start = sliceStart;
  let end = length;
  const afterOffset = offsetWithDefault(args.after, -1);
  if (afterOffset >= 0 && afterOffset < length) start = Math.max(start, afterOffset + 1);
  const beforeOffset = offsetWithDefault(args.before, end);
  if (beforeOffset >= 0 && beforeOffset < length) end = Math.min(end, beforeOffset);
  if (typeof args.first === 'number') {
    if (args.first < 0) throw new PagingError("Argument 'first' must be a non-negative integer.");
    end = Math.min(end, start + args.first);
  }
  if (typeof args.last === 'number') {
    if (args.last < 0) throw new PagingError("Argument 'last' must be a non-negative integer.");
    start = Math.max(start, end - args.last);
  }
  const edges = rows.slice(start, Math.max(start, end)).map((node, i) => ({ node, cursor: offsetToCursor(start + i) }));
  const lower = args.after ? afterOffset + 1 : 0;
  const upper = args.before ? beforeOffset : length;
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasPreviousPage: typeof args.last === 'number' && start > lower,
      hasNextPage: typeof args.first === 'number' && end < upper,
    },
    totalCount: length,
    edgeCount: edges.length,
  };
}
