/**
 * Error classes resolved from the table a call is given (the spec's x-bd-errors,
 * with the classes generated code will hand in), falling back to the runtime's
 * own; kinds are any string the spec declares. And the one retry loop.
 */
import { describe, expect, it } from 'vitest';

import {
  APIError,
  BaseDosDadosError,
  ERROR_KINDS,
  HttpClient,
  createError,
  errorClassForKind,
  errorFromResponse,
  validateArgs,
  withRetries,
  type ErrorKindSpec,
} from '../../../sdk-ts/src/core/index.js';
import { CancelledError, NotFoundError, ValidationError } from '../../../sdk-ts/src/generated/errors.js';
import { sendJson, startServer } from './helpers/server.js';
import { FAST_RETRY, GET_DATASET, SPEC_ERRORS, SPEC_PAGINATION } from './helpers/spec.js';

/** What generated code will emit for a kind: a subclass with its kind and name. */
class GeneratedNotFoundError extends NotFoundError {
  static override readonly kind = 'not_found';
  override name = 'NotFoundError';
}
class GeneratedValidationError extends BaseDosDadosError {
  static override readonly kind = 'validation';
  override name = 'ValidationError';
}
class ConflictError extends BaseDosDadosError {
  static override readonly kind = 'conflict';
  override name = 'ConflictError';
}

const TABLE: ErrorKindSpec[] = [
  ...SPEC_ERRORS.map((entry) =>
    entry.kind === 'not_found' ? { ...entry, errorClass: GeneratedNotFoundError } : entry.kind === 'validation' ? { ...entry, errorClass: GeneratedValidationError } : entry,
  ),
  { kind: 'conflict', name: 'Conflict', statuses: [409], bigqueryReasons: ['duplicate'], errorClass: ConflictError },
  { kind: 'gone', name: 'Gone', statuses: [410], bigqueryReasons: [] },
];

describe('error classes come from the table', () => {
  it('uses the errorClass of the kind when the table names one', () => {
    expect(errorClassForKind('not_found', TABLE)).toBe(GeneratedNotFoundError);
    const error = createError('conflict', 'taken', { status: 409 }, TABLE);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.kind).toBe('conflict');
  });

  it('falls back to APIError keeping the kind, for a kind the table has no class for', () => {
    expect(errorClassForKind('gone', TABLE)).toBe(APIError);
    const gone = createError('gone', 'no more', {}, TABLE);
    expect(gone).toBeInstanceOf(APIError);
    expect(gone.kind).toBe('gone');
    expect(createError('nonsense', 'x').kind).toBe('nonsense');
  });

  it('errorFromResponse picks the class by status from the table', () => {
    const error = errorFromResponse({ status: 409, request: 'PUT /x' }, TABLE);
    expect(error).toBeInstanceOf(ConflictError);
    expect(errorFromResponse({ status: 404 }, TABLE)).toBeInstanceOf(GeneratedNotFoundError);
  });

  it('validateArgs raises the table\'s validation class, with the invalid params', () => {
    let caught: unknown;
    try {
      validateArgs(GET_DATASET, { datasetId: 'BAD' }, TABLE);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GeneratedValidationError);
    expect((caught as BaseDosDadosError).invalidParams[0]).toMatchObject({ name: 'dataset_id', label: 'datasetId' });
    expect(() => validateArgs(GET_DATASET, { datasetId: 'BAD' })).toThrow(APIError);
  });

  it('the HTTP client raises the classes of the table it was built with', async () => {
    const server = await startServer((_req, res, _r, index) => sendJson(res, index === 0 ? 404 : 409, { title: 'x', status: 404 }));
    try {
      const http = new HttpClient({ baseUrl: server.url }, { retry: FAST_RETRY, errors: TABLE, pagination: SPEC_PAGINATION });
      await expect(http.call(GET_DATASET, { datasetId: 'x' })).rejects.toBeInstanceOf(GeneratedNotFoundError);
      await expect(http.call(GET_DATASET, { datasetId: 'x' })).rejects.toBeInstanceOf(ConflictError);
      await expect(http.call(GET_DATASET, { datasetId: 'X' })).rejects.toBeInstanceOf(GeneratedValidationError);
    } finally {
      await server.close();
    }
  });

  it('the runtime kinds are constants', () => {
    expect(Object.values(ERROR_KINDS)).toEqual(expect.arrayContaining(['validation', 'filesystem', 'timeout', 'unknown']));
    expect(Object.isFrozen(ERROR_KINDS)).toBe(true);
  });
});

describe('withRetries, the one retry loop', () => {
  const policy = { ...FAST_RETRY, maxAttempts: 3 };

  it('retries what the verdict allows, then gives up with the last failure', async () => {
    const seen: number[] = [];
    const error = await withRetries({
      policy,
      attempt: async (n) => {
        seen.push(n);
        throw new Error(`fail ${n}`);
      },
      classify: () => ({ failure: { type: 'status', status: 503 } }),
      giveUp: (e, attempts) => new Error(`${(e as Error).message} after ${attempts}`),
    }).catch((e: unknown) => e);
    expect(seen).toEqual([1, 2, 3]);
    expect((error as Error).message).toBe('fail 3 after 3');
  });

  it('does not repeat what cannot be repeated, nor what the policy does not list', async () => {
    for (const verdict of [{ failure: { type: 'network' as const }, canRepeat: false }, { failure: { type: 'status' as const, status: 400 } }, { failure: null }]) {
      let tries = 0;
      await withRetries({ policy, attempt: async () => { tries += 1; throw new Error('x'); }, classify: () => verdict, giveUp: (e) => e }).catch(() => undefined);
      expect(tries).toBe(1);
    }
  });

  it('returns the first success', async () => {
    const result = await withRetries({
      policy,
      attempt: async (n) => {
        if (n < 2) throw new Error('once');
        return n;
      },
      classify: () => ({ failure: { type: 'bigquery', reason: 'backendError' } }),
      giveUp: (e) => e,
    });
    expect(result).toBe(2);
  });

  it('an abort during a wait that would never end rejects with the cancelled kind', async () => {
    const controller = new AbortController();
    const longest = 2 ** 31 - 1;
    const pending = withRetries({
      policy: { ...policy, initialDelayMs: longest, maxDelayMs: longest, jitter: 0 },
      signal: controller.signal,
      errors: SPEC_ERRORS,
      what: 'the test call',
      attempt: async () => {
        setTimeout(() => controller.abort(), 20);
        throw new Error('x');
      },
      classify: () => ({ failure: { type: 'timeout' } }),
      giveUp: (e) => e,
    });
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled', message: 'the test call was cancelled: This operation was aborted' });
  });
});
