/**
 * The Storage Read API path of the TS SDK against the real local datalake
 * (its gRPC face on loopback): values equal to the REST path's for every type
 * and type mapping, direct table reads (columns, rowRestriction, limit),
 * several streams in table order, a cut stream resumed without a lost or
 * repeated row, the typed errors, and downloads byte-identical across paths.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDatalake, type Datalake } from '../../../datalake/src/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BaseDosDados, TimeoutError, ValidationError } from '../../../sdk-ts/src/index.js';

const BILLING = 'projeto-de-teste';
const TYPES_SQL = 'SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha';
let datalake: Datalake;
let bd: BaseDosDados;

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
  bd = new BaseDosDados({ baseUrl: datalake.url, bigqueryEndpoint: datalake.url, storageEndpoint: datalake.storageEndpoint, billingProjectId: BILLING, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
});
afterEach(() => datalake.faults.clear());
afterAll(async () => {
  await datalake?.close();
});

const operations = (name: string): number => datalake.stats().operations[name] ?? 0;

describe('the same values on both paths', () => {
  const mappings = [{}, { int64: 'bigint', timestamps: 'string' }, { int64: 'string', timestamps: 'date' }] as const;
  it.each(mappings)('every type of br_bd_tipos.exemplo, mapping %o', async (mapping) => {
    const reads = operations('storage.ReadRows');
    const rest = await bd.readSql(TYPES_SQL, { ...mapping, readApi: 'rest' });
    const storage = await bd.readSql(TYPES_SQL, { ...mapping, readApi: 'storage' });
    expect(operations('storage.ReadRows')).toBeGreaterThan(reads);
    expect(rest.length).toBeGreaterThan(3);
    expect(storage).toEqual(rest);
    // Key order too: rows print the same.
    expect(storage.map((row) => Object.keys(row))).toEqual(rest.map((row) => Object.keys(row)));
  });

  it('edge values: NaN, -Infinity, INT64 minimum, BYTES, TIME, arrays, NUMERIC and TIMESTAMP extremes', async () => {
    const sql = `SELECT CAST('NaN' AS FLOAT64) AS nan, CAST('-inf' AS FLOAT64) AS ninf, CAST(-9223372036854775808 AS INT64) AS minint,
      B'abc\\x00' AS bytes, TIME '23:59:59.000001' AS t, TIME '00:00:00' AS t0, [1.5, 2.0] AS floats, ['a', 'b'] AS strs,
      CAST('-12345678901234567890123456789.123456789' AS NUMERIC) AS num, JSON '{"k": [1, 2]}' AS j,
      TIMESTAMP '1969-12-31 23:59:59.999999+00' AS tsneg, DATETIME '0001-01-01 00:00:00' AS dtmin, DATE '9999-12-31' AS dmax,
      TIMESTAMP '9999-12-31 23:59:59.999999+00' AS tsmax`;
    for (const mapping of mappings) {
      const rest = await bd.readSql(sql, { ...mapping, readApi: 'rest' });
      expect(await bd.readSql(sql, { ...mapping, readApi: 'storage' })).toEqual(rest);
    }
    expect(await bd.readSql(sql, { readApi: 'storage' }).columns()).toEqual(await bd.readSql(sql, { readApi: 'rest' }).columns());
  });

  it('gives the same columns and the same wire pages', async () => {
    const rest = bd.readSql(TYPES_SQL, { readApi: 'rest' });
    const storage = bd.readSql(TYPES_SQL, { readApi: 'storage' });
    expect(await storage.columns()).toEqual(await rest.columns());
    const convert = async (rows: typeof rest) => { const out = []; for await (const page of rows.pages()) out.push(page.rows.length); return out; };
    expect((await convert(storage)).reduce((a, b) => a + b, 0)).toBe((await rest).length);
  });
});

describe('reading a table directly', () => {
  it('reads the chosen columns in the order asked, with no query job', async () => {
    const jobs = operations('jobs.insert');
    const direct = await bd.readTable('br_bd_diretorios_brasil', 'uf', { readApi: 'storage', columns: ['nome', 'sigla'] });
    expect(operations('jobs.insert')).toBe(jobs);
    const viaQuery = await bd.readTable('br_bd_diretorios_brasil', 'uf', { readApi: 'rest', columns: ['nome', 'sigla'] });
    expect(direct).toEqual(viaQuery);
    expect(Object.keys(direct[0]!)).toEqual(['nome', 'sigla']);
  });

  it('applies rowRestriction, and limit stops the read', async () => {
    const sp = await bd.readTable('br_bd_diretorios_brasil', 'uf', { columns: ['sigla', 'nome'], rowRestriction: "sigla = 'SP'" });
    expect(sp).toEqual([{ sigla: 'SP', nome: 'São Paulo' }]);
    const first = await bd.readTable('br_bd_sintetico', 'linhas_5000', { readApi: 'storage', columns: ['id'], limit: 1234 });
    expect(first.map((row) => row.id)).toEqual(Array.from({ length: 1234 }, (_, i) => i + 1));
  });

  it('refuses a rowRestriction that escapes its WHERE clause as a ValidationError', async () => {
    await expect(bd.readTable('br_bd_diretorios_brasil', 'uf', { rowRestriction: "sigla = 'SP'; DROP TABLE x" })).rejects.toMatchObject({ kind: 'validation' });
  });

  it('reads several streams in parallel and yields them in table order', async () => {
    const reads = operations('storage.ReadRows');
    const ids: number[] = [];
    for await (const row of bd.readTable<{ id: number }>('br_bd_sintetico', 'linhas_20000', { readApi: 'storage', columns: ['id'], maxStreams: 4 })) ids.push(row.id);
    expect(operations('storage.ReadRows') - reads).toBe(4);
    expect(ids).toEqual(Array.from({ length: 20_000 }, (_, i) => i + 1));
  });
});

describe('faults', () => {
  it('resumes a cut stream from the last offset read: no row lost or repeated', async () => {
    datalake.faults.set({ rules: [{ scope: 'storage', method: 'ReadRows', nth: [1, 3], cutAfterRows: 1500 }] });
    const reads = operations('storage.ReadRows');
    const ids = (await bd.readTable<{ id: number }>('br_bd_sintetico', 'linhas_8000', { readApi: 'storage', columns: ['id'], maxStreams: 2 })).map((row) => row.id);
    expect(operations('storage.ReadRows') - reads).toBe(4);
    expect(ids).toEqual(Array.from({ length: 8000 }, (_, i) => i + 1));
  });

  it('ends an expired session in the timeout kind, saying so', async () => {
    datalake.faults.set({ rules: [{ scope: 'storage', method: 'ReadRows', expireSession: true }] });
    const error = await bd.readTable('br_bd_sintetico', 'linhas_5000', { readApi: 'storage' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/read session expired/);
  });

  it('gives up on a stream that keeps failing with the typed error of its code', async () => {
    datalake.faults.set({ rules: [{ scope: 'storage', method: 'ReadRows', status: 503 }] });
    await expect(bd.readTable('br_bd_sintetico', 'linhas_5000', { readApi: 'storage' })).rejects.toMatchObject({ kind: 'server', attempts: 4 });
  });

  it('bounds each wait for the next message by the per-try timeout, then retries and ends in the timeout kind', async () => {
    datalake.faults.set({ rules: [{ scope: 'storage', method: 'ReadRows', delayMs: 3_000 }] });
    // attempts: each ReadRows try waited 50 ms for a message, then was cancelled and retried (the server may count a cancelled call late).
    await expect(bd.readTable('br_bd_sintetico', 'linhas_2000', { readApi: 'storage', maxStreams: 1, timeoutMs: 50 })).rejects.toMatchObject({ kind: 'timeout', attempts: 4 });
  });

  it('maps PERMISSION_DENIED and NOT_FOUND of CreateReadSession', async () => {
    await expect(bd.readTable('br_bd_sintetico', 'linhas_5000', { readApi: 'storage', billingProjectId: 'projeto-sem-permissao' })).rejects.toMatchObject({ kind: 'access_denied' });
    await expect(bd.readTable('br_bd_sintetico', 'nao_existe', { readApi: 'storage' })).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('an abort cancels the streams with the cancelled kind', async () => {
    const controller = new AbortController();
    const rows = bd.readTable<{ id: number }>('br_bd_sintetico', 'linhas_50000', { readApi: 'storage', signal: controller.signal });
    const seen: number[] = [];
    const error = await (async () => {
      for await (const row of rows) {
        seen.push(row.id);
        if (seen.length === 10) controller.abort(new Error('enough'));
      }
    })().then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ kind: 'cancelled' });
  });

  it("refuses readApi 'storage' without a Storage endpoint, and rowRestriction with 'rest', before any request", async () => {
    const saved = process.env.BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT;
    delete process.env.BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT;
    try {
      const local = new BaseDosDados({ baseUrl: datalake.url, bigqueryEndpoint: datalake.url, billingProjectId: BILLING });
      const before = datalake.stats().requests.total;
      expect(() => local.readSql('SELECT 1', { readApi: 'storage' })).toThrow(ValidationError);
      expect(() => local.readTable('br_bd_diretorios_brasil', 'uf', { rowRestriction: "sigla = 'SP'" })).toThrow(/Storage Read API endpoint/);
      expect(() => bd.readTable('br_bd_diretorios_brasil', 'uf', { readApi: 'rest', rowRestriction: "sigla = 'SP'" })).toThrow(ValidationError);
      expect(() => bd.readSql('SELECT 1', { maxStreams: 0 })).toThrow(ValidationError);
      expect(datalake.stats().requests.total).toBe(before);
    } finally {
      if (saved !== undefined) process.env.BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT = saved;
    }
  });
});

describe('downloads', () => {
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
  it.each(['csv', 'jsonl'] as const)('%s files are byte-identical on both paths', async (format) => {
    const dir = mkdtempSync(join(tmpdir(), 'bd-storage-'));
    for (const source of [TYPES_SQL, 'SELECT * FROM `basedosdados.br_bd_sintetico.linhas_3000`']) {
      const rest = await bd.download(source, join(dir, `rest.${format}`), { readApi: 'rest' });
      const reads = operations('storage.ReadRows');
      const storage = await bd.download(source, join(dir, `storage.${format}`), { readApi: 'storage' });
      expect(operations('storage.ReadRows')).toBeGreaterThan(reads);
      expect(storage.rows).toBe(rest.rows);
      expect(sha(join(dir, `storage.${format}`))).toBe(sha(join(dir, `rest.${format}`)));
    }
    // A table read directly writes the same bytes as the query of it.
    await bd.download({ datasetId: 'br_bd_diretorios_brasil', tableId: 'uf', columns: ['sigla', 'nome'] }, join(dir, `direct.${format}`), { readApi: 'storage' });
    await bd.download({ datasetId: 'br_bd_diretorios_brasil', tableId: 'uf', columns: ['sigla', 'nome'] }, join(dir, `query.${format}`), { readApi: 'rest' });
    expect(sha(join(dir, `direct.${format}`))).toBe(sha(join(dir, `query.${format}`)));
  });
});

describe('close()', () => {
  it('closes the Storage channels of a client, and a later read opens a new one', async () => {
    const own = new BaseDosDados({ baseUrl: datalake.url, bigqueryEndpoint: datalake.url, storageEndpoint: datalake.storageEndpoint, billingProjectId: BILLING });
    const first = await own.readSql(TYPES_SQL, { readApi: 'storage' });
    await own.close();
    await own.close(); // twice is harmless
    expect(await own.readSql(TYPES_SQL, { readApi: 'storage' })).toEqual(first);
    await own.close();
  });
});
