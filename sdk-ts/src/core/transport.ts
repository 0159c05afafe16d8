/**
 * One try of one HTTP request, shared by the catalogue client and the BigQuery
 * calls of the data functions: sent through undici, bounded by a timer that
 * covers the whole try (body included), stopped at once by the caller's
 * `AbortSignal`, its answer read in full up to a size limit.
 *
 * @module
 */

// undici's Dispatcher.request rather than fetch: it takes the origin and the path
// separately, so the already-encoded path is sent as built (fetch would parse it as
// a URL again); its errors keep their codes (UND_ERR_SOCKET, ECONNRESET...) instead of
// a bare "fetch failed"; and it skips the WHATWG Request/Response layer we do not need.
import { EnvHttpProxyAgent, getGlobalDispatcher, type Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

import { abortError } from './retry.js';

/** The per-try timeout when none is configured: 30 seconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The largest answer read when none is configured: 1 GiB (a BigQuery page is at most about 10 MB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 2 ** 30;

/** What one try sends. */
export interface OutgoingRequest {
  /** `http://host:port`. */
  readonly origin: string;
  /** The path and query string, already encoded. */
  readonly path: string;
  /** The HTTP method. */
  readonly method: string;
  /** Header names and values. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body: bytes (resendable) or a stream (sent once). */
  readonly body?: Uint8Array | Readable | undefined;
  /** Milliseconds the try may take, body included; `Infinity` for no limit. */
  readonly timeoutMs: number;
  /** The caller's signal: an abort ends the try at once with an `AbortError`. */
  readonly signal?: AbortSignal | undefined;
  /** Where to send it; default {@link defaultDispatcher}. */
  readonly dispatcher?: Dispatcher | undefined;
  /** Answers longer than this many bytes are cut off and reported as `too_large`. */
  readonly maxResponseBytes?: number | undefined;
}

/** How one try ended, short of an abort (which throws). */
export type TryResult =
  | { readonly type: 'response'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: Buffer }
  | { readonly type: 'network'; readonly error: unknown }
  | { readonly type: 'timeout'; readonly error?: unknown }
  | { readonly type: 'too_large'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly limit: number };

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

/** Methods that may be repeated after a network failure: the server may or may not have acted on the first. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/** The `code` of an error (`ECONNRESET`, `UND_ERR_SOCKET`...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The first value of a header that may repeat. */
export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Checks a timeout option: a positive number of milliseconds (`Infinity` allowed). */
export function checkTimeout(timeoutMs: number, where: string): void {
  if (!(timeoutMs > 0)) throw new RangeError(`${where} must be a positive number of milliseconds, got ${timeoutMs}`);
}

let proxyAgent: Dispatcher | undefined;

/**
 * undici's global dispatcher, or, when `HTTPS_PROXY`/`HTTP_PROXY` is set, one shared
 * proxy agent honouring them and `NO_PROXY` (as Google's clients do).
 */
export function defaultDispatcher(env: NodeJS.ProcessEnv = process.env): Dispatcher {
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => env[name]);
  if (!proxied) return getGlobalDispatcher();
  proxyAgent ??= new EnvHttpProxyAgent();
  return proxyAgent;
}

async function readBody(body: Dispatcher.ResponseData['body'], limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Sends one try of `request` and reads its answer in full. Resolves with the
 * answer, a network failure, a timeout or an answer over the size limit; rejects
 * with an `AbortError` when the caller's signal fires, and with the error itself
 * for programming mistakes (an invalid header...), which no retry can fix.
 */
export async function sendOnce(request: OutgoingRequest): Promise<TryResult> {
  const { signal: userSignal, timeoutMs } = request;
  if (userSignal?.aborted) throw abortError(userSignal);
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
    const dispatcher = request.dispatcher ?? defaultDispatcher();
    const response = await dispatcher.request({
      origin: request.origin,
      path: request.path,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body ?? null,
      signal: controller.signal,
    });
    const limit = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const body = await readBody(response.body, limit);
    if (body === undefined) return { type: 'too_large', status: response.statusCode, headers: response.headers, limit };
    return { type: 'response', status: response.statusCode, headers: response.headers, body };
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
