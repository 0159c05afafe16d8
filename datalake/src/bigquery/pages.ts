// Result pages: rows read from DuckDB chunk by chunk, each row written to JSON
// on its own, so that (1) a page holds at most maxPageBytes of JSON, as
// BigQuery's ~10 MB, cut to fit, and a single row above it is BigQuery's
// responseTooLarge; and (2) other requests are served between chunks instead
// of waiting for a whole 100,000-row page to be written.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Engine } from '../data/engine.js';
import { RawJson } from '../http.js';
import { responseTooLarge } from './errors.js';
import { converterFor, type TimestampFormat } from './wire-format.js';

export interface PageLimits {
  /** Bytes of JSON the whole response may take. */
  maxPageBytes: number;
  timestamps: TimestampFormat;
}

/**
 * The rows `sql` returns, each as the JSON text of `{f: [{v}, ...]}`, until the
 * next one would not fit in `budget` bytes (with the commas between them).
 */
export async function readRowsJson(engine: Engine, sql: string, budget: number, timestamps: TimestampFormat): Promise<string[]> {
  const conn = await engine.connect();
  try {
    const result = await conn.stream(sql);
    const converters = result.columnTypes().map((t) => converterFor(t, timestamps));
    const rows: string[] = [];
    let used = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) return rows;
      for (const values of chunk.getRows()) {
        const json = JSON.stringify({ f: values.map((v, c) => ({ v: converters[c]!(v) })) });
        const size = Buffer.byteLength(json, 'utf8') + (rows.length > 0 ? 1 : 0);
        if (used + size > budget) {
          if (rows.length === 0) throw responseTooLarge(`one row takes ${size} bytes of JSON, over the ${budget} bytes a page may hold`);
          return rows;
        }
        rows.push(json);
        used += size;
      }
      // Between chunks: let the requests that queued up meanwhile in.
      await nextTurn();
    }
  } finally {
    engine.release(conn);
  }
}

/** The response body: `envelope`'s fields, then `"rows": [...]` when there are rows. */
export function pageJson(envelope: Record<string, unknown>, rows: readonly string[]): RawJson {
  const head = JSON.stringify(envelope);
  if (rows.length === 0) return new RawJson(head);
  const open = head === '{}' ? '{' : `${head.slice(0, -1)},`;
  return new RawJson(`${open}"rows":[${rows.join(',')}]}`);
}

/** Bytes left for rows once the envelope is written. */
export function rowBudget(envelope: Record<string, unknown>, limits: PageLimits): number {
  // Room for `"rows":[]` and a pageToken, which is known only once the rows are.
  return limits.maxPageBytes - Buffer.byteLength(JSON.stringify(envelope), 'utf8') - 96;
}
