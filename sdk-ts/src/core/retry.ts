/**
 * The retry policy and the pure functions that apply it: whether to retry, how
 * long to wait, what `Retry-After` means, and a sleep that an `AbortSignal` stops.
 *
 * @module
 */

import { cancelledError, type ErrorKindSpec } from './errors.js';

/**
 * When and how failed requests are retried: the spec's `x-bd-retry`, camelCased.
 * `maxAttempts` counts the first try, so 4 means one try and up to three retries.
 */
export interface RetryPolicy {
  /** Most tries per call, the first one included. */
  readonly maxAttempts: number;
  /** HTTP statuses that are retried. */
  readonly statuses: readonly number[];
  /** Whether network errors (refused, reset, cut mid-body) and timeouts are retried. */
  readonly networkErrors: boolean;
  /** Wait before the first retry, in milliseconds. */
  readonly initialDelayMs: number;
  /** Each later wait is the previous one times this. */
  readonly multiplier: number;
  /** Longest computed wait, in milliseconds. */
  readonly maxDelayMs: number;
  /** Up to this fraction (0..1) of each computed wait is randomly taken off. */
  readonly jitter: number;
  /** Whether a `Retry-After` header replaces the computed wait. */
  readonly retryAfter: boolean;
  /** Longest `Retry-After` wait honoured, in milliseconds; longer ones are cut to this. */
  readonly maxRetryAfterMs: number;
  /** BigQuery error reasons that are retried (used by the BigQuery data functions). */
  readonly bigqueryReasons?: readonly string[];
  /**
   * How a wait between tries (or between polls of a running query) is spent,
   * given the delay the policy chose, in milliseconds; default {@link sleep}, a
   * timer the call's signal stops. Inject one to log the delays, or to test
   * retries without waiting.
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Why one try failed, as far as the retry decision cares. */
export type AttemptFailure =
  | { readonly type: 'status'; readonly status: number }
  | { readonly type: 'network' }
  | { readonly type: 'timeout' }
  | { readonly type: 'bigquery'; readonly reason: string };

/** A source of random numbers in [0, 1), like `Math.random`. */
export type RandomSource = () => number;

/** A clock giving milliseconds since the epoch, like `Date.now`. */
export type Clock = () => number;

/**
 * The policy with `overrides` applied, checked for values that make no sense
 * (a `RangeError` names the field).
 */
export function resolveRetryPolicy(base: RetryPolicy, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const policy: RetryPolicy = { ...base, ...defined };
  const check = (ok: boolean, field: keyof RetryPolicy, rule: string): void => {
    if (!ok) throw new RangeError(`retry.${field} ${rule}, got ${String(policy[field])}`);
  };
  check(Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 1, 'maxAttempts', 'must be an integer >= 1');
  check(policy.initialDelayMs >= 0, 'initialDelayMs', 'must be >= 0');
  check(policy.multiplier >= 1, 'multiplier', 'must be >= 1');
  check(policy.maxDelayMs >= 0, 'maxDelayMs', 'must be >= 0');
  check(policy.jitter >= 0 && policy.jitter <= 1, 'jitter', 'must be between 0 and 1');
  check(policy.maxRetryAfterMs >= 0, 'maxRetryAfterMs', 'must be >= 0');
  return Object.freeze(policy);
}

/**
 * Whether to try again after `attemptsMade` tries, the last of which failed as `failure`.
 * Statuses and BigQuery reasons are retried when the policy lists them; network
 * errors and timeouts when `networkErrors` is on. Never once `maxAttempts` tries were made.
 */
export function shouldRetry(policy: RetryPolicy, failure: AttemptFailure, attemptsMade: number): boolean {
  if (attemptsMade >= policy.maxAttempts) return false;
  switch (failure.type) {
    case 'status':
      return policy.statuses.includes(failure.status);
    case 'network':
    case 'timeout':
      return policy.networkErrors;
    case 'bigquery':
      return (policy.bigqueryReasons ?? []).includes(failure.reason);
  }
}

/**
 * The computed wait before retry number `retry` (1 for the first retry):
 * `min(maxDelayMs, initialDelayMs * multiplier^(retry-1))`, minus a random part of
 * up to `jitter` of it (so many clients that failed together do not retry together).
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: RandomSource = Math.random): number {
  const exponent = Math.max(0, retry - 1);
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** exponent);
  const fraction = Math.min(1, Math.max(0, random()));
  return Math.max(0, Math.round(base * (1 - policy.jitter * fraction)));
}

const DELTA_SECONDS = /^\d+(\.\d+)?$/;

/**
 * How long a `Retry-After` header asks to wait, in milliseconds: either
 * delta-seconds (`120`) or an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`, compared
 * with `now`; a date in the past means 0). `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined | null, now: Clock = Date.now): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (DELTA_SECONDS.test(text)) return Math.round(Number(text) * 1000);
  // A date must at least name a year; Date.parse accepts bare numbers ('-1') we do not want.
  if (!/[a-z]/i.test(text)) return undefined;
  // HTTP-dates are always GMT; asctime dates do not say so and Date.parse would read them as local time.
  const at = Date.parse(/GMT|UTC|[+-]\d{4}$/i.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now());
}

/** Injectable sources for {@link retryDelayMs}, so tests can fix them. */
export interface RetryDelaySources {
  /** Random numbers for the jitter. */
  readonly random?: RandomSource;
  /** The clock that HTTP-date `Retry-After` values are compared with. */
  readonly now?: Clock;
}

/**
 * The wait before retry number `retry`: the server's `Retry-After` when the policy
 * honours it and it is readable (cut to `maxRetryAfterMs`), else {@link backoffDelayMs}.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  retryAfterHeader?: string | readonly string[] | null,
  sources: RetryDelaySources = {},
): number {
  if (policy.retryAfter) {
    const asked = parseRetryAfter(retryAfterHeader, sources.now);
    if (asked !== undefined) return Math.min(asked, policy.maxRetryAfterMs);
  }
  return backoffDelayMs(policy, retry, sources.random);
}

/**
 * Waits `ms` milliseconds. Rejects with the `cancelled` kind as soon as `signal`
 * aborts, or at once if it already has, and then leaves no timer behind.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What the retry loop needs to know about one failed try. */
export interface FailedTry {
  /** Why it failed, for the policy; `null` when the failure is never retried (a bug, a refused argument). */
  readonly failure: AttemptFailure | null;
  /** The `Retry-After` header of the answer, if any. */
  readonly retryAfter?: string | readonly string[] | undefined;
  /**
   * Whether the request may be sent again: false for a body that was a stream (it
   * is spent) and for a non-idempotent request whose fate is unknown (a network
   * error after it was sent). Default true.
   */
  readonly canRepeat?: boolean;
}

/** One call run by {@link withRetries}. */
export interface RetriedCall<T> {
  /** The policy in force. */
  readonly policy: RetryPolicy;
  /** Aborts the call, also while it waits to retry. */
  readonly signal?: AbortSignal | undefined;
  /** The error table the `cancelled` error's class comes from. */
  readonly errors?: readonly ErrorKindSpec[] | undefined;
  /** What the call is (`GET /search/`), for the message of a cancelled call. */
  readonly what?: string | undefined;
  /** One try (numbered from 1); resolves with the result or throws its failure. */
  readonly attempt: (attempt: number) => Promise<T>;
  /** What a try's failure means for the retry decision. */
  readonly classify: (error: unknown) => FailedTry;
  /** The error thrown once no retry is left (or allowed), given the last failure and the tries made. */
  readonly giveUp: (error: unknown, attempts: number) => unknown;
}

/**
 * The one retry loop of the runtime, used by the HTTP client and by every
 * BigQuery request of the data functions: tries `call.attempt`, and while the
 * policy allows it (and the request can be repeated) waits with backoff and
 * jitter, or as `Retry-After` asks, then tries again. An abort, before a try, in
 * a try or in a wait, rejects at once with the `cancelled` kind, the signal's
 * reason as its cause.
 */
export async function withRetries<T>(call: RetriedCall<T>): Promise<T> {
  const { policy, signal } = call;
  const cancelled = (aborted: AbortSignal): Error => cancelledError(aborted, call.errors, call.what);
  const wait = policy.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw cancelled(signal);
    try {
      return await call.attempt(attempt);
    } catch (error) {
      if (signal?.aborted) throw cancelled(signal);
      const verdict = call.classify(error);
      if (verdict.failure === null || verdict.canRepeat === false || !shouldRetry(policy, verdict.failure, attempt)) {
        throw call.giveUp(error, attempt);
      }
      try {
        await wait(retryDelayMs(policy, attempt, verdict.retryAfter), signal);
      } catch (waitError) {
        if (signal?.aborted) throw cancelled(signal);
        throw waitError;
      }
    }
  }
}
