// The Storage Read API of the datalake read with the official Node client
// (@google-cloud/bigquery-storage) and decoded with apache-arrow: Arrow types
// as BigQuery sends them, the same values as the REST face, streams that
// partition the rows in order, query results, batches of at most 10,000 rows.
import { describe, expect, it } from 'vitest';
import type { BigQueryReadClient } from '@google-cloud/bigquery-storage';
import type { Datalake } from '../../datalake/src/index.js';
import { BILLING_PROJECT, rest } from './helpers.js';
import { EXEMPLO, batchRowCounts, createSession, decode, linhas, rawClient, readSession, readStream, withStorageDatalake } from './storage-client.js';
import { restRows } from './storage-values.js';

let dl: Datalake;
let client: BigQueryReadClient;
withStorageDatalake((d, c) => ([dl, client] = [d, c]));

const arrowTypes = (table: { schema: { fields: { name: string; type: unknown; nullable: boolean; metadata: Map<string, string> }[] } }): string[] =>
  table.schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable ? 'null' : 'required'}${f.metadata.size ? `:${f.metadata.get('ARROW:extension:name')}` : ''}`);

describe('a catalogue table', () => {
  it('reads every type of br_bd_tipos.exemplo with BigQuery Arrow types and the REST face values', async () => {
    const session = await createSession(client, { table: EXEMPLO });
    expect(session.name).toMatch(/^projects\/projeto-de-teste\/locations\/us\/sessions\/[0-9a-f]+$/);
    expect(session.dataFormat).toBe('ARROW');
    expect(session.table).toBe(EXEMPLO);
    expect(Number(session.estimatedRowCount)).toBe(4);
    expect(Number(session.expireTime!.seconds) * 1000).toBeGreaterThan(Date.now() + 5 * 3600 * 1000);
    const { table } = await readSession(client, session);
    expect(arrowTypes(table)).toEqual([
      'linha:Int64:required', 'inteiro:Int64:null', 'flutuante:Float64:null', 'numerico:Decimal[38e+9]:null', 'booleano:Bool:null',
      'texto:Utf8:null', 'data:Date32<DAY>:null', 'data_hora:Timestamp<MICROSECOND>:null', 'instante:Timestamp<MICROSECOND, UTC>:null',
      'geografia:Utf8:null:google:sqlType:geography',
    ]);
    const viaRest = await rest(dl.url, 'GET', '/projects/basedosdados/datasets/br_bd_tipos/tables/exemplo/data?formatOptions.useInt64Timestamp=true');
    expect(restRows(table)).toEqual(viaRest.json.rows.map((r: any) => r.f.map((c: any) => c.v)));
    expect(restRows(table)[1]).toContain('Ação, "aspas" e emoji 🇧🇷\nsegunda linha');
  });

  it('splits a table into contiguous streams in table order, nothing lost or repeated', async () => {
    const session = await createSession(client, { table: linhas(25_003), maxStreamCount: 3 });
    expect(session.streams).toHaveLength(3);
    const { table, perStream } = await readSession(client, session);
    expect(perStream).toEqual([8335, 8334, 8334]);
    const ids = [...table.getChild('id')!].map(Number);
    expect(ids).toEqual(Array.from({ length: 25_003 }, (_, i) => i + 1));
    expect(table.getChild('sigla_uf')!.get(0)).toBe('AC');
  });

  it('gives 4 streams by default, at most one per 1,000 rows, and none for an empty table', async () => {
    expect((await createSession(client, { table: linhas(100_000) })).streams).toHaveLength(4);
    expect((await createSession(client, { table: linhas(2_500), maxStreamCount: 10 })).streams).toHaveLength(3);
    expect((await createSession(client, { table: linhas(10) })).streams).toHaveLength(1);
    const empty = await createSession(client, { table: linhas(0) });
    expect(empty.streams).toHaveLength(0);
    expect(Number(empty.estimatedRowCount)).toBe(0);
    expect(decode(empty.arrowSchema!.serializedSchema as Uint8Array, []).numRows).toBe(0);
  });

  it('sends batches of at most 10,000 rows with row counts, progress and throttle state', async () => {
    const session = await createSession(client, { table: linhas(30_000), maxStreamCount: 1 });
    const read = await readStream(client, session.streams![0]!.name!);
    const schema = session.arrowSchema!.serializedSchema as Uint8Array;
    const counts = batchRowCounts(schema, read.batches);
    expect(counts.every((n) => n > 0 && n <= 10_000)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30_000);
    expect(read.responses.map((r) => Number(r.rowCount))).toEqual(counts);
    expect(read.responses.map((r) => Number(r.arrowRecordBatch.rowCount))).toEqual(counts);
    const last = read.responses[read.responses.length - 1];
    expect(read.responses[0].stats.progress.atResponseStart).toBe(0);
    expect(last.stats.progress.atResponseEnd).toBe(1);
    expect(last.throttleState.throttlePercent).toBe(0);
  });
});

describe('flow control', () => {
  it('waits for a client that reads slowly and still sends every row in order', async () => {
    const session = await createSession(client, { table: linhas(200_000), maxStreamCount: 1 });
    const schema = session.arrowSchema!.serializedSchema as Uint8Array;
    const raw = rawClient(dl);
    const batches: Uint8Array[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const call = raw.ReadRows({ read_stream: session.streams![0]!.name!, offset: 0 });
        call.on('data', (r) => {
          batches.push(r.arrow_record_batch.serialized_record_batch);
          // Paused, the client stops taking data: the server's writes must wait for it.
          call.pause();
          setTimeout(() => call.resume(), 10);
        });
        call.on('end', resolve);
        call.on('error', reject);
      });
    } finally {
      raw.close();
    }
    const ids = [...decode(schema, batches).getChild('id')!].map(Number);
    expect(ids).toEqual(Array.from({ length: 200_000 }, (_, i) => i + 1));
  });
});

describe("a query job's destination table", () => {
  it('reads the result of a query, with BYTES, TIME, JSON, BIGNUMERIC, arrays and unnamed columns', async () => {
    const query = "SELECT b'abc' AS bytes, TIME '12:34:56.789' AS hora, JSON '{\"a\":1}' AS j, BIGNUMERIC '1.5' AS big, CAST('-2.25' AS BIGNUMERIC) AS big2, [1,2,3] AS arr, 1+1, CAST(NULL AS STRING) AS nada, ST_GEOGPOINT(1, 2) AS g, NUMERIC '-0.5' AS n";
    const created = await rest(dl.url, 'POST', `/projects/${BILLING_PROJECT}/queries`, { query, useLegacySql: false, formatOptions: { useInt64Timestamp: true } });
    expect(created.status).toBe(200);
    const job = await rest(dl.url, 'GET', `/projects/${BILLING_PROJECT}/jobs/${created.json.jobReference.jobId}`);
    const dest = job.json.configuration.query.destinationTable;
    const session = await createSession(client, { table: `projects/${dest.projectId}/datasets/${dest.datasetId}/tables/${dest.tableId}` });
    const { table } = await readSession(client, session);
    expect(arrowTypes(table)).toEqual([
      'bytes:Binary:null', 'hora:Time64<MICROSECOND>:null', 'j:Utf8:null:google:sqlType:json', 'big:Decimal[76e+38]:null', 'big2:Decimal[76e+38]:null',
      'arr:List<Int64>:null', 'f0_:Int64:null', 'nada:Utf8:null', 'g:Utf8:null:google:sqlType:geography', 'n:Decimal[38e+9]:null',
    ]);
    expect(restRows(table)).toEqual(created.json.rows.map((r: any) => r.f.map((c: any) => (Array.isArray(c.v) ? c.v.map((x: any) => x.v) : c.v))));
  });
});
