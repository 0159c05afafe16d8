// Each BigQuery type through the real @google-cloud/bigquery client and on the
// wire: values, NULLs, non-ASCII text, timestamp formats, named parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BigQuery } from '@google-cloud/bigquery';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { BILLING_PROJECT, bigQueryClient, rest } from './helpers.js';

let dl: Datalake;
let bq: BigQuery;
const TYPES = 'SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha';

beforeAll(async () => {
  dl = await startDatalake();
  bq = bigQueryClient(dl.url);
});
afterAll(async () => {
  await dl.close();
});

describe('wire format of every type', () => {
  it('sends schema fields with REST type names and modes', async () => {
    const { status, json } = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, { query: TYPES, useLegacySql: false });
    expect(status).toBe(200);
    expect(json.schema.fields.map((f: any) => `${f.name}:${f.type}:${f.mode}`)).toEqual([
      'linha:INTEGER:NULLABLE', 'inteiro:INTEGER:NULLABLE', 'flutuante:FLOAT:NULLABLE', 'numerico:NUMERIC:NULLABLE',
      'booleano:BOOLEAN:NULLABLE', 'texto:STRING:NULLABLE', 'data:DATE:NULLABLE', 'data_hora:DATETIME:NULLABLE',
      'instante:TIMESTAMP:NULLABLE', 'geografia:GEOGRAPHY:NULLABLE',
    ]);
  });

  it('writes every value as a string, NULL as null, TIMESTAMP as float seconds by default', async () => {
    const { json } = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, { query: TYPES, useLegacySql: false });
    expect(json.totalRows).toBe('4');
    const rows = json.rows.map((r: any) => r.f.map((c: any) => c.v));
    expect(rows[0]).toEqual(['1', '42', '3.5', '1234.5', 'true', 'São Paulo', '2021-06-01', '2021-06-01T12:30:45.123456', '1.6225614455E9', 'POINT(-46.6333 -23.5505)']);
    expect(rows[1]).toEqual([
      '2', '9007199254740993', '-0.1', '-0.000000001', 'false', 'Ação, "aspas" e emoji 🇧🇷\nsegunda linha',
      '1900-01-01', '1999-12-31T23:59:59', '0.0', 'LINESTRING(-43.2 -22.9, -46.6 -23.5)',
    ]);
    expect(rows[2]).toEqual(['3', null, null, null, null, null, null, null, null, null]);
    expect(rows[3]).toEqual([
      '4', '-9223372036854775808', '1e-7', '99999999999999999999999999999.999999999', 'true', '',
      '2000-02-29', '2000-02-29T00:00:00', '9.51782400000001E8', 'POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))',
    ]);
  });

  it('honours formatOptions.useInt64Timestamp (int64 microseconds)', async () => {
    const { json } = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, {
      query: 'SELECT instante FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha',
      useLegacySql: false,
      formatOptions: { useInt64Timestamp: true },
    });
    expect(json.rows.map((r: any) => r.f[0].v)).toEqual(['1622561445500000', '0', null, '951782400000001']);
    const results = await rest(dl.url, 'GET', `/projects/${BILLING_PROJECT}/queries/${json.jobReference.jobId}?formatOptions.useInt64Timestamp=false`);
    expect(results.json.rows[0].f[0].v).toBe('1.6225614455E9');
  });

  it('gives the Node client typed values it parses back exactly', async () => {
    const [rows] = await bq.query({ query: TYPES, wrapIntegers: true });
    const [first, second, empty, last] = rows as any[];
    expect(first.inteiro.value).toBe('42');
    expect(second.inteiro.value).toBe('9007199254740993');
    expect(last.inteiro.value).toBe('-9223372036854775808');
    expect(first.flutuante).toBe(3.5);
    expect(last.flutuante).toBe(1e-7);
    expect(first.numerico.toString()).toBe('1234.5');
    expect(last.numerico.toFixed()).toBe('99999999999999999999999999999.999999999');
    expect(first.booleano).toBe(true);
    expect(second.booleano).toBe(false);
    expect(first.texto).toBe('São Paulo');
    expect(second.texto).toBe('Ação, "aspas" e emoji 🇧🇷\nsegunda linha');
    expect(last.texto).toBe('');
    expect(first.data.value).toBe('2021-06-01');
    expect(first.data_hora.value).toBe('2021-06-01T12:30:45.123456');
    expect(first.instante.value).toBe('2021-06-01T15:30:45.500Z');
    expect(second.instante.value).toBe('1970-01-01T00:00:00.000Z');
    expect(last.instante.value).toBe('2000-02-29T00:00:00.000001000Z');
    expect(first.geografia.value).toBe('POINT(-46.6333 -23.5505)');
    expect(Object.values(empty).filter((v) => v !== null)).toHaveLength(1);
  });

  it('reads the same values through tabledata.list and tables.get (table.getRows)', async () => {
    const [rows] = await bq.dataset('br_bd_tipos', { projectId: 'basedosdados' }).table('exemplo').getRows();
    expect(rows).toHaveLength(4);
    const byLine = new Map(rows.map((r: any) => [r.linha, r]));
    expect(byLine.get(1).texto).toBe('São Paulo');
    expect(byLine.get(1).instante.value).toBe('2021-06-01T15:30:45.500Z');
    expect(byLine.get(3).geografia).toBeNull();
    const [meta] = await bq.dataset('br_bd_tipos', { projectId: 'basedosdados' }).table('exemplo').getMetadata();
    expect(meta.numRows).toBe('4');
    expect(meta.schema.fields[0]).toMatchObject({ name: 'linha', type: 'INTEGER', mode: 'REQUIRED' });
  });

  it('names unaliased expressions f0_, f1_ like BigQuery', async () => {
    const [rows] = await bq.query('SELECT COUNT(*), MAX(sigla) AS maior, 1 + 1 FROM `basedosdados.br_bd_diretorios_brasil.uf`');
    expect(rows).toEqual([{ f0_: 27, maior: 'TO', f1_: 2 }]);
  });

  it('returns non-ASCII names and the 27 real states', async () => {
    const [rows] = await bq.query("SELECT sigla, nome FROM `basedosdados.br_bd_diretorios_brasil.uf` WHERE nome LIKE '%ã%' ORDER BY sigla");
    expect(rows).toEqual([
      { sigla: 'MA', nome: 'Maranhão' },
      { sigla: 'SP', nome: 'São Paulo' },
    ]);
    const [[count]] = await bq.query('SELECT COUNT(DISTINCT sigla) AS n FROM basedosdados.br_bd_diretorios_brasil.uf');
    expect(count).toEqual({ n: 27 });
  });
});

describe('query parameters', () => {
  it('binds named parameters of several types', async () => {
    const [rows] = await bq.query({
      query:
        'SELECT nome, @n + 1 AS n, @x * 2 AS x, @ok AS ok, @d AS d FROM `basedosdados.br_bd_diretorios_brasil.uf` WHERE sigla = @sigla AND regiao = @regiao',
      params: { sigla: 'SP', regiao: 'Sudeste', n: 41, x: 1.25, ok: true, d: bq.date('2024-02-29') },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0].nome).toBe('São Paulo');
    expect(rows[0].n).toBe(42);
    expect(rows[0].x).toBe(2.5);
    expect(rows[0].ok).toBe(true);
    expect(rows[0].d.value).toBe('2024-02-29');
  });

  it('binds array parameters and NULL parameters with types', async () => {
    const [rows] = await bq.query({
      query: 'SELECT sigla FROM `basedosdados.br_bd_diretorios_brasil.uf` WHERE sigla IN UNNEST(@siglas) AND @nada IS NULL ORDER BY sigla',
      params: { siglas: ['RJ', 'MG', 'ES'], nada: null },
      types: { nada: 'STRING' },
    });
    expect(rows.map((r: any) => r.sigla)).toEqual(['ES', 'MG', 'RJ']);
  });

  it('binds positional parameters', async () => {
    const [rows] = await bq.query({ query: 'SELECT nome FROM `basedosdados.br_bd_diretorios_brasil.uf` WHERE sigla = ? OR sigla = ? ORDER BY nome', params: ['AC', 'AM'] });
    expect(rows.map((r: any) => r.nome)).toEqual(['Acre', 'Amazonas']);
  });

  it('rejects a reference to a missing parameter as invalidQuery with its location', async () => {
    const err: any = await bq.query({ query: 'SELECT @falta', params: { outro: 1 } }).catch((e) => e);
    expect(err.code).toBe(400);
    expect(err.errors[0]).toMatchObject({ reason: 'invalidQuery', location: 'query' });
    expect(err.message).toContain("Query parameter 'falta' not found at [1:8]");
  });
});

describe('SQL translation on the server', () => {
  it('resolves staging and dev projects and the _staging datasets', async () => {
    for (const table of [
      '`basedosdados-staging.br_ibge_pib_staging.municipio`',
      '`basedosdados-dev.br_ibge_pib.municipio`',
      '`basedosdados-dev`.br_ibge_pib_staging.municipio',
      'basedosdados.br_ibge_pib.municipio',
    ]) {
      const [rows] = await bq.query(`SELECT COUNT(*) AS n FROM ${table}`);
      expect(rows[0].n, table).toBe(11140);
    }
  });

  it('computes GDP per capita with SAFE_DIVIDE over a join, like the classic example', async () => {
    const [rows] = await bq.query(`
      SELECT pib.id_municipio, pib.ano, SAFE_DIVIDE(pib.pib, pop.populacao) AS pib_per_capita
      FROM \`basedosdados.br_ibge_pib.municipio\` AS pib
      JOIN \`basedosdados.br_ibge_populacao.municipio\` AS pop USING (id_municipio, ano)
      WHERE pib.id_municipio = '3550308' ORDER BY ano`);
    expect(rows.map((r: any) => r.ano)).toEqual([2020, 2021]);
    const [[check]] = (await dl.sql(
      "SELECT p.pib / q.populacao FROM basedosdados.br_ibge_pib.municipio p JOIN basedosdados.br_ibge_populacao.municipio q USING (id_municipio, ano) WHERE id_municipio = '3550308' AND ano = 2020",
    )) as [[number]];
    expect(rows[0].pib_per_capita).toBeCloseTo(check, 6);
    const [[zero]] = await bq.query('SELECT SAFE_DIVIDE(1, 0) AS x');
    expect(zero).toEqual({ x: null });
  });

  it('supports SAFE_CAST, typed literals, EXCEPT and COUNTIF', async () => {
    const [rows] = await bq.query(`
      SELECT SAFE_CAST('x' AS INT64) AS bad, CAST('2.5' AS NUMERIC) AS num, TIMESTAMP '2020-01-01 00:00:00+00' AS ts,
             (SELECT COUNTIF(regiao = "Sul") FROM \`basedosdados.br_bd_diretorios_brasil.uf\`) AS sul`);
    expect(rows[0].bad).toBeNull();
    expect(rows[0].num.toString()).toBe('2.5');
    expect(rows[0].ts.value).toBe('2020-01-01T00:00:00.000Z');
    expect(rows[0].sul).toBe(3);
    const [[except]] = await bq.query('SELECT * EXCEPT (id_uf, regiao) FROM `basedosdados.br_bd_diretorios_brasil.uf` WHERE sigla = "DF"');
    expect(except).toEqual({ sigla: 'DF', nome: 'Distrito Federal' });
  });
});
