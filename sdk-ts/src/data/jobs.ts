/**
 * Query jobs on BigQuery's REST API: jobs.insert with our own job id (so a
 * retried insert finds the job it made instead of running the query twice),
 * dry runs, and the result pages of jobs.getQueryResults, each page fetched and
 * retried on its own, polling while the job runs. Every request takes the
 * call's signal.
 */
import { randomUUID } from 'node:crypto';
import { BigQuery } from '@google-cloud/bigquery';
import { BigQueryApi, jobFailure } from './bigquery.js';
import type { PageSource } from './query-rows.js';
import { toColumns, type WireRow } from './values.js';

/** A job BigQuery has accepted. */
export interface JobReference {
  readonly projectId: string;
  readonly jobId: string;
  readonly location?: string | undefined;
}

/** What a query job is given. */
export interface QueryJobOptions {
  readonly query: string;
  /** Named query parameters (`@name` in the SQL), encoded as the official client encodes them. */
  readonly params?: Readonly<Record<string, unknown>> | undefined;
  readonly location?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

interface JobResource {
  jobReference?: { projectId?: string; jobId?: string; location?: string };
  status?: { errorResult?: { reason?: string; message?: string; location?: string } };
  statistics?: { totalBytesProcessed?: string; query?: { totalBytesProcessed?: string } };
}

/** The `configuration.query` of a job. */
function queryConfiguration(options: QueryJobOptions): Record<string, unknown> {
  const config: Record<string, unknown> = { query: options.query, useLegacySql: false };
  if (options.params && Object.keys(options.params).length > 0) {
    config.parameterMode = 'NAMED';
    config.queryParameters = Object.entries(options.params).map(([name, value]) => ({ ...BigQuery.valueToQueryParameter_(value), name }));
  }
  return config;
}

function insertBody(api: BigQueryApi, jobId: string, options: QueryJobOptions, dryRun: boolean): Record<string, unknown> {
  return {
    jobReference: { projectId: api.projectId, jobId, ...(options.location ? { location: options.location } : {}) },
    configuration: { query: queryConfiguration(options), ...(dryRun ? { dryRun: true } : {}) },
  };
}

/** Throws the job's own error when BigQuery accepted the job but it failed (invalid SQL answers this way). */
function checkJob(api: BigQueryApi, job: JobResource, what: string): void {
  const errorResult = job.status?.errorResult;
  if (errorResult) throw api.toSdkError(jobFailure(errorResult), 1, { what });
}

/**
 * Starts a query job (jobs.insert). A retry after a lost answer gets 409
 * `duplicate` for the job the first try created, which is then used as is.
 */
export async function insertQueryJob(api: BigQueryApi, options: QueryJobOptions): Promise<JobReference> {
  const jobId = `bd_${randomUUID().replaceAll('-', '')}`;
  const fallback: JobReference = { projectId: api.projectId, jobId, location: options.location };
  let job: JobResource;
  try {
    job = await api.request<JobResource>({
      method: 'POST',
      path: `/projects/${encodeURIComponent(api.projectId)}/jobs`,
      json: insertBody(api, jobId, options, false),
      what: 'jobs.insert',
      signal: options.signal,
    });
  } catch (error) {
    const sdkError = error as { status?: number; reason?: string; attempts?: number };
    // Our own job id already exists: a retried insert whose first try did reach BigQuery.
    if (sdkError.status === 409 && (sdkError.attempts ?? 0) > 1) return fallback;
    throw error;
  }
  checkJob(api, job, 'jobs.insert');
  const ref = job.jobReference ?? {};
  return { projectId: ref.projectId ?? api.projectId, jobId: ref.jobId ?? jobId, location: ref.location ?? options.location };
}

/** A BigQuery table, by its ids. */
export interface TableReference {
  readonly projectId: string;
  readonly datasetId: string;
  readonly tableId: string;
}

/** The table holding a finished query job's result (jobs.get: configuration.query.destinationTable). */
export async function destinationTable(api: BigQueryApi, job: JobReference, signal: AbortSignal | undefined): Promise<TableReference | undefined> {
  const body = await api.request<{ configuration?: { query?: { destinationTable?: { projectId?: string; datasetId?: string; tableId?: string } } } }>({
    method: 'GET',
    path: `/projects/${encodeURIComponent(job.projectId)}/jobs/${encodeURIComponent(job.jobId)}`,
    query: { location: job.location },
    what: 'jobs.get',
    signal,
  });
  const table = body.configuration?.query?.destinationTable;
  return table?.projectId && table.datasetId && table.tableId ? { projectId: table.projectId, datasetId: table.datasetId, tableId: table.tableId } : undefined;
}

/** A dry run: the bytes the query would scan, without running it. */
export async function dryRunBytes(api: BigQueryApi, options: QueryJobOptions): Promise<number> {
  const job = await api.request<JobResource>({
    method: 'POST',
    path: `/projects/${encodeURIComponent(api.projectId)}/jobs`,
    json: insertBody(api, `bd_dry_${randomUUID().replaceAll('-', '')}`, options, true),
    what: 'jobs.insert (dry run)',
    signal: options.signal,
  });
  checkJob(api, job, 'jobs.insert (dry run)');
  return Number(job.statistics?.totalBytesProcessed ?? job.statistics?.query?.totalBytesProcessed ?? 0);
}

/** What a jobs.getQueryResults answer holds that the SDK reads. */
interface QueryResultsBody {
  jobComplete?: boolean;
  schema?: { fields?: [] };
  totalRows?: string;
  pageToken?: string;
  rows?: WireRow[];
}

/** How long BigQuery may hold a poll open: well inside the per-try timeout, at most BigQuery's usual 10 s. */
function pollWaitMs(tryTimeoutMs: number): number | undefined {
  return Number.isFinite(tryTimeoutMs) ? Math.max(0, Math.min(10_000, Math.floor(tryTimeoutMs / 2))) : undefined;
}

/**
 * Reads a job's result pages with jobs.getQueryResults, one request (and its
 * retries) per page, polling while the job runs. A server that answers "not
 * complete" faster than asked is polled with a short growing pause, so a broken
 * server cannot make this spin.
 */
export function resultPages(api: BigQueryApi, job: JobReference, pageSize: number, signal: AbortSignal | undefined): PageSource {
  const wait = pollWaitMs(api.settings.timeoutMs);
  return async (pageToken, pageSignal = signal) => {
    for (let poll = 0; ; poll++) {
      const started = Date.now();
      const body = await api.request<QueryResultsBody>({
        method: 'GET',
        path: `/projects/${encodeURIComponent(job.projectId)}/queries/${encodeURIComponent(job.jobId)}`,
        query: {
          maxResults: pageSize,
          'formatOptions.useInt64Timestamp': true,
          pageToken,
          location: job.location,
          timeoutMs: wait,
        },
        what: 'jobs.getQueryResults',
        signal: pageSignal,
      });
      if (body.jobComplete === false) {
        const elapsed = Date.now() - started;
        if (wait === undefined || elapsed < wait / 2) await api.pause(Math.min(1_000, 50 * 2 ** Math.min(poll, 5)), pageSignal, 'jobs.getQueryResults');
        continue;
      }
      return {
        columns: toColumns(body.schema?.fields),
        rows: body.rows ?? [],
        totalRows: Number(body.totalRows ?? 0),
        ...(body.pageToken ? { pageToken: body.pageToken } : {}),
      };
    }
  };
}

