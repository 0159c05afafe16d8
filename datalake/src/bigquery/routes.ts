// The BigQuery REST v2 calls the official clients make, served under
// `/bigquery/v2/...` (Node's apiEndpoint) and at the root (BIGQUERY_EMULATOR_HOST).
// Jobs are here; datasets, tables and tabledata in resources.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LOCATION, type Engine } from '../data/engine.js';
import { BodyError, RawJson, readJson, send, type RequestContext } from '../http.js';
import { bytesBilled } from './dry-run.js';
import { BigQueryError, invalid, notFound } from './errors.js';
import { JobStore, decodePageToken, encodePageToken, newJobId, type Job, type Plan } from './jobs.js';
import { pageJson, readRowsJson, rowBudget, type PageLimits } from './pages.js';
import { boolField, countField, countParam, objectField, queryConfig, stringField } from './request-fields.js';
import { BigQueryResources } from './resources.js';
import { BIGQUERY_PREFIX, etag } from './rest.js';
import { timestampFormat, type TimestampFormat } from './wire-format.js';

export { BIGQUERY_PREFIX, isBigQueryPath } from './rest.js';

export interface BigQueryFaceOptions {
  /** Rows per page when the client gives no maxResults. */
  defaultPageRows: number;
  /** Upper bound on rows per page whatever maxResults says. */
  maxPageRows: number;
  /** Bytes of JSON a page may take (BigQuery: about 10 MB); pages are cut to fit. */
  maxPageBytes: number;
  /** Default wait of jobs.query and getQueryResults for a running job (BigQuery: 10 s). */
  defaultTimeoutMs: number;
  incompletePolls(): number;
}

/** Path segments, percent-decoded; a malformed escape is the client's error. */
function pathSegments(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw invalid(`Invalid percent-escape in the request path: ${s.slice(0, 80)}`);
      }
    });
}

/** A JSON body must be an object. */
async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readJson(req);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('Invalid JSON payload received: the request body must be a JSON object.');
  return body as Record<string, unknown>;
}

export class BigQueryFace {
  /** jobs.query requests being planned, by project and requestId. */
  private readonly creating = new Map<string, Promise<Job>>();
  private readonly resources: BigQueryResources;

  constructor(
    engine: Engine,
    readonly jobs: JobStore,
    private readonly options: BigQueryFaceOptions,
  ) {
    this.resources = new BigQueryResources(engine, jobs, options);
  }

  async handle(ctx: RequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(ctx, req, res);
    } catch (e) {
      const err =
        e instanceof BigQueryError
          ? e
          : e instanceof BodyError
            ? new BigQueryError(e.status, 'invalid', e.message)
            : new BigQueryError(500, 'internalError', `Internal error: ${(e as Error).message}`);
      send(ctx, res, err.code, err.body(), undefined, e instanceof BodyError ? e.headers : {});
    }
  }

  private async route(ctx: RequestContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = ctx.path.startsWith(BIGQUERY_PREFIX) ? ctx.path.slice(BIGQUERY_PREFIX.length) : ctx.path;
    const m = ctx.method;
    const [p0, project, kind, id, sub, tableId, leaf] = pathSegments(path);
    const notRoute = (): never => {
      throw notFound(`URL ${ctx.path.slice(0, 200)}`);
    };
    if (p0 !== 'projects' || project === undefined) return notRoute();
    const reply = (body: unknown, status = 200): void => send(ctx, res, status, body);

    if (kind === 'queries') {
      if (id === undefined && m === 'POST') return reply(await this.jobsQuery(project, await readBody(req)));
      if (id !== undefined && sub === undefined && m === 'GET') return reply(await this.getQueryResults(project, id, ctx.query));
      return notRoute();
    }
    if (kind === 'jobs') {
      if (id === undefined && m === 'POST') return reply(await this.jobsInsert(project, await readBody(req)));
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
      const r = this.resources;
      if (id === undefined) return reply(r.datasetsList(project));
      if (sub === undefined) return reply(r.datasetsGet(project, id));
      if (sub === 'tables' && tableId === undefined) return reply(r.tablesList(project, id));
      if (sub === 'tables' && tableId !== undefined && leaf === undefined) return reply(await r.tablesGet(project, id, tableId));
      if (sub === 'tables' && tableId !== undefined && leaf === 'data') return reply(await r.tabledataList(project, id, tableId, ctx.query));
    }
    return notRoute();
  }

  // --- jobs ------------------------------------------------------------------

  private async jobsQuery(projectId: string, body: Record<string, unknown>): Promise<unknown> {
    this.jobs.checkBillingProject(projectId);
    const config = queryConfig(body);
    const format = objectField(body, 'formatOptions');
    const timestamps = timestampFormat(format.useInt64Timestamp, format.timestampOutputFormat);
    const maxResults = countField(body, 'maxResults');
    const timeoutMs = countField(body, 'timeoutMs') ?? this.options.defaultTimeoutMs;
    const requestId = stringField(body, 'requestId') || undefined;

    if (boolField(body, 'dryRun') === true) {
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
    return this.resultPage(job, response, 0, maxResults, timestamps);
  }

  private async jobsInsert(projectId: string, body: Record<string, unknown>): Promise<unknown> {
    this.jobs.checkBillingProject(projectId);
    const configuration = objectField(body, 'configuration');
    if (configuration.query === undefined) {
      throw invalid('Only query jobs are supported by the local datalake (configuration.query is missing).');
    }
    const queryConfiguration = objectField(configuration, 'query', 'configuration.query');
    const config = queryConfig(queryConfiguration, 'configuration.query.', configuration, 'configuration.');
    const labels = objectField(configuration, 'labels', 'configuration.labels');
    const ref = objectField(body, 'jobReference');
    const jobId = stringField(ref, 'jobId', 'jobReference.jobId') || newJobId();
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(jobId)) throw invalid(`Invalid job ID "${jobId.slice(0, 80)}".`);
    if (boolField(configuration, 'dryRun', 'configuration.dryRun') === true) {
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
          query: { totalBytesProcessed: String(plan.bytes), totalBytesBilled: '0', cacheHit: false, statementType: 'SELECT', schema: { fields: plan.schema } },
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
    const raw = { ...configuration, query: { ...queryConfiguration, useLegacySql: config.useLegacySql ?? true }, jobType: 'QUERY' };
    const job = this.jobs.start(projectId, jobId, config, raw, plan, this.options.incompletePolls());
    if (configuration.labels !== undefined) job.labels = labels as Record<string, string>;
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
    const timeoutMs = countParam(query, 'timeoutMs') ?? this.options.defaultTimeoutMs;
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
    const start = token ? decodePageToken(token, total) : (countParam(query, 'startIndex', Number.MAX_SAFE_INTEGER) ?? 0);
    return this.resultPage(job, response, start, countParam(query, 'maxResults'), timestamps);
  }

  /** `response` plus schema, rows from `start`, totals and the next page token of a finished job. */
  private resultPage(job: Job, response: Record<string, unknown>, start: number, maxResults: number | undefined, timestamps: TimestampFormat): Promise<RawJson> {
    return this.jobs.withResult(job, async (result) => {
      const count = Math.min(maxResults ?? this.options.defaultPageRows, this.options.maxPageRows);
      const page: Record<string, unknown> = {
        ...response,
        schema: { fields: result.schema },
        totalRows: String(result.totalRows),
        totalBytesProcessed: String(job.bytes),
        cacheHit: false,
      };
      const limits: PageLimits = { maxPageBytes: this.options.maxPageBytes, timestamps };
      const rows =
        start < result.totalRows && count > 0
          ? await readRowsJson(this.resources.engine, `SELECT * FROM ${result.table} LIMIT ${count} OFFSET ${start}`, rowBudget(page, limits), timestamps)
          : [];
      const next = start + rows.length;
      if (next < result.totalRows && (rows.length > 0 || count === 0)) page.pageToken = encodePageToken(next);
      return pageJson(page, rows);
    });
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
    const configuration = job.rawConfiguration;
    const queryConf = (configuration.query ?? {}) as Record<string, unknown>;
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
}

/** The jobs.query fields that are not part of a job's query configuration. */
function stripRequestOnly(body: Record<string, unknown>): Record<string, unknown> {
  const { kind: _k, requestId: _r, timeoutMs: _t, maxResults: _m, formatOptions: _f, location: _l, dryRun: _d, jobCreationMode: _j, ...rest } = body;
  return rest;
}
