/**
 * The HTTP client every generated catalogue method delegates to: it checks the
 * arguments, sends the request, retries what the policy says, and turns failures
 * into the typed errors of `errors.ts`.
 *
 * @module
 */

// undici's Dispatcher.request rather than fetch: it takes the origin and the path
// separately, so the already-encoded path is sent as built (fetch would parse it as
// a URL again); its errors keep their codes (UND_ERR_SOCKET, ECONNRESET...) instead of
// a bare "fetch failed"; and it skips the WHATWG Request/Response layer we do not need.
import { getGlobalDispatcher, type Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';

import {
  createError,
  errorFromResponse,
  type BaseDosDadosError,
  type ErrorKindSpec,
  type ProblemDetails,
} from './errors.js';
import { createPagePromise, type PagePromise, type PaginationSpec } from './pagination.js';
import { buildPath, buildQuery, validateArgs, type CallArgs, type OperationSpec } from './params.js';
import {
  abortError,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelayMs,
  shouldRetry,
  sleep,
  type AttemptFailure,
  type RetryPolicy,
} from './retry.js';

/** The per-attempt timeout when none is configured: 30 seconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The `User-Agent` sent when none is configured. */
export const DEFAULT_USER_AGENT = `basedosdados-sdk-ts (node ${typeof process === 'undefined' ? 'unknown' : process.version})`;

/** What the generated code knows from the spec and hands to the runtime. */
export interface ApiSpec {
  /** The spec's `x-bd-retry`, camelCased. */
  readonly retry: RetryPolicy;
  /** The spec's `x-bd-errors`, camelCased. */
  readonly errors: readonly ErrorKindSpec[];
  /** The spec's `x-bd-pagination`, camelCased. */
  readonly pagination: PaginationSpec;
}

/** Options of an {@link HttpClient}, chosen by the SDK's user. */
export interface HttpClientOptions {
  /** Where the API is, e.g. `http://127.0.0.1:8787`; a path prefix (`https://host/api/v1`) is kept. */
  readonly baseUrl: string;
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Milliseconds each try may take, body included; default 30 000. `Infinity` disables it. */
  readonly timeoutMs?: number;
  /** Changes to the spec's retry policy (`{ maxAttempts: 1 }` turns retries off). */
  readonly retry?: Partial<RetryPolicy>;
  /** The undici dispatcher (Agent, Pool, ProxyAgent...) to send through; default undici's global one. */
  readonly dispatcher?: Dispatcher;
  /** The `User-Agent` header. */
  readonly userAgent?: string;
}

/** Options of one call, overriding the client's. */
export interface RequestOptions {
  /** Aborts the call, also while it waits to retry; it then rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
  /** Milliseconds each try of this call may take. */
  readonly timeoutMs?: number;
  /** Headers added to this call's requests. */
  readonly headers?: Readonly<Record<string, string>>;
}

type AttemptResult =
  | { readonly type: 'response'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly text: string }
  | { readonly type: 'network'; readonly error: unknown }
  | { readonly type: 'timeout'; readonly error?: unknown };

/** Network errors and timeouts are only retried for methods that are safe to repeat. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** undici's own timeouts count as timeouts, like ours. */
const TIMEOUT_CODES: ReadonlySet<string> = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Errors that are bugs or configuration mistakes, not network trouble: thrown as they are, never retried. */
const PROGRAMMING_ERROR_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_INVALID_RETURN_VALUE',
  'ERR_INVALID_URL',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function lowerCaseKeys(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) lowered[name.toLowerCase()] = value;
  return lowered;
}

function isJsonContentType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function asProblem(parsed: unknown, contentType: string): ProblemDetails | undefined {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const looksLikeProblem = ['type', 'title', 'status', 'detail'].some((member) => member in parsed);
  return contentType.toLowerCase().startsWith('application/problem+json') || looksLikeProblem
    ? (parsed as ProblemDetails)
    : undefined;
}

function checkTimeout(timeoutMs: number, where: string): void {
  if (!(timeoutMs > 0)) throw new RangeError(`${where} must be a positive number of milliseconds, got ${timeoutMs}`);
}

/**
 * Sends the catalogue API's requests. Generated resources hold one and call
 * {@link HttpClient.call} or {@link HttpClient.paginate} with their operation's spec.
 *
 * @example
 * const http = new HttpClient({ baseUrl: 'http://127.0.0.1:8787' }, { retry, errors, pagination });
 * const dataset = await http.call<Dataset>(getDatasetOp, { datasetId: 'br_ibge_populacao' });
 */
export class HttpClient {
  /** The API's base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The retry policy in force: the spec's with the user's changes. */
  readonly retryPolicy: RetryPolicy;
  /** The spec's error table. */
  readonly errorTable: readonly ErrorKindSpec[];
  /** The spec's pagination fields. */
  readonly pagination: PaginationSpec;
  /** The default per-attempt timeout, in milliseconds. */
  readonly timeoutMs: number;

  readonly #origin: string;
  readonly #basePath: string;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #dispatcher: Dispatcher | undefined;

  /**
   * @param options - The user's options: base URL, headers, timeout, retry changes, dispatcher.
   * @param spec - The generated retry policy, error table and pagination fields.
   * @throws RangeError when the timeout or the retry changes make no sense; TypeError for a bad base URL.
   */
  constructor(options: HttpClientOptions, spec: ApiSpec) {
    const base = new URL(options.baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      throw new TypeError(`baseUrl must be an http or https URL, got ${options.baseUrl}`);
    this.#origin = base.origin;
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.baseUrl = this.#origin + this.#basePath;
    this.retryPolicy = resolveRetryPolicy(spec.retry, options.retry);
    this.errorTable = spec.errors;
    this.pagination = spec.pagination;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    checkTimeout(this.timeoutMs, 'timeoutMs');
    this.#dispatcher = options.dispatcher;
    this.#headers = {
      accept: 'application/json, application/problem+json',
      'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
      ...lowerCaseKeys(options.headers),
    };
  }

  /**
   * Calls one operation and resolves with its parsed JSON body.
   *
   * Arguments are checked against `op` first; a {@link ValidationError} then means no
   * request was sent. Failed tries are retried as the retry policy says, waiting with
   * backoff and jitter or as `Retry-After` asks. The error finally thrown is typed by
   * the spec's error table and carries `status`, `problem`, `requestId` and `attempts`.
   *
   * @param op - The generated description of the operation.
   * @param args - The caller's arguments, keyed by each parameter's `label`.
   * @param options - Abort signal, timeout and extra headers of this call.
   */
  async call<T>(op: OperationSpec, args: CallArgs = {}, options: RequestOptions = {}): Promise<T> {
    validateArgs(op, args);
    const path = this.#basePath + buildPath(op, args) + buildQuery(op, args);
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    checkTimeout(timeoutMs, 'options.timeoutMs');
    const headers = { ...this.#headers, ...lowerCaseKeys(options.headers) };
    const request = `${op.method} ${path}`;

    for (let attempt = 1; ; attempt++) {
      const result = await this.#attempt(op.method, path, headers, timeoutMs, signal);
      if (result.type === 'response' && result.status >= 200 && result.status < 300) {
        return this.#parseSuccess<T>(result, request, attempt);
      }
      const failure: AttemptFailure = result.type === 'response' ? { type: 'status', status: result.status } : { type: result.type };
      const safeToRepeat = result.type === 'response' || IDEMPOTENT_METHODS.has(op.method);
      if (!safeToRepeat || !shouldRetry(this.retryPolicy, failure, attempt)) {
        throw this.#toError(result, request, attempt, timeoutMs);
      }
      const retryAfter = result.type === 'response' ? result.headers['retry-after'] : undefined;
      await sleep(retryDelayMs(this.retryPolicy, attempt, retryAfter), signal);
    }
  }

  /**
   * Calls a list operation: `await` the result for the page asked for, or iterate it
   * with `for await` for every item from that page to the last. Each page is one
   * {@link HttpClient.call}, with its checks and retries.
   *
   * @param op - The generated description of a list operation (it must have the page parameter).
   * @param args - The caller's arguments, keyed by label; the page argument says where to start.
   * @param options - Abort signal, timeout and extra headers, used for every page.
   */
  paginate<T, Body extends object = Record<string, unknown>>(
    op: OperationSpec,
    args: CallArgs = {},
    options: RequestOptions = {},
  ): PagePromise<T, Body> {
    return createPagePromise<T, Body>(
      { op, pagination: this.pagination, fetchPage: (pageArgs) => this.call<unknown>(op, pageArgs, options) },
      args,
    );
  }

  /** One try: resolves with the response (body read in full), a network failure or a timeout. */
  async #attempt(
    method: string,
    path: string,
    headers: Record<string, string>,
    timeoutMs: number,
    userSignal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    // One controller per try, aborted by the caller's signal or by our timer; the
    // timer covers the whole try, body included, which undici's own timeouts do not.
    const controller = new AbortController();
    const onUserAbort = (): void => controller.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    let timedOut = false;
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
        }, timeoutMs)
      : undefined;
    try {
      const dispatcher = this.#dispatcher ?? getGlobalDispatcher();
      const response = await dispatcher.request({
        origin: this.#origin,
        path,
        method: method as Dispatcher.HttpMethod,
        headers,
        signal: controller.signal,
      });
      const text = await response.body.text();
      return { type: 'response', status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      if (userSignal?.aborted) throw abortError(userSignal);
      if (timedOut) return { type: 'timeout' };
      const code = errorCode(error);
      if (code !== undefined && PROGRAMMING_ERROR_CODES.has(code)) throw error;
      if (code !== undefined && TIMEOUT_CODES.has(code)) return { type: 'timeout', error };
      return { type: 'network', error };
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
    }
  }

  #parseSuccess<T>(result: Extract<AttemptResult, { type: 'response' }>, request: string, attempts: number): T {
    if (result.text === '') return undefined as T;
    const contentType = firstHeader(result.headers['content-type']) ?? '';
    if (contentType !== '' && !isJsonContentType(contentType)) return result.text as T;
    try {
      return JSON.parse(result.text) as T;
    } catch (cause) {
      throw createError('unknown', `${request} answered ${result.status} with a body that is not valid JSON`, {
        status: result.status,
        requestId: firstHeader(result.headers['x-request-id']),
        attempts,
        cause,
      });
    }
  }

  #toError(result: AttemptResult, request: string, attempts: number, timeoutMs: number): BaseDosDadosError {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    if (result.type === 'timeout') {
      const cause = result.error;
      return createError('timeout', `${request} to ${this.#origin} timed out (${timeoutMs} ms per attempt)${tries}`, {
        attempts,
        cause,
      });
    }
    if (result.type === 'network') {
      const { error } = result;
      const code = errorCode(error);
      const reason = error instanceof Error ? error.message : String(error);
      return createError(
        'connection',
        `${request} to ${this.#origin} failed: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}${tries}`,
        { attempts, cause: error },
      );
    }
    const contentType = firstHeader(result.headers['content-type']) ?? '';
    let problem: ProblemDetails | undefined;
    if (isJsonContentType(contentType)) {
      try {
        problem = asProblem(JSON.parse(result.text), contentType);
      } catch {
        // An unreadable error body is quoted as text below.
      }
    }
    return errorFromResponse(
      {
        status: result.status,
        request,
        problem,
        requestId: firstHeader(result.headers['x-request-id']) ?? problem?.request_id,
        bodyText: problem ? undefined : result.text,
        attempts,
        retryAfterMs: parseRetryAfter(result.headers['retry-after']),
      },
      this.errorTable,
    );
  }
}
