// The bytes a query "processes", for dry runs and job statistics.
//
// Rule (deterministic, close to BigQuery's on-demand billing, which charges the
// columns a query reads): for each distinct table the query names, add the
// logical bytes of its columns that the query references: every column when the
// query selects `*` (or `t.*`), otherwise each column whose name appears as an
// identifier anywhere in the query. A column's logical bytes are BigQuery's data
// sizes over its non-NULL values: 8 per INT64/FLOAT64/DATE/DATETIME/TIME/TIMESTAMP,
// 16 per NUMERIC, 1 per BOOL, 2 + UTF-8 length per STRING, 16 + 24 per vertex per
// GEOGRAPHY. `SELECT COUNT(*) FROM t` reads no column: 0 bytes. No 10 MB minimum
// (that applies to bytes billed, reported separately for executed jobs).
import type { TableInfo } from '../data/engine.js';

export function bytesProcessed(tables: readonly TableInfo[], identifiers: ReadonlySet<string>, selectsStar: boolean): number {
  const seen = new Set<string>();
  let total = 0;
  for (const t of tables) {
    const key = `${t.project}.${t.dataset}.${t.table}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const [column, bytes] of t.columnBytes) {
      if (selectsStar || identifiers.has(column)) total += bytes;
    }
  }
  return total;
}

/** On-demand billing: at least 10 MiB per query that reads anything, rounded up to a MiB. */
export function bytesBilled(processed: number): number {
  if (processed === 0) return 0;
  const mib = 1024 * 1024;
  return Math.max(10 * mib, Math.ceil(processed / mib) * mib);
}
