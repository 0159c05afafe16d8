// A stream's rows as Arrow record batches: DuckDB chunks (2,048 rows) are
// gathered into batches of at most maxRows rows, column by column, then each
// batch is written as one IPC record batch message.
import duckdb from '@duckdb/node-bindings';
import type { DuckDBConnection } from '@duckdb/node-api';
import { RecordBatch, Struct, makeData, type Schema } from 'apache-arrow';
import { columnBuilder } from './arrow-columns.js';
import type { ReadField } from './arrow-schema.js';
import { serializeBatch } from './arrow-schema.js';

export const MAX_BATCH_ROWS = 10_000;

export interface EncodedBatch {
  bytes: Uint8Array;
  rows: number;
}

/** The rows of `sql` as serialized record batches of at most `maxRows` rows. */
export async function* arrowBatches(
  conn: DuckDBConnection,
  sql: string,
  fields: readonly ReadField[],
  schema: Schema,
  schemaBytes: number,
  maxRows = MAX_BATCH_ROWS,
): AsyncGenerator<EncodedBatch> {
  const result = await conn.stream(sql);
  const builders = fields.map((f, i) => columnBuilder(f, schema.fields[i]!));
  let rows = 0;
  const flush = (): EncodedBatch => {
    const children = builders.map((b) => b.finish());
    const data = makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children });
    const batch = new RecordBatch(schema, data);
    const encoded = { bytes: serializeBatch(batch, schemaBytes), rows };
    rows = 0;
    return encoded;
  };
  // The next chunk is asked for before this one is copied: DuckDB computes it on
  // its own thread while this (the only JS thread) builds the batch.
  let next = result.fetchChunk();
  try {
    for (;;) {
      const chunk = await next;
      const n = chunk?.rowCount ?? 0;
      if (!chunk || n === 0) break;
      next = result.fetchChunk();
      if (rows > 0 && rows + n > maxRows) yield flush();
      // A chunk above maxRows (DuckDB's are 2,048) would be split here.
      for (let start = 0; start < n; ) {
        const take = Math.min(n - start, maxRows - rows);
        builders.forEach((b, i) => b.append(duckdb.data_chunk_get_vector(chunk.chunk, i), start, take));
        rows += take;
        start += take;
        if (rows >= maxRows) yield flush();
      }
    }
  } finally {
    // A read stopped early leaves a fetch in flight: it settles before the caller
    // closes the connection under it, and its failure is no one's.
    await next.catch(() => undefined);
  }
  if (rows > 0) yield flush();
}
