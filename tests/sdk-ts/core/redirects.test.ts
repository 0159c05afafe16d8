/**
 * The redirect policy of docs/architecture.md for the catalogue client: a
 * same-origin 301/302/303/307/308 is followed (at most 5 times per try) with
 * the same headers and the Fetch standard's method and body rules; a redirect
 * to another origin, one without a usable Location, or a sixth one fails at
 * once with the `redirect` kind, and the other origin (a second loopback
 * server on another port) receives nothing.
 */
import { describe, expect, it } from 'vitest';

import { HttpClient, type OperationSpec } from '../../../sdk-ts/src/core/index.js';
import { RedirectError } from '../../../sdk-ts/src/generated/errors.js';
import { rejection, sendJson, serversClosedAfterEach, type Handler } from './helpers/server.js';
import { FAST_RETRY, GET_DATASET, SPEC_ERRORS, SPEC_PAGINATION } from './helpers/spec.js';

const serve = serversClosedAfterEach();

const TOKEN = 'tok-FAKE-redirect-0123456789';
const DATASET = { id: 'br_ibge_populacao' };

const client = (baseUrl: string) =>
  new HttpClient({ baseUrl, headers: { Authorization: `Bearer ${TOKEN}` } }, { retry: FAST_RETRY, errors: SPEC_ERRORS, pagination: SPEC_PAGINATION });

const POST: OperationSpec = {
  id: 'postThing',
  method: 'POST',
  path: '/thing',
  params: [],
  paginated: false,
  body: { required: true, label: 'body', media: [{ type: 'application/json', kind: 'json' }] },
};

/** Redirects its first `hops` requests to `/hop/<n>?token=...` on itself, then answers the dataset. */
const hopping = (hops: number, status = 302): Handler => (_req, res, _r, index) => {
  if (index < hops) {
    res.writeHead(status, { location: `/hop/${index + 1}?sig=abc`, 'content-type': 'text/plain' });
    res.end('moved');
  } else sendJson(res, 200, DATASET);
};

describe('same-origin redirects are followed', () => {
  it.each([301, 302, 303, 307, 308])('%i on a GET: followed with the same headers', async (status) => {
    const server = await serve(hopping(1, status));
    await expect(client(server.url).call(GET_DATASET, { datasetId: 'x' })).resolves.toEqual(DATASET);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /datasets/x', 'GET /hop/1?sig=abc']);
    expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('an absolute Location naming the same origin is the same origin', async () => {
    const server = await serve((_req, res, _r, index) => {
      if (index > 0) return sendJson(res, 200, DATASET);
      res.writeHead(307, { location: `${server.url}/elsewhere` });
      res.end();
    });
    await expect(client(server.url).call(GET_DATASET, { datasetId: 'x' })).resolves.toEqual(DATASET);
    expect(server.requests[1]?.url).toBe('/elsewhere');
  });

  it('five redirects in a row are followed', async () => {
    const server = await serve(hopping(5));
    await expect(client(server.url).call(GET_DATASET, { datasetId: 'x' })).resolves.toEqual(DATASET);
    expect(server.requests).toHaveLength(6);
  });

  it.each([307, 308])('%i keeps the method and the body', async (status) => {
    const server = await serve((_req, res, _r, index) => {
      if (index > 0) return sendJson(res, 200, { ok: true });
      res.writeHead(status, { location: '/thing2' });
      res.end();
    });
    await client(server.url).call(POST, { body: { a: 1 } });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect((await server.requests[1]!.body).toString()).toBe('{"a":1}');
    expect(server.requests[1]?.headers['content-type']).toBe('application/json');
  });

  it.each([301, 302, 303])('%i on a POST continues as a GET without a body', async (status) => {
    const server = await serve((_req, res, _r, index) => {
      if (index > 0) return sendJson(res, 200, { ok: true });
      res.writeHead(status, { location: '/result' });
      res.end();
    });
    await client(server.url).call(POST, { body: { a: 1 } });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /thing', 'GET /result']);
    expect((await server.requests[1]!.body).length).toBe(0);
    expect(server.requests[1]?.headers['content-type']).toBeUndefined();
    expect(server.requests[1]?.headers['content-length']).toBeUndefined();
    expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe('redirects that are refused: the redirect kind, at once, nothing sent elsewhere', () => {
  it.each([301, 302, 303, 307, 308])('%i to another origin', async (status) => {
    const foreign = await serve((_req, res) => sendJson(res, 200, { stolen: true }));
    const server = await serve((_req, res) => {
      res.writeHead(status, { location: `${foreign.url}/collect?token=${TOKEN}&next=/secret-path` });
      res.end();
    });
    const error = await rejection(client(server.url).call(GET_DATASET, { datasetId: 'x' }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ kind: 'redirect', status, attempts: 1 });
    expect(error.message).toContain(String(status));
    expect(error.message).toContain(foreign.url);
    expect(error.message).not.toContain('/collect');
    expect(error.message).not.toContain('secret-path');
    expect(error.message).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(1);
    expect(foreign.requests).toHaveLength(0);
  });

  it('another port of the same host is another origin', async () => {
    const foreign = await serve((_req, res) => sendJson(res, 200, DATASET));
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: `http://localhost:${new URL(foreign.url).port}/x` });
      res.end();
    });
    await expect(client(server.url).call(GET_DATASET, { datasetId: 'x' })).rejects.toBeInstanceOf(RedirectError);
    expect(foreign.requests).toHaveLength(0);
  });

  it('a sixth redirect', async () => {
    const server = await serve(hopping(6, 307));
    const error = await rejection(client(server.url).call(GET_DATASET, { datasetId: 'x' }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status: 307, attempts: 1 });
    expect(error.message).toMatch(/more than 5 redirects/);
    expect(server.requests).toHaveLength(6);
  });

  it.each([
    ['no Location', undefined],
    ['an unparseable Location', 'http://[::1'],
    ['a Location that is not http', 'ftp://127.0.0.1/x'],
  ])('%s', async (_name, location) => {
    const server = await serve((_req, res) => {
      res.writeHead(302, location === undefined ? {} : { location });
      res.end();
    });
    const error = await rejection(client(server.url).call(GET_DATASET, { datasetId: 'x' }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ kind: 'redirect', status: 302, attempts: 1 });
    expect(error.message).toMatch(/302 without a usable Location/);
    expect(server.requests).toHaveLength(1);
  });

  it('a 307 that would resend a streamed body', async () => {
    const upload: OperationSpec = { ...POST, body: { required: true, label: 'body', media: [{ type: 'application/octet-stream', kind: 'binary' }] } };
    const server = await serve((_req, res) => {
      res.writeHead(307, { location: '/again' });
      res.end();
    });
    const { Readable } = await import('node:stream');
    const error = await rejection(client(server.url).call(upload, { body: Readable.from([Buffer.from('abc')]) }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.message).toMatch(/streamed body/);
    expect(server.requests).toHaveLength(1);
  });
});
