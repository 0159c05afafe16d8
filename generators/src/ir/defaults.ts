/**
 * What the IR assumes when a spec leaves an optional `x-bd-*` extension out,
 * so a small fork's spec still generates the same kind of runtime.
 */
import type { IRErrorKind, IRPaginationSpec, IRRetryPolicy } from './types.js';
import { splitWords } from './words.js';

export const DEFAULT_RETRY: IRRetryPolicy = {
  maxAttempts: 3,
  statuses: [408, 429, 500, 502, 503, 504],
  networkErrors: true,
  initialDelayMs: 500,
  multiplier: 2,
  maxDelayMs: 8000,
  jitter: 0.25,
  retryAfter: true,
  maxRetryAfterMs: 60_000,
  bigqueryReasons: ['rateLimitExceeded', 'backendError', 'internalError'],
};

export const DEFAULT_PAGINATION: IRPaginationSpec = {
  pageParam: 'page',
  pageSizeParam: 'page_size',
  items: 'items',
  pageTotal: 'page_total',
  count: 'count',
};

const kind = (k: string, name: string, statuses: number[], description: string): IRErrorKind => ({
  kind: k, words: splitWords(name), statuses, bigqueryReasons: [], description,
});

export const DEFAULT_ERRORS: readonly IRErrorKind[] = [
  kind('validation', 'Validation', [400, 422], 'A parameter broke the spec constraints.'),
  kind('not_found', 'NotFound', [404], 'The resource does not exist.'),
  kind('access_denied', 'AccessDenied', [401, 403], 'The credentials may not read the resource.'),
  kind('rate_limited', 'RateLimit', [429], 'Too many requests.'),
  kind('server', 'Server', [500, 502, 503, 504], 'The server failed.'),
  kind('connection', 'Connection', [], 'The server could not be reached.'),
  kind('redirect', 'Redirect', [], 'The server redirected the call to another origin; it is not followed.'),
  kind('timeout', 'Timeout', [408], 'The request timed out.'),
];
