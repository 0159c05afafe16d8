// Jobs through the real Node client: large paged results checked against DuckDB,
// dry runs, jobComplete:false polling, requestId idempotence, each error shape.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BigQuery } from '@google-cloud/bigquery';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { BILLING_PROJECT, bigQueryClient, rest } from './helpers.js';

let dl: Datalake;
let bq: BigQuery;

beforeAll(async () => {
  // Pages of 15,000 rows: the Node client cannot ask for smaller pages (its maxResults caps the total).
  dl = await startDatalake({ deniedProjects: ['projeto-negado'], defaultPageRows: 15_000 });
  bq = bigQueryClient(dl.url);
});
afterAll(async () => {
  await dl.close();
});
beforeEach(() => {
  dl.faults.clear();
  dl.resetStats();
});

/** Sum of (id * 7 + quantidade) over rows, a checksum that notices a lost or repeated row. */
const checksum = (rows: Array<{ id: number; quantidade: number }>): number => rows.reduce((s, r) => s + r.id * 7 + r.quantidade, 0);

describe('large results', () => {
  it('reads 200,000 rows over many pages, matching DuckDB row count and checksum', async () => {
    const sql = 'SELECT id, quantidade, sigla_uf FROM `basedosdados.br_bd_sintetico.linhas_200000` ORDER BY id';
    const [rows] = (await bq.query(sql)) as [Array<{ id: number; quantidade: number; sigla_uf: string }>];
    const [[count, sum]] = (await dl.sql(
      'SELECT count(*), sum(id * 7 + quantidade) FROM basedosdados.br_bd_sintetico.linhas_200000',
    )) as [[bigint, bigint]];
    expect(rows.length).toBe(Number(count));
    expect(checksum(rows)).toBe(Number(sum));
    expect(new Set(rows.map((r) => r.id)).size).toBe(200_000);
    expect(rows[199_999]!.id).toBe(200_000);
    const stats = dl.stats().operations;
    expect(stats['jobs.query']).toBe(1);
    expect(stats['jobs.getQueryResults']).toBe(Math.ceil(200_000 / 15_000) - 1);
  });

  it('pages getQueryResults with pageToken and startIndex, and tabledata.list on the result table', async () => {
    const first = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, {
      query: 'SELECT id FROM basedosdados.br_bd_sintetico.linhas_25 ORDER BY id',
      useLegacySql: false,
      maxResults: 10,
    });
    expect(first.json.rows.map((r: any) => r.f[0].v)).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 1)));
    const jobId = first.json.jobReference.jobId;
    const second = await rest(dl.url, 'GET', `/projects/${BILLING_PROJECT}/queries/${jobId}?maxResults=10&pageToken=${first.json.pageToken}&location=US`);
    expect(second.json.rows[0].f[0].v).toBe('11');
    const third = await rest(dl.url, 'GET', `/projects/${BILLING_PROJECT}/queries/${jobId}?maxResults=10&pageToken=${second.json.pageToken}`);
    expect(third.json.rows.map((r: any) => r.f[0].v)).toEqual(['21', '22', '23', '24', '25']);
    expect(third.json.pageToken).toBeUndefined();
    const fromIndex = await rest(dl.url, 'GET', `/projects/${BILLING_PROJECT}/queries/${jobId}?startIndex=23&maxResults=100`);
    expect(fromIndex.json.rows.map((r: any) => r.f[0].v)).toEqual(['24', '25']);
    const job = await rest(dl.url, 'GET', `/projects/${BILLING_PROJECT}/jobs/${jobId}`);
    const dest = job.json.configuration.query.destinationTable;
    const data = await rest(dl.url, 'GET', `/projects/${dest.projectId}/datasets/${dest.datasetId}/tables/${dest.tableId}/data?maxResults=3&startIndex=5`);
    expect(data.json.totalRows).toBe('25');
    expect(data.json.rows.map((r: any) => r.f[0].v)).toEqual(['6', '7', '8']);
    const bad = await rest(dl.url, 'GET', `/projects/${BILLING_PROJECT}/queries/${jobId}?pageToken=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.errors[0].reason).toBe('invalid');
  });

  it('reads a table page by page with tabledata.list', async () => {
    // Pages of 15,000 rows: 50,000 rows take four calls.
    const table = bq.dataset('br_bd_sintetico', { projectId: 'basedosdados' }).table('linhas_50000');
    const [rows] = await table.getRows({ autoPaginate: true });
    expect(rows).toHaveLength(50_000);
    expect(checksum(rows as any)).toBe(Array.from({ length: 50_000 }, (_, i) => (i + 1) * 7 + ((i + 1) * 31) % 1000).reduce((a, b) => a + b, 0));
    expect(dl.stats().operations['tabledata.list']).toBe(4);
  });
});

describe('held results', () => {
  it('counts a result as DuckDB stores it: fixed widths, 16 bytes and the text of each string, NULLs as no text', async () => {
    const held = async (sql: string): Promise<number> => {
      const before = dl.stats().jobs;
      const res = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, { query: sql, useLegacySql: false, maxResults: 0 });
      expect(res.status).toBe(200);
      const after = dl.stats().jobs;
      expect(after.held - before.held).toBe(1);
      return after.heldBytes - before.heldBytes;
    };
    // s is NULL on odd ids; t is always 'xy'; id is 8 bytes.
    expect(await held("SELECT CASE WHEN MOD(id, 2) = 0 THEN 'abcd' END AS s, 'xy' AS t, id FROM basedosdados.br_bd_sintetico.linhas_10000")).toBe(
      10_000 * (16 + 16 + 8) + 5_000 * 4 + 10_000 * 2,
    );
    // A tiny result still takes a segment per column.
    expect(await held('SELECT 1 AS x, 2 AS y')).toBe(2 * 16 * 1024);
  });
});

describe('the Python client\'s sequence (google-cloud-bigquery 3.x, checked by hand)', () => {
  it('jobs.insert, jobs.get?projection=full, getQueryResults?maxResults=0, then pages with useInt64Timestamp=True', async () => {
    const jobId = 'b1c2d3e4-0000-4000-8000-00000000abcd';
    const insert = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/jobs?prettyPrint=false`, {
      jobReference: { jobId, projectId: BILLING_PROJECT },
      configuration: { query: { query: 'SELECT instante FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha', useLegacySql: false } },
    });
    expect(insert.status).toBe(200);
    expect(insert.json.jobReference).toEqual({ projectId: BILLING_PROJECT, jobId, location: 'US' });
    const get = await rest(dl.url, 'GET', `/projects/${BILLING_PROJECT}/jobs/${jobId}?projection=full&location=US`);
    expect(get.json.configuration.query.destinationTable.datasetId).toMatch(/^_/);
    const wait = await rest(dl.url, 'GET', `/projects/${BILLING_PROJECT}/queries/${jobId}?maxResults=0&location=US`);
    expect(wait.json).toMatchObject({ jobComplete: true, totalRows: '4' });
    expect(wait.json.rows).toBeUndefined();
    const rows = await rest(
      dl.url,
      'GET',
      `/projects/${BILLING_PROJECT}/queries/${jobId}?fields=jobReference%2CtotalRows%2CpageToken%2Crows&location=US&formatOptions.useInt64Timestamp=True`,
    );
    expect(rows.json.rows.map((r: any) => r.f[0].v)).toEqual(['1622561445500000', '0', null, '951782400000001']);
  });
});

describe('dry run', () => {
  it('answers totalBytesProcessed from the referenced columns, no rows, no job', async () => {
    const [job] = await bq.createQueryJob({ query: 'SELECT populacao FROM `basedosdados.br_ibge_populacao.municipio`', dryRun: true });
    const bytes = Number(job.metadata.statistics.totalBytesProcessed);
    // INT64: 8 bytes per non-NULL value.
    expect(bytes).toBe(11_140 * 8);
    const both = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, {
      query: 'SELECT ano, populacao FROM `basedosdados.br_ibge_populacao.municipio`',
      useLegacySql: false,
      dryRun: true,
    });
    expect(both.json).toMatchObject({ jobComplete: true, totalBytesProcessed: String(2 * 11_140 * 8) });
    expect(both.json.rows).toBeUndefined();
    expect(both.json.jobReference.jobId).toBeUndefined();
    // STRING: 2 bytes + UTF-8 length per value; `*` reads every column.
    const star = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, { query: 'SELECT * FROM basedosdados.br_bd_diretorios_brasil.uf', dryRun: true });
    const [[strings]] = (await dl.sql(
      'SELECT sum(8 + strlen(id_uf) + strlen(sigla) + strlen(nome) + strlen(regiao)) FROM basedosdados.br_bd_diretorios_brasil.uf',
    )) as [[bigint]];
    expect(star.json.totalBytesProcessed).toBe(String(strings));
    const count = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, { query: 'SELECT COUNT(*) FROM basedosdados.br_bd_sintetico.linhas_1000000', dryRun: true });
    expect(count.json.totalBytesProcessed).toBe('0');
    const synthetic = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, { query: 'SELECT SUM(valor) FROM basedosdados.br_bd_sintetico.linhas_1000000', dryRun: true });
    expect(synthetic.json.totalBytesProcessed).toBe(String(8_000_000));
    expect(dl.stats().jobs.created).toBe(0);
  });

  it('reports errors of a dry run like a real run', async () => {
    const err: any = await bq.createQueryJob({ query: 'SELECT x FROM `basedosdados.br_bd_tipos.nao_existe`', dryRun: true }).catch((e) => e);
    expect(err.code).toBe(404);
    expect(err.errors[0].reason).toBe('notFound');
  });
});

describe('polling', () => {
  it('follows jobComplete:false until the job completes (jobs.query then getQueryResults)', async () => {
    dl.faults.set({ incompletePolls: 3 });
    const [rows] = await bq.query('SELECT COUNT(*) AS n FROM `basedosdados.br_ibge_pib.municipio`');
    expect(rows).toEqual([{ n: 11140 }]);
    const ops = dl.stats().operations;
    expect(ops['jobs.query']).toBe(1);
    // The first three reads say "not complete": jobs.query + 2 polls, then one complete poll.
    expect(ops['jobs.getQueryResults']).toBe(3);
  });

  it('follows jobComplete:false after jobs.insert (createQueryJob)', async () => {
    dl.faults.set({ incompletePolls: 2 });
    const [job] = await bq.createQueryJob({ query: 'SELECT sigla FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla LIMIT 2' });
    const [metadata] = await job.getMetadata();
    expect(metadata.status.state).toBe('RUNNING');
    const [rows] = await job.getQueryResults();
    expect(rows).toEqual([{ sigla: 'AC' }, { sigla: 'AL' }]);
    expect(dl.stats().operations['jobs.getQueryResults']).toBe(2);
  });

  it('waits for a slow query up to timeoutMs, then says jobComplete:false', async () => {
    const res = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, {
      query: 'SELECT COUNT(DISTINCT a.id + b.id) AS n FROM basedosdados.br_bd_sintetico.linhas_10000 a, basedosdados.br_bd_sintetico.linhas_10000 b',
      timeoutMs: 1,
    });
    expect(res.status).toBe(200);
    expect(res.json.jobComplete).toBe(false);
    expect(res.json.rows).toBeUndefined();
    const jobId = res.json.jobReference.jobId;
    await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/jobs/${jobId}/cancel`);
    const after = await rest(dl.url, 'GET', `/projects/${BILLING_PROJECT}/queries/${jobId}?timeoutMs=20000`);
    expect(after.status).toBe(400);
    expect(after.json.error.errors[0].reason).toBe('stopped');
  });
});

describe('requestId idempotence', () => {
  it('answers a retried jobs.query with the job of the first attempt', async () => {
    const body = { query: 'SELECT 1 AS x', useLegacySql: false, requestId: 'c0ffee00-0000-4000-8000-000000000001' };
    const a = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, body);
    const b = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, body);
    expect(b.json.jobReference.jobId).toBe(a.json.jobReference.jobId);
    expect(dl.stats().jobs.created).toBe(1);
    const other = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, { ...body, requestId: 'c0ffee00-0000-4000-8000-000000000002' });
    expect(other.json.jobReference.jobId).not.toBe(a.json.jobReference.jobId);
  });

  it('keeps one job for concurrent attempts with the same requestId', async () => {
    const body = { query: 'SELECT COUNT(*) AS n FROM basedosdados.br_bd_sintetico.linhas_100000', requestId: 'c0ffee00-0000-4000-8000-000000000003' };
    const answers = await Promise.all([1, 2, 3].map(() => rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, body)));
    expect(new Set(answers.map((a) => a.json.jobReference.jobId)).size).toBe(1);
    expect(answers.every((a) => a.json.rows[0].f[0].v === '100000')).toBe(true);
    expect(dl.stats().jobs.created).toBe(1);
  });

  it('keeps one job when the first answer is lost mid-body and the client retries', async () => {
    dl.faults.set({ rules: [{ scope: 'bigquery', path: '/queries', method: 'POST', nth: [1], cut: true }] });
    const client = bigQueryClient(dl.url, { maxRetries: 2 });
    const [rows] = await client.query('SELECT 41 + 1 AS answer');
    expect(rows).toEqual([{ answer: 42 }]);
    expect(dl.stats().faults.cut).toBe(1);
    expect(dl.stats().operations['jobs.query']).toBe(2);
    expect(dl.stats().jobs.created).toBe(1);
  });

  it('answers a repeated jobs.insert of the same jobId with 409 duplicate', async () => {
    const body = { jobReference: { projectId: BILLING_PROJECT, jobId: 'meu_job_1' }, configuration: { query: { query: 'SELECT 1', useLegacySql: false } } };
    expect((await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/jobs`, body)).status).toBe(200);
    const again = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/jobs`, body);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 409, status: 'ALREADY_EXISTS', errors: [{ reason: 'duplicate' }] });
  });
});

describe('error shapes', () => {
  const shape = (json: any, code: number, reason: string): void => {
    expect(json.error.code).toBe(code);
    expect(typeof json.error.message).toBe('string');
    expect(typeof json.error.status).toBe('string');
    expect(json.error.errors).toHaveLength(1);
    expect(json.error.errors[0]).toMatchObject({ reason, domain: 'global', message: json.error.message });
  };

  it('notFound for unknown tables, datasets and jobs', async () => {
    const table = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, { query: 'SELECT * FROM `basedosdados.br_ibge_pib.nao_existe`' });
    expect(table.status).toBe(404);
    shape(table.json, 404, 'notFound');
    expect(table.json.error.message).toBe('Not found: Table basedosdados:br_ibge_pib.nao_existe was not found in location US');
    const dataset = await rest(dl.url, 'GET', '/projects/basedosdados/datasets/br_nao_existe');
    shape(dataset.json, 404, 'notFound');
    const job = await rest(dl.url, 'GET', `/projects/${BILLING_PROJECT}/queries/job_nao_existe`);
    shape(job.json, 404, 'notFound');
    expect(job.json.error.status).toBe('NOT_FOUND');
    const err: any = await bq.dataset('br_ibge_pib', { projectId: 'basedosdados' }).table('nao_existe').getMetadata().catch((e) => e);
    expect(err.code).toBe(404);
  });

  it('invalidQuery with the location of a DuckDB parse or bind error in the original SQL', async () => {
    const parse = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, { query: 'SELECT *\nFORM `basedosdados.br_ibge_pib.municipio`' });
    shape(parse.json, 400, 'invalidQuery');
    expect(parse.json.error.errors[0].location).toBe('query');
    expect(parse.json.error.message).toMatch(/at \[2:\d+\]$/);
    const bind = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, {
      query: 'SELECT ano, nao_existe FROM `basedosdados.br_ibge_populacao.municipio`',
    });
    shape(bind.json, 400, 'invalidQuery');
    expect(bind.json.error.message).toContain('at [1:13]');
    const after = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, {
      query: "SELECT 'São Paulo' AS s FROM `basedosdados.br_ibge_populacao.municipio` WHERE nao_existe = 1",
    });
    // The backtick name is rewritten to a longer DuckDB name; the column still points into the original.
    expect(after.json.error.message).toContain('at [1:79]');
  });

  it('invalidQuery surfaces from getQueryResults for a job created by jobs.insert', async () => {
    const err: any = await bq.createQueryJob({ query: 'SELECT nada FROM `basedosdados.br_bd_tipos.exemplo`' }).catch((e) => e);
    expect(err.errors[0]).toMatchObject({ reason: 'invalidQuery', location: 'query' });
  });

  it('accessDenied for projects outside Base dos Dados and for the denied billing project', async () => {
    const table = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, { query: 'SELECT * FROM `outro-projeto.dados.tabela`' });
    expect(table.status).toBe(403);
    shape(table.json, 403, 'accessDenied');
    expect(table.json.error.status).toBe('PERMISSION_DENIED');
    const billing = await rest(dl.url, 'POST', '/projects/projeto-negado/queries', { query: 'SELECT 1' });
    shape(billing.json, 403, 'accessDenied');
    const err: any = await bigQueryClient(dl.url).query('SELECT * FROM `outro-projeto.dados.tabela`').catch((e) => e);
    expect(err.code).toBe(403);
    expect(err.errors[0].reason).toBe('accessDenied');
  });

  it('rateLimitExceeded from fault injection, with Retry-After', async () => {
    dl.faults.set({ rules: [{ scope: 'bigquery', status: 429, retryAfter: 3, nth: [1] }] });
    const res = await fetch(`${dl.url}/bigquery/v2/projects/${BILLING_PROJECT}/queries`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: 'SELECT 1' }) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    shape(await res.json(), 429, 'rateLimitExceeded');
  });

  it('serves the routes without the /bigquery/v2 prefix too (BIGQUERY_EMULATOR_HOST)', async () => {
    const res = await fetch(`${dl.url}/projects/${BILLING_PROJECT}/queries`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: 'SELECT 7 AS n' }) });
    const json: any = await res.json();
    expect(json.rows[0].f[0].v).toBe('7');
    const unknown = await fetch(`${dl.url}/bigquery/v2/projects/${BILLING_PROJECT}/nada`);
    expect(unknown.status).toBe(404);
    shape(await unknown.json(), 404, 'notFound');
  });
});
