/**
 * The HTTP client every generated catalogue method delegates to: it checks the
 * arguments, sends the request, retries what the policy says, and turns failures
 * into the typed errors of `errors.ts`.
 *
 * @module
 */

import type { Dispatcher } from 'undici';

import { Authenticator, withAuthHeaders, withAuthQuery, type AppliedAuth, type AuthHeadersHook, type Credentials, type SecuritySchemeSpec } from './auth.js';
import { encodeBody, type EncodedBody } from './body.js';
import {
  cancelledError,
  createError,
  ERROR_KINDS,
  errorFromResponse,
  type BaseDosDadosError,
  type ErrorKindSpec,
  type ProblemDetails,
} from './errors.js';
import { graphqlErrorMessages, graphqlRequestBody, graphqlResult } from './graphql.js';
import { OAuthTokens } from './oauth.js';
import { createPagePromise, type PagePromise, type PaginationSpec } from './pagination.js';
import { validateArgs, type CallArgs, type OperationSpec } from './params.js';
import { credentialValues } from './redact.js';
import { parseRetryAfter, resolveRetryPolicy, withRetries, type Clock, type FailedTry, type RetryPolicy } from './retry.js';
import { buildHeaders, buildPath, buildQuery } from './serialize.js';
import {
  checkTimeout,
  DEFAULT_TIMEOUT_MS,
  describeNotJson,
  describeRedirect,
  errorCode,
  firstHeader,
  IDEMPOTENT_METHODS,
  sendOnce,
  type TryResult,
} from './transport.js';

export { DEFAULT_TIMEOUT_MS } from './transport.js';

/** The `User-Agent` sent when none is configured: the spec's brand (`basedosdados-sdk-ts` for ours) and Node's version. */
export function defaultUserAgent(envPrefix = 'BASEDOSDADOS'): string {
  return `${envPrefix.toLowerCase().replace(/_/g, '-')}-sdk-ts (node ${typeof process === 'undefined' ? 'unknown' : process.version})`;
}

/** Our SDK's `User-Agent`. */
export const DEFAULT_USER_AGENT = defaultUserAgent();

/** What the generated code knows from the spec and hands to the runtime. */
export interface ApiSpec {
  /** The spec's `x-bd-retry`, camelCased. */
  readonly retry: RetryPolicy;
  /** The spec's `x-bd-errors`, camelCased. */
  readonly errors: readonly ErrorKindSpec[];
  /** The spec's `x-bd-pagination`, camelCased. */
  readonly pagination: PaginationSpec;
  /** The prefix of the environment variables the client reads (`BASEDOSDADOS`: `BASEDOSDADOS_API_URL`). */
  readonly envPrefix?: string;
  /** The spec's `components.securitySchemes`, when it declares any. */
  readonly securitySchemes?: readonly SecuritySchemeSpec[];
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
  /**
   * The undici dispatcher (Agent, Pool, ProxyAgent...) to send through; default
   * undici's global one, or a proxy agent when `HTTPS_PROXY`/`HTTP_PROXY` is set.
   */
  readonly dispatcher?: Dispatcher;
  /** The `User-Agent` header. */
  readonly userAgent?: string;
  /**
   * Credentials keyed by the spec's scheme names: a key or token (string),
   * `{ username, password }` (basic), or `{ clientId, clientSecret, scopes? }`
   * (OAuth2 client credentials). A scheme without an entry is read from its
   * environment variables at call time.
   */
  readonly credentials?: Credentials;
  /** Headers to add to every try of every request (any scheme the runtime cannot send itself); redacted like configured headers. */
  readonly authHeaders?: AuthHeadersHook;
  /** The clock OAuth2 token lifetimes are measured with; default `Date.now`. */
  readonly clock?: Clock;
}

/** Options of one call, overriding the client's. */
export interface RequestOptions {
  /** Aborts the call, also while it waits to retry; it then rejects with the `cancelled` kind (`CancelledError`), the signal's reason as `cause`. */
  readonly signal?: AbortSignal;
  /** Milliseconds each try of this call may take. */
  readonly timeoutMs?: number;
  /** Headers added to this call's requests. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Which of the operation's declared body media types to send (default: the first). */
  readonly contentType?: string;
}

/** A try that did not succeed, thrown inside the retry loop and turned into the SDK's error when it gives up. */
class UnsuccessfulTry extends Error {
  constructor(readonly result: TryResult) {
    super('unsuccessful try');
  }
}

function lowerCaseKeys(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) lowered[name.toLowerCase()] = value;
  return lowered;
}

function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

function isJsonContentType(contentType: string): boolean {
  const mediaType = mediaTypeOf(contentType);
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function asProblem(parsed: unknown, contentType: string): ProblemDetails | undefined {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const looksLikeProblem = ['type', 'title', 'status', 'detail'].some((member) => member in parsed);
  return contentType.toLowerCase().startsWith('application/problem+json') || looksLikeProblem
    ? (parsed as ProblemDetails)
    : undefined;
}

/** Text in the charset the answer names (UTF-8 when it names none or one this runtime does not know). */
function decodeText(body: Buffer, contentType: string): string {
  const charset = /;\s*charset="?([^";\s]+)"?/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

const JSON_ACCEPT = 'application/json, application/problem+json';

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
  /** The dispatcher given in the options, if any. */
  readonly dispatcher: Dispatcher | undefined;

  readonly #origin: string;
  readonly #basePath: string;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #auth: Authenticator;

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
    this.dispatcher = options.dispatcher;
    this.#headers = {
      accept: JSON_ACCEPT,
      'user-agent': options.userAgent ?? defaultUserAgent(spec.envPrefix),
      ...lowerCaseKeys(options.headers),
    };
    const tokens = new OAuthTokens({ policy: this.retryPolicy, errors: this.errorTable, timeoutMs: this.timeoutMs, dispatcher: this.dispatcher }, options.clock);
    this.#auth = new Authenticator(spec.securitySchemes ?? [], options, tokens);
  }

  /**
   * Calls one operation and resolves with its body: parsed JSON, a `Uint8Array`
   * (`response: 'binary'`), a string (`'text'`) or `undefined` (`'empty'`).
   *
   * Arguments (path, query, header and cookie parameters, and the body) are
   * checked against `op` first; a {@link ValidationError} then means no request
   * was sent. Failed tries are retried as the retry policy says, waiting with
   * backoff and jitter or as `Retry-After` asks; a body is resent byte for byte,
   * except a stream, which is never retried, and a non-idempotent request is not
   * repeated after a network failure. The error finally thrown is typed by the
   * spec's error table, carries `status`, `problem`, `requestId` and `attempts`,
   * and holds no credential.
   *
   * A function of `x-bd-graphql` (`op.graphql`) posts its fixed document with the
   * variables taken from the arguments instead, through the same tries, and
   * resolves with the result shaped from the answer (a page for a paged one);
   * the document only reads, so it is retried like a `GET`.
   *
   * @param op - The generated description of the operation.
   * @param args - The caller's arguments, keyed by each parameter's `label` (the body under `op.body.label`).
   * @param options - Abort signal, timeout, extra headers and body media type of this call.
   */
  async call<T>(op: OperationSpec, args: CallArgs = {}, options: RequestOptions = {}): Promise<T> {
    validateArgs(op, args, this.errorTable);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    checkTimeout(timeoutMs, 'options.timeoutMs');
    const { graphql } = op;
    const path = this.#basePath + (graphql ? op.path : buildPath(op, args) + buildQuery(op, args));
    const body: EncodedBody | undefined = graphql
      ? { contentType: 'application/json', bytes: graphqlRequestBody(op, graphql, args, this.pagination) }
      : await encodeBody(op, op.body ? args[op.body.label] : undefined, options.contentType, this.errorTable);
    const { signal } = options;
    const request = `${op.method} ${path}`;
    if (signal?.aborted) throw cancelledError(signal, this.errorTable, request);
    const headers = this.#requestHeaders(op, args, options, body);
    // Every header the caller configured (client, call, parameters) is a credential for the errors' sake.
    const secrets = [
      ...credentialValues(headers),
      ...op.params.filter((p) => p.in === 'header' || p.in === 'cookie').flatMap((p) => {
        const value = args[p.label];
        return typeof value === 'string' ? [value] : [];
      }),
    ];
    const canRepeatAfterNetworkFailure = (graphql !== undefined || IDEMPOTENT_METHODS.has(op.method)) && body?.stream === undefined;

    let attempts = 0;
    let unmet = false;
    const sendAuthenticated = async (refresh: boolean): Promise<[TryResult, AppliedAuth]> => {
      const auth = await this.#auth.apply(op.security ?? [], { method: op.method, url: this.#origin + path, operationId: op.id }, this.baseUrl, refresh);
      secrets.push(...auth.secrets);
      unmet = auth.unmet;
      const result = await sendOnce({
        origin: this.#origin,
        path: withAuthQuery(path, auth.query),
        method: op.method,
        headers: withAuthHeaders(headers, auth),
        body: body?.bytes ?? body?.stream,
        timeoutMs,
        signal,
        dispatcher: this.dispatcher,
      });
      return [result, auth];
    };
    const answer = await withRetries<unknown>({
      policy: this.retryPolicy,
      signal,
      errors: this.errorTable,
      what: request,
      attempt: async (attempt) => {
        attempts = attempt;
        let [result, auth] = await sendAuthenticated(false);
        // A fetched token the API refuses (revoked, expired early): a new one, and the request once more.
        if (auth.fetchedToken && result.type === 'response' && result.status === 401 && body?.stream === undefined) [result] = await sendAuthenticated(true);
        if (result.type === 'response' && result.status >= 200 && result.status < 300) {
          return this.#parseSuccess<unknown>(op, result, request, attempt, secrets);
        }
        throw new UnsuccessfulTry(result);
      },
      classify: (error): FailedTry => {
        if (!(error instanceof UnsuccessfulTry)) return { failure: null };
        const { result } = error;
        if (result.type === 'response')
          return { failure: { type: 'status', status: result.status }, retryAfter: result.headers['retry-after'], canRepeat: body?.stream === undefined };
        if (result.type === 'too_large' || result.type === 'redirect') return { failure: null };
        return { failure: { type: result.type }, canRepeat: canRepeatAfterNetworkFailure };
      },
      giveUp: (error, tries) =>
        error instanceof UnsuccessfulTry
          ? this.#toError(error.result, request, tries, timeoutMs, secrets, unmet ? this.#auth.describeUnmet(op.id, op.security ?? []) : undefined)
          : error,
    });
    if (!graphql) return answer as T;
    return graphqlResult(op, graphql, args, answer, { request, errors: this.errorTable, paging: this.pagination, secrets, attempts }) as T;
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

  /** The client's headers, the call's header and cookie parameters, the call's own headers, and the body's type and length. */
  #requestHeaders(op: OperationSpec, args: CallArgs, options: RequestOptions, body: EncodedBody | undefined): Record<string, string> {
    const accept: Record<string, string> = op.graphql ? { accept: 'application/json' } : op.response === undefined || op.response === 'json' ? {} : { accept: '*/*' };
    const fromParams = buildHeaders(op, args);
    const own = lowerCaseKeys(options.headers);
    const headers: Record<string, string> = { ...this.#headers, ...accept, ...fromParams, ...own };
    const cookies = [this.#headers.cookie, fromParams.cookie, own.cookie].filter((c): c is string => Boolean(c));
    if (cookies.length > 0) headers.cookie = [...new Set(cookies)].join('; ');
    if (body) {
      headers['content-type'] = body.contentType;
      if (body.bytes) headers['content-length'] = String(body.bytes.byteLength);
    }
    return headers;
  }

  #parseSuccess<T>(op: OperationSpec, result: Extract<TryResult, { type: 'response' }>, request: string, attempts: number, secrets: readonly string[]): T {
    const contentType = firstHeader(result.headers['content-type']) ?? '';
    const kind = op.method === 'HEAD' ? 'empty' : op.response;
    if (kind === 'empty') return undefined as T;
    if (kind === 'binary') return new Uint8Array(result.body.buffer, result.body.byteOffset, result.body.byteLength) as T;
    const text = decodeText(result.body, contentType);
    if (kind === 'text') return text as T;
    if (text === '') return undefined as T;
    if (kind === undefined && contentType !== '' && !isJsonContentType(contentType)) return text as T;
    // JSON is declared: another content type, or JSON that does not parse, is the server's fault.
    const notJson = (cause?: unknown): BaseDosDadosError =>
      createError(ERROR_KINDS.server, `${request} ${describeNotJson(result.status, contentType, cause !== undefined)}`, {
        status: result.status,
        requestId: firstHeader(result.headers['x-request-id']),
        attempts,
        cause,
        secrets,
      }, this.errorTable);
    if (contentType !== '' && !isJsonContentType(contentType)) throw notJson();
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw notJson(cause);
    }
  }

  #toError(result: UnsuccessfulTry['result'], request: string, attempts: number, timeoutMs: number, secrets: readonly string[], unmetAuth?: string): BaseDosDadosError {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    if (result.type === 'timeout') {
      return createError(ERROR_KINDS.timeout, `${request} to ${this.#origin} timed out (${timeoutMs} ms per attempt)${tries}`, {
        attempts,
        cause: result.error,
        secrets,
      }, this.errorTable);
    }
    if (result.type === 'network') {
      const { error } = result;
      const code = errorCode(error);
      const reason = error instanceof Error ? error.message : String(error);
      return createError(
        ERROR_KINDS.connection,
        `${request} to ${this.#origin} failed: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}${tries}`,
        { attempts, cause: error, secrets },
        this.errorTable,
      );
    }
    if (result.type === 'redirect') {
      return createError(ERROR_KINDS.redirect, `${request} to ${this.#origin} ${describeRedirect(result, this.#origin)}`, {
        status: result.status,
        attempts,
        secrets,
      }, this.errorTable);
    }
    const requestId = firstHeader(result.headers['x-request-id']);
    if (result.type === 'too_large') {
      return createError(ERROR_KINDS.server, `${request} answered ${result.status} with a body over ${result.limit} bytes; it was not read`, {
        status: result.status,
        attempts,
        secrets,
        ...(requestId ? { requestId } : {}),
      }, this.errorTable);
    }
    const contentType = firstHeader(result.headers['content-type']) ?? '';
    const text = decodeText(result.body, contentType);
    let parsed: unknown;
    if (isJsonContentType(contentType)) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // An unreadable error body is quoted as text below.
      }
    }
    const problem = asProblem(parsed, contentType);
    return errorFromResponse(
      {
        status: result.status,
        request,
        problem,
        requestId: requestId ?? problem?.request_id,
        // A GraphQL document refused (HTTP 400) is quoted by its errors' messages.
        bodyText: problem ? undefined : (graphqlErrorMessages(parsed) ?? text),
        attempts,
        retryAfterMs: parseRetryAfter(result.headers['retry-after']),
        // A cookie the server set on this answer is a credential too (the runtime keeps no cookie jar).
        secrets: [...secrets, ...credentialValues({ 'set-cookie': result.headers['set-cookie'] })],
        ...(unmetAuth !== undefined && (result.status === 401 || result.status === 403) ? { hint: unmetAuth } : {}),
      },
      this.errorTable,
    );
  }
}
