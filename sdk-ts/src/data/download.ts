/**
 * Writing a result to a file without ever leaving a partial one.
 *
 * Before the query runs, the target is prepared: missing parent folders are
 * created (as the basedosdados package does), a target that is a folder is
 * refused, and the temporary file beside it is created, which proves the folder
 * is writable. Rows then stream page by page into that temporary file (gzipped
 * for `.gz` paths), which is flushed to disk and closed, then renamed over the
 * target; a failure or an abort deletes it (or empties it, when its folder no
 * longer lets it be deleted). Parquet goes through DuckDB (an optional
 * dependency): rows are staged as JSONL, then DuckDB converts them with
 * explicit column types. Every filesystem failure is a {@link FileSystemError}
 * (its class from the spec's table) naming the path and the system's code,
 * whatever else fails while cleaning up.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { BaseDosDadosError, cancelledError, createError, ERROR_KINDS, type ErrorKindSpec } from '../core/errors.js';
import { csvHeader, csvLines, duckdbType, jsonLines, type FileFormat } from './formats.js';
import type { ResultPage, WirePage } from './query-rows.js';
import type { ResultColumn } from './values.js';

/** Progress of a download, after each page. */
export interface DownloadProgress {
  readonly rows: number;
  /** Rows in the whole result. */
  readonly totalRows: number;
  /** Bytes written to the file so far (compressed, for a `.gz` file). */
  readonly bytes: number;
}

/** What a download wrote (the spec's DownloadResult). */
export interface DownloadResult {
  readonly path: string;
  readonly format: FileFormat;
  readonly rows: number;
  readonly bytes: number;
}

/** What a path's extension says: the format, and whether a `.gz` after it asks for gzip. */
export interface PathFormat {
  readonly format: FileFormat;
  readonly gzip: boolean;
  /** The extension as written (`.csv.gz`), for messages. */
  readonly extension: string;
}

const EXTENSIONS: Readonly<Record<string, FileFormat>> = { csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl', parquet: 'parquet' };

/** The format a path's extension names (`.csv`, `.jsonl`, `.ndjson`, `.parquet`, each optionally `.gz`), if any. */
export function formatFromPath(path: string): PathFormat | undefined {
  const match = /\.([a-z]+)(\.gz)?$/i.exec(path);
  const format = match ? EXTENSIONS[match[1]!.toLowerCase()] : undefined;
  return format && match ? { format, gzip: match[2] !== undefined, extension: match[0] } : undefined;
}

/** Whether a path asks for gzip (`.gz` at the end), whatever comes before it. */
export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

/** A target ready to be written: folders made, temporary files created. */
export interface PreparedTarget {
  readonly path: string;
  readonly format: FileFormat;
  readonly gzip: boolean;
  readonly temporary: string;
  /** The JSONL staging file of a Parquet download (else the temporary file itself). */
  readonly staging: string;
  readonly handle: FileHandle;
  readonly duckdb?: DuckDB;
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** A filesystem failure as the SDK's FileSystemError, saying what could not be done to which path. */
function fileSystemError(what: string, error: unknown, table: readonly ErrorKindSpec[]): BaseDosDadosError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = error instanceof Error ? error.message : String(error);
  return createError(ERROR_KINDS.filesystem, `download: ${what}: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}`, {
    cause: error,
    ...(code ? { reason: code } : {}),
  }, table);
}

/**
 * Creates `folder` and its missing parents, one level at a time (Node's
 * `mkdir({ recursive: true })` never returns for a path under /proc).
 */
async function makeFolders(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let current = folder; ; current = dirname(current)) {
    const found = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (found) {
      if (!found.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: current });
      break;
    }
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const dir of missing.reverse()) {
    await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

/**
 * Gets `path` ready before any query runs: creates its missing parent folders,
 * refuses a folder as the target, creates the temporary file (proving the folder
 * is writable) and, for Parquet, loads DuckDB. Throws a FileSystemError (or a
 * ValidationError when DuckDB is missing) and leaves no file behind when it cannot.
 *
 * @param temporaryFiles - Where each temporary file's path is recorded before it is created (for interrupts).
 */
/** The error of a download whose target is an existing folder. */
export function folderTargetError(path: string, table: readonly ErrorKindSpec[]): BaseDosDadosError {
  return createError(ERROR_KINDS.filesystem, `download: ${path} is a folder; give the path of a file in it`, { reason: 'EISDIR' }, table);
}

export async function prepareTarget(
  path: string,
  format: FileFormat,
  gzip: boolean,
  table: readonly ErrorKindSpec[],
  temporaryFiles: Set<string> = new Set(),
): Promise<PreparedTarget> {
  const target = resolve(path);
  const folder = dirname(target);
  const duckdb = format === 'parquet' ? await loadDuckDB(table) : undefined;
  try {
    await makeFolders(folder);
  } catch (error) {
    throw fileSystemError(`cannot create the folder ${folder}`, error, table);
  }
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw folderTargetError(path, table);
  const temporary = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.part`);
  const staging = format === 'parquet' ? `${temporary}.jsonl` : temporary;
  temporaryFiles.add(temporary).add(staging);
  const created: string[] = [];
  try {
    if (staging !== temporary) {
      await (await open(temporary, 'wx')).close();
      created.push(temporary);
    }
    const handle = await open(staging, 'wx');
    return { path: target, format, gzip, temporary, staging, handle, ...(duckdb ? { duckdb } : {}) };
  } catch (error) {
    await Promise.all(created.map((file) => rm(file, { force: true }).catch(() => undefined)));
    throw fileSystemError(`cannot write in the folder ${folder}`, error, table);
  }
}

/**
 * Deletes a prepared target's temporary files (after a failure, or when the
 * query could not start). Never throws: what failed before matters, not the
 * cleanup. A file its folder no longer lets be deleted (a read-only folder)
 * is emptied instead, so it holds no disk space.
 */
export async function discardTarget(target: PreparedTarget): Promise<void> {
  await target.handle.close().catch(() => undefined);
  for (const file of new Set([target.staging, target.temporary])) {
    const removed = await rm(file, { force: true }).then(() => true, () => false);
    if (!removed) await truncate(file, 0).catch(() => undefined);
  }
}

/** Streams `pages` into the prepared target as its format; returns what was written. */
export async function writeDownload(
  pages: AsyncIterable<WirePage | ResultPage>,
  target: PreparedTarget,
  options: { signal?: AbortSignal | undefined; onProgress?: ((progress: DownloadProgress) => void) | undefined; errors: readonly ErrorKindSpec[] },
): Promise<DownloadResult> {
  const { signal, errors } = options;
  // flush: the file is synced to disk before the stream closes it, so a late write failure (a full disk) fails the pipeline.
  const file = target.handle.createWriteStream({ encoding: 'utf8', flush: true });
  const written = (): number => file.bytesWritten + file.writableLength;
  let rows = 0;
  let columns: readonly ResultColumn[] = [];
  async function* text(): AsyncGenerator<string> {
    let first = true;
    for await (const page of pages) {
      if (signal?.aborted) throw cancelledError(signal, errors, 'download');
      columns = page.columns;
      if (first && target.format === 'csv') yield csvHeader(columns);
      first = false;
      const format = target.format === 'csv' ? 'csv' : 'jsonl';
      if ('fileLines' in page) yield page.fileLines(format);
      else yield format === 'csv' ? csvLines(columns, page.rows) : jsonLines(columns, page.rows);
      rows += 'fileLines' in page ? page.length : page.rows.length;
      options.onProgress?.({ rows, totalRows: page.totalRows, bytes: written() });
    }
  }
  try {
    const stages: (Readable | Transform)[] = [Readable.from(text()), ...(target.gzip ? [createGzip()] : [])];
    await pipeline([...stages, file], signal ? { signal } : {});
    if (signal?.aborted) throw cancelledError(signal, errors, 'download');
    if (target.format === 'parquet') await jsonlToParquet(target.duckdb!, target.staging, target.temporary, columns, errors);
    try {
      await rename(target.temporary, target.path);
    } catch (error) {
      throw fileSystemError(`cannot move the finished file to ${target.path}`, error, errors);
    }
    return { path: target.path, format: target.format, rows, bytes: (await stat(target.path)).size };
  } catch (error) {
    if (error instanceof BaseDosDadosError) throw error;
    if (isSystemError(error)) throw fileSystemError(`cannot write ${target.path}`, error, errors);
    if (signal?.aborted) throw cancelledError(signal, errors, 'download');
    throw error;
  } finally {
    await discardTarget(target);
  }
}

/** The few DuckDB calls used, so the SDK compiles without DuckDB installed. */
interface DuckDB {
  DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<{ run(sql: string): Promise<unknown>; closeSync(): void }>; closeSync?(): void }> };
}

async function loadDuckDB(table: readonly ErrorKindSpec[]): Promise<DuckDB> {
  try {
    const name = '@duckdb/node-api';
    return (await import(name)) as DuckDB;
  } catch (cause) {
    throw createError(ERROR_KINDS.validation, 'Parquet downloads need DuckDB: `npm install @duckdb/node-api` (or choose format csv or jsonl).', {
      cause,
      invalidParams: [{ name: 'format', label: 'format', reason: 'parquet needs @duckdb/node-api' }],
    }, table);
  }
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function jsonlToParquet(duckdb: DuckDB, jsonl: string, parquet: string, columns: readonly ResultColumn[], table: readonly ErrorKindSpec[]): Promise<void> {
  const instance = await duckdb.DuckDBInstance.create(':memory:');
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
  } catch (error) {
    // DuckDB reports a disk that is full or gone as an "IO Error".
    if (error instanceof Error && /^IO Error/i.test(error.message)) throw fileSystemError(`cannot write the Parquet file ${parquet}`, error, table);
    throw createError(ERROR_KINDS.unknown, `download: DuckDB could not write Parquet: ${error instanceof Error ? error.message : String(error)}`, { cause: error }, table);
  } finally {
    connection.closeSync();
    instance.closeSync?.();
  }
}
