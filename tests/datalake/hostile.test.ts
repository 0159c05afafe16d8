// The probe corpus of issue 8: what an attacker, a web page or a careless
// client sends to the local datalake. Each row is one request and the answer
// it must get: the status, and the error in the shape of the face it was sent
// to (BigQuery's {error:{code, message, status, errors:[{reason, message}]}},
// the control API's {error}, and on the backend replica the shape of the view
// there: GraphQL's {"errors": [...]}, a REST view's {"error": ...}, else
// Django's HTML page), with BigQuery's reason and a fragment of the message.
// No answer may carry a CORS header.
import { existsSync } from 'node:fs';
import { Agent } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake, type DatalakeOptions } from '../../datalake/src/index.js';
import { BIGQUERY_FUNCTIONS, PARSER_FUNCTIONS } from '../../datalake/src/sql/functions.js';
import { rawRequest, socketRequest, type RawResponse } from './helpers.js';

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
  /** A JSON body, or a function that first creates what the body names. */
  body?: unknown | ((dl: Datalake) => Promise<unknown>);
  /** The request's exact bytes, sent over a socket (what node:http will not send). */
  raw?: (dl: Datalake) => string;
  status: number;
  /** BigQuery's reason; on the backend `graphql` (its errors), `rest` (a REST view's {"error"}) or `page` (Django's HTML); `control`; `ok` for answers that must succeed. */
  reason: string;
  message?: RegExp;
  check?: (res: RawResponse, dl: Datalake) => void;
}

const query = (sql: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ query: sql, useLegacySql: false, ...extra });
/** A jobs.query probe. */
const sql = (name: string, text: string, status: number, reason: string, message: RegExp | undefined, more: Partial<Probe> = {}): Probe => ({
  name, body: query(text), status, reason, ...(message ? { message } : {}), ...more,
});
const runJob = async (dl: Datalake, text: string): Promise<string> =>
  (await rawRequest(dl.url, 'POST', QUERIES, { body: query(text, { maxResults: 0 }) })).json.jobReference.jobId;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** The engine's name of the table that holds the result of a job run now. */
const heldResultName = async (dl: Datalake, text: string): Promise<string> => {
  const names = async (): Promise<string[]> => (await dl.sql("SELECT table_name FROM duckdb_tables() WHERE database_name = '__results'")).map((r) => String(r[0]));
  const before = new Set(await names());
  await runJob(dl, text);
  const added = (await names()).filter((n) => !before.has(n));
  expect(added).toHaveLength(1);
  return added[0]!;
};
const SECRET_ROW = "SELECT 'segredo-de-outro-cliente' AS s";
const leaksNothing = (res: RawResponse): void => {
  for (const text of ['segredo-de-outro-cliente', homedir(), '/etc/passwd', 'Binder Error', 'Catalog Error']) expect(res.text).not.toContain(text);
};
/** A request line, headers and no body, as bytes; the connection closes after the answer. */
const rawGet = (target: string, headers: string[]): string => `GET ${target} HTTP/1.1\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n`;
const TVF = (name: string, at: string): RegExp => new RegExp(`^Table-valued function not found: ${name} at \\[${at}\\]$`);

const PROBES: Probe[] = [
  // --- file and network table functions, DuckDB-only statements ---------------------------
  // BigQuery has no such table functions: refused by name, before DuckDB binds (and would open) anything.
  sql('read_text of /etc/passwd', "SELECT * FROM read_text('/etc/passwd')", 400, 'invalidQuery', TVF('read_text', '1:15'), { check: leaksNothing }),
  sql('read_csv of /etc/shadow', "SELECT count(*) FROM read_csv('/etc/shadow', sep = ':')", 400, 'invalidQuery', TVF('read_csv', '1:22')),
  sql('glob of /etc/*', "SELECT * FROM glob('/etc/*')", 400, 'invalidQuery', TVF('glob', '1:15')),
  sql('read_csv over http (would install httpfs under ~/.duckdb)', "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')", 400, 'invalidQuery', TVF('read_csv', '1:15'), {
    check: () => expect(existsSync(extensionsDir), 'no extension was installed').toBe(extensionsExisted),
  }),
  sql('read_parquet of a local path', "SELECT * FROM read_parquet('/etc/hostname')", 400, 'invalidQuery', TVF('read_parquet', '1:15')),
  sql('read_blob of a local path', "SELECT * FROM read_blob('/etc/hostname')", 400, 'invalidQuery', TVF('read_blob', '1:15')),
  sql('read_json_auto of a local path', "SELECT * FROM read_json_auto('/etc/passwd')", 400, 'invalidQuery', TVF('read_json_auto', '1:15')),
  sql('duckdb_extensions() (its error named the home folder)', 'SELECT * FROM duckdb_extensions()', 400, 'invalidQuery', TVF('duckdb_extensions', '1:15'), { check: leaksNothing }),
  { name: 'read_text in a dry run', body: query("SELECT * FROM read_text('/etc/passwd')", { dryRun: true }), status: 400, reason: 'invalidQuery', message: TVF('read_text', '1:15') },
  sql('a file named as a table', "SELECT * FROM '/etc/passwd'", 400, 'invalidQuery', /^Syntax error: Unexpected string literal '\/etc\/passwd' at \[1:15\]$/),
  sql('a file named as a table after a comma', "SELECT * FROM basedosdados.br_bd_tipos.exemplo, \"/etc/passwd\"", 400, 'invalidQuery', /^Syntax error: Unexpected string literal "\/etc\/passwd" at \[1:49\]$/),
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
  sql('a statement inside query()', "SELECT * FROM query('ATTACH '':memory:'' AS x')", 400, 'invalidQuery', TVF('query', '1:15')),
  sql('DML', 'CREATE TABLE basedosdados.br_bd_tipos.x AS SELECT 1', 403, 'accessDenied', /read-only/),
  // --- DuckDB's own SQL surface: held results, catalog and settings functions, secrets -------
  { name: "query() reading another job's held result", body: async (dl: Datalake) => query(`SELECT * FROM query('FROM __results.main.${await heldResultName(dl, SECRET_ROW)}')`),
    status: 400, reason: 'invalidQuery', message: TVF('query', '1:15'), check: leaksNothing },
  { name: "query_table() reading another job's held result", body: async (dl: Datalake) => query(`SELECT * FROM query_table('__results.main.${await heldResultName(dl, SECRET_ROW)}')`),
    status: 400, reason: 'invalidQuery', message: TVF('query_table', '1:15'), check: leaksNothing },
  { name: 'a held result named as a table', body: async (dl: Datalake) => query(`SELECT * FROM __results.main.${await heldResultName(dl, SECRET_ROW)}`),
    status: 403, reason: 'accessDenied', message: /User does not have permission to query table/, check: leaksNothing },
  sql('SUMMARIZE in a subquery', 'SELECT * FROM (SUMMARIZE SELECT 1 AS x)', 400, 'invalidQuery', /^Syntax error: Unexpected keyword SUMMARIZE at \[1:16\]$/),
  sql('DESCRIBE of a table in a subquery', 'SELECT * FROM (DESCRIBE basedosdados.br_bd_tipos.exemplo)', 400, 'invalidQuery', /^Syntax error: Unexpected keyword DESCRIBE at \[1:16\]$/),
  sql('VALUES in FROM', 'SELECT * FROM (VALUES (1), (2))', 400, 'invalidQuery', /^Syntax error: Unexpected keyword VALUES at \[1:16\]$/),
  sql('duckdb_settings() (shows the home path)', 'SELECT * FROM duckdb_settings()', 400, 'invalidQuery', TVF('duckdb_settings', '1:15'), { check: leaksNothing }),
  sql('duckdb_databases()', 'SELECT database_name, path FROM duckdb_databases()', 400, 'invalidQuery', TVF('duckdb_databases', '1:33'), { check: leaksNothing }),
  sql('duckdb_tables() (lists the held results)', 'SELECT * FROM DuckDB_Tables()', 400, 'invalidQuery', TVF('DuckDB_Tables', '1:15'), { check: leaksNothing }),
  sql('duckdb_tables as a view, named before a WITH of that name', 'WITH a AS (SELECT * FROM duckdb_tables), duckdb_tables AS (SELECT 1 AS x) SELECT * FROM a', 400, 'invalidQuery',
    /^Table name "duckdb_tables" is not a table of the local datalake .* at \[1:26\]$/, { check: leaksNothing }),
  sql('pragma_table_info()', "SELECT * FROM pragma_table_info('basedosdados.br_bd_tipos.exemplo')", 400, 'invalidQuery', TVF('pragma_table_info', '1:15')),
  sql('which_secret() as a table', "SELECT * FROM which_secret('s3://x/y', 's3')", 400, 'invalidQuery', TVF('which_secret', '1:15'), { check: leaksNothing }),
  sql('which_secret() as a scalar', "SELECT which_secret('s3://x/y', 's3')", 400, 'invalidQuery', /^Function not found: which_secret at \[1:8\]$/, { check: leaksNothing }),
  sql('current_setting()', "SELECT current_setting('secret_directory')", 400, 'invalidQuery', /^Function not found: current_setting at \[1:8\]$/, { check: leaksNothing }),
  sql('a DuckDB function inside an allowed one', "SELECT upper(version()) AS v", 400, 'invalidQuery', /^Function not found: version at \[1:14\]$/),
  sql('a DuckDB lambda function', 'SELECT list_transform([1, 2], x -> x + 1) AS l', 400, 'invalidQuery', /^Function not found: list_transform at \[1:8\]$/),
  sql('a schema-qualified function', 'SELECT system.main.abs(-1) AS a', 400, 'invalidQuery', /^Function not found: system\.main\.abs at \[1:8\]$/),
  sql("DuckDB's ** operator", 'SELECT 2 ** 3 AS p', 400, 'invalidQuery', /^Syntax error: Unexpected "\*\*" at \[1:10\]$/),
  sql('CREATE SECRET', "CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v')", 403, 'accessDenied', /read-only: only SELECT queries can run/, { check: leaksNothing }),
  sql('query_table() of a path', "SELECT * FROM query_table('/etc/passwd')", 400, 'invalidQuery', TVF('query_table', '1:15'), { check: leaksNothing }),
  sql('UNNEST(GENERATE_ARRAY()) still runs', 'SELECT x FROM UNNEST(GENERATE_ARRAY(1, 7, 3)) AS x ORDER BY x', 200, 'ok', undefined, {
    check: (res) => expect(res.json.rows.map((r: { f: Array<{ v: string }> }) => r.f[0]!.v)).toEqual(['1', '4', '7']),
  }),
  sql('a WITH clause, UNNEST, a window and BigQuery functions still run', "WITH u AS (SELECT sigla FROM basedosdados.br_bd_diretorios_brasil.uf) SELECT LOWER(sigla) AS s, ROW_NUMBER() OVER (ORDER BY sigla) AS n, SAFE_DIVIDE(1, 0) AS d FROM u, UNNEST([1]) AS one WHERE sigla LIKE 'S%' AND one IN UNNEST([1, 2]) ORDER BY n", 200, 'ok', undefined, {
    check: (res) => expect(res.json.rows.map((r: { f: Array<{ v: string }> }) => r.f[0]!.v)).toEqual(['sc', 'se', 'sp']),
  }),
  sql('a query over 1024K characters', `SELECT 1 -- ${'x'.repeat(1024 * 1024)}`, 400, 'invalidQuery', /The query is too large/),
  // How long the rewrite takes is a figure of bench/datalake-start.mjs, not a test.
  sql('300,000 divisions in a row', `SELECT 1${'/1'.repeat(300_000)}`, 400, 'invalidQuery', /memory exhausted|depth/i),
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
  { name: 'Host: evil.example on GraphQL', path: '/api/v1/graphql', headers: () => ({ host: 'evil.example:80' }), body: { query: '{ allTag { totalCount } }' }, status: 403, reason: 'graphql', message: /Host "evil.example:80" is not an address/ },
  { name: 'Host: evil.example on a REST view', method: 'GET', path: '/search/', headers: () => ({ host: 'evil.example:80' }), status: 403, reason: 'rest', message: /evil.example/ },
  { name: 'Host: evil.example on the control API', method: 'GET', path: '/__datalake/stats', headers: () => ({ host: 'evil.example' }), status: 403, reason: 'control', message: /evil.example/ },
  { name: 'Host without the port', method: 'GET', path: '/tables/stats/', headers: () => ({ host: '127.0.0.1' }), status: 403, reason: 'rest', message: /Host "127.0.0.1"/ },
  { name: 'Host with another port', method: 'GET', path: `/graphql?query=${encodeURIComponent('{ allTag { totalCount } }')}`, headers: (dl) => ({ host: `127.0.0.1:${dl.port + 1}`, accept: 'application/json' }), status: 403, reason: 'graphql', message: /is not an address/ },
  { name: 'no Host at all, on a path with no view of JSON errors (the message escaped in the page)', method: 'GET', path: '/export/catalog/', headers: () => ({ host: null }), status: 403, reason: 'page', message: /<h1>403 Forbidden<\/h1><p>Host &quot;&quot; is not an address/ },
  { name: 'Host: localhost:PORT', method: 'GET', path: '/search/', headers: (dl) => ({ host: `localhost:${dl.port}` }), status: 200, reason: 'ok' },
  { name: 'Host: [::1]:PORT', method: 'GET', path: '/tables/stats/', headers: (dl) => ({ host: `[::1]:${dl.port}` }), status: 200, reason: 'ok' },
  { name: 'two Host headers (RFC 9112: 400)', raw: (dl) => rawGet(`/bigquery/v2/projects/${P}/datasets`, [`Host: 127.0.0.1:${dl.port}`, 'Host: evil.example']), status: 400, reason: 'invalid', message: /more than one Host header/ },
  { name: 'two Host headers, both this datalake (backend)', raw: (dl) => rawGet('/search/', [`Host: 127.0.0.1:${dl.port}`, `host: 127.0.0.1:${dl.port}`]), status: 400, reason: 'rest', message: /more than one Host header/ },
  { name: 'an absolute-form target naming another host', raw: (dl) => rawGet(`http://evil.example/bigquery/v2/projects/${P}/datasets`, [`Host: 127.0.0.1:${dl.port}`]), status: 403, reason: 'accessDenied', message: /Host "evil.example" is not an address of this local datalake/ },
  { name: 'an absolute-form target naming another host (GraphQL)', raw: (dl) => rawGet('http://evil.example:80/graphql?query=%7B__typename%7D', [`Host: 127.0.0.1:${dl.port}`]), status: 403, reason: 'graphql', message: /evil.example:80/ },
  { name: 'an absolute-form target of another scheme', raw: (dl) => rawGet(`https://127.0.0.1:${dl.port}/search/`, [`Host: 127.0.0.1:${dl.port}`]), status: 403, reason: 'rest', message: /https:/ },
  { name: 'an absolute-form target naming this datalake', raw: (dl) => rawGet(`http://127.0.0.1:${dl.port}/search/`, [`Host: 127.0.0.1:${dl.port}`]), status: 200, reason: 'ok' },
  { name: 'a text/plain body to GraphQL (a "simple" cross-site POST)', path: '/api/v1/graphql', headers: () => ({ 'content-type': 'text/plain' }), body: '{"query": "{ allTag { totalCount } }"}', status: 415, reason: 'graphql', message: /must be application\/json, not "text\/plain"/ },
  { name: 'a form body to GraphQL', path: '/graphql', headers: () => ({ 'content-type': 'application/x-www-form-urlencoded' }), body: 'query=%7B__typename%7D', status: 415, reason: 'graphql', message: /application\/json/ },
  { name: 'Origin of another site', headers: () => ({ origin: 'https://evil.example' }), body: query('SELECT 1'), status: 403, reason: 'accessDenied', message: /Cross-origin requests are refused/ },
  { name: 'Origin: null (a sandboxed page)', headers: () => ({ origin: 'null' }), body: query('SELECT 1'), status: 403, reason: 'accessDenied', message: /Origin "null"/ },
  { name: 'Origin of the datalake itself', headers: (dl) => ({ origin: dl.url }), body: query('SELECT 1'), status: 200, reason: 'ok' },
  { name: 'a CORS preflight', method: 'OPTIONS', headers: () => ({ origin: 'https://evil.example', 'access-control-request-method': 'POST' }), status: 403, reason: 'accessDenied', message: /Cross-origin/ },
  { name: 'a preflight to GraphQL', method: 'OPTIONS', path: '/api/v1/graphql', headers: () => ({ origin: 'https://evil.example', 'access-control-request-method': 'POST' }), status: 403, reason: 'graphql', message: /Cross-origin/ },
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
  { name: "a malformed percent-escape (backend: no view matches, Django's 404 page)", method: 'GET', path: '/tables/%E0%A4%A/columns/', status: 404, reason: 'page', message: /The requested resource was not found on this server/ },
  { name: 'maxResults=1e3 in a query string', method: 'GET', path: async (dl) => `${QUERIES}/${await runJob(dl, 'SELECT 1')}?maxResults=1e3`, status: 400, reason: 'invalid', message: /'maxResults'/ },
  { name: 'a forged pageToken', method: 'GET', path: async (dl) => `${QUERIES}/${await runJob(dl, 'SELECT 1')}?pageToken=cm93Ojk5OTk5`, status: 400, reason: 'invalid', message: /Invalid page token/ },
  { name: '20 KB of headers', method: 'GET', path: `/bigquery/v2/projects/${P}/datasets`, headers: () => ({ 'x-padding': 'a'.repeat(20_000) }), status: 431, reason: 'invalid', message: /header fields too large/ },
  { name: '20 KB of headers (a REST view)', method: 'GET', path: '/facet_values/?facet=tag_slug', headers: () => ({ 'x-padding': 'a'.repeat(20_000) }), status: 431, reason: 'rest', message: /header fields too large/ },
  { name: '20 KB of headers (GraphQL)', method: 'GET', path: '/api/v1/graphql?query=%7B__typename%7D', headers: () => ({ 'x-padding': 'a'.repeat(20_000) }), status: 431, reason: 'graphql', message: /header fields too large/ },
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
  // The answer is the event: the error exists only once DuckDB's statement has
  // returned, so an endless statement was interrupted, not abandoned.
  sql('an endless WITH RECURSIVE', 'WITH RECURSIVE t AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t', 400, 'timeout', /Job timed out after 0.8 sec/, {
    lake: 'limited',
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
  if (probe.reason === 'page') {
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toMatch(probe.message!);
    return;
  }
  if (probe.reason === 'graphql' || probe.reason === 'rest') {
    expect(res.headers['content-type']).toBe('application/json');
    const [key, message] = probe.reason === 'graphql' ? ['errors', res.json.errors?.[0]?.message] : ['error', res.json.error];
    expect(Object.keys(res.json)).toEqual([key]);
    expect(message).toMatch(probe.message!);
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
    const body = typeof probe.body === 'function' ? await probe.body(dl) : probe.body;
    const res = probe.raw
      ? await socketRequest(dl.url, probe.raw(dl))
      : await rawRequest(dl.url, probe.method ?? 'POST', path, { headers: probe.headers?.(dl), body });
    expectAnswer(probe, res);
    probe.check?.(res, dl);
  });

  it("names held results so that no query can guess another job's", async () => {
    const dl = lakes.main;
    const names = [await heldResultName(dl, 'SELECT 1 AS x'), await heldResultName(dl, 'SELECT 2 AS x')];
    for (const name of names) expect(name).toMatch(/^r_[0-9a-f]{32}$/);
    expect(names[0]).not.toBe(names[1]);
  });

  it('refuses every table function of DuckDB but UNNEST, as BigQuery refuses a table-valued function it does not have', async () => {
    const dl = lakes.main;
    const rows = await dl.sql("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('table', 'table_macro') ORDER BY 1");
    const names = rows.map((r) => String(r[0])).filter((n) => n !== 'unnest');
    expect(names).toEqual(expect.arrayContaining(['duckdb_settings', 'query', 'query_table', 'read_csv', 'which_secret', 'enable_logging']));
    for (const name of names) {
      const res = await rawRequest(dl.url, 'POST', QUERIES, { body: query(`SELECT * FROM ${name}()`, { dryRun: true }) });
      expectAnswer({ name, status: 400, reason: 'invalidQuery', message: TVF(name, '1:15') }, res);
    }
  });

  it("refuses every function of DuckDB that is not one of BigQuery's, and no function of BigQuery's list", async () => {
    const dl = lakes.main;
    const rows = await dl.sql("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('scalar', 'aggregate', 'macro') ORDER BY 1");
    const names = rows.map((r) => String(r[0])).filter((n) => /^[a-z_][a-z0-9_]*$/.test(n));
    const refused: string[] = [];
    const kept: string[] = [];
    for (const name of names) {
      const res = await rawRequest(dl.url, 'POST', QUERIES, { body: query(`SELECT ${name}()`, { dryRun: true }) });
      const message: string = res.json?.error?.message ?? '';
      if (message === `Function not found: ${name} at [1:8]`) refused.push(name);
      // Words of DuckDB's grammar (POSITION, TRIM, ...) cannot be called this way at all.
      else if (!message.startsWith('Parser Error:')) kept.push(name);
    }
    expect(refused).toEqual(expect.arrayContaining(['current_setting', 'version', 'getvariable', 'current_database', 'list_transform', 'strftime']));
    expect(kept).toEqual(expect.arrayContaining(['abs', 'concat', 'count', 'regexp_extract', 'safe_divide', 'sha256', 'string_agg', 'upper']));
    for (const name of kept) expect(BIGQUERY_FUNCTIONS.has(name) || PARSER_FUNCTIONS.has(name), name).toBe(true);
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
