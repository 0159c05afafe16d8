/**
 * The data functions of the spec's `x-bd-data` (read_sql, read_table,
 * download, estimate_query) on the official BigQuery client. Arguments are
 * checked against the spec before anything else; identifiers never reach SQL
 * unless they match the spec's id pattern; the billing project is settled
 * before any network call.
 */
import { randomUUID } from 'node:crypto';
import type { BigQuery, Job } from '@google-cloud/bigquery';
import { BillingProjectError, ValidationError, type ErrorKindSpec } from '../core/errors.js';
import { validateArgs, type CallArgs } from '../core/params.js';
import type { RetryPolicy } from '../core/retry.js';
import { DATA_FUNCTIONS, ENVIRONMENTS, ON_DEMAND_USD_PER_TIB, type DataFunctionSpec, type Environment } from '../generated/spec.js';
import type { DownloadResult, QueryEstimate } from '../generated/models.js';
import { createBigQuery, resolveEndpoint, withRetries } from './bigquery.js';
import { formatFromPath, writeDownload, type DownloadProgress } from './download.js';
import { jobPages, QueryRows, type PageSource } from './query-rows.js';
import type { TypeMapping } from './values.js';

export type EnvironmentName = (typeof ENVIRONMENTS)[number]['name'];

/** Options of the data functions, on the client or on one call. */
export interface DataOptions extends TypeMapping {
  /**
   * Your Google Cloud project, billed for the queries. Default:
   * `BASEDOSDADOS_BILLING_PROJECT_ID`, then `GOOGLE_CLOUD_PROJECT`.
   */
  readonly billingProjectId?: string;
  /** Which Base dos Dados project is read: `prod` (default, `basedosdados`), `staging` or `dev`. */
  readonly environment?: EnvironmentName;
  /**
   * A BigQuery REST endpoint instead of Google's, used without credentials: the
   * local datalake (`bdgen serve`). Default: `BASEDOSDADOS_BIGQUERY_ENDPOINT`,
   * then `BIGQUERY_EMULATOR_HOST`.
   */
  readonly bigqueryEndpoint?: string;
  /** A BigQuery client of your own (its project is billed); the options above that make one are then ignored. */
  readonly bigquery?: BigQuery;
  /** Rows fetched per page (default 10 000). */
  readonly pageSize?: number;
  /** BigQuery location of the jobs (default: BigQuery's choice). */
  readonly location?: string;
}

/** Options of one data call. */
export interface DataCallOptions extends DataOptions {
  readonly signal?: AbortSignal;
  /** Named query parameters (`@name` in the SQL). */
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface ReadTableOptions extends DataCallOptions {
  /** Columns to read, in this order; all when omitted. */
  readonly columns?: readonly string[];
  /** Read at most this many rows. */
  readonly limit?: number;
}

/** What to download: a query, or a table (with optional columns and limit). */
export type DownloadSource = string | { readonly query: string } | { readonly datasetId: string; readonly tableId: string; readonly columns?: readonly string[]; readonly limit?: number };

export interface DownloadOptions extends DataCallOptions {
  /** File format; default from the path's extension, else csv. */
  readonly format?: 'csv' | 'jsonl' | 'parquet';
  /** Called after each page is written. */
  readonly onProgress?: (progress: DownloadProgress) => void;
}

const DEFAULT_PAGE_SIZE = 10_000;

/** Settles options and runs the data functions. */
export class DataClient {
  private readonly clients = new Map<string, BigQuery>();

  constructor(
    private readonly defaults: DataOptions,
    private readonly retry: RetryPolicy,
    private readonly errors: readonly ErrorKindSpec[],
  ) {}

  readSql<Row = Record<string, unknown>>(query: string, options: DataCallOptions = {}): QueryRows<Row> {
    const o = this.settle(options);
    this.check(DATA_FUNCTIONS.readSql, { query, billingProjectId: o.billingProjectId, environment: o.environment, pageSize: o.pageSize });
    return this.rows<Row>(query, o);
  }

  readTable<Row = Record<string, unknown>>(datasetId: string, tableId: string, options: ReadTableOptions = {}): QueryRows<Row> {
    const o = this.settle(options);
    this.check(DATA_FUNCTIONS.readTable, { datasetId, tableId, columns: options.columns, limit: options.limit, billingProjectId: o.billingProjectId, environment: o.environment, pageSize: o.pageSize });
    return this.rows<Row>(this.tableSql(datasetId, tableId, options.columns, options.limit, o.environment), o);
  }

  async download(source: DownloadSource, path: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    const o = this.settle(options);
    const format = options.format ?? formatFromPath(path) ?? 'csv';
    const table = typeof source === 'object' && 'datasetId' in source && source.datasetId !== undefined ? source : undefined;
    const query = typeof source === 'string' ? source : 'query' in source ? source.query : undefined;
    if ((query === undefined) === (table === undefined) || (table && table.tableId === undefined)) {
      throw new ValidationError('download: give either a query or both datasetId and tableId as the source.', {
        attempts: 0,
        invalidParams: [{ name: 'query', reason: 'give either a query or dataset_id and table_id' }],
      });
    }
    this.check(DATA_FUNCTIONS.download, {
      path, query, format, datasetId: table?.datasetId, tableId: table?.tableId, columns: table?.columns, limit: table?.limit,
      billingProjectId: o.billingProjectId, environment: o.environment, pageSize: o.pageSize,
    });
    const sql = table ? this.tableSql(table.datasetId, table.tableId, table.columns, table.limit, o.environment) : query!;
    const rows = this.rows(sql, o);
    return writeDownload(rows.pages(), path, format, { ...(o.signal ? { signal: o.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  }

  async estimateQuery(query: string, options: DataCallOptions = {}): Promise<QueryEstimate> {
    const o = this.settle(options);
    this.check(DATA_FUNCTIONS.estimateQuery, { query, billingProjectId: o.billingProjectId, environment: o.environment });
    const bigquery = this.bigquery(o);
    const [, response] = await this.retrying(o, () => bigquery.createQueryJob({ query, dryRun: true, useLegacySql: false, ...this.queryExtras(o) }));
    const bytes = Number((response as { statistics?: { totalBytesProcessed?: string } }).statistics?.totalBytesProcessed ?? 0);
    return { bytes_processed: bytes, cost_usd: (bytes / 2 ** 40) * ON_DEMAND_USD_PER_TIB };
  }

  /** Client defaults under call options; the billing project resolved now, before any request. */
  private settle<T extends DataCallOptions>(options: T): T & { billingProjectId: string; environment: EnvironmentName } {
    const merged = { ...this.defaults, ...options };
    const billingProjectId = merged.billingProjectId || process.env.BASEDOSDADOS_BILLING_PROJECT_ID || process.env.GOOGLE_CLOUD_PROJECT || (merged.bigquery?.projectId && merged.bigquery.projectId !== '{{projectId}}' ? merged.bigquery.projectId : '');
    if (!billingProjectId) {
      throw new BillingProjectError(
        'No billing project: queries run on BigQuery and are billed to your own Google Cloud project. ' +
        'Pass { billingProjectId: "your-project" } to new BaseDosDados() or to this call, or set BASEDOSDADOS_BILLING_PROJECT_ID ' +
        '(GOOGLE_CLOUD_PROJECT also works). Create a project at https://console.cloud.google.com/projectcreate.',
        { attempts: 0 },
      );
    }
    return { ...merged, billingProjectId, environment: merged.environment ?? defaultEnvironment().name as EnvironmentName };
  }

  private check(spec: DataFunctionSpec, args: CallArgs): void {
    validateArgs(spec, Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)));
  }

  /** `project.dataset.table` after validation: the ids match the spec's pattern, so backticks are safe. */
  private tableSql(datasetId: string, tableId: string, columns: readonly string[] | undefined, limit: number | undefined, environment: EnvironmentName): string {
    const env = ENVIRONMENTS.find((e) => e.name === environment) ?? defaultEnvironment();
    const select = columns && columns.length > 0 ? columns.map((c) => `\`${c}\``).join(', ') : '*';
    const suffix = env.datasetSuffix && !datasetId.endsWith(env.datasetSuffix) ? env.datasetSuffix : '';
    return `SELECT ${select} FROM \`${env.project}.${datasetId}${suffix}.${tableId}\`${limit !== undefined ? ` LIMIT ${Math.trunc(limit)}` : ''}`;
  }

  /**
   * One client per billing project and endpoint, kept for the next calls: a new
   * client per call would look up credentials and fetch a token every time.
   */
  private bigquery(o: DataOptions & { billingProjectId: string }): BigQuery {
    if (o.bigquery) return o.bigquery;
    const endpoint = resolveEndpoint(o.bigqueryEndpoint);
    const key = `${o.billingProjectId}\u0000${endpoint ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      client = createBigQuery(o.billingProjectId, endpoint);
      this.clients.set(key, client);
    }
    return client;
  }

  private retrying<T>(o: DataCallOptions, request: () => Promise<T>): Promise<T> {
    return withRetries(this.retry, this.errors, o.signal, request);
  }

  private queryExtras(o: DataCallOptions): Record<string, unknown> {
    return {
      ...(o.location ? { location: o.location } : {}),
      ...(o.params ? { params: o.params } : {}),
    };
  }

  private rows<Row>(query: string, o: DataCallOptions & { billingProjectId: string }): QueryRows<Row> {
    const bigquery = this.bigquery(o);
    const pageSize = o.pageSize ?? DEFAULT_PAGE_SIZE;
    const start = async (): Promise<PageSource> => {
      const job = await this.insertJob(bigquery, query, o);
      return jobPages(job, pageSize, (request) => this.retrying(o, request));
    };
    return new QueryRows<Row>(start, { ...(o.int64 ? { int64: o.int64 } : {}), ...(o.timestamps ? { timestamps: o.timestamps } : {}) });
  }

  /** jobs.insert with our own job id, so a retried insert finds the job it already made instead of running the query twice. */
  private async insertJob(bigquery: BigQuery, query: string, o: DataCallOptions): Promise<Job> {
    const jobId = `bd_${randomUUID().replaceAll('-', '')}`;
    let tries = 0;
    return this.retrying(o, async () => {
      tries += 1;
      try {
        const [job] = await bigquery.createQueryJob({ query, jobId, useLegacySql: false, ...this.queryExtras(o) });
        return job;
      } catch (error) {
        if (tries > 1 && (error as { code?: number }).code === 409) return bigquery.job(jobId, o.location ? { location: o.location } : {});
        throw error;
      }
    });
  }
}

function defaultEnvironment(): Environment {
  return ENVIRONMENTS.find((e) => e.isDefault) ?? ENVIRONMENTS[0]!;
}

