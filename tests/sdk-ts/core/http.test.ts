import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Agent, type Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';

import {
  APIError,
  BaseDosDadosError,
  HttpClient,
  type HttpClientOptions,
  type OperationSpec,
  type RetryPolicy,
} from '../../../sdk-ts/src/core/index.js';
import { AccessDeniedError, ConnectionError, NotFoundError, RateLimitError, ServerError, TimeoutError, ValidationError } from '../../../sdk-ts/src/generated/errors.js';
import { rejection, sendJson, serversClosedAfterEach, type Handler } from './helpers/server.js';
import { FAST_RETRY, GET_DATASET, LIST_DATASETS, SPEC_ERRORS, SPEC_PAGINATION } from './helpers/spec.js';

const serve = serversClosedAfterEach();

function client(baseUrl: string, retry: Partial<RetryPolicy> = {}, options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient(
    { baseUrl, retry, ...options },
    { retry: FAST_RETRY, errors: SPEC_ERRORS, pagination: SPEC_PAGINATION },
  );
}

const DATASET = { id: 'br_ibge_populacao', name: 'População brasileira' };
const problem = (status: number, title: string, extra: Record<string, unknown> = {}) => ({
  type: `https://basedosdados.org/problems/${status}`,
  title,
  status,
  ...extra,
});

describe('HttpClient.call: success', () => {
  it('sends the path, query and headers, and parses the JSON body', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, DATASET));
    const http = client(server.url, {}, { headers: { 'X-Client': 'a' }, userAgent: 'bdgen-test/1.0' });
    const got = await http.call<typeof DATASET>(GET_DATASET, { datasetId: 'br_ibge_populacao' }, { headers: { 'X-Call': 'b' } });
    expect(got).toEqual(DATASET);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/datasets/br_ibge_populacao');
    expect(request?.headers['user-agent']).toBe('bdgen-test/1.0');
    expect(request?.headers['accept']).toBe('application/json, application/problem+json');
    expect(request?.headers['x-client']).toBe('a');
    expect(request?.headers['x-call']).toBe('b');
  });

  it('builds the query from labels to wire names, skipping undefined', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { items: [] }));
    await client(server.url).call(LIST_DATASETS, { q: 'população rural', organization: undefined, pageSize: 5 });
    expect(server.requests[0]?.url).toBe('/datasets?q=popula%C3%A7%C3%A3o%20rural&page_size=5');
    expect(server.requests[0]?.query.get('q')).toBe('população rural');
  });

  it('keeps a path prefix of the base URL', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, DATASET));
    const http = client(`${server.url}/api/v1/`);
    expect(http.baseUrl).toBe(`${server.url}/api/v1`);
    await http.call(GET_DATASET, { datasetId: 'x' });
    expect(server.requests[0]?.url).toBe('/api/v1/datasets/x');
  });

  it('resolves undefined for an empty body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    await expect(client(server.url).call(GET_DATASET, { datasetId: 'x' })).resolves.toBeUndefined();
  });

  it('sends through the dispatcher it is given', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, DATASET));
    let dispatched = 0;
    class CountingAgent extends Agent {
      override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        dispatched++;
        return super.dispatch(options, handler);
      }
    }
    const agent = new CountingAgent();
    try {
      await client(server.url, {}, { dispatcher: agent }).call(GET_DATASET, { datasetId: 'x' });
      expect(dispatched).toBe(1);
    } finally {
      await agent.close();
    }
  });

  it('rejects a body that is not valid JSON as the server kind, naming the content type, without retrying', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r-json' });
      res.end('{"id": ');
    });
    const err = await rejection(client(server.url).call(GET_DATASET, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ kind: 'server', status: 200, requestId: 'r-json', attempts: 1 });
    expect(err.message).toBe('GET /datasets/x answered 200 with a body that is not valid JSON (content type application/json)');
    expect(err.cause).toBeInstanceOf(SyntaxError);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects another content type where JSON is declared as the server kind, naming it', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    });
    const declared: OperationSpec = { ...GET_DATASET, response: 'json' };
    const err = await rejection(client(server.url).call(declared, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ kind: 'server', status: 200, attempts: 1 });
    expect(err.message).toBe('GET /datasets/x answered 200 with content type text/html, not the JSON the operation declares');
    expect(server.requests).toHaveLength(1);
  });
});

describe('HttpClient.call: validation before the network', () => {
  it.each([
    ['bad id', GET_DATASET, { datasetId: '../admin' }, /datasetId \(dataset_id\) must match the pattern/],
    ['unicode look-alike', GET_DATASET, { datasetId: 'br_іbge' }, /must match the pattern/],
    ['missing id', GET_DATASET, {}, /datasetId \(dataset_id\) is required/],
    ['page size too big', LIST_DATASETS, { pageSize: 500 }, /pageSize \(page_size\) must be <= 100, got 500/],
    ['page as string', LIST_DATASETS, { page: '2' }, /page must be an integer, got string/],
    ['unknown argument', LIST_DATASETS, { query: 'pib' }, /query is not a parameter of listDatasets/],
  ] as [string, OperationSpec, Record<string, unknown>, RegExp][])('%s: ValidationError, zero requests', async (_, op, args, message) => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const err = await rejection(client(server.url).call(op, args));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(message);
    expect((err as ValidationError).attempts).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('paginate: ValidationError, zero requests', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const err = await rejection(Promise.resolve(client(server.url).paginate(LIST_DATASETS, { pageSize: 0 })));
    expect(err).toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('HttpClient.call: error mapping', () => {
  const cases: [number, abstract new (...args: never[]) => BaseDosDadosError, string][] = [
    [400, ValidationError, 'validation'],
    [401, AccessDeniedError, 'access_denied'],
    [403, AccessDeniedError, 'access_denied'],
    [404, NotFoundError, 'not_found'],
    [408, TimeoutError, 'timeout'],
    [422, ValidationError, 'validation'],
    [429, RateLimitError, 'rate_limited'],
    [500, ServerError, 'server'],
    [502, ServerError, 'server'],
    [503, ServerError, 'server'],
    [504, ServerError, 'server'],
    [409, APIError, 'unknown'],
    [418, APIError, 'unknown'],
  ];
  it.each(cases)('%i -> %o with status, problem and request id', async (status, ErrorClass, kind) => {
    const body = problem(status, `Title ${status}`, { detail: `detail of ${status}`, request_id: 'from-body' });
    const server = await serve((_req, res) => sendJson(res, status, body, { 'x-request-id': `req-${status}` }));
    const err = await rejection(client(server.url, { maxAttempts: 1 }).call(GET_DATASET, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(ErrorClass);
    expect(err).toMatchObject({ kind, status, problem: body, requestId: `req-${status}`, attempts: 1 });
    expect(err.message).toBe(`${status} Title ${status}: detail of ${status} (GET /datasets/x, request id req-${status})`);
    expect(server.requests).toHaveLength(1);
  });

  it('takes the request id from the problem when there is no header', async () => {
    const body = problem(404, 'Not found', { detail: 'dataset br_nao_existe does not exist', request_id: '7c9d22aa' });
    const server = await serve((_req, res) => sendJson(res, 404, body));
    const err = await rejection(client(server.url).call(GET_DATASET, { datasetId: 'br_nao_existe' }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).requestId).toBe('7c9d22aa');
    expect(err.message).toBe('404 Not found: dataset br_nao_existe does not exist (GET /datasets/br_nao_existe, request id 7c9d22aa)');
  });

  it('keeps the invalid params of a server-side validation problem', async () => {
    const invalid = [{ name: 'page_size', in: 'query', reason: 'must be <= 100', pointer: '#/components/parameters/PageSize/schema/maximum' }];
    const server = await serve((_req, res) => sendJson(res, 400, problem(400, 'Invalid parameter', { invalid_params: invalid })));
    const err = await rejection(client(server.url).call(LIST_DATASETS, {}));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).invalidParams).toEqual(invalid);
  });

  it('quotes a body that is not problem details', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad gateway</h1>');
    });
    const err = await rejection(client(server.url, { maxAttempts: 1 }).call(GET_DATASET, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).problem).toBeUndefined();
    expect(err.message).toBe('502: <h1>Bad gateway</h1> (GET /datasets/x)');
  });

  it('does not retry statuses outside the policy', async () => {
    const server = await serve((_req, res) => sendJson(res, 404, problem(404, 'Not found')));
    const err = await rejection(client(server.url).call(GET_DATASET, { datasetId: 'x' }));
    expect((err as NotFoundError).attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });
});

describe('HttpClient.call: retries', () => {
  it('retries a retryable status and returns the eventual success', async () => {
    const server = await serve((_req, res, _r, index) =>
      index < 2 ? sendJson(res, 503, problem(503, 'Service unavailable')) : sendJson(res, 200, DATASET),
    );
    await expect(client(server.url).call(GET_DATASET, { datasetId: 'x' })).resolves.toEqual(DATASET);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after maxAttempts, the error saying how many tries were made', async () => {
    const body = problem(500, 'Internal server error', { request_id: 'body-id' });
    const server = await serve((_req, res) => sendJson(res, 500, body, { 'x-request-id': 'hdr-id' }));
    const err = await rejection(client(server.url).call(GET_DATASET, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ status: 500, attempts: 4, requestId: 'hdr-id', problem: body });
    expect(err.message).toBe('500 Internal server error (GET /datasets/x, request id hdr-id, after 4 attempts)');
    expect(server.requests).toHaveLength(4);
  });

  it('honours a user override of maxAttempts', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, problem(503, 'Service unavailable')));
    const err = await rejection(client(server.url, { maxAttempts: 2 }).call(GET_DATASET, { datasetId: 'x' }));
    expect((err as ServerError).attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  /** A retry policy whose waits are recorded instead of spent: the delays the policy chose. */
  function recordingWaits(overrides: Partial<RetryPolicy> = {}): { retry: Partial<RetryPolicy>; waits: number[] } {
    const waits: number[] = [];
    return { waits, retry: { ...overrides, sleep: async (ms) => void waits.push(ms) } };
  }

  it('waits with exponential backoff between tries', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, problem(503, 'Service unavailable')));
    const { retry, waits } = recordingWaits({ maxAttempts: 4, initialDelayMs: 60, multiplier: 3, maxDelayMs: 1000, jitter: 0, retryAfter: false });
    await rejection(client(server.url, retry).call(GET_DATASET, { datasetId: 'x' }));
    expect(waits).toEqual([60, 180, 540]);
    expect(server.requests).toHaveLength(4);
  });

  it('honours Retry-After (delta-seconds) over the backoff', async () => {
    const server = await serve((_req, res, _r, index) =>
      index === 0 ? sendJson(res, 429, problem(429, 'Too many requests'), { 'retry-after': '1' }) : sendJson(res, 200, DATASET),
    );
    const { retry, waits } = recordingWaits({ initialDelayMs: 1 });
    await expect(client(server.url, retry).call(GET_DATASET, { datasetId: 'x' })).resolves.toEqual(DATASET);
    expect(waits).toEqual([1000]);
  });

  it('really waits the delay it chose when no sleep is injected', async () => {
    const server = await serve((_req, res, _r, index) =>
      index === 0 ? sendJson(res, 429, problem(429, 'Too many requests'), { 'retry-after': '0.2' }) : sendJson(res, 200, DATASET),
    );
    await expect(client(server.url, { initialDelayMs: 1 }).call(GET_DATASET, { datasetId: 'x' })).resolves.toEqual(DATASET);
    const [first, second] = server.requests.map((r) => r.at) as [number, number];
    expect(second - first).toBeGreaterThanOrEqual(190);
  });

  it('caps Retry-After at maxRetryAfterMs', async () => {
    const server = await serve((_req, res, _r, index) =>
      index === 0 ? sendJson(res, 503, problem(503, 'Service unavailable'), { 'retry-after': '30' }) : sendJson(res, 200, DATASET),
    );
    const { retry, waits } = recordingWaits({ initialDelayMs: 1, maxRetryAfterMs: 150 });
    await client(server.url, retry).call(GET_DATASET, { datasetId: 'x' });
    expect(waits).toEqual([150]);
  });

  it('ignores Retry-After when the policy says so', async () => {
    const server = await serve((_req, res, _r, index) =>
      index === 0 ? sendJson(res, 503, problem(503, 'Service unavailable'), { 'retry-after': '30' }) : sendJson(res, 200, DATASET),
    );
    const { retry, waits } = recordingWaits({ initialDelayMs: 7, retryAfter: false });
    await client(server.url, retry).call(GET_DATASET, { datasetId: 'x' });
    expect(waits).toEqual([7]);
  });

  it('RateLimitError carries the last Retry-After once retries run out', async () => {
    const server = await serve((_req, res) => sendJson(res, 429, problem(429, 'Too many requests'), { 'retry-after': '0' }));
    const err = await rejection(client(server.url, { maxAttempts: 2 }).call(GET_DATASET, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ retryAfterMs: 0, attempts: 2, status: 429 });
    expect(server.requests).toHaveLength(2);
  });
});

describe('HttpClient.call: network failures', () => {
  const cutMidBody: Handler = (_req, res) => {
    const text = JSON.stringify(DATASET);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.write(text.slice(0, 10));
    setTimeout(() => res.socket?.destroy(), 10);
  };

  it('retries a body cut mid-stream and returns the full body', async () => {
    const server = await serve((req, res, r, index) => (index === 0 ? cutMidBody(req, res, r, index) : sendJson(res, 200, DATASET)));
    await expect(client(server.url).call(GET_DATASET, { datasetId: 'x' })).resolves.toEqual(DATASET);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a chunked body cut mid-stream', async () => {
    const server = await serve((_req, res, _r, index) => {
      if (index > 0) return sendJson(res, 200, DATASET);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    await expect(client(server.url).call(GET_DATASET, { datasetId: 'x' })).resolves.toEqual(DATASET);
    expect(server.requests).toHaveLength(2);
  });

  it('raises ConnectionError with attempts and cause when every try is cut', async () => {
    const server = await serve(cutMidBody);
    const err = await rejection(client(server.url, { maxAttempts: 3 }).call(GET_DATASET, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ kind: 'connection', attempts: 3, status: undefined });
    expect((err.cause as { code?: string }).code).toBe('UND_ERR_SOCKET');
    expect(err.message).toMatch(/^GET \/datasets\/x to http:\/\/127\.0\.0\.1:\d+ failed: .* after 3 attempts$/);
    expect(server.requests).toHaveLength(3);
  });

  it('retries connections reset before any response', async () => {
    const server = await serve((req, res, r, index) => (index === 0 ? req.socket.destroy() : sendJson(res, 200, DATASET)));
    await expect(client(server.url).call(GET_DATASET, { datasetId: 'x' })).resolves.toEqual(DATASET);
    expect(server.requests).toHaveLength(2);
  });

  it('retries refused connections, then raises ConnectionError', async () => {
    // Take a free port and close it, so nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const err = await rejection(client(`http://127.0.0.1:${port}`, { maxAttempts: 2 }).call(GET_DATASET, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).attempts).toBe(2);
    expect((err.cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('does not retry network errors when networkErrors is off', async () => {
    const server = await serve(cutMidBody);
    const err = await rejection(client(server.url, { networkErrors: false }).call(GET_DATASET, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('does not repeat a non-idempotent request after a network error', async () => {
    const server = await serve(cutMidBody);
    const post: OperationSpec = { ...GET_DATASET, id: 'postDataset', method: 'POST' };
    const err = await rejection(client(server.url).call(post, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.method).toBe('POST');
  });
});

describe('HttpClient: construction', () => {
  it('merges the retry override onto the spec policy', () => {
    const http = client('http://127.0.0.1:1', { maxAttempts: 1 });
    expect(http.retryPolicy).toEqual({ ...FAST_RETRY, maxAttempts: 1 });
    expect(http.timeoutMs).toBe(30_000);
  });

  it('rejects a bad base URL or retry override', () => {
    expect(() => client('not a url')).toThrow(TypeError);
    expect(() => client('ftp://example.org')).toThrow(/http or https/);
    expect(() => client('http://127.0.0.1:1', { jitter: 3 })).toThrow(RangeError);
  });
});
