/**
 * No credential in any error of the data functions. Every BigQuery request
 * carries a fake bearer token (an OAuth2 client on the official BigQuery
 * client, against the local datalake or loopback servers); every kind of
 * failure is provoked and no view of the error, of its causes, or of Node's
 * report of an uncaught one may show the token, the refresh token or the secret.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { BigQuery } from '@google-cloud/bigquery';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AccessDeniedError, BaseDosDados, BaseDosDadosError, ConnectionError, FileSystemError, InvalidQueryError, NotFoundError, RateLimitError, ServerError, TimeoutError, ValidationError,
} from '../../../sdk-ts/src/index.js';
import { leaks } from '../core/helpers/secrets.js';
import { startServer, type TestServer } from '../core/helpers/server.js';

const BILLING = 'projeto-de-teste';
const TOKEN = 'ya29.FAKE-access-token-0123456789';
const REFRESH = '1//FAKE-refresh-token-0123456789';
const CLIENT_SECRET = 'FAKE-client-secret-0123456789';
const SECRETS = [TOKEN, REFRESH, CLIENT_SECRET];

let datalake: Datalake;
const servers: TestServer[] = [];

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
});
afterEach(async () => {
  datalake.faults.clear();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await datalake?.close();
});

function tokenClient(endpoint: string): BigQuery {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: TOKEN, expiry_date: Date.now() + 3_600_000 });
  return new BigQuery({ projectId: BILLING, apiEndpoint: endpoint, authClient: auth });
}

function sdk(bigquery: BigQuery, extra: Record<string, unknown> = {}): BaseDosDados {
  return new BaseDosDados({ bigquery, retry: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 }, ...extra });
}

async function failure(run: () => PromiseLike<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('every data error path, with a bearer token on every request', () => {
  const cases: { name: string; faults?: object; run: (bd: BaseDosDados) => PromiseLike<unknown>; want: new (...args: never[]) => Error }[] = [
    { name: 'invalid SQL', run: (bd) => bd.readSql('SELEC 1'), want: InvalidQueryError },
    { name: 'an unknown table', run: (bd) => bd.readTable('br_ibge_pib', 'nada'), want: NotFoundError },
    { name: 'a billing project without permission', run: (bd) => bd.readSql('SELECT 1', { billingProjectId: 'projeto-sem-permissao' }), want: AccessDeniedError },
    { name: '500s until the retries run out', faults: { rules: [{ scope: 'bigquery', fraction: 1, status: 500 }] }, run: (bd) => bd.readSql('SELECT 1'), want: ServerError },
    { name: '429s until the retries run out', faults: { rules: [{ scope: 'bigquery', fraction: 1, status: 429, retryAfter: 0 }] }, run: (bd) => bd.estimateQuery('SELECT 1'), want: RateLimitError },
    { name: 'a page cut mid-body every time', faults: { rules: [{ scope: 'bigquery', path: '/queries/', cut: true }] }, run: (bd) => bd.readSql('SELECT 1 AS x'), want: ConnectionError },
    { name: 'a page that takes too long', faults: { rules: [{ scope: 'bigquery', path: '/queries/', delayMs: 2_000 }] }, run: (bd) => bd.readSql('SELECT 1 AS x', { timeoutMs: 100 }), want: TimeoutError },
    { name: 'a download of a failing query', faults: { rules: [{ scope: 'bigquery', path: '/queries/', fraction: 1, status: 503 }] }, run: (bd) => bd.download('SELECT 1 AS x', join(mkdtempSync(join(tmpdir(), 'bd-cred-')), 'x.csv')), want: ServerError },
    { name: 'a download into a place that cannot be written', run: (bd) => bd.download('SELECT 1 AS x', '/proc/bd-nope/x.csv'), want: FileSystemError },
    { name: 'an argument refused before any request', run: (bd) => bd.readTable('br_ibge_pib', 'x; DROP'), want: ValidationError },
  ];

  it.each(cases)('$name', async ({ faults, run, want }) => {
    if (faults) datalake.faults.set(faults as never);
    const error = await failure(() => run(sdk(tokenClient(datalake.url))));
    expect(error).toBeInstanceOf(want);
    expect(leaks(error, SECRETS)).toEqual([]);
  });

  it('the requests did carry the token, so a leak would be seen', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 500, message: `echo: ${_req.headers.authorization}`, errors: [{ reason: 'backendError', message: `Authorization: ${_req.headers.authorization}` }] } }));
    });
    servers.push(server);
    const error = await failure(() => sdk(tokenClient(server.url)).readSql('SELECT 1'));
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).message).toMatch(/^BigQuery: echo: \[redacted\] \(reason: backendError\) after 2 attempts$/);
    expect(error).toMatchObject({ status: 500, reason: 'backendError', attempts: 2 });
    expect(leaks(error, SECRETS)).toEqual([]);
  });

  it('nothing listening at the endpoint', async () => {
    const error = await failure(() => sdk(tokenClient('http://127.0.0.1:9')).readSql('SELECT 1'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(leaks(error, SECRETS)).toEqual([]);
  });

  it('a token refresh that fails (google-auth-library error with the refresh request)', async () => {
    const tokens = await startServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_grant', error_description: `bad grant: ${body}` }));
      });
    });
    servers.push(tokens);
    const auth = new OAuth2Client({ clientId: 'client-id', clientSecret: CLIENT_SECRET, endpoints: { oauth2TokenUrl: `${tokens.url}/token` } });
    auth.setCredentials({ refresh_token: REFRESH, access_token: 'expired', expiry_date: Date.now() - 60_000 });
    const bigquery = new BigQuery({ projectId: BILLING, apiEndpoint: datalake.url, authClient: auth });
    const error = await failure(() => sdk(bigquery).readSql('SELECT 1'));
    expect(tokens.requests.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(AccessDeniedError);
    expect((error as Error).message).toMatch(/could not get credentials/);
    expect(leaks(error, SECRETS)).toEqual([]);
  });

  it('Node\'s report of an uncaught data error shows no token', async () => {
    const script = resolve('tests/sdk-ts/data/fixtures/uncaught-error.ts');
    const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, DATALAKE_URL: datalake.url, FAKE_TOKEN: TOKEN },
      encoding: 'utf8',
    }).then(() => ({ stderr: '', code: 0 }), (e: { stderr: string; code: number }) => e);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/ConnectionError: BigQuery jobs.getQueryResults to http:\/\/127\.0\.0\.1:\d+ failed/);
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.stderr).toContain('[cause]'); // the report did print the cause chain
  });

  it('errors of the SDK are its own classes, whatever the depth', async () => {
    const error = (await failure(() => sdk(tokenClient(datalake.url)).readSql('SELEC 1'))) as BaseDosDadosError;
    expect(error).toMatchObject({ kind: 'invalid_query', reason: 'invalidQuery' });
  });
});
