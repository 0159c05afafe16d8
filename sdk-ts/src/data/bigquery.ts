/**
 * BigQuery's REST API for the data functions. The official
 * @google-cloud/bigquery client supplies the endpoint, the billed project, the
 * credentials (its auth client) and the encoding of query parameters; the
 * requests themselves go through the runtime's one transport and one retry
 * loop (`core/transport.ts`, `core/retry.ts`), because the client's own request
 * stack can be neither aborted nor timed out in flight and keeps the request's
 * `Authorization` header on every error it throws.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import type { Dispatcher } from 'undici';
import {
  BaseDosDadosError,
  cancelledError,
  createError,
  ERROR_KINDS,
  errorKindForBigQueryReason,
  errorKindForStatus,
  type ErrorKindSpec,
} from '../core/errors.js';
import { credentialValues } from '../core/redact.js';
import { parseRetryAfter, sleep, withRetries, type FailedTry, type RetryPolicy } from '../core/retry.js';
import { describeNotJson, describeRedirect, errorCode, firstHeader, sendOnce, type RedirectRefusal } from '../core/transport.js';

/** Where BigQuery is, from the option, else `BASEDOSDADOS_BIGQUERY_ENDPOINT`, else `BIGQUERY_EMULATOR_HOST`; undefined for Google's. */
export function resolveEndpoint(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = option || env.BASEDOSDADOS_BIGQUERY_ENDPOINT || env.BIGQUERY_EMULATOR_HOST?.replace(/\/bigquery\/v2\/?$/, '');
  return value ? value.replace(/\/+$/, '') : undefined;
}

/**
 * A client billed to `billingProject`. Against a local endpoint it sends no
 * credentials; against Google it uses Application Default Credentials.
 */
export function createBigQuery(billingProject: string, endpoint: string | undefined): BigQuery {
  return new BigQuery({
    projectId: billingProject,
    ...(endpoint ? { apiEndpoint: endpoint, authClient: new PassThroughClient() } : {}),
    autoRetry: false,
    maxRetries: 0,
    userAgent: 'basedosdados-sdk-ts',
  });
}

/** How the data functions reach BigQuery: the spec's policy and error kinds, the per-try timeout, the dispatcher. */
export interface BigQuerySettings {
  readonly retry: RetryPolicy;
  readonly errors: readonly ErrorKindSpec[];
  /** Milliseconds each try of each request may take (each page, each poll). */
  readonly timeoutMs: number;
  readonly dispatcher?: Dispatcher | undefined;
  readonly userAgent: string;
}

/** One BigQuery REST request. */
export interface BigQueryRequest {
  readonly method: 'GET' | 'POST';
  /** Below the client's base URL (`/projects/p/jobs`). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly json?: unknown;
  /** What the request does, for messages (`jobs.insert`). */
  readonly what: string;
  readonly signal?: AbortSignal | undefined;
}

interface BigQueryErrorEntry {
  readonly reason?: string;
  readonly message?: string;
  readonly location?: string;
}

/** Why one try failed. */
type TryFailure =
  | { readonly type: 'answer'; readonly status: number | undefined; readonly message: string; readonly entry: BigQueryErrorEntry; readonly retryAfter?: string | undefined; readonly requestId?: string | undefined }
  | { readonly type: 'network'; readonly error: unknown }
  | { readonly type: 'timeout'; readonly error?: unknown }
  | { readonly type: 'too_large'; readonly status: number; readonly limit: number }
  | { readonly type: 'redirect'; readonly status: number; readonly refusal: RedirectRefusal; readonly origin?: string | undefined }
  | { readonly type: 'not_json'; readonly status: number; readonly contentType: string; readonly error?: unknown }
  | { readonly type: 'credentials'; readonly error: unknown };

/** A failed try, thrown inside the retry loop; {@link BigQueryApi} turns it into the SDK's error. */
export class BigQueryTryError extends Error {
  constructor(readonly failure: TryFailure) {
    super(`BigQuery try failed (${failure.type})`);
  }
}

/** BigQuery's error body (`{error: {code, message, errors: [{reason, message, location}]}}`) as an `answer` failure. */
function answerFailure(status: number | undefined, body: unknown, fallback: string, headers: Record<string, unknown> = {}): TryFailure {
  const error = (body as { error?: { message?: unknown; errors?: unknown } } | null)?.error;
  const entries = Array.isArray(error?.errors) ? (error.errors as BigQueryErrorEntry[]) : [];
  const entry = entries[0] ?? {};
  const message = typeof error?.message === 'string' ? error.message : typeof entry.message === 'string' ? entry.message : fallback;
  return {
    type: 'answer',
    status,
    message,
    entry,
    retryAfter: firstHeader(headers['retry-after'] as string | string[] | undefined),
    requestId: firstHeader(headers['x-request-id'] as string | string[] | undefined),
  };
}

/** A finished job's `status.errorResult` as a failure (the job failed; its answer was 200). */
export function jobFailure(errorResult: BigQueryErrorEntry): BigQueryTryError {
  return new BigQueryTryError({ type: 'answer', status: undefined, message: errorResult.message ?? 'the job failed', entry: errorResult });
}

/** What a failure means for the retry decision; every BigQuery request of the SDK may be repeated (jobs carry our own id). */
function classify(error: unknown, policy: RetryPolicy): FailedTry {
  if (!(error instanceof BigQueryTryError)) return { failure: null };
  const { failure } = error;
  switch (failure.type) {
    case 'answer': {
      const reason = failure.entry.reason;
      if (reason && (policy.bigqueryReasons ?? []).includes(reason)) return { failure: { type: 'bigquery', reason }, retryAfter: failure.retryAfter };
      return failure.status === undefined ? { failure: null } : { failure: { type: 'status', status: failure.status }, retryAfter: failure.retryAfter };
    }
    case 'network':
    case 'timeout':
      return { failure: { type: failure.type } };
    case 'credentials':
      return errorCode(failure.error) && /^E[A-Z]+$/.test(errorCode(failure.error)!) ? { failure: { type: 'network' } } : { failure: null };
    case 'too_large':
    case 'redirect':
    case 'not_json':
      return { failure: null };
  }
}

function headerRecord(headers: unknown): Record<string, string> {
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) if (typeof value === 'string') out[name.toLowerCase()] = value;
  return out;
}

/** Resolves with `promise`, or rejects (the `cancelled` kind) as soon as `signal` fires. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelledError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelledError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** BigQuery's REST API as the data functions use it: authenticated, timed, abortable, retried one request at a time. */
export class BigQueryApi {
  readonly #base: URL;

  /**
   * @param client - The official client: its base URL, auth client and project.
   * @param projectId - The billed project, in every request path.
   * @param settings - Retry policy, error kinds, per-try timeout, dispatcher.
   */
  constructor(
    readonly client: BigQuery,
    readonly projectId: string,
    readonly settings: BigQuerySettings,
  ) {
    this.#base = new URL(client.baseUrl.replace(/\/+$/, ''));
  }

  /**
   * Sends `request` with the spec's retry policy, each try bounded by the
   * timeout and stopped by the signal. Resolves with the parsed JSON answer;
   * rejects with the SDK's typed error (never holding a credential; the
   * `cancelled` kind for an abort).
   */
  async request<T>(request: BigQueryRequest): Promise<T> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) search.append(name, String(value));
    const path = `${this.#base.pathname}${request.path}${search.size > 0 ? `?${search}` : ''}`;
    const body = request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json), 'utf8');
    const secrets: string[] = [];
    return withRetries<T>({
      policy: this.settings.retry,
      signal: request.signal,
      errors: this.settings.errors,
      what: `BigQuery ${request.what}`,
      attempt: async () => {
        const headers = await this.#headers(request.signal);
        // Whatever the auth client adds (the access token, a key, a custom header) is a credential.
        secrets.push(...credentialValues(headers));
        const result = await sendOnce({
          origin: this.#base.origin,
          path,
          method: request.method,
          headers: {
            ...headers,
            accept: 'application/json',
            'user-agent': this.settings.userAgent,
            ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
          },
          body,
          timeoutMs: this.settings.timeoutMs,
          signal: request.signal,
          dispatcher: this.settings.dispatcher,
        });
        if (result.type === 'network' || result.type === 'timeout' || result.type === 'redirect') throw new BigQueryTryError(result);
        if (result.type === 'too_large') throw new BigQueryTryError({ type: 'too_large', status: result.status, limit: result.limit });
        secrets.push(...credentialValues({ 'set-cookie': result.headers['set-cookie'] }));
        const contentType = firstHeader(result.headers['content-type']) ?? '';
        const ok = result.status >= 200 && result.status < 300;
        // A cut body never gets here (the transport reports it as a network failure): a 2xx that is not JSON is the server's fault.
        if (ok && !/^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(contentType)) throw new BigQueryTryError({ type: 'not_json', status: result.status, contentType });
        let parsed: unknown;
        try {
          parsed = JSON.parse(result.body.toString('utf8'));
        } catch (error) {
          if (ok) throw new BigQueryTryError({ type: 'not_json', status: result.status, contentType, error });
          parsed = undefined;
        }
        if (ok) return parsed as T;
        const text = result.body.toString('utf8').slice(0, 200) || `HTTP ${result.status}`;
        throw new BigQueryTryError(answerFailure(result.status, parsed, text, result.headers));
      },
      classify: (error) => classify(error, this.settings.retry),
      giveUp: (error, attempts) => this.toSdkError(error, attempts, request, secrets),
    });
  }

  /**
   * Waits `ms` between polls of a running job, through the policy's `sleep`
   * (so an injected one sees these pauses too); an abort is the `cancelled` kind.
   */
  async pause(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
    try {
      await (this.settings.retry.sleep ?? sleep)(ms, signal);
    } catch (error) {
      if (signal?.aborted) throw cancelledError(signal, this.settings.errors, `BigQuery ${what}`);
      throw error;
    }
    if (signal?.aborted) throw cancelledError(signal, this.settings.errors, `BigQuery ${what}`);
  }

  /**
   * The auth client's headers (`Authorization: Bearer ...`; none for a local
   * endpoint). With no credentials at all the request goes without, as Google's
   * own clients do: an endpoint that needs them answers 401 (access denied).
   */
  async #headers(signal: AbortSignal | undefined): Promise<Record<string, string>> {
    try {
      return headerRecord(await untilAborted(this.client.authClient.getRequestHeaders(this.#base.href), signal));
    } catch (error) {
      if (signal?.aborted) throw cancelledError(signal);
      if (error instanceof Error && error.message.includes('Could not load the default credentials')) return {};
      throw new BigQueryTryError({ type: 'credentials', error });
    }
  }

  /** A failure as the SDK's typed error (its class from the spec's table), keeping BigQuery's message, reason and status. */
  toSdkError(error: unknown, attempts: number, request: Pick<BigQueryRequest, 'what'>, secrets: readonly string[] = []): unknown {
    if (error instanceof BaseDosDadosError || !(error instanceof BigQueryTryError)) return error;
    const table = this.settings.errors;
    const { failure } = error;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const make = (kind: string, message: string, init: Record<string, unknown> = {}) =>
      createError(kind, message, { attempts, secrets, ...init }, table);
    switch (failure.type) {
      case 'answer': {
        const { reason, location } = failure.entry;
        const byReason = reason ? errorKindForBigQueryReason(reason, table) : ERROR_KINDS.unknown;
        const kind = byReason !== ERROR_KINDS.unknown || failure.status === undefined ? byReason : errorKindForStatus(failure.status, table);
        const detail = reason ? ` (reason: ${reason}${location ? `, location: ${location}` : ''})` : '';
        return make(kind, `BigQuery: ${failure.message}${detail}${tries}`, {
          ...(failure.status !== undefined ? { status: failure.status } : {}),
          ...(reason ? { reason } : {}),
          ...(failure.requestId ? { requestId: failure.requestId } : {}),
          ...(failure.retryAfter !== undefined ? { retryAfterMs: parseRetryAfter(failure.retryAfter) } : {}),
        });
      }
      case 'network': {
        const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
        const code = errorCode(failure.error);
        return make(ERROR_KINDS.connection, `BigQuery ${request.what} to ${this.#base.origin} failed: ${message}${code && !message.includes(code) ? ` (${code})` : ''}${tries}`, { cause: failure.error });
      }
      case 'timeout':
        return make(ERROR_KINDS.timeout, `BigQuery ${request.what} to ${this.#base.origin} timed out (${this.settings.timeoutMs} ms per attempt)${tries}`, { cause: failure.error });
      case 'too_large':
        return make(ERROR_KINDS.server, `BigQuery ${request.what} answered ${failure.status} with a body over ${failure.limit} bytes; it was not read`, { status: failure.status });
      case 'redirect':
        return make(ERROR_KINDS.redirect, `BigQuery ${request.what} to ${this.#base.origin} ${describeRedirect(failure, this.#base.origin)}`, { status: failure.status });
      case 'not_json':
        return make(ERROR_KINDS.server, `BigQuery ${request.what} ${describeNotJson(failure.status, failure.contentType, failure.error !== undefined)}`, { status: failure.status, cause: failure.error });
      case 'credentials': {
        const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
        return make(ERROR_KINDS.accessDenied, `BigQuery: could not get credentials for ${request.what}: ${message}${tries}`, { cause: failure.error });
      }
    }
  }
}
