// The probe corpus of issue 8: what an attacker, a web page or a careless
// client sends to the local datalake. Each row is one request and the answer
// it must get: the status, and the error in the shape of the face it was sent
// to (BigQuery's {error:{code, message, status, errors:[{reason, message}]}},
// the metadata API's problem+json, the control API's {error}), with BigQuery's
// reason and a fragment of the message. No answer may carry a CORS header.
import { existsSync } from 'node:fs';
import { Agent } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake, type DatalakeOptions } from '../../datalake/src/index.js';
import { rawRequest, type RawResponse } from './helpers.js';

const P = 'projeto-sondado';
const QUERIES = `/bigquery/v2/projects/${P}/queries`;
const LAKES = {
  main: {},
  limited: { queryTimeoutMs: 800, maxResultBytes: 2_000_000 },
  aging: { maxResultAgeMs: 300 },
} satisfies Record<string, DatalakeOptions>;
type Lake = keyof typeof LAKES;
const lakes = {} as Record<Lake, Datalake>;
const extensionsDir = join(homedir(), '.duckdb', 'extensions');
let extensionsExisted = false;

interface Probe {
  name: string;
  lake?: Lake;
  method?: string;
  /** Default: jobs.query; a function may first create what the probe needs. */
  path?: string | ((dl: Datalake) => Promise<string>);
  headers?: (dl: Datalake) => Record<string, string | null>;
  body?: unknown;
  status: number;
  /** BigQuery's reason; `problem:<type>` for the metadata face; `control`; `ok` for answers that must succeed. */
  reason: string;
  message?: RegExp;
  check?: (res: RawResponse, dl: Datalake, ms: number) => void;
}

const query = (sql: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ query: sql, useLegacySql: false, ...extra });
/** A jobs.query probe. */
const sql = (name: string, text: string, status: number, reason: string, message: RegExp | undefined, more: Partial<Probe> = {}): Probe => ({
  name, body: query(text), status, reason, ...(message ? { message } : {}), ...more,
});
const FILES = /reads only its own tables; files, URLs and extensions are out of reach/;
const runJob = async (dl: Datalake, text: string): Promise<string> =>
  (await rawRequest(dl.url, 'POST', QUERIES, { body: query(text, { maxResults: 0 }) })).json.jobReference.jobId;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const PROBES: Probe[] = [
  // --- file and network table functions, DuckDB-only statements ---------------------------
  sql('read_text of /etc/passwd', "SELECT * FROM read_text('/etc/passwd')", 403, 'accessDenied', FILES),
  sql('read_csv of /etc/shadow', "SELECT count(*) FROM read_csv('/etc/shadow', sep = ':')", 403, 'accessDenied', FILES),
  sql('glob of /etc/*', "SELECT * FROM glob('/etc/*')", 403, 'accessDenied', FILES),
  sql('read_csv over http (would install httpfs under ~/.duckdb)', "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')", 403, 'accessDenied', FILES, {
    check: () => expect(existsSync(extensionsDir), 'no extension was installed').toBe(extensionsExisted),
  }),
  sql('read_parquet of a local path', "SELECT * FROM read_parquet('/etc/hostname')", 403, 'accessDenied', FILES),
  sql('read_blob of a local path', "SELECT * FROM read_blob('/etc/hostname')", 403, 'accessDenied', FILES),
  sql('read_json_auto of a local path', "SELECT * FROM read_json_auto('/etc/passwd')", 403, 'accessDenied', FILES),
  sql('duckdb_extensions() (its error names the home folder)', 'SELECT * FROM duckdb_extensions()', 403, 'accessDenied', FILES, {
    check: (res) => expect(res.text).not.toContain(homedir()),
  }),
  { name: 'read_text in a dry run', body: query("SELECT * FROM read_text('/etc/passwd')", { dryRun: true }), status: 403, reason: 'accessDenied', message: FILES },
  sql('a file named as a table', "SELECT * FROM '/etc/passwd'", 400, 'invalidQuery', /\/etc\/passwd does not exist/),
  sql('ATTACH a file', "ATTACH '/tmp/x.duckdb' AS x", 400, 'invalidQuery', /Syntax error: Unexpected keyword ATTACH at \[1:1\]/),
  sql('COPY to a file', "COPY (SELECT 1) TO '/tmp/x.csv'", 400, 'invalidQuery', /Unexpected keyword COPY/),
  sql('INSTALL', 'INSTALL httpfs', 400, 'invalidQuery', /Unexpected keyword INSTALL/),
  sql('LOAD', 'LOAD httpfs', 400, 'invalidQuery', /LOAD statements are not supported/),
  sql('PRAGMA', 'PRAGMA version', 400, 'invalidQuery', /Unexpected keyword PRAGMA/),
  sql('SET a DuckDB option', "SET enable_external_access = true", 400, 'invalidQuery', /SET statements are not supported/),
  sql('RESET', 'RESET lock_configuration', 400, 'invalidQuery', /Unexpected keyword RESET/),
  sql('EXPORT DATABASE', "EXPORT DATABASE '/tmp/x'", 400, 'invalidQuery', /EXPORT statements are not supported/),
  sql('IMPORT DATABASE', "IMPORT DATABASE '/tmp/x'", 400, 'invalidQuery', /Unexpected keyword IMPORT/),
  sql('CALL', 'CALL pragma_version()', 400, 'invalidQuery', /CALL statements are not supported/),
  sql('CHECKPOINT', 'CHECKPOINT', 400, 'invalidQuery', /Unexpected keyword CHECKPOINT/),
  sql('DETACH after a comment', '-- hello\nDETACH basedosdados', 400, 'invalidQuery', /Unexpected keyword DETACH at \[2:1\]/),
  sql('a FROM-first query', 'FROM basedosdados.br_bd_tipos.exemplo', 400, 'invalidQuery', /FROM-first queries are not supported/),
  sql('VALUES as a statement', 'VALUES (1), (2)', 400, 'invalidQuery', /Unexpected keyword VALUES/),
  sql('a second statement', "SELECT 1; ATTACH ':memory:' AS x", 400, 'invalidQuery', /multiple statements/),
  sql('a statement inside query()', "SELECT * FROM query('ATTACH '':memory:'' AS x')", 400, 'invalidQuery', /single SELECT statement/),
  sql('DML', 'CREATE TABLE basedosdados.br_bd_tipos.x AS SELECT 1', 403, 'accessDenied', /read-only/),
  sql('a query over 1024K characters', `SELECT 1 -- ${'x'.repeat(1024 * 1024)}`, 400, 'invalidQuery', /The query is too large/),
  sql('300,000 divisions in a row', `SELECT 1${'/1'.repeat(300_000)}`, 400, 'invalidQuery', /memory exhausted|depth/i, {
    check: (_res, _dl, ms) => expect(ms).toBeLessThan(20_000),
  }),
  // --- division ---------------------------------------------------------------------------
  sql('1/0', 'SELECT 1/0', 400, 'invalidQuery', /^division by zero: 1 \/ 0$/),
  sql('a zero divisor in a column', 'SELECT 10 / (id - 3) FROM basedosdados.br_bd_sintetico.linhas_5', 400, 'invalidQuery', /division by zero: 10 \/ 0/),
  sql('1/2 still divides', 'SELECT 1/2 AS x, SAFE_DIVIDE(1, 0) AS y', 200, 'ok', undefined, {
    check: (res) => expect(res.json.rows[0].f.map((c: { v: unknown }) => c.v)).toEqual(['0.5', null]),
  }),
  // --- cross-site requests ----------------------------------------------------------------
  { name: 'a text/plain body (a "simple" cross-site POST)', headers: () => ({ 'content-type': 'text/plain;charset=UTF-8' }), body: query('SELECT 1'), status: 415, reason: 'invalid', message: /must be application\/json, not "text\/plain"/, check: (res) => expect(res.headers.connection).toBe('close') },
  { name: 'a form body', headers: () => ({ 'content-type': 'application/x-www-form-urlencoded' }), body: 'query=SELECT+1', status: 415, reason: 'invalid', message: /application\/json/ },
  { name: 'a body with no Content-Type', headers: () => ({ 'content-type': null }), body: query('SELECT 1'), status: 415, reason: 'invalid', message: /not "none"/ },
  { name: 'a text/plain body to the control API', path: '/__datalake/faults', headers: () => ({ 'content-type': 'text/plain' }), body: { rules: [] }, status: 415, reason: 'control', message: /application\/json/ },
  { name: 'application/json with a charset', headers: () => ({ 'content-type': 'application/json; charset=utf-8' }), body: query('SELECT 1'), status: 200, reason: 'ok' },
  { name: 'Host: evil.example (DNS rebinding)', headers: () => ({ host: 'evil.example' }), body: query('SELECT 1'), status: 403, reason: 'accessDenied', message: /Host "evil.example" is not an address of this local datalake/ },
  { name: 'Host: evil.example on the metadata API', method: 'GET', path: '/datasets', headers: () => ({ host: 'evil.example:80' }), status: 403, reason: 'problem:forbidden', message: /evil.example/ },
  { name: 'Host: evil.example on the control API', method: 'GET', path: '/__datalake/stats', headers: () => ({ host: 'evil.example' }), status: 403, reason: 'control', message: /evil.example/ },
  { name: 'Host without the port', method: 'GET', path: '/datasets', headers: () => ({ host: '127.0.0.1' }), status: 403, reason: 'problem:forbidden', message: /Host "127.0.0.1"/ },
  { name: 'Host with another port', method: 'GET', path: '/datasets', headers: (dl) => ({ host: `127.0.0.1:${dl.port + 1}` }), status: 403, reason: 'problem:forbidden', message: /is not an address/ },
  { name: 'no Host at all', method: 'GET', path: '/datasets', headers: () => ({ host: null }), status: 403, reason: 'problem:forbidden', message: /Host ""/ },
  { name: 'Host: localhost:PORT', method: 'GET', path: '/datasets', headers: (dl) => ({ host: `localhost:${dl.port}` }), status: 200, reason: 'ok' },
  { name: 'Host: [::1]:PORT', method: 'GET', path: '/datasets', headers: (dl) => ({ host: `[::1]:${dl.port}` }), status: 200, reason: 'ok' },
  { name: 'Origin of another site', headers: () => ({ origin: 'https://evil.example' }), body: query('SELECT 1'), status: 403, reason: 'accessDenied', message: /Cross-origin requests are refused/ },
  { name: 'Origin: null (a sandboxed page)', headers: () => ({ origin: 'null' }), body: query('SELECT 1'), status: 403, reason: 'accessDenied', message: /Origin "null"/ },
  { name: 'Origin of the datalake itself', headers: (dl) => ({ origin: dl.url }), body: query('SELECT 1'), status: 200, reason: 'ok' },
  { name: 'a CORS preflight', method: 'OPTIONS', headers: () => ({ origin: 'https://evil.example', 'access-control-request-method': 'POST' }), status: 403, reason: 'accessDenied', message: /Cross-origin/ },
  { name: 'a preflight to the metadata API', method: 'OPTIONS', path: '/datasets', headers: () => ({ origin: 'https://evil.example', 'access-control-request-method': 'GET' }), status: 403, reason: 'problem:forbidden', message: /Cross-origin/ },
  // --- malformed requests -----------------------------------------------------------------
  { name: 'queryParameters: "nope"', body: query('SELECT 1', { queryParameters: 'nope' }), status: 400, reason: 'invalid', message: /Invalid value at 'queryParameters' .*"nope"/ },
  { name: 'queryParameters: [null]', body: query('SELECT 1', { queryParameters: [null] }), status: 400, reason: 'invalid', message: /'queryParameters\[0\]'/ },
  { name: 'a parameterType that is a number', body: query('SELECT @x', { queryParameters: [{ name: 'x', parameterType: 5 }] }), status: 400, reason: 'invalid', message: /'queryParameters\[0\]\.parameterType'/ },
  { name: 'arrayValues that is not a list', body: query('SELECT 1', { queryParameters: [{ name: 'x', parameterType: { type: 'ARRAY', arrayType: { type: 'INT64' } }, parameterValue: { arrayValues: 3 } }] }), status: 400, reason: 'invalid', message: /arrayValues/ },
  { name: 'defaultDataset: 5', body: query('SELECT 1', { defaultDataset: 5 }), status: 400, reason: 'invalid', message: /'defaultDataset'/ },
  { name: 'defaultDataset.datasetId: 5', body: query('SELECT 1', { defaultDataset: { datasetId: 5 } }), status: 400, reason: 'invalid', message: /'defaultDataset.datasetId'/ },
  { name: 'timeoutMs: 1e300', body: query('SELECT 1', { timeoutMs: 1e300 }), status: 400, reason: 'invalid', message: /'timeoutMs' \(TYPE_UINT32\), 1e\+300/ },
  { name: 'maxResults: -1', body: query('SELECT 1', { maxResults: -1 }), status: 400, reason: 'invalid', message: /'maxResults'/ },
  { name: 'jobTimeoutMs: "soon"', body: query('SELECT 1', { jobTimeoutMs: 'soon' }), status: 400, reason: 'invalid', message: /'jobTimeoutMs'/ },
  { name: 'query: 12', body: { query: 12 }, status: 400, reason: 'invalid', message: /Invalid value at 'query' \(TYPE_STRING\), 12/ },
  { name: 'formatOptions: "x"', body: query('SELECT 1', { formatOptions: 'x' }), status: 400, reason: 'invalid', message: /'formatOptions'/ },
  { name: 'a body that is a list', body: [1, 2], status: 400, reason: 'invalid', message: /must be a JSON object/ },
  { name: 'a body that is not JSON', body: '{"query": ', status: 400, reason: 'invalid', message: /not valid JSON/ },
  { name: 'jobs.insert with configuration: 5', path: `/bigquery/v2/projects/${P}/jobs`, body: { configuration: 5 }, status: 400, reason: 'invalid', message: /'configuration'/ },
  { name: 'jobs.insert with bad queryParameters', path: `/bigquery/v2/projects/${P}/jobs`, body: { configuration: { query: query('SELECT 1', { queryParameters: 'nope' }) } }, status: 400, reason: 'invalid', message: /'configuration.query.queryParameters'/ },
  { name: 'a malformed percent-escape (BigQuery)', method: 'GET', path: `/bigquery/v2/projects/%E0%A4%A/datasets`, status: 400, reason: 'invalid', message: /percent-escape/ },
  { name: 'a malformed percent-escape (metadata)', method: 'GET', path: '/datasets/%E0%A4%A', status: 400, reason: 'problem:validation', message: /not a valid percent-encoded/ },
  { name: 'maxResults=1e3 in a query string', method: 'GET', path: async (dl) => `${QUERIES}/${await runJob(dl, 'SELECT 1')}?maxResults=1e3`, status: 400, reason: 'invalid', message: /'maxResults'/ },
  { name: 'a forged pageToken', method: 'GET', path: async (dl) => `${QUERIES}/${await runJob(dl, 'SELECT 1')}?pageToken=cm93Ojk5OTk5`, status: 400, reason: 'invalid', message: /Invalid page token/ },
  { name: '20 KB of headers', method: 'GET', path: `/bigquery/v2/projects/${P}/datasets`, headers: () => ({ 'x-padding': 'a'.repeat(20_000) }), status: 431, reason: 'invalid', message: /header fields too large/ },
  { name: '20 KB of headers (metadata)', method: 'GET', path: '/datasets', headers: () => ({ 'x-padding': 'a'.repeat(20_000) }), status: 431, reason: 'problem:client', message: /header fields too large/ },
  // --- over-large rows, results and pages --------------------------------------------------
  sql('one row over the 10 MB page', "SELECT repeat('x', 11 * 1024 * 1024) AS big", 403, 'responseTooLarge', /Response too large to return.*one row takes \d+ bytes/),
  { name: 'a page cut to 10 MB', body: query("SELECT id, repeat('x', 1000000) AS s FROM basedosdados.br_bd_sintetico.linhas_30", { maxResults: 30 }), status: 200, reason: 'ok', check: (res) => {
    expect(res.text.length).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(res.json.rows.length).toBeGreaterThan(5);
    expect(res.json.rows.length).toBeLessThan(11);
    expect(res.json.totalRows).toBe('30');
    expect(res.json.pageToken).toBeDefined();
  } },
  sql('a result over the byte budget', 'SELECT * FROM basedosdados.br_bd_sintetico.linhas_100000', 403, 'responseTooLarge', /over the 2000000 bytes the local datalake holds/, { lake: 'limited' }),
  // --- the query time limit ------------------------------------------------------------------
  sql('an endless WITH RECURSIVE', 'WITH RECURSIVE t AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t', 400, 'timeout', /Job timed out after 0.8 sec/, {
    lake: 'limited',
    // The error exists only once DuckDB's statement has returned: it was interrupted, not abandoned.
    check: (_res, _dl, ms) => expect(ms).toBeLessThan(5_000),
  }),
  { name: "the job's own jobTimeoutMs", body: query('SELECT count(*) FROM basedosdados.br_bd_sintetico.linhas_100000 a, basedosdados.br_bd_sintetico.linhas_100000 b', { jobTimeoutMs: 300 }), status: 400, reason: 'timeout', message: /timed out after 0.3 sec/ },
  // --- eviction ------------------------------------------------------------------------------
  { name: 'getQueryResults of a job past its age', lake: 'aging', method: 'GET', path: async (dl) => {
    const id = await runJob(dl, 'SELECT 1');
    await sleep(600);
    return `${QUERIES}/${id}`;
  }, status: 404, reason: 'notFound', message: /Not found: Job projeto-sondado:US\.job_/ },
  { name: 'jobs.get of a job past its age', lake: 'aging', method: 'GET', path: async (dl) => {
    const id = await runJob(dl, 'SELECT 2');
    await sleep(600);
    return `/bigquery/v2/projects/${P}/jobs/${id}`;
  }, status: 404, reason: 'notFound', message: /Not found: Job/ },
  { name: 'the oldest result when the byte budget is full', lake: 'limited', method: 'GET', path: async (dl) => {
    const oldest = await runJob(dl, 'SELECT * FROM basedosdados.br_bd_sintetico.linhas_30000');
    await runJob(dl, 'SELECT * FROM basedosdados.br_bd_sintetico.linhas_30001');
    return `${QUERIES}/${oldest}`;
  }, status: 404, reason: 'notFound', message: /Not found: Job/, check: (_res, dl) => {
    expect(dl.stats().jobs.heldBytes).toBeGreaterThan(1_000_000);
    expect(dl.stats().jobs.heldBytes).toBeLessThanOrEqual(2_000_000);
  } },
];

function expectAnswer(probe: Probe, res: RawResponse): void {
  expect(res.status, `${probe.name}: ${res.text.slice(0, 300)}`).toBe(probe.status);
  expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-')), 'no CORS header').toEqual([]);
  if (probe.reason === 'ok') return;
  if (probe.reason === 'control') {
    expect(res.json.error).toMatch(probe.message!);
    return;
  }
  if (probe.reason.startsWith('problem:')) {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json).toMatchObject({ status: probe.status, type: `https://basedosdados.org/problems/${probe.reason.slice('problem:'.length)}` });
    expect(res.json.detail).toMatch(probe.message!);
    return;
  }
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const error = res.json.error;
  expect(error).toMatchObject({ code: probe.status, status: expect.stringMatching(/^[A-Z_]+$/) });
  expect(error.errors).toHaveLength(1);
  expect(error.errors[0]).toMatchObject({ reason: probe.reason, domain: 'global', message: error.message });
  expect(error.message).toMatch(probe.message!);
}

beforeAll(async () => {
  extensionsExisted = existsSync(extensionsDir);
  for (const [name, options] of Object.entries(LAKES)) lakes[name as Lake] = await startDatalake(options);
});
afterAll(async () => {
  await Promise.all(Object.values(lakes).map((dl) => dl.close()));
});

describe('the probe corpus', () => {
  it.each(PROBES.map((p) => [p.name, p] as const))('%s', async (_name, probe) => {
    const dl = lakes[probe.lake ?? 'main'];
    const path = typeof probe.path === 'function' ? await probe.path(dl) : (probe.path ?? QUERIES);
    const started = performance.now();
    const res = await rawRequest(dl.url, probe.method ?? 'POST', path, { headers: probe.headers?.(dl), body: probe.body });
    expectAnswer(probe, res);
    probe.check?.(res, dl, performance.now() - started);
  });

  it('answers an over-large body with 413 and closes the connection, so the next keep-alive request works', async () => {
    const dl = lakes.main;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = Buffer.alloc(17 * 1024 * 1024, 0x20);
      const res = await rawRequest(dl.url, 'POST', QUERIES, { body: big, agent });
      expectAnswer({ name: 'over-large body', status: 413, reason: 'invalid', message: /Request payload size exceeds the limit: 16777216 bytes/ }, res);
      expect(res.headers.connection).toBe('close');
      const next = await rawRequest(dl.url, 'POST', QUERIES, { body: query('SELECT 7 AS n'), agent });
      expect(next.status).toBe(200);
      expect(next.json.rows[0].f[0].v).toBe('7');
    } finally {
      agent.destroy();
    }
  });
});
