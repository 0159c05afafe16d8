// read_options of a read session (selected_fields, row_restriction), ReadRows
// offsets, and the refusals: each one a gRPC status with BigQuery's words,
// never a crash or a stack trace, whatever the request holds.
import { describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import type { BigQueryReadClient } from '@google-cloud/bigquery-storage';
import type { Datalake } from '../../datalake/src/index.js';
import { EXEMPLO, createSession, decode, linhas, readSession, readStream, type SessionRequest, withStorageDatalake } from './storage-client.js';

let dl: Datalake;
let client: BigQueryReadClient;
withStorageDatalake((d, c) => ([dl, client] = [d, c]));

/** The gRPC error a session request gets (it must get one). */
async function refusal(r: SessionRequest): Promise<{ code: number; details: string }> {
  try {
    await createSession(client, r);
  } catch (e) {
    const err = e as { code: number; details: string };
    return { code: err.code, details: err.details };
  }
  throw new Error('the session was created');
}

async function readRefusal(stream: string, offset = 0): Promise<{ code: number; details: string }> {
  try {
    await readStream(client, stream, offset);
  } catch (e) {
    const err = e as { code: number; details: string };
    return { code: err.code, details: err.details };
  }
  throw new Error('the stream was read');
}

describe('selected_fields', () => {
  it('reads only the selected columns, in table order, matched without case', async () => {
    const session = await createSession(client, { table: linhas(50), selectedFields: ['VALOR', 'id'] });
    const { table } = await readSession(client, session);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'valor']);
    expect(table.numRows).toBe(50);
    expect(table.getChild('valor')!.get(0)).toBe(79.19);
  });

  it('refuses an unknown field, a hostile name and a huge list with INVALID_ARGUMENT', async () => {
    const unknown = await refusal({ table: EXEMPLO, selectedFields: ['linha', 'nao_existe'] });
    expect(unknown).toEqual({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('"nao_existe" is not a column') });
    const hostile = await refusal({ table: EXEMPLO, selectedFields: [`linha"; DROP TABLE x; --${'x'.repeat(100_000)}`] });
    expect(hostile.code).toBe(status.INVALID_ARGUMENT);
    expect(hostile.details.length).toBeLessThan(400);
    const many = await refusal({ table: EXEMPLO, selectedFields: Array.from({ length: 20_000 }, (_, i) => `c${i}`) });
    expect(many).toEqual({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('Too many selected_fields') });
  });
});

describe('row_restriction', () => {
  it('filters rows with a BigQuery expression, streams splitting the rows that pass', async () => {
    const session = await createSession(client, { table: linhas(10_000), rowRestriction: "sigla_uf = 'SP' AND id > 100 AND SAFE_DIVIDE(valor, 2) >= 0", maxStreamCount: 2 });
    const { table, perStream } = await readSession(client, session);
    const ids = [...table.getChild('id')!].map(Number);
    const expected = (await dl.sql("SELECT id FROM basedosdados.br_bd_sintetico.linhas_10000 WHERE sigla_uf = 'SP' AND id > 100 ORDER BY id")).map((r) => Number(r[0]));
    expect(ids).toEqual(expected);
    expect(Number(session.estimatedRowCount)).toBe(expected.length);
    expect(perStream.reduce((a, b) => a + b, 0)).toBe(expected.length);
    expect(session.readOptions!.rowRestriction).toBe("sigla_uf = 'SP' AND id > 100 AND SAFE_DIVIDE(valor, 2) >= 0");
  });

  it('reads a restriction no row passes as a session without streams', async () => {
    const session = await createSession(client, { table: EXEMPLO, rowRestriction: 'linha > 100' });
    expect(session.streams).toHaveLength(0);
  });

  it.each([
    ['linha = 1; DROP TABLE x', "';' is not allowed"],
    ['linha = 1 -- and the rest', 'comments are not allowed'],
    ['linha = 1 /* x */', 'comments are not allowed'],
    ['linha = 1 # x', 'comments are not allowed'],
    ['linha = 1) OR (1 = 1', 'unbalanced parentheses'],
    ['(linha = 1', 'unbalanced parentheses'],
    ["texto = 'aberta", 'Unclosed string literal'],
    ['linha IN (SELECT 1)', 'SELECT is not allowed'],
    ['linha = 1 UNION ALL SELECT 1', 'UNION is not allowed'],
    ['linha = @p', 'query parameters are not allowed'],
    ['nao_existe = 1', 'nao_existe'],
    ['x'.repeat(20_000), 'more than 10000'],
  ])('refuses %j with INVALID_ARGUMENT naming why', async (rowRestriction, why) => {
    const r = await refusal({ table: EXEMPLO, rowRestriction });
    expect(r.code).toBe(status.INVALID_ARGUMENT);
    expect(r.details).toContain('Invalid row_restriction');
    expect(r.details).toContain(why);
    expect(r.details).not.toMatch(/\n|at .*\.ts|\/work\//);
  });
});

describe('ReadRows offsets', () => {
  it('resumes a stream at an offset with the rows after it, and ends at once at its end', async () => {
    const session = await createSession(client, { table: linhas(5_000), maxStreamCount: 2 });
    const second = session.streams![1]!.name!;
    const schema = session.arrowSchema!.serializedSchema as Uint8Array;
    const resumed = await readStream(client, second, 1_234);
    const ids = [...decode(schema, resumed.batches).getChild('id')!].map(Number);
    expect(ids).toEqual(Array.from({ length: 2_500 - 1_234 }, (_, i) => 2_500 + 1_234 + i + 1));
    expect((await readStream(client, second, 2_500)).rows).toBe(0);
    const beyond = await readRefusal(second, 2_501);
    expect(beyond.code).toBe(status.OUT_OF_RANGE);
  });
});

describe('refusals', () => {
  it('answers NOT_FOUND for an unknown table, dataset or stream', async () => {
    expect((await refusal({ table: 'projects/basedosdados/datasets/br_bd_tipos/tables/nao_existe' })).code).toBe(status.NOT_FOUND);
    const dataset = await refusal({ table: 'projects/basedosdados/datasets/nao_existe/tables/t' });
    expect(dataset).toEqual({ code: status.NOT_FOUND, details: 'Not found: Dataset basedosdados:nao_existe' });
    const session = await createSession(client, { table: linhas(10) });
    expect((await readRefusal(`${session.name}/streams/7`)).code).toBe(status.NOT_FOUND);
    expect((await readRefusal('projects/p/locations/us/sessions/000000000000000000000000/streams/0')).code).toBe(status.NOT_FOUND);
  });

  it('answers PERMISSION_DENIED for the denied billing project and a project without data', async () => {
    const denied = await refusal({ table: EXEMPLO, parent: 'projects/projeto-sem-permissao' });
    expect(denied.code).toBe(status.PERMISSION_DENIED);
    expect(denied.details).toContain('projeto-sem-permissao');
    expect((await refusal({ table: 'projects/outro-projeto/datasets/d/tables/t' })).code).toBe(status.PERMISSION_DENIED);
  });

  it('answers INVALID_ARGUMENT for malformed names and the AVRO format', async () => {
    expect((await refusal({ table: EXEMPLO, parent: 'projeto-de-teste' })).code).toBe(status.INVALID_ARGUMENT);
    expect((await refusal({ table: 'basedosdados.br_bd_tipos.exemplo' })).code).toBe(status.INVALID_ARGUMENT);
    expect((await refusal({ table: `projects/basedosdados/datasets/br_bd_tipos/tables/${'t'.repeat(5_000)}` })).code).toBe(status.INVALID_ARGUMENT);
    try {
      await client.createReadSession({ parent: 'projects/projeto-de-teste', readSession: { table: EXEMPLO, dataFormat: 'AVRO' } });
      throw new Error('AVRO was accepted');
    } catch (e) {
      expect((e as { code: number }).code).toBe(status.INVALID_ARGUMENT);
      expect((e as { details: string }).details).toContain('ARROW');
    }
  });

  it('answers UNIMPLEMENTED to SplitReadStream', async () => {
    const session = await createSession(client, { table: linhas(10) });
    await expect(client.splitReadStream({ name: session.streams![0]!.name!, fraction: 0.5 })).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
  });
});
