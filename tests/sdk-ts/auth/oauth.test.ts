/**
 * OAuth2 client credentials through the generated client: the token POSTed
 * for at the scheme's tokenUrl (relative: against the base URL), cached
 * across calls, fetched again when less than 30 s of its life is left (an
 * injected clock), and once more, with the request resent once, when the API
 * refuses it with a 401. Token fetches are counted by the loopback server.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { leaks } from '../core/helpers/secrets.js';
import { rejection, sendJson, serversClosedAfterEach } from '../core/helpers/server.js';
import { generatedClient } from './generated-client.js';

const serve = serversClosedAfterEach();
const client = generatedClient('ts-auth-oauth');
afterEach(() => vi.unstubAllEnvs());

const ID = 'client-id-1234';
const SECRET = 'client-secret:ß-1234';

/** A token endpoint and the API in one server: tokens `tok-1`, `tok-2`... valid unless revoked. */
async function oauthServer(options: { expiresIn?: number; revoked?: (token: string) => boolean; refuse?: boolean } = {}) {
  const tokenRequests: { authorization?: string; form: URLSearchParams }[] = [];
  const apiTokens: (string | undefined)[] = [];
  const server = await serve(async (req, res, recorded) => {
    if (recorded.path === '/oauth/token') {
      tokenRequests.push({ authorization: req.headers.authorization, form: new URLSearchParams((await recorded.body).toString()) });
      if (options.refuse) return sendJson(res, 401, { error: 'invalid_client', error_description: 'unknown client' }, {}, 'application/json');
      return sendJson(res, 200, { access_token: `tok-${tokenRequests.length}`, token_type: 'Bearer', expires_in: options.expiresIn ?? 3600 });
    }
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    apiTokens.push(token);
    if (token === undefined || options.revoked?.(token)) return sendJson(res, 401, { title: 'Unauthorized' });
    return sendJson(res, 200, { ok: true });
  });
  return { server, tokenRequests, apiTokens };
}

describe('OAuth2 client credentials', () => {
  it('POSTs grant_type=client_credentials with the scopes of the requirement, the id and secret in HTTP basic (form-encoded first)', async () => {
    const { server, tokenRequests, apiTokens } = await oauthServer();
    await client.create({ baseUrl: server.url, credentials: { oauth: { clientId: ID, clientSecret: SECRET, scopes: ['write'] } } }).withOauth();
    expect(tokenRequests).toHaveLength(1);
    const { authorization, form } = tokenRequests[0]!;
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'client_credentials', scope: 'read' });
    const [id, secret] = Buffer.from(authorization!.replace(/^Basic /, ''), 'base64').toString('utf8').split(':');
    expect([decodeURIComponent(id!), decodeURIComponent(secret!.replace(/\+/g, ' '))]).toEqual([ID, SECRET]);
    expect(apiTokens).toEqual(['tok-1']);
  });

  it('one token serves every call while it has more than 30 s of life; then a new one is fetched', async () => {
    const { server, tokenRequests, apiTokens } = await oauthServer({ expiresIn: 3600 });
    let now = 1_000_000;
    const api = client.create({ baseUrl: server.url, clock: () => now, credentials: { oauth: { clientId: ID, clientSecret: SECRET } } });
    await api.withOauth();
    await api.withOauth();
    now += 3_600_000 - 30_001; // 30.001 s left: still sent
    await api.withOauth();
    expect(tokenRequests).toHaveLength(1);
    now += 2; // 29.999 s left: refreshed first
    await api.withOauth();
    expect(tokenRequests).toHaveLength(2);
    expect(apiTokens).toEqual(['tok-1', 'tok-1', 'tok-1', 'tok-2']);
  });

  it('a 401 to a fetched token fetches a new one and resends the request once', async () => {
    const { server, tokenRequests, apiTokens } = await oauthServer({ revoked: (t) => t === 'tok-1' });
    const api = client.create({ baseUrl: server.url, credentials: { oauth: { clientId: ID, clientSecret: SECRET } } });
    await expect(api.withOauth()).resolves.toEqual({ ok: true });
    expect(tokenRequests).toHaveLength(2);
    expect(apiTokens).toEqual(['tok-1', 'tok-2']);
    await api.withOauth(); // the new token is the cached one now
    expect(tokenRequests).toHaveLength(2);
  });

  it('not more than once: a second 401 is the access_denied error', async () => {
    const { server, tokenRequests, apiTokens } = await oauthServer({ revoked: () => true });
    const error = await rejection(client.create({ baseUrl: server.url, credentials: { oauth: { clientId: ID, clientSecret: SECRET } } }).withOauth());
    expect(error).toMatchObject({ kind: 'access_denied', status: 401 });
    expect(tokenRequests).toHaveLength(2);
    expect(apiTokens).toEqual(['tok-1', 'tok-2']);
  });

  it('a token endpoint that refuses is access_denied naming its error, without the secret', async () => {
    const { server, apiTokens } = await oauthServer({ refuse: true });
    const error = await rejection(client.create({ baseUrl: server.url, credentials: { oauth: { clientId: ID, clientSecret: SECRET } } }).withOauth());
    expect(error).toMatchObject({ kind: 'access_denied', status: 401 });
    expect(error.message).toContain('invalid_client: unknown client');
    expect(apiTokens).toEqual([]);
    expect(leaks(error, [SECRET, ID])).toEqual([]);
  });

  it('the client id and secret from the environment variables; an access token as a plain string is sent as it is', async () => {
    const { server, tokenRequests, apiTokens } = await oauthServer();
    vi.stubEnv('AUTH_FIXTURE_OAUTH_CLIENT_ID', ID);
    vi.stubEnv('AUTH_FIXTURE_OAUTH_CLIENT_SECRET', SECRET);
    await client.create({ baseUrl: server.url }).withOauth();
    await client.create({ baseUrl: server.url, credentials: { oauth: 'tok-9' } }).withOauth();
    expect(tokenRequests).toHaveLength(1);
    expect(apiTokens).toEqual(['tok-1', 'tok-9']);
  });
});
