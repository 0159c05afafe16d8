/**
 * No credential in an error: a server that echoes everything it received
 * (headers, URL) in its error body, for every scheme the generated client
 * sends; the error is looked at every way (message, JSON, util.inspect, the
 * stack, its causes).
 */
import { describe, expect, it } from 'vitest';
import { leaks } from '../core/helpers/secrets.js';
import { rejection, sendJson, serversClosedAfterEach } from '../core/helpers/server.js';
import { generatedClient } from './generated-client.js';

const serve = serversClosedAfterEach();
const client = generatedClient('ts-auth-redaction');

const CREDENTIALS = {
  headerKey: 'header-key-5678',
  queryKey: 'query-key-5678',
  cookieKey: 'cookie-key-5678',
  basic: { username: 'user-5678', password: 'password-5678' },
  bearer: 'bearer-token-5678',
  oauth: { clientId: 'client-id-5678', clientSecret: 'client-secret-5678' },
};
const BASIC = Buffer.from('user-5678:password-5678').toString('base64');
const SECRETS = ['header-key-5678', 'query-key-5678', 'cookie-key-5678', 'user-5678', 'password-5678', BASIC, 'bearer-token-5678', 'client-id-5678', 'client-secret-5678', 'fetched-token-5678', 'hook-value-5678'];

describe('credentials are redacted from errors', () => {
  it.each(['withHeaderKey', 'withQueryKey', 'withCookieKey', 'withBasic', 'withBearer', 'withOauth', 'withSigned'] as const)('%s: a server echoing the request', async (method) => {
    const server = await serve(async (req, res, recorded) => {
      if (recorded.path === '/oauth/token') return sendJson(res, 200, { access_token: 'fetched-token-5678', expires_in: 3600 });
      const echoed = `${req.method} ${req.url} ${JSON.stringify(req.headers)}`;
      return sendJson(res, 400, { title: 'Bad request', detail: echoed, url: req.url, headers: req.headers });
    });
    const error = await rejection(client.create({
      baseUrl: server.url,
      credentials: CREDENTIALS,
      authHeaders: () => ({ 'X-Signature': 'hook-value-5678' }),
      retry: { maxAttempts: 1 },
    })[method]());
    expect(error).toMatchObject({ status: 400 });
    // The server did receive them (or the test would prove nothing)...
    expect(JSON.stringify(server.requests.map((r) => [r.url, r.headers]))).toMatch(/5678/);
    // ...and no view of the error holds one.
    expect(leaks(error, SECRETS)).toEqual([]);
    expect(error.message).toContain('[redacted]');
  });
});
