import { describe, expect, it } from 'vitest';

import {
  APIError,
  BaseDosDadosError,
  createError,
  describeFailure,
  errorClassForStatus,
  errorFromResponse,
  errorKindForBigQueryReason,
  errorKindForStatus,
  type ErrorKind,
  type ErrorKindSpec,
  ERROR_KINDS,
} from '../../../sdk-ts/src/core/index.js';
import { AccessDeniedError, BillingProjectError, ConnectionError, InvalidQueryError, NotFoundError, RateLimitError, ServerError, TimeoutError, ValidationError } from '../../../sdk-ts/src/generated/errors.js';
import { SPEC_ERRORS } from './helpers/spec.js';

describe('errorClassForStatus with the spec table', () => {
  const cases: [status: number, want: new (...a: never[]) => BaseDosDadosError, kind: ErrorKind][] = [
    [400, ValidationError, 'validation'],
    [422, ValidationError, 'validation'],
    [401, AccessDeniedError, 'access_denied'],
    [403, AccessDeniedError, 'access_denied'],
    [404, NotFoundError, 'not_found'],
    [408, TimeoutError, 'timeout'],
    [429, RateLimitError, 'rate_limited'],
    [500, ServerError, 'server'],
    [502, ServerError, 'server'],
    [503, ServerError, 'server'],
    [504, ServerError, 'server'],
    // Statuses no kind claims.
    [409, APIError, 'unknown'],
    [418, APIError, 'unknown'],
    [501, APIError, 'unknown'],
    [302, APIError, 'unknown'],
  ];
  it.each(cases)('%i -> %o', (status, want, kind) => {
    expect(errorClassForStatus(status, SPEC_ERRORS)).toBe(want);
    expect(errorKindForStatus(status, SPEC_ERRORS)).toBe(kind);
  });

  it('follows the table it is given, not a built-in switch', () => {
    const table: ErrorKindSpec[] = [
      { kind: 'not_found', name: 'NotFound', statuses: [410], bigqueryReasons: [], errorClass: NotFoundError },
      { kind: 'server', name: 'Server', statuses: [404], bigqueryReasons: [], errorClass: ServerError },
    ];
    expect(errorClassForStatus(410, table)).toBe(NotFoundError);
    expect(errorClassForStatus(404, table)).toBe(ServerError);
    expect(errorClassForStatus(500, table)).toBe(APIError);
    expect(errorClassForStatus(404, [])).toBe(APIError);
  });
});

describe('errorKindForBigQueryReason with the spec table', () => {
  it.each([
    ['invalid', 'validation'],
    ['notFound', 'not_found'],
    ['accessDenied', 'access_denied'],
    ['invalidQuery', 'invalid_query'],
    ['rateLimitExceeded', 'rate_limited'],
    ['quotaExceeded', 'rate_limited'],
    ['backendError', 'server'],
    ['internalError', 'server'],
    ['somethingNew', 'unknown'],
    ['', 'unknown'],
  ] as const)('%s -> %s', (reason, kind) => {
    expect(errorKindForBigQueryReason(reason, SPEC_ERRORS)).toBe(kind);
  });
});

describe('error classes', () => {
  const all: [ErrorKind, string][] = [
    ['validation', 'ValidationError'],
    ['not_found', 'NotFoundError'],
    ['access_denied', 'AccessDeniedError'],
    ['invalid_query', 'InvalidQueryError'],
    ['rate_limited', 'RateLimitError'],
    ['server', 'ServerError'],
    ['connection', 'ConnectionError'],
    ['timeout', 'TimeoutError'],
    ['billing_project', 'BillingProjectError'],
    ['filesystem', 'FileSystemError'],
    ['unknown', 'APIError'],
  ];

  const classOf = (kind: string) => SPEC_ERRORS.find((entry) => entry.kind === kind)?.errorClass ?? APIError;

  it.each(all)('createError(%s) with the spec\'s table builds a %s with kind, name and stack', (kind, name) => {
    const err = createError(kind, 'boom', { status: 500, attempts: 2 }, SPEC_ERRORS);
    expect(err).toBeInstanceOf(classOf(kind));
    expect(err).toBeInstanceOf(BaseDosDadosError);
    expect(err).toBeInstanceOf(Error);
    expect(err.kind).toBe(kind);
    expect(err.name).toBe(name);
    expect(err.message).toBe('boom');
    expect(err.stack?.startsWith(`${name}: boom`)).toBe(true);
    expect(err.attempts).toBe(2);
    expect(String(err)).toBe(`${name}: boom`);
  });

  it('the generated table has a class per kind of the spec, named the spec name plus Error, each distinct', () => {
    for (const entry of SPEC_ERRORS) expect(new entry.errorClass!('x').name).toBe(`${entry.name}Error`);
    const classes = SPEC_ERRORS.map((entry) => entry.errorClass);
    expect(new Set(classes).size).toBe(classes.length);
    // Every kind the runtime raises itself is one of the spec's (a spec without one gets APIError carrying the kind).
    for (const kind of Object.values(ERROR_KINDS).filter((k) => k !== 'unknown')) expect(SPEC_ERRORS.some((e) => e.kind === kind), kind).toBe(true);
  });

  it('without a class for a kind (a spec that lacks it), builds an APIError that still carries the kind', () => {
    const err = createError('not_found', 'gone', {}, []);
    expect(err).toBeInstanceOf(APIError);
    expect(err.kind).toBe('not_found');
  });

  it('keeps cause, and defaults attempts to 0 (raised before any request)', () => {
    const cause = new Error('socket hang up');
    const err = new ConnectionError('could not connect', { cause });
    expect(err.cause).toBe(cause);
    expect(err.attempts).toBe(0);
    expect(err.status).toBeUndefined();
    expect(new BillingProjectError('no project').kind).toBe('billing_project');
    expect(new InvalidQueryError('bad sql').kind).toBe('invalid_query');
  });

  it('takes requestId from the problem when none is given', () => {
    const err = new NotFoundError('gone', { problem: { title: 'Not found', request_id: 'abc' } });
    expect(err.requestId).toBe('abc');
    expect(new NotFoundError('gone', { requestId: 'hdr', problem: { request_id: 'abc' } }).requestId).toBe('hdr');
  });

  it('ValidationError lists invalid params from the problem or from init', () => {
    const fromProblem = new ValidationError('bad', {
      problem: { invalid_params: [{ name: 'page_size', in: 'query', reason: 'must be <= 100' }] },
    });
    expect(fromProblem.invalidParams).toEqual([{ name: 'page_size', in: 'query', reason: 'must be <= 100' }]);
    const local = new ValidationError('bad', { invalidParams: [{ name: 'q', reason: 'is required' }] });
    expect(local.invalidParams).toEqual([{ name: 'q', reason: 'is required' }]);
    expect(new ValidationError('bad').invalidParams).toEqual([]);
  });

  it('RateLimitError carries retryAfterMs', () => {
    expect(new RateLimitError('slow', { retryAfterMs: 1500 }).retryAfterMs).toBe(1500);
    expect(new RateLimitError('slow').retryAfterMs).toBeUndefined();
  });
});

describe('describeFailure', () => {
  it.each([
    [
      {
        status: 404,
        request: 'GET /datasets/x',
        problem: { title: 'Not found', detail: 'dataset x does not exist', request_id: '7c9d22aa' },
      },
      '404 Not found: dataset x does not exist (GET /datasets/x, request id 7c9d22aa)',
    ],
    [
      { status: 503, problem: { title: 'Service unavailable' }, requestId: 'hdr-1', attempts: 4 },
      '503 Service unavailable (request id hdr-1, after 4 attempts)',
    ],
    [{ status: 502, bodyText: '<html>\n  Bad gateway\n</html>', attempts: 1 }, '502: <html> Bad gateway </html>'],
    [{ status: 500 }, '500'],
    [{ status: 500, bodyText: 'x'.repeat(500) }, `500: ${'x'.repeat(200)}…`],
  ])('%o -> %s', (response, want) => {
    expect(describeFailure(response)).toBe(want);
  });
});

describe('errorFromResponse', () => {
  it('builds the class of the status, keeping status, problem, request id, attempts, retry-after', () => {
    const problem = { type: 'https://basedosdados.org/problems/rate-limited', title: 'Too many requests', status: 429 };
    const err = errorFromResponse(
      { status: 429, problem, requestId: 'r1', attempts: 4, retryAfterMs: 2000, request: 'GET /tags' },
      SPEC_ERRORS,
    );
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.status).toBe(429);
    expect(err.problem).toBe(problem);
    expect(err.requestId).toBe('r1');
    expect(err.attempts).toBe(4);
    expect((err as RateLimitError).retryAfterMs).toBe(2000);
    expect(err.message).toBe('429 Too many requests (GET /tags, request id r1, after 4 attempts)');
  });
});
