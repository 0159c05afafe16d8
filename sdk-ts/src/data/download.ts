/**
 * Writing a result to a file without ever leaving a partial one: rows stream
 * page by page into a temporary file beside the target, which is renamed
 * only once complete. A failure or an abort deletes the temporary file.
 * Parquet goes through DuckDB (an optional dependency): the rows are staged
 * as JSONL, then DuckDB converts them with explicit column types.
 */
import { createWriteStream, existsSync, rmSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { ValidationError } from '../core/errors.js';
import { abortError } from '../core/retry.js';
import { csvHeader, csvLines, duckdbType, jsonLines, type FileFormat } from './formats.js';
import type { WirePage } from './query-rows.js';
import type { ResultColumn } from './values.js';

/** Progress of a download, after each page. */
export interface DownloadProgress {
  readonly rows: number;
  /** Rows in the whole result. */
  readonly totalRows: number;
  readonly bytes: number;
}

/** What a download wrote (the spec's DownloadResult). */
export interface DownloadResult {
  readonly path: string;
  readonly format: FileFormat;
  readonly rows: number;
  readonly bytes: number;
}

export function formatFromPath(path: string): FileFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ext === 'csv' || ext === 'jsonl' || ext === 'parquet' ? ext : ext === 'ndjson' ? 'jsonl' : undefined;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function closeStream(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolveClose, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolveClose())));
}

/** Streams `pages` into `path` as `format`; returns what was written. */
export async function writeDownload(
  pages: AsyncIterable<WirePage>,
  path: string,
  format: FileFormat,
  options: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {},
): Promise<DownloadResult> {
  const target = resolve(path);
  if (!existsSync(dirname(target))) throw new ValidationError(`download: the folder of ${path} does not exist`);
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.part`);
  const staging = format === 'parquet' ? `${temporary}.jsonl` : temporary;
  const stream = createWriteStream(staging, { encoding: 'utf8' });
  let rows = 0;
  let columns: readonly ResultColumn[] = [];
  try {
    let first = true;
    for await (const page of pages) {
      if (options.signal?.aborted) throw abortError(options.signal);
      columns = page.columns;
      if (first && format === 'csv') await write(stream, csvHeader(columns));
      first = false;
      await write(stream, format === 'csv' ? csvLines(columns, page.rows) : jsonLines(columns, page.rows));
      rows += page.rows.length;
      options.onProgress?.({ rows, totalRows: page.totalRows, bytes: stream.bytesWritten + stream.writableLength });
    }
    await closeStream(stream);
    if (options.signal?.aborted) throw abortError(options.signal);
    if (format === 'parquet') await jsonlToParquet(staging, temporary, columns);
    renameSync(temporary, target);
    return { path: target, format, rows, bytes: statSync(target).size };
  } catch (error) {
    stream.destroy();
    throw error;
  } finally {
    rmSync(temporary, { force: true });
    if (staging !== temporary) rmSync(staging, { force: true });
  }
}

/** The few DuckDB calls used, so the SDK compiles without DuckDB installed. */
interface DuckDB {
  DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<{ run(sql: string): Promise<unknown>; closeSync(): void }>; closeSync?(): void }> };
}

async function loadDuckDB(): Promise<DuckDB> {
  try {
    const name = '@duckdb/node-api';
    return (await import(name)) as DuckDB;
  } catch (cause) {
    throw new ValidationError('Parquet downloads need DuckDB: `npm install @duckdb/node-api` (or choose format csv or jsonl).', { cause });
  }
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function jsonlToParquet(jsonl: string, parquet: string, columns: readonly ResultColumn[]): Promise<void> {
  const { DuckDBInstance } = await loadDuckDB();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    // Bounded memory: DuckDB streams the staged rows into Parquet row groups.
    await connection.run("SET memory_limit = '256MB'");
    await connection.run('SET threads = 1');
    const types = `{${columns.map((c) => `${sqlString(c.name)}: ${sqlString(duckdbType(c))}`).join(', ')}}`;
    const names = columns.map((c) => `"${c.name.replaceAll('"', '""')}"`).join(', ');
    await connection.run(
      `COPY (SELECT ${names || '*'} FROM read_json(${sqlString(jsonl)}, format = 'newline_delimited', columns = ${types})) ` +
      `TO ${sqlString(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync?.();
  }
}
