// How a stream is read: the SELECT each ReadRows runs, seen through the storage
// server's `query` hook. A base table (a query job's destination table, a
// catalogue table) is read by ranges of DuckDB's rowid and a synthetic table by
// ranges of its `id`, so a stream never makes DuckDB produce the rows before it;
// only views without either (staging and dev) skip rows with OFFSET.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import type { BigQueryReadClient } from '@google-cloud/bigquery-storage';
import { Engine } from '../../datalake/src/data/engine.js';
import { loadCatalogue } from '../../datalake/src/data/catalogue.js';
import { JobStore } from '../../datalake/src/bigquery/jobs.js';
import { FaultController } from '../../datalake/src/faults.js';
import { startStorageServer, type StorageServer } from '../../datalake/src/storage/service.js';
import { EXEMPLO, createSession, decode, linhas, readSession, readStream, storageClient } from './storage-client.js';

const ROWS = 100_000;
/** A result whose table order is not `id` order, so reading it in order proves rowid order is kept. */
const QUERY = `SELECT id, valor, sigla_uf FROM basedosdados.br_bd_sintetico.linhas_${ROWS} ORDER BY valor DESC, id`;

let engine: Engine;
let jobs: JobStore;
let server: StorageServer;
let client: BigQueryReadClient;
let resultTable: string;
let resultRelation: string;
const queries: string[] = [];

beforeAll(async () => {
  engine = await Engine.create(loadCatalogue(), 1, { memoryLimitBytes: 2 * 1024 ** 3 });
  jobs = new JobStore(engine, { deniedProjects: [], maxJobs: 10, maxResultBytes: 1024 ** 3, maxResultAgeMs: 3_600_000, queryTimeoutMs: 60_000 });
  const config = { query: QUERY, useLegacySql: false };
  const job = jobs.start('projeto-de-teste', 'rowid_job', config, {}, await jobs.plan('projeto-de-teste', config), 0);
  await job.done;
  expect(job.error).toBeUndefined();
  resultRelation = job.result!.table;
  resultTable = `projects/${job.destination.projectId}/datasets/${job.destination.datasetId}/tables/${job.destination.tableId}`;
  server = await startStorageServer(
    engine,
    jobs,
    { host: '127.0.0.1', port: 0, maxSessionAgeMs: 3_600_000, maxSessions: 100, minRowsPerStream: 1_000, deniedProjects: [] },
    { faults: new FaultController(1), count: () => undefined, delay: (ms) => new Promise((r) => setTimeout(r, ms)), query: (sql) => queries.push(sql) },
  );
  client = storageClient({ storageEndpoint: server.endpoint });
}, 60_000);
afterAll(async () => {
  await client?.close();
  await server?.close();
  jobs?.close();
  engine?.close();
});

const column = (table: { getChild(name: string): unknown }, name: string): number[] => [...(table.getChild(name) as Iterable<unknown>)].map(Number);
const rowidRange = (from: number, to: number): string => `rowid >= ${from} AND rowid < ${to}`;

describe("a query job's destination table", () => {
  it('keeps the rows of a CREATE TABLE AS numbered by rowid from 0 in result order', async () => {
    const [numbering] = await engine.rows(`SELECT min(rowid), max(rowid), count(*) FROM ${resultRelation}`);
    expect(numbering!.map(Number)).toEqual([0, ROWS - 1, ROWS]);
  });

  it('reads each of 4 streams by its rowid range, all rows in the result order', async () => {
    const expected = (await engine.rows(QUERY)).map((r) => Number(r[0]));
    queries.length = 0;
    const session = await createSession(client, { table: resultTable, maxStreamCount: 4 });
    const { table, perStream } = await readSession(client, session);
    expect(perStream).toEqual([25_000, 25_000, 25_000, 25_000]);
    expect(column(table, 'id')).toEqual(expected);
    expect(queries).toHaveLength(4);
    for (let k = 0; k < 4; k++) expect(queries).toContainEqual(expect.stringContaining(rowidRange(k * 25_000, (k + 1) * 25_000)));
    expect(queries.join('\n')).not.toMatch(/OFFSET|LIMIT/);
  });

  it('resumes a stream at an offset from that row of its range, and refuses an offset past its end', async () => {
    const expected = (await engine.rows(QUERY)).map((r) => Number(r[0]));
    const session = await createSession(client, { table: resultTable, maxStreamCount: 4 });
    const schema = session.arrowSchema!.serializedSchema as Uint8Array;
    queries.length = 0;
    const resumed = await readStream(client, session.streams![2]!.name!, 1_234);
    expect(column(decode(schema, resumed.batches), 'id')).toEqual(expected.slice(51_234, 75_000));
    expect(queries).toEqual([expect.stringContaining(rowidRange(51_234, 75_000))]);
    await expect(readStream(client, session.streams![2]!.name!, 25_001)).rejects.toMatchObject({ code: status.OUT_OF_RANGE });
  });

  it('with a row_restriction, streams are the same table ranges sized by the rows that pass, read and resumed within their range', async () => {
    const restricted = `SELECT id FROM (${QUERY}) WHERE sigla_uf = 'SP' AND id > 50000`;
    const expected = (await engine.rows(restricted)).map((r) => Number(r[0]));
    const perRange = await Promise.all(
      [0, 1, 2, 3].map(async (k) => Number((await engine.rows(`SELECT count(*) FROM ${resultRelation} WHERE ${rowidRange(k * 25_000, (k + 1) * 25_000)} AND sigla_uf = 'SP' AND id > 50000`))[0]![0])),
    );
    const session = await createSession(client, { table: resultTable, maxStreamCount: 4, rowRestriction: "sigla_uf = 'SP' AND id > 50000" });
    expect(Number(session.estimatedRowCount)).toBe(expected.length);
    queries.length = 0;
    const { table, perStream } = await readSession(client, session);
    expect(perStream).toEqual(perRange);
    expect(column(table, 'id')).toEqual(expected);
    for (let k = 0; k < 4; k++) expect(queries).toContainEqual(expect.stringContaining(rowidRange(k * 25_000, (k + 1) * 25_000)));

    const schema = session.arrowSchema!.serializedSchema as Uint8Array;
    const third = session.streams![2]!.name!;
    const resumed = await readStream(client, third, 100);
    const before = perRange[0]! + perRange[1]!;
    expect(column(decode(schema, resumed.batches), 'id')).toEqual(expected.slice(before + 100, before + perRange[2]!));
    await expect(readStream(client, third, perRange[2]! + 1)).rejects.toMatchObject({ code: status.OUT_OF_RANGE });
  });
});

describe('catalogue tables', () => {
  it('reads a base table by rowid, a synthetic table by id and a staging view with OFFSET', async () => {
    queries.length = 0;
    const exemplo = await createSession(client, { table: EXEMPLO });
    await readSession(client, exemplo);
    expect(queries).toEqual([expect.stringContaining(rowidRange(0, Number(exemplo.estimatedRowCount)))]);

    queries.length = 0;
    const synthetic = await createSession(client, { table: linhas(4_000), maxStreamCount: 2 });
    expect(column((await readSession(client, synthetic)).table, 'id')).toEqual(Array.from({ length: 4_000 }, (_, i) => i + 1));
    expect(queries).toContainEqual(expect.stringContaining('id >= 2001 AND id < 4001'));

    queries.length = 0;
    const staging = await createSession(client, { table: EXEMPLO.replace('basedosdados/datasets/br_bd_tipos', 'basedosdados-staging/datasets/br_bd_tipos_staging') });
    expect(Number(staging.estimatedRowCount)).toBe(Number(exemplo.estimatedRowCount));
    await readSession(client, staging);
    expect(queries).toEqual([expect.stringMatching(/ OFFSET 0$/)]);
  });

  it('sizes uneven ranges of a restricted read by the rows of each that pass', async () => {
    const session = await createSession(client, { table: linhas(10_003), maxStreamCount: 4, rowRestriction: "sigla_uf = 'SP'" });
    const bounds = [0, 2_501, 5_002, 7_503, 10_003];
    const expected = await Promise.all(
      [0, 1, 2, 3].map(async (k) => Number((await engine.rows(`SELECT count(*) FROM basedosdados.br_bd_sintetico.linhas_10003 WHERE id > ${bounds[k]} AND id <= ${bounds[k + 1]} AND sigla_uf = 'SP'`))[0]![0])),
    );
    const { table, perStream } = await readSession(client, session);
    expect(perStream).toEqual(expected);
    expect(new Set([...(table.getChild('sigla_uf') as Iterable<string>)])).toEqual(new Set(['SP']));
  });

  it("gives at most 1,000 streams, BigQuery's system limit, however many are asked for", async () => {
    const session = await createSession(client, { table: linhas(5_000_000), maxStreamCount: 5_000, rowRestriction: 'id > 4999990' });
    expect(session.streams).toHaveLength(1_000);
    expect(Number(session.estimatedRowCount)).toBe(10);
  });
});
