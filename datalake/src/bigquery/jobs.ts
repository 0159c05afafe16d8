// Query jobs: plan (translate, check tables, prepare in DuckDB), run, keep the
// materialized result, and serve it page by page.
import { randomBytes } from 'node:crypto';
import {
  LIST,
  StatementType,
  VARCHAR,
  listValue,
  type DuckDBMaterializedResult,
  type DuckDBPreparedStatement,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { LOCATION, type Engine, type TableInfo } from '../data/engine.js';
import { SqlSyntaxError, DUCKDB_TYPE, lineColumn, translateSql, type Translation } from '../sql/translate.js';
import { bytesBilled, bytesProcessed } from './dry-run.js';
import { BigQueryError, accessDenied, invalid, invalidQuery, notFound } from './errors.js';
import { converterFor, schemaField, type SchemaField, type TimestampFormat, type WireRow } from './wire-format.js';

export interface QueryParameter {
  name?: string;
  parameterType?: { type?: string; arrayType?: { type?: string } };
  parameterValue?: { value?: unknown; arrayValues?: Array<{ value?: unknown }> };
}

/** Parameter values are strings in the API, but the Node client sends numbers and booleans as they are. */
function paramText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

/** The query settings shared by jobs.query bodies and jobs.insert `configuration.query`. */
export interface QueryConfig {
  query?: string;
  useLegacySql?: boolean;
  parameterMode?: string;
  queryParameters?: QueryParameter[];
  defaultDataset?: { projectId?: string; datasetId: string };
  maximumBytesBilled?: string;
}

export interface Plan {
  translation: Translation;
  tables: TableInfo[];
  schema: SchemaField[];
  types: DuckDBType[];
  bytes: number;
  prepared: DuckDBPreparedStatement;
  /** Stops the statement if it is running. */
  interrupt(): void;
  release(): void;
}

export interface QueryResult {
  schema: SchemaField[];
  types: DuckDBType[];
  materialized: DuckDBMaterializedResult;
  /** Row offset at which each chunk starts, plus the total at the end. */
  chunkStarts: number[];
  totalRows: number;
}

export type JobState = 'PENDING' | 'RUNNING' | 'DONE';

export interface Job {
  projectId: string;
  jobId: string;
  location: string;
  config: QueryConfig;
  /** The configuration as the client sent it (echoed by jobs.get). */
  rawConfiguration: Record<string, unknown>;
  labels?: Record<string, string>;
  state: JobState;
  createdMs: number;
  startedMs?: number;
  endedMs?: number;
  error?: BigQueryError;
  result?: QueryResult;
  bytes: number;
  schema?: SchemaField[];
  destination: { projectId: string; datasetId: string; tableId: string };
  done: Promise<void>;
  /** Status reads still to answer "not complete" (the incompletePolls fault). */
  incompleteLeft: number;
  requestId?: string;
  cancel(): void;
}

export interface JobStoreOptions {
  /** Billing projects whose jobs are refused with accessDenied. */
  deniedProjects: readonly string[];
  /** Results kept in memory; the oldest finished jobs are forgotten beyond this. */
  maxJobs: number;
}

const jobIdChars = (n: number): string => randomBytes(n).toString('base64url').replaceAll('-', 'x').replaceAll('_', 'y');
export const newJobId = (): string => `job_${jobIdChars(21)}`;

/** Anonymous dataset holding a project's query results, like BigQuery's `_<hash>`. */
export function anonymousDataset(projectId: string): string {
  let h = 0x811c9dc5;
  for (const ch of projectId) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `_${h.toString(16).padStart(8, '0')}${'0'.repeat(32)}`.slice(0, 41);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** DuckDB type of a BigQuery query parameter (scalars and arrays of scalars). */
function parameterDuckType(p: QueryParameter, label: string): string {
  const type = p.parameterType?.type?.toUpperCase();
  if (!type) throw invalid(`Query parameter ${label} has no parameterType.type`);
  if (type === 'ARRAY') {
    const inner = p.parameterType?.arrayType?.type?.toUpperCase();
    const duck = inner ? DUCKDB_TYPE[inner] : undefined;
    if (!duck) throw invalid(`Unsupported array element type for query parameter ${label}: ${inner}`);
    return `${duck}[]`;
  }
  const duck = DUCKDB_TYPE[type];
  if (!duck) throw invalid(`Unsupported type for query parameter ${label}: ${type}`);
  return duck;
}

/** Turns a DuckDB error message into BigQuery's invalidQuery, with `[line:column]` when it shows one. */
export function duckdbQueryError(message: string, original: string, translation: Translation): BigQueryError {
  const first = message.split('\n')[0] ?? message;
  const m = /\nLINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!m) return invalidQuery(first);
  const lineNo = Number(m[1]);
  const shown = m[2]!;
  const caret = m[3]!.length - `LINE ${m[1]}: `.length;
  const lines = translation.sql.split('\n');
  const line = lines[lineNo - 1] ?? '';
  let column = caret;
  if (shown.startsWith('...')) {
    const idx = line.indexOf(shown.slice(3).replace(/\.\.\.$/, ''));
    if (idx >= 0) column = idx + caret - 3;
  }
  const lineStart = lines.slice(0, lineNo - 1).reduce((n, l) => n + l.length + 1, 0);
  const at = lineColumn(original, translation.originalOffset(lineStart + Math.max(0, column)));
  return invalidQuery(`${first} at [${at.line}:${at.column}]`);
}

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly byRequestId = new Map<string, string>();
  private readonly byDestination = new Map<string, Job>();
  private closed = false;
  private stopWaiting: () => void = () => undefined;
  /** Settles when the store closes, releasing every status read that waits. */
  private readonly shutdown = new Promise<void>((resolve) => (this.stopWaiting = resolve));
  created = 0;

  constructor(
    private readonly engine: Engine,
    private readonly options: JobStoreOptions,
  ) {}

  private key(projectId: string, jobId: string): string {
    return `${projectId}:${jobId}`;
  }

  checkBillingProject(projectId: string): void {
    if (this.options.deniedProjects.includes(projectId)) {
      throw accessDenied(`Project ${projectId}: User does not have bigquery.jobs.create permission in project ${projectId}.`);
    }
  }

  /** Translates, resolves tables and prepares the statement; throws BigQueryError. */
  async plan(projectId: string, config: QueryConfig): Promise<Plan> {
    const sql = config.query;
    if (typeof sql !== 'string' || sql.trim() === '') throw invalid('Query text is empty; specify a query.');
    if (config.useLegacySql === true) {
      throw invalidQuery('Legacy SQL is not supported by the local datalake; set useLegacySql to false.');
    }
    const namedTypes = new Map<string, string>();
    const positionalTypes: string[] = [];
    const named = (config.parameterMode ?? '').toUpperCase() !== 'POSITIONAL';
    (config.queryParameters ?? []).forEach((p, i) => {
      if (named) {
        if (!p.name) throw invalid(`Query parameter ${i + 1} has no name but parameterMode is NAMED`);
        namedTypes.set(p.name.toLowerCase(), parameterDuckType(p, p.name));
      } else positionalTypes.push(parameterDuckType(p, String(i + 1)));
    });

    let translation: Translation;
    try {
      translation = translateSql(sql, {
        defaultProject: projectId,
        defaultDataset: config.defaultDataset,
        namedTypes,
        positionalTypes,
      });
    } catch (e) {
      if (e instanceof SqlSyntaxError) {
        const at = lineColumn(sql, e.offset);
        throw invalidQuery(`${e.message} at [${at.line}:${at.column}]`);
      }
      throw e;
    }

    const tables: TableInfo[] = [];
    for (const ref of translation.tables) {
      const name = `${ref.project}:${ref.dataset}.${ref.table}`;
      if (!this.engine.isDataProject(ref.project)) {
        throw accessDenied(`Table ${name}: User does not have permission to query table ${name}, or perhaps it does not exist.`);
      }
      if (!this.engine.hasDataset(ref.project, ref.dataset)) {
        throw notFound(`Dataset ${ref.project}:${ref.dataset} was not found in location ${LOCATION}`);
      }
      const info = await this.engine.table(ref.project, ref.dataset, ref.table);
      if (!info) throw notFound(`Table ${name} was not found in location ${LOCATION}`);
      tables.push(info);
    }

    const conn = await this.engine.connect();
    const release = (): void => this.engine.release(conn);
    try {
      let prepared: DuckDBPreparedStatement;
      try {
        prepared = await conn.prepare(translation.sql);
      } catch (e) {
        throw duckdbQueryError((e as Error).message, sql, translation);
      }
      if (prepared.statementType !== StatementType.SELECT) {
        throw accessDenied('the local datalake is read-only: only SELECT queries can run.');
      }
      const schema: SchemaField[] = [];
      const types: DuckDBType[] = [];
      const names = new Set<string>();
      let anonymous = 0;
      for (let i = 0; i < prepared.columnCount; i++) {
        let name = prepared.columnName(i);
        // BigQuery names unaliased expressions f0_, f1_, ...; DuckDB spells the expression.
        if (!IDENTIFIER.test(name)) name = `f${anonymous++}_`;
        const lower = name.toLowerCase();
        if (names.has(lower)) throw invalidQuery(`Duplicate column names in the result are not supported. Found duplicate(s): ${name}`);
        names.add(lower);
        const type = prepared.columnType(i);
        types.push(type);
        schema.push(schemaField(name, type));
      }
      const bytes = bytesProcessed(tables, translation.identifiers, translation.selectsStar);
      const maxBilled = config.maximumBytesBilled === undefined ? undefined : Number(config.maximumBytesBilled);
      if (maxBilled !== undefined && Number.isFinite(maxBilled) && bytesBilled(bytes) > maxBilled) {
        throw new BigQueryError(
          400,
          'invalid' as const,
          `Query exceeded limit for bytes billed: ${maxBilled}. ${bytesBilled(bytes)} or higher required.`,
        );
      }
      // Bind parameters as text; the translated SQL casts each to its type.
      const values: Record<string, DuckDBValue> = {};
      const bindTypes: Record<string, DuckDBType> = {};
      for (const b of translation.params) {
        const p =
          b.source.kind === 'named'
            ? (config.queryParameters ?? []).find((q) => q.name?.toLowerCase() === (b.source as { name: string }).name)
            : (config.queryParameters ?? [])[b.source.index];
        const isArray = p?.parameterType?.type?.toUpperCase() === 'ARRAY';
        if (isArray) {
          values[b.duckName] = listValue((p?.parameterValue?.arrayValues ?? []).map((v) => paramText(v.value)));
          bindTypes[b.duckName] = LIST(VARCHAR);
        } else {
          values[b.duckName] = paramText(p?.parameterValue?.value);
          bindTypes[b.duckName] = VARCHAR;
        }
      }
      if (translation.params.length > 0) prepared.bind(values, bindTypes);
      return { translation, tables, schema, types, bytes, prepared, release, interrupt: () => conn.interrupt() };
    } catch (e) {
      release();
      throw e;
    }
  }

  /** Creates a job from a plan and starts it; the returned job's `done` settles when it ends. */
  start(
    projectId: string,
    jobId: string,
    config: QueryConfig,
    rawConfiguration: Record<string, unknown>,
    plan: Plan | BigQueryError,
    incompletePolls: number,
    requestId?: string,
  ): Job {
    if (this.closed) throw new BigQueryError(503, 'backendError', 'The datalake is shutting down');
    const now = Date.now();
    const job: Job = {
      projectId,
      jobId,
      location: LOCATION,
      config,
      rawConfiguration,
      state: 'RUNNING',
      createdMs: now,
      startedMs: now,
      bytes: 0,
      destination: { projectId, datasetId: anonymousDataset(projectId), tableId: `anon${jobId.replace(/[^A-Za-z0-9_]/g, '_')}` },
      done: Promise.resolve(),
      incompleteLeft: incompletePolls,
      cancel: () => undefined,
    };
    if (requestId !== undefined) {
      job.requestId = requestId;
      this.byRequestId.set(`${projectId}:${requestId}`, jobId);
    }
    this.jobs.set(this.key(projectId, jobId), job);
    this.byDestination.set(`${projectId}:${job.destination.datasetId}.${job.destination.tableId}`, job);
    this.created++;
    this.evict();

    if (plan instanceof BigQueryError) {
      this.finish(job, plan);
      return job;
    }
    job.bytes = plan.bytes;
    job.schema = plan.schema;
    let cancelled = false;
    job.cancel = () => {
      if (job.state === 'DONE') return;
      cancelled = true;
      plan.interrupt();
    };
    job.done = (async () => {
      try {
        const materialized = await plan.prepared.run();
        if (cancelled) throw new BigQueryError(400, 'stopped', 'Job execution was cancelled: User requested cancellation');
        const chunkStarts: number[] = [];
        let total = 0;
        for (let i = 0; i < materialized.chunkCount; i++) {
          chunkStarts.push(total);
          total += materialized.getChunk(i).rowCount;
        }
        chunkStarts.push(total);
        job.result = { schema: plan.schema, types: plan.types, materialized, chunkStarts, totalRows: total };
        this.finish(job);
      } catch (e) {
        if (cancelled) this.finish(job, new BigQueryError(400, 'stopped', 'Job execution was cancelled: User requested cancellation'));
        else this.finish(job, e instanceof BigQueryError ? e : duckdbQueryError((e as Error).message, config.query ?? '', plan.translation));
      } finally {
        plan.release();
      }
    })();
    return job;
  }

  private finish(job: Job, error?: BigQueryError): void {
    job.state = 'DONE';
    job.endedMs = Date.now();
    if (error) job.error = error;
  }

  /** Forgets the oldest finished jobs beyond maxJobs, so a long `serve` does not grow without bound. */
  private evict(): void {
    if (this.jobs.size <= this.options.maxJobs) return;
    for (const [key, job] of this.jobs) {
      if (this.jobs.size <= this.options.maxJobs) break;
      if (job.state !== 'DONE') continue;
      this.jobs.delete(key);
      this.byDestination.delete(`${job.projectId}:${job.destination.datasetId}.${job.destination.tableId}`);
      if (job.requestId !== undefined) this.byRequestId.delete(`${job.projectId}:${job.requestId}`);
    }
  }

  get(projectId: string, jobId: string, location?: string | null): Job {
    const job = this.jobs.get(this.key(projectId, jobId));
    if (!job || (location && location.toUpperCase() !== job.location)) {
      throw notFound(`Job ${projectId}:${(location || LOCATION).toUpperCase()}.${jobId}`);
    }
    return job;
  }

  has(projectId: string, jobId: string): boolean {
    return this.jobs.has(this.key(projectId, jobId));
  }

  byRequest(projectId: string, requestId: string): Job | undefined {
    const jobId = this.byRequestId.get(`${projectId}:${requestId}`);
    return jobId === undefined ? undefined : this.jobs.get(this.key(projectId, jobId));
  }

  byTable(projectId: string, datasetId: string, tableId: string): Job | undefined {
    return this.byDestination.get(`${projectId}:${datasetId}.${tableId}`);
  }

  hasResultDataset(projectId: string, datasetId: string): boolean {
    return datasetId === anonymousDataset(projectId);
  }

  list(projectId: string): Job[] {
    return [...this.jobs.values()].filter((j) => j.projectId === projectId).reverse();
  }

  /**
   * Whether a status read may say the job is complete: waits up to timeoutMs for
   * it, and answers "not yet" while the incompletePolls fault has reads left.
   */
  async waitComplete(job: Job, timeoutMs: number): Promise<boolean> {
    if (job.incompleteLeft > 0) {
      job.incompleteLeft--;
      return false;
    }
    if (job.state === 'DONE') return true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([job.done, this.shutdown, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    return (job.state as JobState) === 'DONE';
  }

  close(): void {
    this.closed = true;
    this.stopWaiting();
    for (const job of this.jobs.values()) job.cancel();
    this.jobs.clear();
    this.byDestination.clear();
    this.byRequestId.clear();
  }
}

/** Rows [start, start + count) of a result, converted to the wire format, within a byte budget. */
export function readRows(
  result: QueryResult,
  start: number,
  maxCount: number,
  timestamps: TimestampFormat,
  maxBytes = 10 * 1024 * 1024,
): WireRow[] {
  const converters = result.types.map((t) => converterFor(t, timestamps));
  const rows: WireRow[] = [];
  const end = Math.min(result.totalRows, start + maxCount);
  let bytes = 0;
  let chunkIndex = upperBound(result.chunkStarts, start) - 1;
  let pos = start;
  while (pos < end && chunkIndex < result.materialized.chunkCount) {
    const chunkStart = result.chunkStarts[chunkIndex]!;
    const chunk = result.materialized.getChunk(chunkIndex);
    const values = chunk.getRows();
    for (let r = pos - chunkStart; r < values.length && pos < end; r++, pos++) {
      const row = values[r]!;
      const f = row.map((v, c) => ({ v: converters[c]!(v) }));
      rows.push({ f });
      // A rough size; BigQuery caps a page at about 10 MB of JSON.
      for (const cell of f) bytes += typeof cell.v === 'string' ? cell.v.length + 8 : 12;
      if (bytes >= maxBytes) return rows;
    }
    chunkIndex++;
  }
  return rows;
}

function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Page tokens are opaque to clients; here they carry the next row offset. */
export const encodePageToken = (offset: number): string => Buffer.from(`row:${offset}`).toString('base64url');
export function decodePageToken(token: string, total: number): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const m = /^row:(\d+)$/.exec(text);
  const offset = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(offset) || offset > total) throw invalid(`Invalid page token: ${token}`);
  return offset;
}
