/**
 * OAuth2 client credentials (RFC 6749 section 4.4): tokens fetched from a
 * scheme's `tokenUrl`, cached per scheme and scope set, fetched again when
 * less than 30 s of their life is left or when the API refused one
 * (docs/architecture.md, "Authentication").
 *
 * @module
 */

import type { Dispatcher } from 'undici';

import { basicAuthorization, type ClientCredentials } from './auth.js';
import { createError, ERROR_KINDS, errorFromResponse, type ErrorKindSpec } from './errors.js';
import { credentialValues } from './redact.js';
import { withRetries, type Clock, type RetryPolicy } from './retry.js';
import { errorCode, firstHeader, sendOnce, type TryResult } from './transport.js';

/** A token with less life left than this is not sent: a new one is fetched first. */
export const TOKEN_REFRESH_MARGIN_MS = 30_000;

/** How a token request is sent: the client's retry policy, error table, timeout and dispatcher. */
export interface TokenTransport {
  readonly policy: RetryPolicy;
  readonly errors: readonly ErrorKindSpec[];
  readonly timeoutMs: number;
  readonly dispatcher?: Dispatcher | undefined;
}

interface CachedToken {
  readonly token: string;
  /** When it expires, by the injected clock; `Infinity` when the endpoint gave no `expires_in`. */
  readonly expiresAt: number;
}

/** `application/x-www-form-urlencoded` of one value, as RFC 6749 2.3.1 wants the id and secret before base64. */
const formEncoded = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

class TokenRefused extends Error {
  constructor(readonly result: TryResult) {
    super('token request failed');
  }
}

export class OAuthTokens {
  readonly #cache = new Map<string, CachedToken>();
  readonly #pending = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly transport: TokenTransport,
    private readonly now: Clock = Date.now,
  ) {}

  /**
   * An access token for `scheme` with `scopes`: the cached one while more than
   * 30 s of its life is left, else (or when `refresh`) a new one from `url`.
   */
  async token(scheme: string, url: string, credentials: ClientCredentials, scopes: readonly string[], refresh = false): Promise<string> {
    const key = JSON.stringify([scheme, url, credentials.clientId, [...scopes].sort()]);
    const cached = this.#cache.get(key);
    if (!refresh && cached && cached.expiresAt - this.now() >= TOKEN_REFRESH_MARGIN_MS) return cached.token;
    // Calls running at once share one token request.
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#fetch(url, credentials, scopes).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    const fetched = await pending;
    this.#cache.set(key, fetched);
    return fetched.token;
  }

  async #fetch(url: string, credentials: ClientCredentials, scopes: readonly string[]): Promise<CachedToken> {
    const target = new URL(url);
    const where = `POST ${target.origin}${target.pathname}`;
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}) });
    const bytes = new TextEncoder().encode(form.toString());
    const headers = {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(bytes.byteLength),
      authorization: basicAuthorization(formEncoded(credentials.clientId), formEncoded(credentials.clientSecret)),
    };
    const secrets = [credentials.clientId, credentials.clientSecret, ...credentialValues(headers)];
    const { policy, errors, timeoutMs, dispatcher } = this.transport;
    const body = await withRetries<Buffer>({
      policy,
      errors,
      what: where,
      attempt: async () => {
        const result = await sendOnce({ origin: target.origin, path: target.pathname + target.search, method: 'POST', headers, body: bytes, timeoutMs, dispatcher });
        if (result.type === 'response' && result.status >= 200 && result.status < 300) return result.body;
        throw new TokenRefused(result);
      },
      classify: (error) => {
        if (!(error instanceof TokenRefused)) return { failure: null };
        const { result } = error;
        if (result.type === 'response') return { failure: [400, 401, 403].includes(result.status) ? null : { type: 'status', status: result.status }, retryAfter: result.headers['retry-after'] };
        if (result.type === 'timeout' || result.type === 'network') return { failure: { type: result.type } };
        return { failure: null };
      },
      giveUp: (error, attempts) => (error instanceof TokenRefused ? refusal(error.result, where, attempts, secrets, errors) : error),
    });
    return this.#read(body, where, secrets, errors);
  }

  #read(body: Buffer, where: string, secrets: readonly string[], errors: readonly ErrorKindSpec[]): CachedToken {
    let answer: unknown;
    try {
      answer = JSON.parse(body.toString('utf8'));
    } catch {
      answer = undefined;
    }
    const fields = (answer ?? {}) as { access_token?: unknown; expires_in?: unknown };
    if (typeof fields.access_token !== 'string' || fields.access_token === '') {
      throw createError(ERROR_KINDS.server, `${where} answered without an access_token`, { secrets }, errors);
    }
    const expiresIn = Number(fields.expires_in);
    return { token: fields.access_token, expiresAt: Number.isFinite(expiresIn) && fields.expires_in !== null ? this.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY };
  }
}

/** The error of a token request that failed: a refusal (400/401/403) is `access_denied` naming the endpoint's `error`. */
function refusal(result: TryResult, where: string, attempts: number, secrets: readonly string[], errors: readonly ErrorKindSpec[]): Error {
  if (result.type === 'response') {
    if ([400, 401, 403].includes(result.status)) {
      let said: { error?: unknown; error_description?: unknown } = {};
      try {
        said = JSON.parse(result.body.toString('utf8')) as typeof said;
      } catch {
        // No JSON error: the status says enough.
      }
      const reason = [said.error, said.error_description].filter((v) => typeof v === 'string' && v !== '').join(': ');
      return createError(ERROR_KINDS.accessDenied, `the token endpoint refused the client credentials (${where} answered ${result.status}${reason ? `: ${reason}` : ''})`, {
        status: result.status,
        attempts,
        secrets,
      }, errors);
    }
    return errorFromResponse({ status: result.status, request: where, bodyText: result.body.toString('utf8'), attempts, secrets, requestId: firstHeader(result.headers['x-request-id']) }, errors);
  }
  if (result.type === 'timeout') return createError(ERROR_KINDS.timeout, `${where} timed out`, { attempts, cause: result.error, secrets }, errors);
  if (result.type === 'network') {
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    return createError(ERROR_KINDS.connection, `${where} failed: ${reason}${errorCode(result.error) ? ` (${errorCode(result.error)})` : ''}`, { attempts, cause: result.error, secrets }, errors);
  }
  return createError(ERROR_KINDS.server, `${where} answered ${result.type === 'redirect' ? 'with a redirect, not followed' : 'with a body too large'}`, { attempts, secrets }, errors);
}
