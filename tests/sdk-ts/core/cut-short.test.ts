/**
 * Calls of the HTTP client cut short: a try that outlives its timeout (a
 * server that never answers), and an abort, before a request, in flight (the
 * server sees the connection close) or during a retry wait. No test measures
 * elapsed time: a call that was not cut would never settle.
 */
import { describe, expect, it } from 'vitest';

import { HttpClient, type HttpClientOptions, type RetryPolicy } from '../../../sdk-ts/src/core/index.js';
import { sleep } from '../../../sdk-ts/src/core/retry.js';
import { CancelledError, TimeoutError } from '../../../sdk-ts/src/generated/errors.js';
import { rejection, sendJson, serversClosedAfterEach, type Handler, type TestServer } from './helpers/server.js';
import { FAST_RETRY, GET_DATASET, SPEC_ERRORS, SPEC_PAGINATION } from './helpers/spec.js';

const serve = serversClosedAfterEach();

function client(baseUrl: string, retry: Partial<RetryPolicy> = {}, options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({ baseUrl, retry, ...options }, { retry: FAST_RETRY, errors: SPEC_ERRORS, pagination: SPEC_PAGINATION });
}

const DATASET = { id: 'br_ibge_populacao' };

describe('HttpClient.call: timeouts', () => {
  const hang: Handler = () => {
    /* never answers; the server's close() ends the socket */
  };

  it('times out each try of a server that never answers, retries, then raises TimeoutError with attempts', async () => {
    const server = await serve(hang);
    const err = await rejection(client(server.url, { maxAttempts: 2 }, { timeoutMs: 80 }).call(GET_DATASET, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ kind: 'timeout', attempts: 2, status: undefined });
    expect(err.message).toMatch(/timed out \(80 ms per attempt\) after 2 attempts/);
    expect(server.requests).toHaveLength(2);
  });

  it('a per-call timeout overrides the client one, and a later try can succeed', async () => {
    // The first try never gets an answer: only the call's 80 ms can end it (the client's is an hour).
    const server = await serve((req, res, r, index) => (index === 0 ? hang(req, res, r, index) : sendJson(res, 200, DATASET)));
    const http = client(server.url, {}, { timeoutMs: 3_600_000 });
    await expect(http.call(GET_DATASET, { datasetId: 'x' }, { timeoutMs: 80 })).resolves.toEqual(DATASET);
    expect(server.requests).toHaveLength(2);
  });

  it('covers the body too: a body that stalls times out', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"id":');
    });
    const err = await rejection(client(server.url, { maxAttempts: 1 }, { timeoutMs: 80 }).call(GET_DATASET, { datasetId: 'x' }));
    expect(err).toBeInstanceOf(TimeoutError);
  });

  it('rejects nonsensical timeouts', () => {
    expect(() => client('http://127.0.0.1:1', {}, { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => client('http://127.0.0.1:1', {}, { timeoutMs: -5 })).toThrow(/timeoutMs must be a positive number/);
  });
});

describe('HttpClient.call: abort', () => {
  /** A server that never answers and resolves `closed` once the client drops the connection. */
  async function silentServer(onRequest: () => void = () => {}): Promise<{ server: TestServer; closed: Promise<void> }> {
    let closedResolve!: () => void;
    const closed = new Promise<void>((resolve) => (closedResolve = resolve));
    const server = await serve((req) => {
      req.socket.once('close', closedResolve);
      onRequest();
    });
    return { server, closed };
  }

  it('rejects with CancelledError without any request when the signal is already aborted', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, DATASET));
    const err = await rejection(client(server.url).call(GET_DATASET, { datasetId: 'x' }, { signal: AbortSignal.abort() }));
    expect(err).toBeInstanceOf(CancelledError);
    expect(err).toMatchObject({ kind: 'cancelled', attempts: 0 });
    expect(err.message).toBe('GET /datasets/x was cancelled: This operation was aborted');
    expect(server.requests).toHaveLength(0);
  });

  it('stops a request in flight at once: the server sees the connection close, nothing is retried', async () => {
    const controller = new AbortController();
    // Abort once the request has reached the server, which never answers.
    const { server, closed } = await silentServer(() => controller.abort());
    const err = await rejection(client(server.url).call(GET_DATASET, { datasetId: 'x' }, { signal: controller.signal }));
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.name).toBe('CancelledError');
    expect(err.cause).toBe(controller.signal.reason);
    await closed;
    expect(server.requests).toHaveLength(1);
  });

  it('stops during a backoff wait that would never end', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, { title: 'Service unavailable', status: 503 }));
    const controller = new AbortController();
    const waits: number[] = [];
    // The real wait, of the longest timer Node allows, cut by an abort once it has begun.
    const longest = 2 ** 31 - 1;
    const retry = {
      initialDelayMs: longest,
      maxDelayMs: longest,
      sleep: (ms: number, signal?: AbortSignal) => {
        waits.push(ms);
        const waiting = sleep(ms, signal);
        controller.abort();
        return waiting;
      },
    };
    const err = await rejection(client(server.url, retry).call(GET_DATASET, { datasetId: 'x' }, { signal: controller.signal }));
    expect(err).toBeInstanceOf(CancelledError);
    expect(waits).toEqual([longest]);
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the signal\'s reason as the cause, whatever it is', async () => {
    const reason = new Error('user navigated away');
    const controller = new AbortController();
    const { server } = await silentServer(() => controller.abort(reason));
    const err = await rejection(client(server.url).call(GET_DATASET, { datasetId: 'x' }, { signal: controller.signal }));
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.cause).toBe(reason);
    expect(err.message).toBe('GET /datasets/x was cancelled: user navigated away');
  });
});

