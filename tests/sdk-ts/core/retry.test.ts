import { describe, expect, it } from 'vitest';

import {
  abortError,
  backoffDelayMs,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelayMs,
  shouldRetry,
  sleep,
  type AttemptFailure,
  type RetryPolicy,
} from '../../../sdk-ts/src/core/index.js';
import { SPEC_RETRY } from './helpers/spec.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const clock = () => NOW;

describe('the spec policy', () => {
  it('is what x-bd-retry says, camelCased', () => {
    expect(SPEC_RETRY).toEqual({
      maxAttempts: 4,
      statuses: [408, 429, 500, 502, 503, 504],
      networkErrors: true,
      initialDelayMs: 500,
      multiplier: 2,
      maxDelayMs: 8000,
      jitter: 0.25,
      retryAfter: true,
      maxRetryAfterMs: 60000,
      bigqueryReasons: ['rateLimitExceeded', 'backendError', 'internalError'],
    });
  });
});

describe('shouldRetry', () => {
  const cases: [string, Partial<RetryPolicy>, AttemptFailure, number, boolean][] = [
    ['retryable status, tries left', {}, { type: 'status', status: 503 }, 1, true],
    ['429, tries left', {}, { type: 'status', status: 429 }, 3, true],
    ['retryable status, no tries left', {}, { type: 'status', status: 503 }, 4, false],
    ['status not in the policy', {}, { type: 'status', status: 404 }, 1, false],
    ['400 is never retried', {}, { type: 'status', status: 400 }, 1, false],
    ['501 not listed', {}, { type: 'status', status: 501 }, 1, false],
    ['network error', {}, { type: 'network' }, 1, true],
    ['network error, networkErrors off', { networkErrors: false }, { type: 'network' }, 1, false],
    ['timeout', {}, { type: 'timeout' }, 2, true],
    ['timeout, networkErrors off', { networkErrors: false }, { type: 'timeout' }, 1, false],
    ['maxAttempts 1 never retries', { maxAttempts: 1 }, { type: 'status', status: 503 }, 1, false],
    ['custom statuses', { statuses: [404] }, { type: 'status', status: 404 }, 1, true],
    ['BigQuery reason in the policy', {}, { type: 'bigquery', reason: 'backendError' }, 1, true],
    ['BigQuery reason not in the policy', {}, { type: 'bigquery', reason: 'invalidQuery' }, 1, false],
    ['BigQuery reason, no tries left', {}, { type: 'bigquery', reason: 'rateLimitExceeded' }, 4, false],
  ];
  it.each(cases)('%s', (_, overrides, failure, attemptsMade, want) => {
    expect(shouldRetry({ ...SPEC_RETRY, ...overrides }, failure, attemptsMade)).toBe(want);
  });
});

describe('backoffDelayMs', () => {
  const noJitter = { ...SPEC_RETRY, jitter: 0 };
  const cases: [string, RetryPolicy, number, number, number][] = [
    // name, policy, retry, random(), want
    ['first retry', noJitter, 1, 0.5, 500],
    ['second retry doubles', noJitter, 2, 0.5, 1000],
    ['third', noJitter, 3, 0.5, 2000],
    ['fifth', noJitter, 5, 0.5, 8000],
    ['capped at maxDelayMs', noJitter, 6, 0.5, 8000],
    ['capped far out', noJitter, 30, 0.5, 8000],
    ['jitter 0.25, random 0: full delay', SPEC_RETRY, 1, 0, 500],
    ['jitter 0.25, random 0.5: 12.5% off', SPEC_RETRY, 1, 0.5, 438],
    ['jitter 0.25, random ~1: ~25% off', SPEC_RETRY, 2, 0.999999, 750],
    ['jitter applies after the cap', SPEC_RETRY, 9, 1, 6000],
    ['multiplier 3', { ...noJitter, multiplier: 3, initialDelayMs: 100 }, 3, 0, 900],
    ['zero initial delay', { ...SPEC_RETRY, initialDelayMs: 0 }, 3, 0.3, 0],
    ['retry 0 treated as first', noJitter, 0, 0, 500],
  ];
  it.each(cases)('%s', (_, policy, retry, random, want) => {
    expect(backoffDelayMs(policy, retry, () => random)).toBe(want);
  });

  it('never goes below (1 - jitter) of the computed delay nor above it, with Math.random', () => {
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(SPEC_RETRY, 2);
      expect(delay).toBeGreaterThanOrEqual(750);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});

describe('parseRetryAfter', () => {
  const cases: [string, string | string[] | undefined | null, number | undefined][] = [
    ['delta-seconds', '3', 3000],
    ['zero', '0', 0],
    ['with spaces', ' 2 ', 2000],
    ['fractional seconds (lenient)', '1.5', 1500],
    ['IMF-fixdate in the future', 'Wed, 01 Jan 2025 00:00:10 GMT', 10_000],
    ['RFC 850 date', 'Wednesday, 01-Jan-25 00:00:05 GMT', 5000],
    ['asctime date (GMT, whatever the local zone)', 'Wed Jan  1 00:00:07 2025', 7000],
    ['date in the past', 'Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['first of several values', ['4', '9'], 4000],
    ['negative', '-1', undefined],
    ['garbage', 'soon', undefined],
    ['empty', '', undefined],
    ['missing', undefined, undefined],
    ['null', null, undefined],
  ];
  it.each(cases)('%s: %o', (_, header, want) => {
    expect(parseRetryAfter(header, clock)).toBe(want);
  });
});

describe('retryDelayMs', () => {
  const policy = { ...SPEC_RETRY, jitter: 0, maxRetryAfterMs: 10_000 };
  const cases: [string, RetryPolicy, number, string | undefined, number][] = [
    ['no header: backoff', policy, 2, undefined, 1000],
    ['header honoured', policy, 1, '3', 3000],
    ['header shorter than backoff still wins', policy, 3, '0', 0],
    ['header capped at maxRetryAfterMs', policy, 1, '120', 10_000],
    ['HTTP-date header', policy, 1, 'Wed, 01 Jan 2025 00:00:02 GMT', 2000],
    ['unreadable header: backoff', policy, 2, 'later', 1000],
    ['retryAfter off: header ignored', { ...policy, retryAfter: false }, 1, '3', 500],
  ];
  it.each(cases)('%s', (_, p, retry, header, want) => {
    expect(retryDelayMs(p, retry, header, { now: clock, random: () => 0 })).toBe(want);
  });
});

describe('resolveRetryPolicy', () => {
  it('applies overrides, ignoring undefined ones, and freezes the result', () => {
    const policy = resolveRetryPolicy(SPEC_RETRY, { maxAttempts: 2, jitter: undefined });
    expect(policy.maxAttempts).toBe(2);
    expect(policy.jitter).toBe(0.25);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(SPEC_RETRY.maxAttempts).toBe(4);
  });

  it.each([
    [{ maxAttempts: 0 }, /retry\.maxAttempts must be an integer >= 1, got 0/],
    [{ maxAttempts: 1.5 }, /maxAttempts/],
    [{ jitter: 2 }, /retry\.jitter must be between 0 and 1/],
    [{ multiplier: 0.5 }, /multiplier/],
    [{ initialDelayMs: -1 }, /initialDelayMs/],
    [{ maxRetryAfterMs: -5 }, /maxRetryAfterMs/],
  ] as [Partial<RetryPolicy>, RegExp][])('rejects %o', (overrides, message) => {
    expect(() => resolveRetryPolicy(SPEC_RETRY, overrides)).toThrow(RangeError);
    expect(() => resolveRetryPolicy(SPEC_RETRY, overrides)).toThrow(message);
  });
});

describe('sleep', () => {
  it('waits about the time asked', async () => {
    const start = performance.now();
    await sleep(40);
    expect(performance.now() - start).toBeGreaterThanOrEqual(38);
  });

  it('rejects at once with an AbortError when the signal is already aborted', async () => {
    const start = performance.now();
    await expect(sleep(5000, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - start).toBeLessThan(100);
  });

  it('rejects as soon as the signal aborts mid-sleep', async () => {
    const controller = new AbortController();
    const start = performance.now();
    setTimeout(() => controller.abort(), 30);
    await expect(sleep(5000, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(25);
    expect(elapsed).toBeLessThan(1000);
  });

  it('resolves normally when a signal is given but never aborts', async () => {
    await expect(sleep(5, new AbortController().signal)).resolves.toBeUndefined();
  });
});

describe('abortError', () => {
  it('keeps an AbortError reason as it is', () => {
    const controller = new AbortController();
    controller.abort();
    expect(abortError(controller.signal)).toBe(controller.signal.reason);
  });

  it('wraps any other reason in an AbortError whose cause is the reason', () => {
    const controller = new AbortController();
    const reason = new Error('user left');
    controller.abort(reason);
    const err = abortError(controller.signal);
    expect(err.name).toBe('AbortError');
    expect(err.cause).toBe(reason);
    const timeout = abortError(AbortSignal.abort(new DOMException('late', 'TimeoutError')));
    expect(timeout.name).toBe('AbortError');
    expect((timeout.cause as Error).name).toBe('TimeoutError');
  });
});
