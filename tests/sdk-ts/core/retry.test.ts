import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  APIError,
  cancelledError,
  backoffDelayMs,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelayMs,
  shouldRetry,
  sleep,
  type AttemptFailure,
  type RetryPolicy,
} from '../../../sdk-ts/src/core/index.js';
import { CancelledError } from '../../../sdk-ts/src/generated/errors.js';
import { SPEC_ERRORS, SPEC_RETRY } from './helpers/spec.js';

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

/** The given/want tables every runtime checks (Python and R read the same file). */
type Overrides = Readonly<Record<string, unknown>>;
interface Case {
  readonly name: string;
  /** The runtimes the case applies to; absent means every one. */
  readonly languages?: readonly string[];
}
interface RetryCases {
  readonly policy: Overrides;
  readonly now: string;
  readonly should_retry: readonly (Case & { overrides: Overrides; failure: AttemptFailure; attempts_made: number; want: boolean })[];
  readonly backoff_delay_ms: readonly (Case & { overrides: Overrides; retry: number; random: number; want: number })[];
  readonly backoff_bounds: { readonly retry: number; readonly min: number; readonly max: number };
  readonly parse_retry_after: readonly (Case & { header?: string | string[] | null; want: number | null })[];
  readonly retry_delay_ms: readonly (Case & { overrides: Overrides; retry: number; header: string | null; random: number; want: number })[];
  readonly round_half_up: readonly { given: number; want: number }[];
  readonly resolve_retry_policy: {
    readonly applies: { readonly overrides: Overrides; readonly want: Overrides };
    readonly rejects: readonly { languages?: readonly string[]; overrides: Overrides; message: string }[];
  };
}
const CASES = JSON.parse(readFileSync(fileURLToPath(new URL('../../shared/retry-cases.json', import.meta.url)), 'utf8')) as RetryCases;

/** The table names fields as the spec does (snake_case); the TS runtime camelCases them. */
const camel = (name: string): string => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const camelKeys = (record: Overrides): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [camel(key), value]));

const POLICY = camelKeys(CASES.policy) as unknown as RetryPolicy;
const policyWith = (overrides: Overrides): RetryPolicy => ({ ...POLICY, ...camelKeys(overrides) });
const NOW = Date.parse(CASES.now);
const clock = () => NOW;

/** Only the cases that apply to TypeScript: those without `languages`, or listing it. */
function forTypeScript<T extends { languages?: readonly string[] }>(cases: readonly T[]): T[] {
  return cases.filter((c) => c.languages === undefined || c.languages.includes('typescript'));
}

describe('the shared table', () => {
  // round_half_up is not read here: TypeScript rounds with Math.round, which that table
  // describes for the Python and R runtimes that write their own; Python and R run it.
  const read = ['should_retry', 'backoff_delay_ms', 'backoff_bounds', 'parse_retry_after', 'retry_delay_ms', 'resolve_retry_policy'];
  const notRead = ['round_half_up'];

  it('has no section this file neither reads nor names as not applying', () => {
    expect(Object.keys(CASES).filter((key) => !['description', 'policy', 'now'].includes(key)).sort()).toEqual([...read, ...notRead].sort());
  });

  it('has every case apply to TypeScript or Python besides R', () => {
    const all = [
      ...CASES.should_retry,
      ...CASES.backoff_delay_ms,
      ...CASES.parse_retry_after,
      ...CASES.retry_delay_ms,
      ...CASES.resolve_retry_policy.rejects,
    ];
    expect(all.length).toBeGreaterThan(50);
    for (const c of all) {
      if (c.languages === undefined) continue;
      expect(c.languages, JSON.stringify(c)).toContain('r');
      expect(c.languages.some((language) => language === 'typescript' || language === 'python'), JSON.stringify(c)).toBe(true);
    }
  });

  it('starts from the spec policy', () => {
    expect(POLICY).toEqual(SPEC_RETRY);
  });
});

describe('shouldRetry', () => {
  it.each(forTypeScript(CASES.should_retry))('$name', ({ overrides, failure, attempts_made, want }) => {
    expect(shouldRetry(policyWith(overrides), failure, attempts_made)).toBe(want);
  });
});

describe('backoffDelayMs', () => {
  it.each(forTypeScript(CASES.backoff_delay_ms))('$name', ({ overrides, retry, random, want }) => {
    expect(backoffDelayMs(policyWith(overrides), retry, () => random)).toBe(want);
  });

  it('never goes below (1 - jitter) of the computed delay nor above it, with Math.random', () => {
    const { retry, min, max } = CASES.backoff_bounds;
    const delays = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(POLICY, retry);
      expect(delay).toBeGreaterThanOrEqual(min);
      expect(delay).toBeLessThanOrEqual(max);
      delays.add(delay);
    }
    expect(delays.size, 'jitter should spread the delays').toBeGreaterThan(10);
  });
});

describe('parseRetryAfter', () => {
  // A case without `header` is an absent header (undefined); `null` stays null, as Headers.get gives it.
  // The table's "no wait" is null; parseRetryAfter says it with undefined.
  it.each(forTypeScript(CASES.parse_retry_after))('$name: $header', ({ header, want }) => {
    expect(parseRetryAfter(header, clock)).toBe(want ?? undefined);
  });
});

describe('retryDelayMs', () => {
  it.each(forTypeScript(CASES.retry_delay_ms))('$name', ({ overrides, retry, header, random, want }) => {
    expect(retryDelayMs(policyWith(overrides), retry, header, { now: clock, random: () => random })).toBe(want);
  });
});

describe('resolveRetryPolicy', () => {
  it('applies overrides, ignoring unset ones, and freezes the result', () => {
    const { overrides, want } = CASES.resolve_retry_policy.applies;
    // JSON has no undefined: the table's null is TypeScript's "not given", which the type allows.
    const given = Object.fromEntries(Object.entries(camelKeys(overrides)).map(([key, value]) => [key, value ?? undefined]));
    const policy = resolveRetryPolicy(POLICY, given as Partial<RetryPolicy>);
    expect(policy).toMatchObject(camelKeys(want));
    expect(Object.isFrozen(policy)).toBe(true);
    expect(POLICY.maxAttempts).toBe(CASES.policy['max_attempts']);
  });

  // The case of a misspelt setting lists only python and r: in TypeScript `Partial<RetryPolicy>`
  // refuses an unknown key at compile time, and resolveRetryPolicy does not check for one.
  it.each(forTypeScript(CASES.resolve_retry_policy.rejects))('rejects $overrides', ({ overrides, message }) => {
    const given = camelKeys(overrides) as Partial<RetryPolicy>;
    expect(() => resolveRetryPolicy(POLICY, given)).toThrow(RangeError);
    // The messages name the field as this runtime does: camelCased.
    expect(() => resolveRetryPolicy(POLICY, given)).toThrow(new RegExp(camel(message)));
  });
});

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits at least the time asked', async () => {
    const start = performance.now();
    await sleep(40);
    expect(performance.now() - start).toBeGreaterThanOrEqual(38);
  });

  it('rejects with the cancelled kind, starting no timer, when the signal is already aborted', async () => {
    vi.useFakeTimers();
    const waiting = sleep(5000, AbortSignal.abort());
    expect(vi.getTimerCount()).toBe(0);
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('rejects as soon as the signal aborts mid-sleep, and clears its timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = sleep(5000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled', cause: controller.signal.reason });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves normally when a signal is given but never aborts', async () => {
    await expect(sleep(5, new AbortController().signal)).resolves.toBeUndefined();
  });
});

describe('cancelledError', () => {
  it('is the class of the cancelled kind in the table, the reason as its cause', () => {
    const controller = new AbortController();
    const reason = new Error('user left');
    controller.abort(reason);
    const err = cancelledError(controller.signal, SPEC_ERRORS, 'GET /x');
    expect(err).toBeInstanceOf(CancelledError);
    expect(err).toMatchObject({ kind: 'cancelled', name: 'CancelledError', message: 'GET /x was cancelled: user left' });
    expect(err.cause).toBe(reason);
  });

  it('keeps a DOMException reason as the cause, and is an APIError of the kind without a table', () => {
    const timeout = cancelledError(AbortSignal.abort(new DOMException('late', 'TimeoutError')));
    expect(timeout).toBeInstanceOf(APIError);
    expect(timeout.kind).toBe('cancelled');
    expect((timeout.cause as Error).name).toBe('TimeoutError');
  });
});
