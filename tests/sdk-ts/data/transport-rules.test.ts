/**
 * The transport rules of docs/architecture.md for the BigQuery requests of the
 * data functions (they share the catalogue client's transport): redirects
 * followed on the same origin only, every credential the auth client adds kept
 * out of errors even when the server echoes every header, a 2xx that is not
 * JSON typed `server`, a cut body retried and typed `connection`.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccessDeniedError, BaseDosDados, ConnectionError, RedirectError, ServerError } from '../../../sdk-ts/src/index.js';
import { leaks } from '../core/helpers/secrets.js';
import { rejection as failure, serversClosedAfterEach } from '../core/helpers/server.js';

const BILLING = 'projeto-de-teste';
const TOKEN = 'ya29.FAKE-transport-token-0123456789';
const CUSTOM = 'custom-FAKE-auth-header-0123456789';

let datalake: Datalake;
const serve = serversClosedAfterEach();

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
});
afterEach(() => datalake.faults.clear());
afterAll(async () => {
  await datalake?.close();
});

/** An auth client that adds an access token and a custom header of the caller's to every request. */
class CustomHeaderClient extends OAuth2Client {
  override async getRequestHeaders(url?: string | URL): Promise<Headers> {
    const headers = await super.getRequestHeaders(url);
    headers.set('X-Custom-Header', CUSTOM);
    return headers;
  }
}

function sdk(endpoint: string): BaseDosDados {
  const auth = new CustomHeaderClient();
  auth.setCredentials({ access_token: TOKEN, expiry_date: Date.now() + 3_600_000 });
  const bigquery = new BigQuery({ projectId: BILLING, apiEndpoint: endpoint, authClient: auth });
  return new BaseDosDados({ bigquery, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
}

describe('redirects of BigQuery requests', () => {
  it.each([301, 302, 303, 307, 308] as const)('a same-origin %i on a result page is followed', async (status) => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [1], redirect: { status, to: 'same' } }] });
    datalake.resetStats();
    await expect(sdk(datalake.url).readSql<{ x: number }>('SELECT 1 AS x')).resolves.toEqual([{ x: 1 }]);
    expect(datalake.stats().faults.redirected).toBe(1);
  });

  it('a 307 of the job insert keeps the method and body', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/jobs', method: 'POST', nth: [1], redirect: { status: 307, to: 'same' } }] });
    datalake.resetStats();
    await expect(sdk(datalake.url).readSql<{ x: number }>('SELECT 1 AS x')).resolves.toEqual([{ x: 1 }]);
    expect(datalake.stats().jobs.created).toBe(1);
  });

  it.each([302, 307] as const)('a %i to another origin: the redirect kind at once, nothing reaches it', async (status) => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/jobs', nth: [1], redirect: { status, to: 'foreign' } }] });
    datalake.resetStats();
    const error = await failure(() => sdk(datalake.url).readSql('SELECT 1 AS x'));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ kind: 'redirect', status, attempts: 1 });
    expect(error.message).toMatch(new RegExp(`^BigQuery jobs\\.insert to http://127\\.0\\.0\\.1:\\d+ answered ${status}, a redirect to another origin \\(http://127\\.0\\.0\\.\\d+:\\d+\\); it is not followed`));
    expect(datalake.stats().requests).toMatchObject({ bigquery: 1, foreign: 0 });
    expect(leaks(error, [TOKEN, CUSTOM])).toEqual([]);
  });

  it('the other origin named is only its origin, never the path or query of the Location', async () => {
    const foreign = await serve((_req, res) => res.end('{}'));
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: `${foreign.url}/steal?access=${TOKEN}` });
      res.end();
    });
    const error = await failure(() => sdk(server.url).estimateQuery('SELECT 1'));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.message).toContain(`(${foreign.url})`);
    expect(error.message).not.toContain('/steal');
    expect(foreign.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });
});

describe('credentials of BigQuery requests never appear in an error', () => {
  it('an echo of every request header after a 503 that sets a cookie', async () => {
    datalake.faults.set({
      rules: [
        { scope: 'bigquery', path: '/jobs', nth: [1], status: 503, setCookie: 'bd_session=cookie-FAKE-bigquery-0123' },
        { scope: 'bigquery', path: '/jobs', nth: [2], status: 403, echo: true },
      ],
    });
    datalake.resetStats();
    const error = await failure(() => sdk(datalake.url).readSql('SELECT 1 AS x'));
    expect(error).toBeInstanceOf(AccessDeniedError);
    // The datalake quoted both back, so a leak would show.
    const echoed = datalake.stats().faults.echoed.join(' ');
    expect(echoed).toContain(TOKEN);
    expect(echoed).toContain(CUSTOM);
    // No cookie jar: the cookie the server set was never sent back.
    expect(echoed).not.toContain('cookie-FAKE-bigquery-0123');
    expect(leaks(error, [TOKEN, CUSTOM, 'cookie-FAKE-bigquery-0123'])).toEqual([]);
  });

  it('a 500 echoing every header on every try', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/jobs', status: 500, echo: true }] });
    const error = await failure(() => sdk(datalake.url).readSql('SELECT 1 AS x'));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ attempts: 4 });
    expect(datalake.stats().faults.echoed.join(' ')).toContain(CUSTOM);
    expect(leaks(error, [TOKEN, CUSTOM])).toEqual([]);
  });
});

describe('transport faults are retried or typed, never unknown', () => {
  it('a result page cut mid-body once is retried', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [1], cut: true }] });
    await expect(sdk(datalake.url).readSql<{ x: number }>('SELECT 1 AS x')).resolves.toEqual([{ x: 1 }]);
  });

  it('a result page cut on every try is the connection kind', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', cut: true }] });
    const error = await failure(() => sdk(datalake.url).readSql('SELECT 1 AS x'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ kind: 'connection', attempts: 4 });
  });

  it.each([
    ['JSON that does not parse', 'application/json; charset=utf-8', '{"kind": "bigquery#job", ', /answered 200 with a body that is not valid JSON \(content type application\/json\)/],
    ['another content type', 'text/html', '<html>proxy login</html>', /answered 200 with content type text\/html, not the JSON the operation declares/],
  ])('a 200 with %s is the server kind naming the content type, not retried', async (_name, type, body, message) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    });
    const error = await failure(() => sdk(server.url).estimateQuery('SELECT 1'));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ kind: 'server', status: 200, attempts: 1 });
    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(1);
  });
});
