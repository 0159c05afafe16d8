/**
 * No credential in any error of the HTTP client: a loopback server echoes the
 * request's Authorization, API key and cookie back in every kind of failure,
 * and no view of the error or of its causes may show them.
 */
import { describe, expect, it } from 'vitest';

import {
  BaseDosDadosError,
  HttpClient,
  createError,
  redactText,
  safeCause,
  type OperationSpec,
} from '../../../sdk-ts/src/core/index.js';
import { AccessDeniedError, ConnectionError, ServerError, TimeoutError } from '../../../sdk-ts/src/generated/errors.js';
import { leaks } from './helpers/secrets.js';
import { sendJson, serversClosedAfterEach, type Handler } from './helpers/server.js';
import { FAST_RETRY, SPEC_ERRORS, SPEC_PAGINATION } from './helpers/spec.js';

const TOKEN = 'tok-FAKE-client-0123456789';
const API_KEY = 'key-FAKE-header-0123456789';
const COOKIE = 'cookie-FAKE-session-0123456789';
const SECRETS = [TOKEN, API_KEY, COOKIE];

const serve = serversClosedAfterEach();

const OP: OperationSpec = {
  id: 'getSecretThing',
  method: 'GET',
  path: '/thing',
  paginated: false,
  params: [
    { name: 'X-API-Key', label: 'apiKey', in: 'header', required: true, type: 'string' },
    { name: 'session', label: 'session', in: 'cookie', required: false, type: 'string' },
  ],
};

function call(url: string, options: { timeoutMs?: number } = {}): Promise<unknown> {
  const http = new HttpClient(
    { baseUrl: url, headers: { Authorization: `Bearer ${TOKEN}` }, retry: { maxAttempts: 2 }, ...options },
    { retry: FAST_RETRY, errors: SPEC_ERRORS, pagination: SPEC_PAGINATION },
  );
  return http.call(OP, { apiKey: API_KEY, session: COOKIE }).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

const echo = (req: { headers: Record<string, unknown> }) => JSON.stringify(req.headers);

describe('HttpClient errors never show the credentials they were sent with', () => {
  const cases: [string, Handler, new (...args: never[]) => BaseDosDadosError, number | undefined][] = [
    ['a 401 problem echoing the headers', (req, res) => sendJson(res, 401, { title: 'Unauthorized', status: 401, detail: `bad credentials: ${echo(req)}`, headers: req.headers }, { 'x-request-id': 'req-401' }), AccessDeniedError, 401],
    ['a 500 text body echoing the headers', (req, res) => { res.writeHead(500, { 'content-type': 'text/plain', 'x-request-id': 'req-500' }); res.end(`upstream said: Bearer ${TOKEN}; key ${API_KEY}; cookie ${COOKIE}; ${echo(req)}`); }, ServerError, 500],
    ['a 200 body that is not JSON, echoing the headers', (req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(`Bearer ${TOKEN} ${echo(req)}`); }, ServerError, 200],
    ['a connection cut mid-body after echoing', (req, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100000 }); res.write(echo(req)); setTimeout(() => res.socket?.destroy(), 5); }, ConnectionError, undefined],
  ];

  it.each(cases)('%s', async (_name, handler, want, status) => {
    const server = await serve(handler);
    const error = await call(server.url);
    expect(error).toBeInstanceOf(want);
    expect((error as BaseDosDadosError).status).toBe(status);
    expect(leaks(error, SECRETS)).toEqual([]);
    // The server did receive them: the test would see a leak if one slipped through.
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0]?.headers['x-api-key']).toBe(API_KEY);
    expect(server.requests[0]?.headers.cookie).toBe(`session=${COOKIE}`);
  });

  it('keeps status, message and request id', async () => {
    const server = await serve((req, res) => sendJson(res, 401, { title: 'Unauthorized', status: 401, detail: `echo ${echo(req)}` }, { 'x-request-id': 'req-401' }));
    const error = (await call(server.url)) as AccessDeniedError;
    expect(error).toMatchObject({ status: 401, requestId: 'req-401', kind: 'access_denied' });
    expect(error.message).toMatch(/^401 Unauthorized: echo .*\[redacted\].*\(GET \/thing, request id req-401\)$/);
  });

  it('a timeout', async () => {
    const server = await serve(() => undefined);
    const error = await call(server.url, { timeoutMs: 50 });
    expect(error).toBeInstanceOf(TimeoutError);
    expect(leaks(error, SECRETS)).toEqual([]);
  });
});

describe('every header the caller configured is redacted, whatever its name', () => {
  const CLIENT_HEADER = 'custom-FAKE-client-0123456789';
  const CALL_HEADER = 'custom-FAKE-call-0123456789';
  const BASIC = 'dXNlcjpGQUtFLXBhc3N3b3Jk';
  const SERVER_COOKIE = 'cookie-FAKE-set-by-server-0123';
  const CONFIGURED = [CLIENT_HEADER, CALL_HEADER, BASIC, TOKEN, API_KEY, COOKIE];
  /** A problem quoting every request header, with a cookie the client must neither keep nor show. */
  const echoEverything: Handler = (req, res) =>
    sendJson(res, 403, { title: 'Forbidden', status: 403, detail: `you sent ${echo(req)}`, headers: req.headers }, { 'set-cookie': `srv=${SERVER_COOKIE}; Path=/; HttpOnly` });

  function configuredCall(url: string): Promise<unknown> {
    const http = new HttpClient(
      { baseUrl: url, headers: { 'X-Custom-Header': CLIENT_HEADER, 'Proxy-Authorization': `Basic ${BASIC}` }, retry: { maxAttempts: 1 } },
      { retry: FAST_RETRY, errors: SPEC_ERRORS, pagination: SPEC_PAGINATION },
    );
    return http.call(OP, { apiKey: API_KEY, session: COOKIE }, { headers: { 'X-Custom-Header-2': CALL_HEADER, Authorization: `Token ${TOKEN}` } }).then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error,
    );
  }

  it('an echo of every request header shows none of their values, nor the cookie the server set', async () => {
    const server = await serve(echoEverything);
    const error = await configuredCall(server.url);
    expect(error).toBeInstanceOf(AccessDeniedError);
    const headers = server.requests[0]!.headers;
    // They were sent, so the check below can fail.
    expect([headers['x-custom-header'], headers['x-custom-header-2'], headers['proxy-authorization'], headers.authorization]).toEqual([
      CLIENT_HEADER, CALL_HEADER, `Basic ${BASIC}`, `Token ${TOKEN}`,
    ]);
    expect(leaks(error, [...CONFIGURED, SERVER_COOKIE])).toEqual([]);
    // What is not a credential stays readable.
    expect((error as AccessDeniedError).problem?.detail).toContain('"accept":"application/json, application/problem+json"');
  });
});

describe('redaction', () => {
  it('copies a cause that holds a request, keeping what explains the failure', () => {
    const request = { headers: { authorization: `Bearer ${TOKEN}` }, url: 'https://x' };
    const gaxiosLike = Object.assign(new Error('Request failed with status code 403'), {
      name: 'GaxiosError',
      code: '403',
      status: 403,
      config: { headers: new Headers({ Authorization: `Bearer ${TOKEN}` }), data: `refresh_token=${TOKEN}` },
      response: { status: 403, request, data: { error: 'denied' } },
      errors: [{ reason: 'accessDenied', message: 'no' }],
    });
    const outer = Object.assign(new Error('wrapper'), { cause: gaxiosLike });
    const error = createError('access_denied', 'BigQuery: denied', { cause: outer });
    expect(leaks(error, SECRETS)).toEqual([]);
    const copy = (error.cause as Error).cause as Record<string, unknown>;
    expect(copy).toMatchObject({ name: 'GaxiosError', message: 'Request failed with status code 403', code: '403', status: 403, errors: [{ reason: 'accessDenied', message: 'no' }] });
    expect(copy.config).toBeUndefined();
    expect(copy.response).toBeUndefined();
  });

  it('keeps a harmless cause as it is', () => {
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(safeCause(cause)).toBe(cause);
  });

  it('survives cycles and hostile getters', () => {
    const cyclic = Object.assign(new Error(`Bearer ${TOKEN}`), { details: {} as Record<string, unknown> });
    cyclic.details.self = cyclic;
    Object.defineProperty(cyclic, 'boom', { enumerable: true, get: () => { throw new Error('no'); } });
    (cyclic as { cause?: unknown }).cause = cyclic;
    const error = createError('unknown', 'x', { cause: cyclic });
    expect(leaks(error, SECRETS)).toEqual([]);
  });

  it.each([
    [`Authorization: Bearer ${TOKEN}`, 'Authorization: Bearer [redacted]'],
    ['https://x/token?access_token=abc123&page=2', 'https://x/token?access_token=[redacted]&page=2'],
    ['{"refresh_token":"1//abc","scope":"x"}', '{"refresh_token":"[redacted]","scope":"x"}'],
    ['token ya29.a0AfH6SMBx-yz is bad', 'token [redacted] is bad'],
    ['key AIzaSyA-1234567890abcdefghijklmnop', 'key [redacted]'],
    ['-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----', '[redacted]'],
    ['pageToken=keep-this&maxResults=10', 'pageToken=keep-this&maxResults=10'],
  ])('redactText(%j)', (text, want) => {
    expect(redactText(text)).toBe(want);
  });

  it('blanks the known secrets the caller sent wherever they appear', () => {
    expect(redactText(`x ${API_KEY} y`, [API_KEY])).toBe('x [redacted] y');
  });
});
