// The BigQuery REST v2 calls the official clients make, served under
// `/bigquery/v2/...` (Node's apiEndpoint) and at the root (BIGQUERY_EMULATOR_HOST).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ident, qualified, LOCATION, type Engine, type TableInfo } from '../data/engine.js';
import { BodyError, readJson, send, type RequestContext } from '../http.js';
import { bytesBilled } from './dry-run.js';
import { BigQueryError, accessDenied, invalid, notFound } from './errors.js';
import {
  JobStore,
  decodePageToken,
  encodePageToken,
  newJobId,
  readRows,
  type Job,
  type Plan,
  type QueryConfig,
} from './jobs.js';
import { converterFor, tableSchema, type SchemaField, type TimestampFormat, type WireRow } from './wire-format.js';

export interface BigQueryFaceOptions {
  /** Rows per page when the client gives no maxResults (BigQuery's own cap is ~10 MB). */
  defaultPageRows: number;
  /** Upper bound on rows per page whatever maxResults says. */
  maxPageRows: number;
  /** Default wait of jobs.query and getQueryResults for a running job (BigQuery: 10 s). */
  defaultTimeoutMs: number;
  incompletePolls(): number;
}

export const BIGQUERY_PREFIX = '/bigquery/v2';

/** Whether a path belongs to the BigQuery face. */
export function isBigQueryPath(path: string): boolean {
  return path === BIGQUERY_PREFIX || path.startsWith(`${BIGQUERY_PREFIX}/`) || path.startsWith('/projects/') || path === '/projects';
}

const etag = (): string => Buffer.from(String(Date.now())).toString('base64');

function timestampFormat(useInt64: unknown, outputFormat: unknown): TimestampFormat {
  const fmt = typeof outputFormat === 'string' ? outputFormat.toUpperCase() : '';
  if (fmt === 'ISO8601_STRING') return 'iso';
  if (fmt === 'INT64') return 'int64';
  if (fmt === 'FLOAT64') return 'float';
  // Python sends `True`, Node `true`.
  return useInt64 === true || (typeof useInt64 === 'string' && useInt64.toLowerCase() === 'true') ? 'int64' : 'float';
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw invalid(`Invalid value for ${name}: ${raw}`);
  return n;
}

function intField(body: Record<string, unknown>, name: string): number | undefined {
  const raw = body[name];
  if (raw === undefined || raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw invalid(`Invalid value for ${name}: ${String(raw)}`);
  return n;
}

const asObject = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export class BigQueryFace {
  /** jobs.query requests being planned, by project and requestId. */
  private readonly creating = new Map<string, Promise<Job>>();

  constructor(
    private readonly engine: Engine,
    readonly jobs: JobStore,
    private readonly options: BigQueryFaceOptions,
  ) {}

  async handle(ctx: RequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(ctx, req, res);
    } catch (e) {
      const err =
        e instanceof BigQueryError
          ? e
          : e instanceof BodyError
            ? invalid(e.message)
            : new BigQueryError(500, 'internalError', `Internal error: ${(e as Error).message}`);
      send(ctx, res, err.code, err.body());
    }
  }

  private async route(ctx: RequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = ctx.path.startsWith(BIGQUERY_PREFIX) ? ctx.path.slice(BIGQUERY_PREFIX.length) : ctx.path;
    const seg = path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    const m = ctx.method;
    const [p0, project, kind, id, sub, tableId, leaf] = seg;
    const notRoute = (): never => {
      throw notFound(`URL ${ctx.path}`);
    };
    if (p0 !== 'projects' || project === undefined) return notRoute();
    const reply = (body: unknown, status = 200): void => send(ctx, res, status, body);

    if (kind === 'queries') {
      if (id === undefined && m === 'POST') return reply(await this.jobsQuery(project, asObject(await readJson(req))));
      if (id !== undefined && sub === undefined && m === 'GET') return reply(await this.getQueryResults(project, id, ctx.query));
      return notRoute();
    }
    if (kind === 'jobs') {
      if (id === undefined && m === 'POST') return reply(await this.jobsInsert(project, asObject(await readJson(req))));
      if (id === undefined && m === 'GET') return reply(this.jobsList(project));
      if (id !== undefined && sub === undefined && m === 'GET') return reply(this.jobsGet(project, id, ctx.query.get('location')));
      if (id !== undefined && sub === 'cancel' && m === 'POST') {
        const job = this.jobs.get(project, id, ctx.query.get('location'));
        job.cancel();
        return reply({ kind: 'bigquery#jobCancelResponse', job: this.jobResource(job) });
      }
      return notRoute();
    }
    if (kind === 'datasets' && m === 'GET') {
      if (id === undefined) return reply(this.datasetsList(project));
      if (sub === undefined) return reply(this.datasetsGet(project, id));
      if (sub === 'tables' && tableId === undefined) return reply(this.tablesList(project, id));
      if (sub === 'tables' && tableId !== undefined && leaf === undefined) return reply(await this.tablesGet(project, id, tableId));
      if (sub === 'tables' && tableId !== undefined && leaf === 'data') return reply(await this.tabledataList(project, id, tableId, ctx.query));
    }
    return notRoute();
  }

  // --- jobs ------------------------------------------------------------------

  private async jobsQuery(projectId: string, body: Record<string, unknown>): Promise<unknown> {
    this.jobs.checkBillingProject(projectId);
    const config = body as QueryConfig;
    const format = asObject(body.formatOptions);
    const timestamps = timestampFormat(format.useInt64Timestamp, format.timestampOutputFormat);
    const maxResults = intField(body, 'maxResults');
    const timeoutMs = intField(body, 'timeoutMs') ?? this.options.defaultTimeoutMs;
    const requestId = typeof body.requestId === 'string' && body.requestId !== '' ? body.requestId : undefined;

    if (body.dryRun === true) {
      const plan = await this.jobs.plan(projectId, config);
      plan.release();
      return {
        kind: 'bigquery#queryResponse',
        jobReference: { projectId, location: LOCATION },
        schema: { fields: plan.schema },
        totalBytesProcessed: String(plan.bytes),
        jobComplete: true,
        cacheHit: false,
      };
    }
    // A retried request (same requestId) gets the job the first attempt created,
    // even when that attempt is still being planned.
    const key = `${projectId}:${requestId}`;
    let job = requestId === undefined ? undefined : this.jobs.byRequest(projectId, requestId);
    if (!job && requestId !== undefined && this.creating.has(key)) job = await this.creating.get(key)!.catch(() => undefined);
    if (!job) {
      const creation = (async () => {
        const plan = await this.jobs.plan(projectId, config);
        const configuration = { query: { ...stripRequestOnly(body), useLegacySql: false }, jobType: 'QUERY' };
        return this.jobs.start(projectId, newJobId(), config, configuration, plan, this.options.incompletePolls(), requestId);
      })();
      if (requestId !== undefined) {
        this.creating.set(key, creation);
        creation.finally(() => this.creating.delete(key)).catch(() => undefined);
      }
      job = await creation;
    }
    const complete = await this.jobs.waitComplete(job, timeoutMs);
    const response: Record<string, unknown> = {
      kind: 'bigquery#queryResponse',
      jobReference: this.jobReference(job),
      jobComplete: complete,
    };
    if (!complete) return response;
    if (job.error) throw job.error;
    return { ...response, ...this.resultPage(job, 0, maxResults, timestamps) };
  }

  private async jobsInsert(projectId: string, body: Record<string, unknown>): Promise<unknown> {
    this.jobs.checkBillingProject(projectId);
    const configuration = asObject(body.configuration);
    const queryConfig = asObject(configuration.query);
    if (configuration.query === undefined) {
      throw invalid('Only query jobs are supported by the local datalake (configuration.query is missing).');
    }
    const ref = asObject(body.jobReference);
    const jobId = typeof ref.jobId === 'string' && ref.jobId !== '' ? ref.jobId : newJobId();
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(jobId)) throw invalid(`Invalid job ID "${jobId}".`);
    const dryRun = configuration.dryRun === true;
    const config = queryConfig as QueryConfig;
    if (dryRun) {
      const plan = await this.jobs.plan(projectId, config);
      plan.release();
      const now = String(Date.now());
      return {
        kind: 'bigquery#job',
        etag: etag(),
        jobReference: { projectId, location: LOCATION },
        configuration: { ...configuration, jobType: 'QUERY', dryRun: true },
        statistics: {
          creationTime: now,
          totalBytesProcessed: String(plan.bytes),
          query: {
            totalBytesProcessed: String(plan.bytes),
            totalBytesBilled: '0',
            cacheHit: false,
            statementType: 'SELECT',
            schema: { fields: plan.schema },
          },
        },
        status: { state: 'DONE' },
      };
    }
    if (this.jobs.has(projectId, jobId)) {
      throw new BigQueryError(409, 'duplicate', `Already Exists: Job ${projectId}:${LOCATION}.${jobId}`);
    }
    let plan: Plan | BigQueryError;
    try {
      plan = await this.jobs.plan(projectId, config);
    } catch (e) {
      if (!(e instanceof BigQueryError)) throw e;
      plan = e; // BigQuery records a failed job; its errors come back in status.
    }
    const raw = { ...configuration, query: { ...queryConfig, useLegacySql: queryConfig.useLegacySql ?? true }, jobType: 'QUERY' };
    const job = this.jobs.start(projectId, jobId, config, raw, plan, this.options.incompletePolls());
    if (body.configuration && typeof configuration.labels === 'object') job.labels = configuration.labels as Record<string, string>;
    return this.jobResource(job);
  }

  private jobsGet(projectId: string, jobId: string, location: string | null): unknown {
    const job = this.jobs.get(projectId, jobId, location);
    // A status read like the others: the incompletePolls fault says RUNNING.
    const pretendRunning = job.incompleteLeft > 0;
    if (pretendRunning) job.incompleteLeft--;
    return this.jobResource(job, pretendRunning);
  }

  private jobsList(projectId: string): unknown {
    return {
      kind: 'bigquery#jobList',
      etag: etag(),
      jobs: this.jobs.list(projectId).map((j) => {
        const r = this.jobResource(j) as Record<string, unknown>;
        return { id: r.id, kind: r.kind, jobReference: r.jobReference, state: (r.status as { state: string }).state, status: r.status, statistics: r.statistics, configuration: r.configuration };
      }),
    };
  }

  private async getQueryResults(projectId: string, jobId: string, query: URLSearchParams): Promise<unknown> {
    const job = this.jobs.get(projectId, jobId, query.get('location'));
    const timeoutMs = intParam(query, 'timeoutMs') ?? this.options.defaultTimeoutMs;
    const complete = await this.jobs.waitComplete(job, timeoutMs);
    const response: Record<string, unknown> = {
      kind: 'bigquery#getQueryResultsResponse',
      etag: etag(),
      jobReference: this.jobReference(job),
      jobComplete: complete,
    };
    if (!complete) return response;
    if (job.error) throw job.error;
    const timestamps = timestampFormat(query.get('formatOptions.useInt64Timestamp'), query.get('formatOptions.timestampOutputFormat'));
    const total = job.result?.totalRows ?? 0;
    const token = query.get('pageToken');
    const start = token ? decodePageToken(token, total) : (intParam(query, 'startIndex') ?? 0);
    return { ...response, ...this.resultPage(job, start, intParam(query, 'maxResults'), timestamps) };
  }

  /** Schema, rows from `start`, totals and the next page token of a finished job. */
  private resultPage(job: Job, start: number, maxResults: number | undefined, timestamps: TimestampFormat): Record<string, unknown> {
    const result = job.result!;
    const count = Math.min(maxResults ?? this.options.defaultPageRows, this.options.maxPageRows);
    const rows = start < result.totalRows && count > 0 ? readRows(result, start, count, timestamps) : [];
    const page: Record<string, unknown> = {
      schema: { fields: result.schema },
      totalRows: String(result.totalRows),
      totalBytesProcessed: String(job.bytes),
      cacheHit: false,
    };
    if (rows.length > 0) page.rows = rows;
    const next = start + rows.length;
    if (next < result.totalRows && (rows.length > 0 || count === 0)) page.pageToken = encodePageToken(next);
    return page;
  }

  private jobReference(job: Job): Record<string, string> {
    return { projectId: job.projectId, jobId: job.jobId, location: job.location };
  }

  private jobResource(job: Job, forceRunning = false): unknown {
    const state = forceRunning ? 'RUNNING' : job.state;
    const status: Record<string, unknown> = { state };
    if (state === 'DONE' && job.error) {
      status.errorResult = job.error.proto();
      status.errors = [job.error.proto()];
    }
    const statistics: Record<string, unknown> = {
      creationTime: String(job.createdMs),
      startTime: String(job.startedMs ?? job.createdMs),
    };
    if (state === 'DONE') {
      statistics.endTime = String(job.endedMs ?? job.createdMs);
      if (!job.error) {
        statistics.totalBytesProcessed = String(job.bytes);
        statistics.query = {
          totalBytesProcessed: String(job.bytes),
          totalBytesBilled: String(bytesBilled(job.bytes)),
          cacheHit: false,
          statementType: 'SELECT',
          schema: { fields: job.schema ?? [] },
        };
      }
    }
    const configuration = asObject(job.rawConfiguration);
    const queryConf = asObject(configuration.query);
    const resource: Record<string, unknown> = {
      kind: 'bigquery#job',
      etag: etag(),
      id: `${job.projectId}:${job.location}.${job.jobId}`,
      selfLink: `${BIGQUERY_PREFIX}/projects/${job.projectId}/jobs/${job.jobId}?location=${job.location}`,
      user_email: 'anonymous@local.datalake',
      jobReference: this.jobReference(job),
      configuration: { ...configuration, query: { ...queryConf, destinationTable: job.destination }, jobType: 'QUERY' },
      status,
      statistics,
    };
    if (job.labels) (resource.configuration as Record<string, unknown>).labels = job.labels;
    return resource;
  }

  // --- datasets and tables ---------------------------------------------------

  private checkProject(projectId: string, datasetId: string): void {
    if (!this.engine.isDataProject(projectId) && !this.jobs.hasResultDataset(projectId, datasetId)) {
      throw accessDenied(`Dataset ${projectId}:${datasetId}: Permission bigquery.datasets.get denied on dataset ${projectId}:${datasetId} (or it may not exist).`);
    }
  }

  private datasetsList(projectId: string): unknown {
    const datasets = this.engine.listDatasets(projectId).map((d) => ({
      kind: 'bigquery#dataset',
      id: `${projectId}:${d}`,
      datasetReference: { projectId, datasetId: d },
      location: LOCATION,
    }));
    return { kind: 'bigquery#datasetList', etag: etag(), datasets };
  }

  private datasetsGet(projectId: string, datasetId: string): unknown {
    this.checkProject(projectId, datasetId);
    const created = this.jobs.hasResultDataset(projectId, datasetId) ? Date.now() : this.engine.datasetCreated(projectId, datasetId);
    if (created === undefined) throw notFound(`Dataset ${projectId}:${datasetId}`);
    return {
      kind: 'bigquery#dataset',
      etag: etag(),
      id: `${projectId}:${datasetId}`,
      selfLink: `${BIGQUERY_PREFIX}/projects/${projectId}/datasets/${datasetId}`,
      datasetReference: { projectId, datasetId },
      creationTime: String(created),
      lastModifiedTime: String(created),
      location: LOCATION,
      type: 'DEFAULT',
    };
  }

  private tablesList(projectId: string, datasetId: string): unknown {
    this.checkProject(projectId, datasetId);
    if (!this.engine.hasDataset(projectId, datasetId)) throw notFound(`Dataset ${projectId}:${datasetId}`);
    const tables = this.engine.listTables(projectId, datasetId).map((t) => ({
      kind: 'bigquery#table',
      id: `${projectId}:${datasetId}.${t.table}`,
      tableReference: { projectId, datasetId, tableId: t.table },
      type: 'TABLE',
      creationTime: String(t.createdMs),
    }));
    return { kind: 'bigquery#tableList', etag: etag(), tables, totalItems: tables.length };
  }

  /** A catalogue table, or a job's result table, or notFound. */
  private async resolve(projectId: string, datasetId: string, tableId: string): Promise<{ table?: TableInfo; job?: Job }> {
    this.checkProject(projectId, datasetId);
    const job = this.jobs.byTable(projectId, datasetId, tableId);
    if (job) {
      await job.done;
      if (job.error || !job.result) throw notFound(`Table ${projectId}:${datasetId}.${tableId}`);
      return { job };
    }
    if (!this.engine.hasDataset(projectId, datasetId)) throw notFound(`Dataset ${projectId}:${datasetId}`);
    const table = await this.engine.table(projectId, datasetId, tableId);
    if (!table) throw notFound(`Table ${projectId}:${datasetId}.${tableId}`);
    return { table };
  }

  private async tablesGet(projectId: string, datasetId: string, tableId: string): Promise<unknown> {
    const { table, job } = await this.resolve(projectId, datasetId, tableId);
    const fields: SchemaField[] = job ? job.result!.schema : tableSchema(table!.columns);
    const rows = job ? job.result!.totalRows : table!.numRows;
    const bytes = job ? job.bytes : [...table!.columnBytes.values()].reduce((a, b) => a + b, 0);
    const created = String(job ? job.createdMs : table!.createdMs);
    return {
      kind: 'bigquery#table',
      etag: etag(),
      id: `${projectId}:${datasetId}.${tableId}`,
      selfLink: `${BIGQUERY_PREFIX}/projects/${projectId}/datasets/${datasetId}/tables/${tableId}`,
      tableReference: { projectId, datasetId, tableId },
      schema: { fields },
      numBytes: String(bytes),
      numLongTermBytes: '0',
      numRows: String(rows),
      creationTime: created,
      lastModifiedTime: created,
      type: 'TABLE',
      location: LOCATION,
    };
  }

  private async tabledataList(projectId: string, datasetId: string, tableId: string, query: URLSearchParams): Promise<unknown> {
    const { table, job } = await this.resolve(projectId, datasetId, tableId);
    const timestamps = timestampFormat(query.get('formatOptions.useInt64Timestamp'), query.get('formatOptions.timestampOutputFormat'));
    const total = job ? job.result!.totalRows : table!.numRows;
    const token = query.get('pageToken');
    const start = token ? decodePageToken(token, total) : (intParam(query, 'startIndex') ?? 0);
    const count = Math.min(intParam(query, 'maxResults') ?? this.options.defaultPageRows, this.options.maxPageRows);
    let rows: WireRow[] = [];
    if (job) {
      rows = start < total && count > 0 ? readRows(job.result!, start, count, timestamps) : [];
    } else if (start < total && count > 0) {
      rows = await this.readTable(table!, start, count, query.get('selectedFields'), timestamps);
    }
    const body: Record<string, unknown> = { kind: 'bigquery#tableDataList', etag: etag(), totalRows: String(total) };
    if (rows.length > 0) body.rows = rows;
    if (start + rows.length < total && rows.length > 0) body.pageToken = encodePageToken(start + rows.length);
    return body;
  }

  private async readTable(table: TableInfo, start: number, count: number, selected: string | null, timestamps: TimestampFormat): Promise<WireRow[]> {
    let columns = table.columns.map((c) => c.name);
    if (selected) {
      const wanted = selected.split(',').map((s) => s.trim()).filter((s) => s !== '');
      for (const w of wanted) {
        if (!columns.some((c) => c.toLowerCase() === w.toLowerCase())) throw invalid(`Invalid field selection ${w}`);
      }
      columns = columns.filter((c) => wanted.some((w) => w.toLowerCase() === c.toLowerCase()));
    }
    const conn = await this.engine.connect();
    try {
      const reader = await conn.runAndReadAll(
        `SELECT ${columns.map(ident).join(', ')} FROM ${qualified(table.project, table.dataset, table.table)} LIMIT ${count} OFFSET ${start}`,
      );
      const converters = reader.columnTypes().map((t) => converterFor(t, timestamps));
      return reader.getRows().map((row) => ({ f: row.map((v, i) => ({ v: converters[i]!(v) })) }));
    } finally {
      this.engine.release(conn);
    }
  }
}

/** The jobs.query fields that are not part of a job's query configuration. */
function stripRequestOnly(body: Record<string, unknown>): Record<string, unknown> {
  const { kind: _k, requestId: _r, timeoutMs: _t, maxResults: _m, formatOptions: _f, location: _l, dryRun: _d, jobCreationMode: _j, ...rest } = body;
  return rest;
}
