// The official Node client of the BigQuery Storage Read API pointed at the local
// datalake (insecure gRPC on loopback), and reads decoded with apache-arrow.
import { BigQueryReadClient } from '@google-cloud/bigquery-storage';
import { credentials, makeGenericClientConstructor, type ClientReadableStream } from '@grpc/grpc-js';
import { bigQueryReadService } from '../../datalake/src/storage/protos.js';
import { RecordBatchReader, tableFromIPC, type Table } from 'apache-arrow';
import { PassThroughClient } from 'google-auth-library';
import { afterAll, beforeAll } from 'vitest';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';

export const PARENT = 'projects/projeto-de-teste';
export const EXEMPLO = 'projects/basedosdados/datasets/br_bd_tipos/tables/exemplo';
export const linhas = (n: number): string => `projects/basedosdados/datasets/br_bd_sintetico/tables/linhas_${n}`;

/** A test file's datalake and official read client: started before its tests (handed to `use`), closed after them. */
export function withStorageDatalake(use: (dl: Datalake, client: BigQueryReadClient) => void): void {
  let dl: Datalake | undefined;
  let client: BigQueryReadClient | undefined;
  beforeAll(async () => {
    dl = await startDatalake();
    client = storageClient(dl);
    use(dl, client);
  });
  afterAll(async () => {
    await client?.close();
    await dl?.close();
  });
}

export function storageClient(dl: Pick<Datalake, 'storageEndpoint'>): BigQueryReadClient {
  const port = Number(dl.storageEndpoint.slice(dl.storageEndpoint.lastIndexOf(':') + 1));
  // gax uses sslCreds as the channel's credentials instead of Google's; the PassThroughClient keeps it from looking for any.
  // gaxServerStreamingRetries: ReadRows retries only its retry codes (UNAVAILABLE), not every error 3 times.
  return new BigQueryReadClient({ apiEndpoint: '127.0.0.1', port, sslCreds: credentials.createInsecure(), authClient: new PassThroughClient(), gaxServerStreamingRetries: true } as never);
}

export interface SessionRequest {
  table: string;
  selectedFields?: string[];
  rowRestriction?: string;
  maxStreamCount?: number;
  parent?: string;
}

export async function createSession(client: BigQueryReadClient, r: SessionRequest) {
  const [session] = await client.createReadSession({
    parent: r.parent ?? PARENT,
    readSession: { table: r.table, dataFormat: 'ARROW', readOptions: { selectedFields: r.selectedFields ?? [], rowRestriction: r.rowRestriction ?? '' } },
    maxStreamCount: r.maxStreamCount ?? 0,
  });
  return session;
}

export interface StreamRead {
  /** serialized_record_batch of each response, in order. */
  batches: Uint8Array[];
  responses: any[];
  rows: number;
}

/** Every response of ReadRows(stream, offset) until the stream ends (or fails: the error is thrown, `read` holds what came before). */
export function readStream(client: BigQueryReadClient, stream: string, offset = 0, read: StreamRead = { batches: [], responses: [], rows: 0 }): Promise<StreamRead> {
  // No retry by gax: it would send the same offset again (the SDKs resume from the last offset read).
  // Events, not `for await`: with gaxServerStreamingRetries gax emits 'data' without pushing it to the readable's buffer.
  return new Promise((resolve, reject) => {
    const call = client.readRows({ readStream: stream, offset }, { maxRetries: 0 });
    call.on('data', (r: any) => {
      read.responses.push(r);
      read.batches.push(r.arrowRecordBatch!.serializedRecordBatch as Uint8Array);
      read.rows += Number(r.rowCount);
    });
    call.on('error', reject);
    call.on('end', () => resolve(read));
  });
}

/** The schema bytes and batch bytes decoded as one Arrow table. */
export function decode(schema: Uint8Array, batches: readonly Uint8Array[]): Table {
  return tableFromIPC(Buffer.concat([schema, ...batches]));
}

/** The same bytes through a RecordBatchReader: one batch per message, no more. */
export function batchRowCounts(schema: Uint8Array, batches: readonly Uint8Array[]): number[] {
  return [...RecordBatchReader.from(Buffer.concat([schema, ...batches]))].map((b) => b.numRows);
}

/** Reads every stream of a session in order and decodes them into one table. */
export async function readSession(client: BigQueryReadClient, session: any): Promise<{ table: Table; perStream: number[] }> {
  const schema = session.arrowSchema.serializedSchema as Uint8Array;
  const reads = await Promise.all((session.streams as { name: string }[]).map((s) => readStream(client, s.name)));
  return { table: decode(schema, reads.flatMap((r) => r.batches)), perStream: reads.map((r) => r.rows) };
}

export interface RawReadClient {
  ReadRows(request: { read_stream: string; offset: number }): ClientReadableStream<any>;
  close(): void;
}

/** A bare grpc-js client of the service (snake_case fields): for what gax hides, flow control and cancellation. */
export function rawClient(dl: Datalake): RawReadClient {
  const Client = makeGenericClientConstructor(bigQueryReadService(), 'BigQueryRead');
  return new Client(dl.storageEndpoint, credentials.createInsecure()) as unknown as RawReadClient;
}
