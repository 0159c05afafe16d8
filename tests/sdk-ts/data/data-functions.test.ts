/**
 * The data functions of @basedosdados/sdk through the real
 * @google-cloud/bigquery client against the local datalake: types, large
 * results checked against DuckDB's own computation (also under injected
 * faults), dry runs, every error mapping, the injection corpus, and downloads
 * that leave no file when they fail.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDatalake, syntheticSelect, type Datalake } from '@basedosdados/datalake';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureSdkBuilt } from '../../build-sdk.js';
import {
  AccessDeniedError, BaseDosDados, BillingProjectError, ConnectionError, InvalidQueryError, NotFoundError, RateLimitError, ServerError, ValidationError,
} from '../../../sdk-ts/src/index.js';

const BILLING = 'projeto-de-teste';
let datalake: Datalake;
let bd: BaseDosDados;

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
  bd = new BaseDosDados({ baseUrl: datalake.url, bigqueryEndpoint: datalake.url, billingProjectId: BILLING, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
});
afterEach(() => datalake.faults.clear());
afterAll(async () => {
  await datalake?.close();
});

const tempDir = () => mkdtempSync(join(tmpdir(), 'bd-download-'));

describe('reading rows', () => {
  it('maps every BigQuery type, NULLs and non-ASCII text as documented', async () => {
    const rows = await bd.readSql('SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha');
    expect(rows[0]).toEqual({
      linha: 1, inteiro: 42, flutuante: 3.5, numerico: '1234.5', booleano: true, texto: 'São Paulo', data: '2021-06-01',
      data_hora: '2021-06-01T12:30:45.123456', instante: new Date('2021-06-01T15:30:45.500Z'), geografia: 'POINT(-46.6333 -23.5505)',
    });
    expect(rows[1]!.inteiro).toBe('9007199254740993');
    expect(rows[1]!.texto).toBe('Ação, "aspas" e emoji 🇧🇷\nsegunda linha');
    expect(Object.entries(rows[2]!).filter(([k, v]) => k !== 'linha' && v !== null)).toEqual([]);
    expect(rows[3]!.texto).toBe('');
  });

  it('reads a table\'s chosen columns, with a limit, in order', async () => {
    const ufs = await bd.readTable('br_bd_diretorios_brasil', 'uf', { columns: ['sigla', 'nome'], limit: 2 });
    expect(ufs).toEqual([{ sigla: 'RO', nome: 'Rondônia' }, { sigla: 'AC', nome: 'Acre' }]);
  });

  it('passes named query parameters', async () => {
    const rows = await bd.readSql('SELECT nome FROM `basedosdados.br_bd_diretorios_brasil.uf` WHERE sigla = @sigla', { params: { sigla: 'SP' } });
    expect(rows).toEqual([{ nome: 'São Paulo' }]);
  });
});

/** A checksum of the synthetic table that DuckDB can compute too. */
interface Checksum { rows: number; sumId: bigint; sumIdTimesQuantidade: bigint; ativos: number; siglaChars: number; distinctIds: number }

async function streamChecksum(client: BaseDosDados, n: number): Promise<Checksum> {
  const seen = new Set<number>();
  const sum: Checksum = { rows: 0, sumId: 0n, sumIdTimesQuantidade: 0n, ativos: 0, siglaChars: 0, distinctIds: 0 };
  for await (const row of client.readSql<{ id: number; quantidade: number; ativo: boolean; sigla_uf: string }>(`SELECT * FROM \`basedosdados.br_bd_sintetico.linhas_${n}\``, { pageSize: 20_000 })) {
    sum.rows += 1;
    sum.sumId += BigInt(row.id);
    sum.sumIdTimesQuantidade += BigInt(row.id) * BigInt(row.quantidade);
    sum.ativos += row.ativo ? 1 : 0;
    sum.siglaChars += row.sigla_uf.length;
    seen.add(row.id);
  }
  return { ...sum, distinctIds: seen.size };
}

async function duckdbChecksum(n: number): Promise<Checksum> {
  const [row] = await datalake.sql(`SELECT count(*), sum(id), sum(id * quantidade), count(*) FILTER (WHERE ativo), sum(length(sigla_uf)), count(DISTINCT id) FROM (${syntheticSelect(n)})`);
  const [rows, sumId, product, ativos, chars, distinct] = row as unknown[];
  return { rows: Number(rows), sumId: BigInt(String(sumId)), sumIdTimesQuantidade: BigInt(String(product)), ativos: Number(ativos), siglaChars: Number(chars), distinctIds: Number(distinct) };
}

describe('a 200,000-row result over many pages', () => {
  it('streams every row once: count and checksum match DuckDB\'s own', async () => {
    const want = await duckdbChecksum(200_000);
    expect(await streamChecksum(bd, 200_000)).toEqual(want);
    expect(want.rows).toBe(200_000);
  });

  it('loses and repeats no row when 10% of BigQuery requests fail', async () => {
    datalake.faults.set({ seed: 11, rules: [{ scope: 'bigquery', fraction: 0.1, status: [500, 503, 429], retryAfter: 0 }] });
    const got = await streamChecksum(new BaseDosDados({ bigqueryEndpoint: datalake.url, billingProjectId: BILLING, retry: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 6 } }), 200_000);
    expect(datalake.stats().faults.injected).toBeGreaterThan(0);
    expect(got).toEqual(await duckdbChecksum(200_000));
  });
});

describe('connections cut mid-body', () => {
  it('re-fetches the page that was cut, so every row arrives once', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [2, 3], cut: true }] });
    datalake.resetStats();
    const ids: number[] = [];
    for await (const row of bd.readSql<{ id: number }>('SELECT id FROM `basedosdados.br_bd_sintetico.linhas_30000` ORDER BY id', { pageSize: 5_000 })) ids.push(row.id);
    expect(datalake.stats().faults.cut).toBe(2);
    expect(ids).toEqual(Array.from({ length: 30_000 }, (_, i) => i + 1));
  });
});

describe('estimateQuery', () => {
  it('answers bytes scanned and the on-demand cost from a dry run, without running the query', async () => {
    datalake.resetStats();
    const estimate = await bd.estimateQuery('SELECT id, valor FROM `basedosdados.br_bd_sintetico.linhas_1000000`');
    expect(estimate.bytes_processed).toBe(16_000_000);
    expect(estimate.cost_usd).toBeCloseTo((16_000_000 / 2 ** 40) * 6.25, 15);
    expect(datalake.stats().operations['jobs.getQueryResults'] ?? 0).toBe(0);
  });
});

describe('BigQuery errors as the SDK\'s typed errors', () => {
  const cases: { name: string; run: () => PromiseLike<unknown>; want: new (...args: never[]) => Error; message: RegExp }[] = [
    { name: 'invalid SQL', run: () => bd.readSql('SELEC 1'), want: InvalidQueryError, message: /BigQuery: .*invalidQuery/ },
    { name: 'unknown table', run: () => bd.readSql('SELECT * FROM `basedosdados.br_ibge_pib.nada`'), want: NotFoundError, message: /notFound/ },
    { name: 'a table of another project', run: () => bd.readSql('SELECT * FROM `outro-projeto.a.b`'), want: AccessDeniedError, message: /accessDenied/ },
    { name: 'a billing project without permission', run: () => bd.readSql('SELECT 1', { billingProjectId: 'projeto-sem-permissao' }), want: AccessDeniedError, message: /accessDenied/ },
  ];
  it.each(cases)('$name', async ({ run, want, message }) => {
    const error = await Promise.resolve().then(run).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(want);
    expect((error as Error).message).toMatch(message);
  });

  it('RateLimitError once retries run out on 429s, after the policy\'s attempts', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', fraction: 1, status: 429, retryAfter: 0 }] });
    const error = await bd.readSql('SELECT 1 AS x').then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).attempts).toBe(4);
  });

  it('ServerError once retries run out on 500s', async () => {
    datalake.faults.set({ rules: [{ scope: 'bigquery', fraction: 1, status: 500 }] });
    await expect(bd.estimateQuery('SELECT 1')).rejects.toBeInstanceOf(ServerError);
  });

  it('ConnectionError when nothing listens at the endpoint', async () => {
    const nowhere = new BaseDosDados({ bigqueryEndpoint: 'http://127.0.0.1:9', billingProjectId: BILLING, retry: { maxAttempts: 2, initialDelayMs: 1 } });
    await expect(nowhere.readSql('SELECT 1')).rejects.toBeInstanceOf(ConnectionError);
  });

  it('BillingProjectError before any request, saying how to set it', async () => {
    const saved = { a: process.env.BASEDOSDADOS_BILLING_PROJECT_ID, b: process.env.GOOGLE_CLOUD_PROJECT };
    delete process.env.BASEDOSDADOS_BILLING_PROJECT_ID;
    delete process.env.GOOGLE_CLOUD_PROJECT;
    try {
      datalake.resetStats();
      const anonymous = new BaseDosDados({ bigqueryEndpoint: datalake.url });
      expect(() => anonymous.readSql('SELECT 1')).toThrow(BillingProjectError);
      expect(() => anonymous.readSql('SELECT 1')).toThrow(/BASEDOSDADOS_BILLING_PROJECT_ID/);
      expect(datalake.stats().requests.bigquery).toBe(0);
    } finally {
      if (saved.a !== undefined) process.env.BASEDOSDADOS_BILLING_PROJECT_ID = saved.a;
      if (saved.b !== undefined) process.env.GOOGLE_CLOUD_PROJECT = saved.b;
    }
  });
});

describe('identifiers never reach SQL unless they match the spec', () => {
  const corpus = [
    'x; DROP TABLE y', 'br_ibge_pib`', '`br_ibge_pib`', "br_ibge_pib'", 'br_ibge_pib"', 'outro.projeto', 'br ibge', 'BR_IBGE_PIB',
    'br_іbge_pib' /* Cyrillic і */, 'br_ibge_pib\u200b' /* zero-width space */, 'br_ibge＿pib' /* fullwidth low line */, '', 'a'.repeat(129),
    'br_ibge_pib--', 'br_ibge_pib/*', '../etc',
  ];
  it.each(corpus)('%j is refused with no request', async (bad) => {
    datalake.resetStats();
    expect(() => bd.readTable(bad, 'municipio')).toThrow(ValidationError);
    expect(() => bd.readTable('br_ibge_pib', bad)).toThrow(ValidationError);
    expect(() => bd.readTable('br_ibge_pib', 'municipio', { columns: ['pib', bad] })).toThrow(ValidationError);
    await expect(bd.download({ datasetId: bad, tableId: 'municipio' }, join(tempDir(), 'x.csv'))).rejects.toBeInstanceOf(ValidationError);
    expect(datalake.stats().requests.bigquery).toBe(0);
  });
});

describe('download', () => {
  it('writes Parquet that DuckDB reads back with the same rows and types', async () => {
    const dir = tempDir();
    const result = await bd.download({ datasetId: 'br_bd_tipos', tableId: 'exemplo' }, join(dir, 'tipos.parquet'));
    expect(result).toMatchObject({ format: 'parquet', rows: 4 });
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const back = (await duck.runAndReadAll(`SELECT linha, inteiro, texto, data, numerico FROM read_parquet('${result.path}') ORDER BY linha`)).getRowsJson();
    expect(back).toEqual([
      ['1', '42', 'São Paulo', '2021-06-01', '1234.500000000'],
      ['2', '9007199254740993', 'Ação, "aspas" e emoji 🇧🇷\nsegunda linha', '1900-01-01', '-0.000000001'],
      ['3', null, null, null, null],
      ['4', '-9223372036854775808', '', '2000-02-29', '99999999999999999999999999999.999999999'],
    ]);
    duck.closeSync();
  });

  it('reports progress page by page and writes every row of a large CSV', async () => {
    const dir = tempDir();
    const seen: number[] = [];
    const result = await bd.download('SELECT * FROM `basedosdados.br_bd_sintetico.linhas_50000`', join(dir, 'linhas.csv'), { pageSize: 10_000, onProgress: (p) => seen.push(p.rows) });
    expect(seen).toEqual([10_000, 20_000, 30_000, 40_000, 50_000]);
    expect(readFileSync(result.path, 'utf8').split('\n').length).toBe(50_002); // header + rows + final newline
  });

  it('an aborted download leaves no file, not even a temporary one', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const download = bd.download('SELECT * FROM `basedosdados.br_bd_sintetico.linhas_50000`', join(dir, 'linhas.csv'), {
      pageSize: 5_000,
      signal: controller.signal,
      onProgress: (p) => { if (p.rows >= 10_000) controller.abort(); },
    });
    const error = await download.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CancelledError', kind: 'cancelled' });
    expect((error as Error).cause).toBe(controller.signal.reason);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a download that fails mid-way leaves no file', async () => {
    const dir = tempDir();
    datalake.faults.set({ rules: [{ scope: 'bigquery', nth: [3, 4, 5, 6], status: 500 }] });
    await expect(bd.download('SELECT * FROM `basedosdados.br_bd_sintetico.linhas_50000`', join(dir, 'linhas.jsonl'), { pageSize: 5_000 })).rejects.toBeInstanceOf(ServerError);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'linhas.jsonl'))).toBe(false);
  });
});

describe('the README example', () => {
  // The example imports the package by name: its built output.
  beforeAll(ensureSdkBuilt, 120_000);

  it('computes GDP per capita by joining br_ibge_pib and br_ibge_populacao on the local datalake', async () => {
    // Asynchronous: the datalake answers from this same process.
    const { stdout: out } = await promisify(execFile)(process.execPath, [resolve('sdk-ts/examples/gdp-per-capita.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, BASEDOSDADOS_BIGQUERY_ENDPOINT: datalake.url, BASEDOSDADOS_BILLING_PROJECT_ID: BILLING },
    });
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^scans \d+ bytes, about US\$ \d+\.\d{6} on demand$/);
    expect(lines.slice(1)).toHaveLength(5);
    const perCapita = lines.slice(1).map((l) => Number(/R\$ ([\d.]+) per person/.exec(l)![1]));
    expect(perCapita).toEqual([...perCapita].sort((a, b) => b - a));
  });
});
