/**
 * One try of one HTTP request, shared by the catalogue client and the BigQuery
 * calls of the data functions: sent through undici, bounded by a timer that
 * covers the whole try (body included), stopped at once by the caller's
 * `AbortSignal`, following same-origin redirects (docs/architecture.md,
 * "Transport and file rules"), its answer read in full up to a size limit.
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

import { cancelledError } from './errors.js';

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
  /** The caller's signal: an abort ends the try at once (it rejects with the `cancelled` kind). */
  readonly signal?: AbortSignal | undefined;
  /** Where to send it; default {@link defaultDispatcher}. */
  readonly dispatcher?: Dispatcher | undefined;
  /** Answers longer than this many bytes are cut off and reported as `too_large`. */
  readonly maxResponseBytes?: number | undefined;
}

/** Why a redirect was not followed. */
export type RedirectRefusal = 'another_origin' | 'no_location' | 'too_many' | 'streamed_body';

/** How one try ended, short of an abort (which throws). */
export type TryResult =
  | { readonly type: 'response'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: Buffer }
  | { readonly type: 'network'; readonly error: unknown }
  | { readonly type: 'timeout'; readonly error?: unknown }
  | { readonly type: 'too_large'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly limit: number }
  /** A redirect that is not followed; `origin` is the other origin, never its path or query (which may carry a token). */
  | { readonly type: 'redirect'; readonly status: number; readonly refusal: RedirectRefusal; readonly origin?: string };

/** Redirects followed per try; a sixth one is refused. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Headers that describe a body, dropped with it when a redirect turns the request into a GET (as Fetch does). */
const BODY_HEADERS: ReadonlySet<string> = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

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

/** Where a redirect goes: the next path on the same origin, or why it is refused. */
function redirectTarget(
  location: string | undefined,
  from: { origin: string; path: string },
): { path: string } | { refusal: RedirectRefusal; origin?: string } {
  let url: URL;
  try {
    if (!location) return { refusal: 'no_location' };
    url = new URL(location, from.origin + from.path);
  } catch {
    return { refusal: 'no_location' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { refusal: 'no_location' };
  if (url.origin !== from.origin) return { refusal: 'another_origin', origin: url.origin };
  return { path: url.pathname + url.search };
}

/** Words for a refused redirect, for the messages of both clients: the status and the other origin only. */
export function describeRedirect(result: Extract<TryResult, { type: 'redirect' }>, from: string): string {
  switch (result.refusal) {
    case 'another_origin':
      return `answered ${result.status}, a redirect to another origin (${result.origin ?? 'unknown'}); it is not followed, so no credential leaves ${from}: configure the new address instead`;
    case 'no_location':
      return `answered ${result.status} without a usable Location`;
    case 'too_many':
      return `answered ${result.status} after ${MAX_REDIRECTS} redirects: more than ${MAX_REDIRECTS} redirects are not followed`;
    case 'streamed_body':
      return `answered ${result.status}, a redirect that would send the streamed body again, which is already spent`;
  }
}

/**
 * Words for a 2xx answer that is not the JSON declared, for the messages of
 * both clients (the `server` kind): `JSON.parse` failed, or the content type is another.
 */
export function describeNotJson(status: number, contentType: string, invalidJson: boolean): string {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return invalidJson
    ? `answered ${status} with a body that is not valid JSON (content type ${type || 'none'})`
    : `answered ${status} with content type ${type || 'none'}, not the JSON the operation declares`;
}

/**
 * Sends one try of `request` and reads its answer in full, following
 * same-origin redirects. Resolves with the answer, a network failure, a
 * timeout, an answer over the size limit or a refused redirect; rejects with
 * the `cancelled` kind when the caller's signal fires, and with the error
 * itself for programming mistakes (an invalid header...), which no retry can fix.
 */
export async function sendOnce(request: OutgoingRequest): Promise<TryResult> {
  const { signal: userSignal, timeoutMs } = request;
  if (userSignal?.aborted) throw cancelledError(userSignal);
  // One controller per try, aborted by the caller's signal or by our timer; the
  // timer covers the whole try (redirects and body included), which undici's own timeouts do not.
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
    let { method, path, body } = request;
    let headers = request.headers;
    for (let redirects = 0; ; redirects++) {
      const response = await dispatcher.request({
        origin: request.origin,
        path,
        method: method as Dispatcher.HttpMethod,
        headers,
        body: body ?? null,
        signal: controller.signal,
      });
      const status = response.statusCode;
      if (REDIRECT_STATUSES.has(status)) {
        await response.body.dump();
        const target = redirectTarget(firstHeader(response.headers.location), { origin: request.origin, path });
        if ('refusal' in target) return { type: 'redirect', status, ...target };
        if (redirects === MAX_REDIRECTS) return { type: 'redirect', status, refusal: 'too_many' };
        // Fetch's rules: 303 (and 301/302 of a POST) continue as a GET without the body.
        if ((status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !BODY_HEADERS.has(name.toLowerCase())));
        } else if (body !== undefined && !(body instanceof Uint8Array)) {
          return { type: 'redirect', status, refusal: 'streamed_body' };
        }
        path = target.path;
        continue;
      }
      const limit = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const read = await readBody(response.body, limit);
      if (read === undefined) return { type: 'too_large', status, headers: response.headers, limit };
      return { type: 'response', status, headers: response.headers, body: read };
    }
  } catch (error) {
    if (userSignal?.aborted) throw cancelledError(userSignal);
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
