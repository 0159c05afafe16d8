// Query jobs: run a plan into a result table of the engine, keep it within a
// byte budget and an age limit, stop it at its time limit, and forget it (its
// table dropped) when it is evicted; an evicted job is not found, as in BigQuery
// once its results expire.
import { randomBytes } from 'node:crypto';
import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';
import { LOCATION, type Engine } from '../data/engine.js';
import { BigQueryError, accessDenied, jobTimedOut, notFound, responseTooLarge } from './errors.js';
import { duckdbQueryError, planQuery, type Plan, type QueryConfig } from './plan.js';
import type { SchemaField } from './wire-format.js';

export type { Plan, QueryConfig, QueryParameter } from './plan.js';

export interface QueryResult {
  schema: SchemaField[];
  /** Qualified name of the engine table holding the rows, in order. */
  table: string;
  totalRows: number;
  /** What the rows take in DuckDB, counted against the byte budget. */
  bytes: number;
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
  /** Pages being read from the result table right now (such a job is not evicted). */
  readers: number;
  cancel(): void;
}

export interface JobStoreOptions {
  /** Billing projects whose jobs are refused with accessDenied. */
  deniedProjects: readonly string[];
  /** Jobs remembered; the oldest finished ones are forgotten beyond this. */
  maxJobs: number;
  /** Bytes all held results may take together; one result above it fails with responseTooLarge. */
  maxResultBytes: number;
  /** Finished jobs older than this are forgotten (ms). */
  maxResultAgeMs: number;
  /** Longest a query may run (ms); a job's jobTimeoutMs can only shorten it. */
  queryTimeoutMs: number;
}

/** What an almost empty column of a result table costs DuckDB anyway. */
const MIN_COLUMN_BYTES = 16 * 1024;

const jobIdChars = (n: number): string => randomBytes(n).toString('base64url').replaceAll('-', 'x').replaceAll('_', 'y');
export const newJobId = (): string => `job_${jobIdChars(21)}`;

/** Anonymous dataset holding a project's query results, like BigQuery's `_<hash>`. */
export function anonymousDataset(projectId: string): string {
  let h = 0x811c9dc5;
  for (const ch of projectId) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `_${h.toString(16).padStart(8, '0')}${'0'.repeat(32)}`.slice(0, 41);
}

/** Bytes DuckDB keeps per value of fixed-size types; strings and nested values add their text. */
function fixedBytes(type: DuckDBType): number | undefined {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.SQLNULL:
      return 1;
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.USMALLINT:
      return 2;
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DATE:
      return 4;
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 8;
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.INTERVAL:
      return 16;
    default:
      return undefined;
  }
}

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly byRequestId = new Map<string, string>();
  private readonly byDestination = new Map<string, Job>();
  private closed = false;
  private stopWaiting: () => void = () => undefined;
  /** Settles when the store closes, releasing every status read that waits. */
  private readonly shutdown = new Promise<void>((resolve) => (this.stopWaiting = resolve));
  /** Forgets old results even when no request comes. */
  private readonly sweeper: NodeJS.Timeout;
  created = 0;

  constructor(
    private readonly engine: Engine,
    private readonly options: JobStoreOptions,
  ) {
    this.sweeper = setInterval(() => this.evict(), Math.max(1_000, Math.min(60_000, options.maxResultAgeMs / 2)));
    this.sweeper.unref();
  }

  private key(projectId: string, jobId: string): string {
    return `${projectId}:${jobId}`;
  }

  checkBillingProject(projectId: string): void {
    if (this.options.deniedProjects.includes(projectId)) {
      throw accessDenied(`Project ${projectId}: User does not have bigquery.jobs.create permission in project ${projectId}.`);
    }
  }

  plan(projectId: string, config: QueryConfig): Promise<Plan> {
    return planQuery(this.engine, projectId, config);
  }

  /** Results held now. */
  get heldCount(): number {
    let n = 0;
    for (const job of this.jobs.values()) if (job.result) n++;
    return n;
  }

  /** Bytes the results held now take together. */
  get heldBytes(): number {
    let total = 0;
    for (const job of this.jobs.values()) total += job.result?.bytes ?? 0;
    return total;
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
    if (this.closed) {
      if (!(plan instanceof BigQueryError)) plan.release();
      throw new BigQueryError(503, 'backendError', 'The datalake is shutting down');
    }
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
      readers: 0,
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
    job.done = this.run(job, plan);
    return job;
  }

  /** Runs the plan into a result table, within the time limit and the byte budget. */
  private async run(job: Job, plan: Plan): Promise<void> {
    const limitMs = Math.min(this.options.queryTimeoutMs, job.config.jobTimeoutMs && job.config.jobTimeoutMs > 0 ? job.config.jobTimeoutMs : Infinity);
    let stoppedBy: 'cancel' | 'timeout' | undefined;
    const stop = (why: 'cancel' | 'timeout'): void => {
      if (job.state === 'DONE' || stoppedBy) return;
      stoppedBy = why;
      plan.interrupt();
    };
    job.cancel = () => stop('cancel');
    const timer = setTimeout(() => stop('timeout'), limitMs);
    const table = this.engine.newResultTable();
    const checkStopped = (): void => {
      if (stoppedBy === 'cancel') throw new BigQueryError(400, 'stopped', 'Job execution was cancelled: User requested cancellation');
      if (stoppedBy === 'timeout') throw jobTimedOut(limitMs);
    };
    let created = false;
    try {
      const hasParams = Object.keys(plan.values).length > 0;
      const counted = await plan.connection.run(
        `CREATE TABLE ${table} AS ${plan.translation.sql}`,
        hasParams ? plan.values : undefined,
        hasParams ? plan.bindTypes : undefined,
      );
      created = true;
      checkStopped();
      const totalRows = Number((await counted.getRows())[0]?.[0] ?? 0);
      const bytes = await this.measure(plan, table, totalRows);
      checkStopped();
      if (bytes > this.options.maxResultBytes) {
        throw responseTooLarge(`the result takes ${bytes} bytes, over the ${this.options.maxResultBytes} bytes the local datalake holds`);
      }
      job.result = { schema: plan.schema, table, totalRows, bytes };
      this.finish(job);
    } catch (e) {
      if (created) void this.engine.dropResult(table);
      let error: BigQueryError;
      try {
        checkStopped();
        error = e instanceof BigQueryError ? e : duckdbQueryError((e as Error).message, job.config.query ?? '', plan.translation);
      } catch (stopped) {
        error = stopped as BigQueryError;
      }
      this.finish(job, error);
    } finally {
      clearTimeout(timer);
      plan.release();
    }
    if (this.closed && job.result) void this.engine.dropResult(table);
    this.evict(job);
  }

  /** Fixed-size values by their width, strings and nested values by their text; at least a segment per column. */
  private async measure(plan: Plan, table: string, rows: number): Promise<number> {
    let perRow = 0;
    const variable: string[] = [];
    plan.types.forEach((type, i) => {
      const fixed = fixedBytes(type);
      if (fixed !== undefined) perRow += fixed;
      else {
        perRow += 16; // DuckDB's string header
        // Columns by position (#n): the table's names are DuckDB's, deduplicated.
        const length = type.typeId === DuckDBTypeId.VARCHAR ? `strlen(#${i + 1})` : `strlen(CAST(#${i + 1} AS VARCHAR))`;
        variable.push(`coalesce(${length}, 0)`);
      }
    });
    let text = 0;
    if (variable.length > 0 && rows > 0) {
      const reader = await plan.connection.runAndReadAll(`SELECT CAST(coalesce(sum(${variable.join(' + ')}), 0) AS BIGINT) FROM ${table}`);
      text = Number(reader.getRows()[0]![0] as bigint);
    }
    // DuckDB gives every column of a table at least one segment (10-35 KiB measured for one row).
    return Math.max(rows * perRow + text, plan.types.length * MIN_COLUMN_BYTES);
  }

  private finish(job: Job, error?: BigQueryError): void {
    job.state = 'DONE';
    job.endedMs = Date.now();
    if (error) job.error = error;
  }

  /**
   * Forgets finished jobs that are too old, beyond maxJobs, or whose results
   * take the byte budget (oldest first); `keep` (a job that just finished) stays.
   * A job whose pages are being read waits for the next pass.
   */
  private evict(keep?: Job): void {
    const now = Date.now();
    let held = this.heldBytes;
    for (const [key, job] of this.jobs) {
      if (job.state !== 'DONE' || job.readers > 0) continue;
      const old = now - (job.endedMs ?? job.createdMs) > this.options.maxResultAgeMs;
      const tooMany = this.jobs.size > this.options.maxJobs;
      const tooBig = held > this.options.maxResultBytes && job !== keep && job.result !== undefined;
      if (!old && !tooMany && !tooBig) continue;
      this.jobs.delete(key);
      this.byDestination.delete(`${job.projectId}:${job.destination.datasetId}.${job.destination.tableId}`);
      if (job.requestId !== undefined) this.byRequestId.delete(`${job.projectId}:${job.requestId}`);
      if (job.result) {
        held -= job.result.bytes;
        void this.engine.dropResult(job.result.table);
        job.result = undefined;
      }
    }
  }

  /** Runs `read` on a job's result while keeping it from eviction. */
  async withResult<T>(job: Job, read: (result: QueryResult) => Promise<T>): Promise<T> {
    if (!job.result) throw notFound(`Job ${job.projectId}:${job.location}.${job.jobId}`);
    job.readers++;
    try {
      return await read(job.result);
    } finally {
      job.readers--;
    }
  }

  get(projectId: string, jobId: string, location?: string | null): Job {
    this.evict();
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
    clearInterval(this.sweeper);
    this.stopWaiting();
    for (const job of this.jobs.values()) job.cancel();
    this.jobs.clear();
    this.byDestination.clear();
    this.byRequestId.clear();
  }
}

/** Page tokens are opaque to clients; here they carry the next row offset. */
export const encodePageToken = (offset: number): string => Buffer.from(`row:${offset}`).toString('base64url');
export function decodePageToken(token: string, total: number): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const m = /^row:(\d+)$/.exec(text);
  const offset = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(offset) || offset > total) throw new BigQueryError(400, 'invalid', `Invalid page token: ${token.slice(0, 80)}`);
  return offset;
}
