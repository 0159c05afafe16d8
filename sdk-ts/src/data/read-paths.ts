/**
 * Which way a result is read (REST pages or the Storage Read API) and the
 * Storage side of it: the read options checked before any request, the
 * Storage endpoint, and results read as Arrow batches (a query's destination
 * table, or a table read directly with columns, a row restriction and a limit).
 *
 * `auto` reads through the Storage API when an endpoint is known (Google's,
 * or `storageEndpoint`/`BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT` beside a local
 * BigQuery endpoint) and the result has at least {@link STORAGE_MIN_ROWS} rows.
 */
import type { BigQueryReadClient } from '@google-cloud/bigquery-storage';
import type { RecordBatch } from 'apache-arrow';
import type { InvalidParam } from '../core/errors.js';
import { batchRows, CANONICAL, decodeBatch, schemaColumns, type DecodedBatch } from './arrow-values.js';
import { csvLinesOfBatch, jsonLinesOfBatch } from './formats.js';
import type { ResultPage, ResultSource } from './query-rows.js';
import { GOOGLE_STORAGE_ENDPOINT, openSession, readBatches, type StorageReadRequest, type StorageSettings } from './storage-read.js';
import type { ResultColumn, WireRow } from './values.js';

/** Results of at least this many rows are read through the Storage Read API in `auto`. */
export const STORAGE_MIN_ROWS = 100_000;
/** Streams read in parallel by default. */
export const DEFAULT_MAX_STREAMS = 4;

export type ReadApi = 'auto' | 'rest' | 'storage';

/** How one call reads, settled before any request. */
export interface ReadPlan {
  readonly readApi: ReadApi;
  /** `host:port`; undefined when none is known (a local BigQuery endpoint without a Storage one). */
  readonly storageEndpoint: string | undefined;
  readonly maxStreams: number;
  readonly rowRestriction: string | undefined;
}

/** The options a call gives. */
export interface ReadOptionValues {
  readonly readApi?: unknown;
  readonly storageEndpoint?: unknown;
  readonly maxStreams?: unknown;
  readonly rowRestriction?: unknown;
}

/**
 * The read plan of a call, or the problems of its options. `googleBigQuery`:
 * whether BigQuery is Google's (then so is the Storage endpoint by default).
 */
export function settleReadPlan(options: ReadOptionValues, googleBigQuery: boolean, env: NodeJS.ProcessEnv = process.env): ReadPlan | InvalidParam[] {
  const problems: InvalidParam[] = [];
  const readApi = options.readApi ?? 'auto';
  if (readApi !== 'auto' && readApi !== 'rest' && readApi !== 'storage')
    problems.push({ name: 'read_api', label: 'readApi', reason: `must be one of auto, rest, storage (got ${JSON.stringify(readApi)})` });
  const maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  if (typeof maxStreams !== 'number' || !Number.isSafeInteger(maxStreams) || maxStreams < 1 || maxStreams > 1000)
    problems.push({ name: 'max_streams', label: 'maxStreams', reason: `must be an integer from 1 to 1000 (got ${JSON.stringify(maxStreams)})` });
  const endpointOption = options.storageEndpoint;
  if (endpointOption !== undefined && (typeof endpointOption !== 'string' || !/^(\[[0-9a-fA-F:.]+\]|[\w.-]+):\d{1,5}$/.test(endpointOption)))
    problems.push({ name: 'storage_endpoint', label: 'storageEndpoint', reason: `must be host:port (got ${JSON.stringify(String(endpointOption).slice(0, 80))})` });
  const rowRestriction = options.rowRestriction;
  if (rowRestriction !== undefined && (typeof rowRestriction !== 'string' || rowRestriction.trim() === ''))
    problems.push({ name: 'row_restriction', label: 'rowRestriction', reason: 'must be a non-blank SQL boolean expression' });
  else if (rowRestriction !== undefined && readApi === 'rest')
    problems.push({ name: 'row_restriction', label: 'rowRestriction', reason: "needs the Storage Read API: it cannot be used with readApi 'rest'" });
  const storageEndpoint = (endpointOption as string | undefined) || env.BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT || (googleBigQuery ? GOOGLE_STORAGE_ENDPOINT : undefined);
  if (storageEndpoint === undefined && (readApi === 'storage' || rowRestriction !== undefined))
    problems.push({
      name: 'read_api', label: rowRestriction !== undefined ? 'rowRestriction' : 'readApi',
      reason: 'needs a Storage Read API endpoint beside the local BigQuery endpoint: give storageEndpoint or set BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT (host:port)',
    });
  if (problems.length > 0) return problems;
  return { readApi: readApi as ReadApi, storageEndpoint, maxStreams: maxStreams as number, rowRestriction: rowRestriction as string | undefined };
}

/** Whether a query result of `totalRows` rows is read through the Storage API under `plan`. */
export function useStorage(plan: ReadPlan, totalRows: number): boolean {
  if (plan.storageEndpoint === undefined || plan.readApi === 'rest') return false;
  return plan.readApi === 'storage' || totalRows >= STORAGE_MIN_ROWS;
}

/** A canonical value -> its JSON wire cell text (what getQueryResults would send). */
function wireValue(column: ResultColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.mode === 'REPEATED') return (value as unknown[]).map((item) => ({ v: wireValue({ ...column, mode: 'NULLABLE' }, item) }));
  if (column.type === 'RECORD') return { f: (column.fields ?? []).map((field) => ({ v: wireValue(field, (value as Record<string, unknown>)[field.name]) })) };
  return String(value);
}

function wireRows(columns: readonly ResultColumn[], batch: DecodedBatch): WireRow[] {
  const rows: WireRow[] = [];
  for (let i = 0; i < batch.length; i++) rows.push({ f: columns.map((column, c) => ({ v: wireValue(column, batch.values[c]![i]) })) });
  return rows;
}

/** An Arrow batch (its first `length` rows) as a page; decoded only when asked, column-wise. */
function arrowPage(batch: RecordBatch | undefined, columns: readonly ResultColumn[], totalRows: number, length: number): ResultPage {
  const names = columns.map((c) => c.name);
  const decode = (mode: typeof CANONICAL): DecodedBatch =>
    batch ? { ...decodeBatch(batch, mode, names), length } : { names, values: names.map(() => []), length: 0 };
  return {
    columns,
    totalRows,
    length,
    rows: (mapping) => batchRows(decode(mapping)),
    fileLines: (format) => (format === 'csv' ? csvLinesOfBatch(decode(CANONICAL)) : jsonLinesOfBatch(decode(CANONICAL))),
    wire: () => ({ columns, totalRows, rows: wireRows(columns, decode(CANONICAL)) }),
  };
}

/** What a Storage read needs besides the table. */
export interface StorageContext {
  readonly client: BigQueryReadClient;
  readonly settings: StorageSettings;
}

/**
 * Opens a read session on `request.table` and gives its rows as a result.
 * `columns`: the result's columns when known (a query's REST schema), else the
 * session's Arrow schema (in `selectedFields` order); `limit` stops the read
 * after that many rows and cancels the streams.
 */
export async function storageSource(
  context: StorageContext,
  request: StorageReadRequest,
  known: { readonly columns?: readonly ResultColumn[]; readonly totalRows?: number; readonly limit?: number | undefined },
): Promise<ResultSource> {
  const session = await openSession(context.client, request, context.settings);
  const fromSchema = schemaColumns(session.schema);
  const selected = request.selectedFields;
  const columns = known.columns ?? (selected && selected.length > 0 ? selected.map((name) => fromSchema.find((c) => c.name === name)!).filter(Boolean) : fromSchema);
  const limit = known.limit;
  const totalRows = known.totalRows ?? (limit !== undefined ? Math.min(limit, session.estimatedRows) : session.estimatedRows);
  return {
    columns,
    totalRows,
    async *pages() {
      let rows = 0;
      if (limit !== 0) {
        for await (const batch of readBatches(context.client, session, context.settings, request.signal)) {
          const length = limit === undefined ? batch.numRows : Math.min(batch.numRows, limit - rows);
          rows += length;
          yield arrowPage(batch, columns, totalRows, length);
          if (limit !== undefined && rows >= limit) break;
        }
      }
      // An empty result is one empty page, as over REST (a CSV download still gets its header).
      if (rows === 0) yield arrowPage(undefined, columns, totalRows, 0);
    },
  };
}
