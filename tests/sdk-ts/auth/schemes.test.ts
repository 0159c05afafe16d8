/**
 * What the client generated from a spec with security schemes sends, seen by
 * a loopback server: each kind of scheme from the `credentials` option or
 * its environment variables (read at call time), `security: []`, alternatives
 * (the first requirement whose every scheme has credentials), the document's
 * default requirement and the `authHeaders` hook on every try.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejection, sendJson, serversClosedAfterEach, type TestServer } from '../core/helpers/server.js';
import { generatedClient } from './generated-client.js';

const serve = serversClosedAfterEach();
const client = generatedClient('ts-auth-schemes');
afterEach(() => vi.unstubAllEnvs());

const CREDENTIALS = {
  headerKey: 'header-key-1234',
  queryKey: 'query key&=1234',
  cookieKey: 'cookie-key-1234',
  basic: { username: 'zoë', password: 'pässword:1234' },
  bearer: 'bearer-token-1234',
};

async function okServer(): Promise<TestServer> {
  return serve((_req, res) => sendJson(res, 200, { ok: true }));
}

const authHeaders = (server: TestServer, i = 0) => {
  const { authorization, 'x-api-key': key, cookie } = server.requests[i]!.headers;
  return { authorization, key, cookie, query: server.requests[i]!.query.get('key') };
};

describe('each kind of scheme, from the credentials option', () => {
  it('apiKey in a header', async () => {
    const server = await okServer();
    await client.create({ baseUrl: server.url, credentials: CREDENTIALS }).withHeaderKey();
    expect(authHeaders(server)).toEqual({ authorization: undefined, key: 'header-key-1234', cookie: undefined, query: null });
  });

  it('apiKey in the query, beside the call\'s own parameters, encoded', async () => {
    const server = await okServer();
    await client.create({ baseUrl: server.url, credentials: CREDENTIALS }).withQueryKey({ q: 'x y' });
    expect(server.requests[0]!.query.get('q')).toBe('x y');
    expect(authHeaders(server)).toEqual({ authorization: undefined, key: undefined, cookie: undefined, query: 'query key&=1234' });
  });

  it('apiKey in a cookie', async () => {
    const server = await okServer();
    await client.create({ baseUrl: server.url, credentials: CREDENTIALS }).withCookieKey();
    expect(authHeaders(server)).toEqual({ authorization: undefined, key: undefined, cookie: 'session=cookie-key-1234', query: null });
  });

  it('basic: base64 of the UTF-8 username:password', async () => {
    const server = await okServer();
    await client.create({ baseUrl: server.url, credentials: CREDENTIALS }).withBasic();
    const sent = authHeaders(server).authorization!;
    expect(sent).toMatch(/^Basic /);
    expect(Buffer.from(sent.slice(6), 'base64').toString('utf8')).toBe('zoë:pässword:1234');
  });

  it('bearer', async () => {
    const server = await okServer();
    await client.create({ baseUrl: server.url, credentials: CREDENTIALS }).withBearer();
    expect(authHeaders(server)).toEqual({ authorization: 'Bearer bearer-token-1234', key: undefined, cookie: undefined, query: null });
  });

  it("the document's requirement for an operation without its own", async () => {
    const server = await okServer();
    await client.create({ baseUrl: server.url, credentials: CREDENTIALS }).byDefault();
    expect(authHeaders(server).key).toBe('header-key-1234');
  });

  it('security: [] sends nothing, whatever is configured', async () => {
    const server = await okServer();
    await client.create({ baseUrl: server.url, credentials: CREDENTIALS }).open();
    expect(authHeaders(server)).toEqual({ authorization: undefined, key: undefined, cookie: undefined, query: null });
  });
});

describe('alternatives', () => {
  it('the first requirement whose every scheme has credentials', async () => {
    const server = await okServer();
    await client.create({ baseUrl: server.url, credentials: CREDENTIALS }).either();
    // bearer comes first
    expect(authHeaders(server, 0)).toEqual({ authorization: 'Bearer bearer-token-1234', key: undefined, cookie: undefined, query: null });
    await client.create({ baseUrl: server.url, credentials: { headerKey: 'h-1234', queryKey: 'q-1234' } }).either();
    expect(authHeaders(server, 1)).toEqual({ authorization: undefined, key: 'h-1234', cookie: undefined, query: 'q-1234' });
    // Half of the second requirement is not enough: nothing is sent.
    await client.create({ baseUrl: server.url, credentials: { headerKey: 'h-1234' } }).either();
    expect(authHeaders(server, 2)).toEqual({ authorization: undefined, key: undefined, cookie: undefined, query: null });
  });

  it('a 401 when no requirement was met says which schemes the operation accepts and their variables', async () => {
    const server = await serve((_req, res) => sendJson(res, 401, { title: 'Unauthorized' }));
    const error = await rejection(client.create({ baseUrl: server.url, retry: { maxAttempts: 1 } }).either());
    expect(error).toMatchObject({ kind: 'access_denied', status: 401 });
    expect(error.message).toContain('either accepts bearer (credentials.bearer, or AUTH_FIXTURE_BEARER), or headerKey (credentials.headerKey, or AUTH_FIXTURE_HEADER_KEY) with queryKey (credentials.queryKey, or AUTH_FIXTURE_QUERY_KEY); none was configured');
    // With credentials sent, a 401 says nothing of the kind.
    const sent = await rejection(client.create({ baseUrl: server.url, retry: { maxAttempts: 1 }, credentials: { bearer: 'bearer-1234' } }).either());
    expect(sent.message).not.toContain('none was configured');
  });
});

describe('environment variables', () => {
  it('are read at call time, after the client was made; the option comes first', async () => {
    const server = await okServer();
    const api = client.create({ baseUrl: server.url });
    vi.stubEnv('AUTH_FIXTURE_BEARER', 'env-bearer-1234');
    vi.stubEnv('AUTH_FIXTURE_BASIC_USERNAME', 'env-user');
    vi.stubEnv('AUTH_FIXTURE_BASIC_PASSWORD', 'env-pass-1234');
    await api.withBearer();
    await api.withBasic();
    await client.create({ baseUrl: server.url, credentials: { bearer: 'option-1234' } }).withBearer();
    expect(authHeaders(server, 0).authorization).toBe('Bearer env-bearer-1234');
    expect(authHeaders(server, 1).authorization).toBe(`Basic ${Buffer.from('env-user:env-pass-1234').toString('base64')}`);
    expect(authHeaders(server, 2).authorization).toBe('Bearer option-1234');
  });

  it('an empty variable is unset', async () => {
    const server = await okServer();
    vi.stubEnv('AUTH_FIXTURE_HEADER_KEY', '');
    await client.create({ baseUrl: server.url }).withHeaderKey();
    expect(authHeaders(server).key).toBeUndefined();
  });
});

describe('the authHeaders hook', () => {
  it('runs for every try, told the method, URL and operation; its headers are sent; it alone satisfies a scheme of another kind', async () => {
    const server = await serve((_req, res, _r, i) => (i === 0 ? sendJson(res, 503, { title: 'busy' }) : sendJson(res, 200, { ok: true })));
    const seen: unknown[] = [];
    let n = 0;
    const api = client.create({
      baseUrl: server.url,
      retry: { sleep: async () => {} },
      authHeaders: (request: unknown) => {
        seen.push(request);
        n += 1;
        return { Authorization: `Digest try-${n}` };
      },
    });
    await api.withSigned();
    expect(seen).toEqual([
      { method: 'GET', url: `${server.url}/signed`, operationId: 'withSigned' },
      { method: 'GET', url: `${server.url}/signed`, operationId: 'withSigned' },
    ]);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Digest try-1', 'Digest try-2']);
  });
});
