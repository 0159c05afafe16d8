/**
 * The data functions of the spec's `x-bd-data` (read_sql, read_table,
 * download, estimate_query) on BigQuery. Arguments are checked against the spec
 * (plus what SQL needs: no blank query, no column named twice) before anything
 * else; identifiers never reach SQL unless they match the spec's id pattern; the
 * billing project and a download's target are settled before any query runs.
 * Every request takes the call's signal and a per-try timeout.
 */
import type { BigQuery } from '@google-cloud/bigquery';
import type { BigQueryReadClient } from '@google-cloud/bigquery-storage';
import { statSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import { createError, ERROR_KINDS, type ErrorKindSpec, type InvalidParam } from '../core/errors.js';
import { invalidArguments, validateArgs, type CallArgs } from '../core/params.js';
import type { RetryPolicy } from '../core/retry.js';
import { checkTimeout, DEFAULT_TIMEOUT_MS } from '../core/transport.js';
import { resolveEnvironment } from '../core/environments.js';
import { API_SPEC, DATA_FUNCTIONS, ENVIRONMENTS, ON_DEMAND_USD_PER_TIB, type DataFunctionSpec, type Environment, type EnvironmentName } from '../generated/spec.js';
import type { DownloadResult, QueryEstimate } from '../generated/models.js';
import { BigQueryApi, createBigQuery, resolveEndpoint } from './bigquery.js';
import { discardTarget, folderTargetError, formatFromPath, isGzipPath, prepareTarget, writeDownload, type DownloadProgress } from './download.js';
import type { FileFormat } from './formats.js';
import { interruptible } from './interrupts.js';
import { destinationTable, dryRunBytes, insertQueryJob, resultPages, type TableReference } from './jobs.js';
import { QueryRows, restSource, type ResultSource } from './query-rows.js';
import { settleReadPlan, storageSource, useStorage, type ReadApi, type ReadPlan, type StorageContext } from './read-paths.js';
import { createReadClient } from './storage-read.js';
import type { TypeMapping } from './values.js';

export type { EnvironmentName };

/** Options of the data functions, on the client or on one call. */
export interface DataOptions extends TypeMapping {
  /**
   * Your Google Cloud project, billed for the queries. Default: the project of
   * the `bigquery` client when one is given, else `BASEDOSDADOS_BILLING_PROJECT_ID`,
   * then `GOOGLE_CLOUD_PROJECT`.
   */
  readonly billingProjectId?: string;
  /** Which Base dos Dados project is read: `prod` (`basedosdados`), `staging` or `dev`; default `BASEDOSDADOS_ENVIRONMENT`, else `prod`. */
  readonly environment?: EnvironmentName;
  /**
   * A BigQuery REST endpoint instead of Google's, used without credentials: the
   * local datalake (`bdgen serve`). Default: `BASEDOSDADOS_BIGQUERY_ENDPOINT`,
   * then `BIGQUERY_EMULATOR_HOST`.
   */
  readonly bigqueryEndpoint?: string;
  /** A BigQuery client of your own: its endpoint, credentials and project are used; the options above that make one are then ignored. */
  readonly bigquery?: BigQuery;
  /** Rows fetched per page (default 10 000). */
  readonly pageSize?: number;
  /** BigQuery location of the jobs (default: BigQuery's choice). */
  readonly location?: string;
  /**
   * Milliseconds each try of each BigQuery request may take (the job insert,
   * each page, each poll of a running job); default 30 000. A try that takes
   * longer is retried as the spec's policy says, then ends in a `TimeoutError`.
   */
  readonly timeoutMs?: number;
  /**
   * How rows are read: `auto` (default) reads a result of at least 100 000 rows
   * (STORAGE_MIN_ROWS) through the BigQuery Storage Read API (Arrow over gRPC,
   * much faster; billed per byte read) when a Storage endpoint is known, else
   * REST pages, the next one fetched while this one is read. `rest` never uses
   * the Storage API; `storage` always does (a ValidationError before any
   * request when no endpoint is known); `readTable` then reads the table
   * directly, with no query job.
   */
  readonly readApi?: ReadApi;
  /** The Storage Read API's `host:port`. Default `BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT`, else Google's when BigQuery is Google's. */
  readonly storageEndpoint?: string;
  /** Storage streams read in parallel (default 4); rows still come in table order. */
  readonly maxStreams?: number;
}

/** Options of one data call. */
export interface DataCallOptions extends DataOptions {
  /** Aborts the call: a request in flight is cut at once, and the call rejects with the `cancelled` kind (`CancelledError`), the signal's reason as `cause`. */
  readonly signal?: AbortSignal;
  /** Named query parameters (`@name` in the SQL). */
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface ReadTableOptions extends DataCallOptions {
  /** Columns to read, in this order, each once; all when omitted. */
  readonly columns?: readonly string[];
  /** Read at most this many rows (a safe integer, at least 1). */
  readonly limit?: number;
  /** A BigQuery SQL filter (`sigla_uf = 'SP'`) applied by the Storage Read API: the table is read directly through it (not with readApi 'rest'). */
  readonly rowRestriction?: string;
}

/** What to download: a query, or a table (with optional columns and limit). */
export type DownloadSource = string | { readonly query: string } | { readonly datasetId: string; readonly tableId: string; readonly columns?: readonly string[]; readonly limit?: number; readonly rowRestriction?: string };

export interface DownloadOptions extends DataCallOptions {
  /**
   * File format; default from the path's extension (`.csv`, `.jsonl`/`.ndjson`,
   * `.parquet`, each CSV or JSONL optionally `.gz`, written gzipped). A path
   * whose extension names no format (`x.xlsx`, none) needs it, and a format the
   * extension contradicts is a ValidationError, both before any request.
   */
  readonly format?: FileFormat;
  /** Called after each page is written. */
  readonly onProgress?: (progress: DownloadProgress) => void;
}

/** How the client's requests travel, shared with the catalogue client. */
export interface DataTransport {
  /** Default per-try timeout of the data functions (the client's `timeoutMs`). */
  readonly timeoutMs?: number | undefined;
  readonly dispatcher?: Dispatcher | undefined;
  readonly userAgent?: string | undefined;
}

const DEFAULT_PAGE_SIZE = 10_000;

/** The spec's rules plus what SQL needs: a column read twice is a mistake (and a BigQuery error). */
function withDistinctColumns<S extends DataFunctionSpec>(spec: S): S {
  return { ...spec, params: spec.params.map((p) => (p.name === 'columns' ? { ...p, uniqueItems: true } : p)) };
}

const SPECS = {
  readSql: DATA_FUNCTIONS.readSql,
  readTable: withDistinctColumns(DATA_FUNCTIONS.readTable),
  download: withDistinctColumns(DATA_FUNCTIONS.download),
  estimateQuery: DATA_FUNCTIONS.estimateQuery,
};

type Settled<T> = T & { billingProjectId: string; environment: EnvironmentName; timeoutMs: number; plan: ReadPlan };

/** A table read: ids, columns, limit. */
interface TableRead { readonly datasetId: string; readonly tableId: string; readonly columns?: readonly string[] | undefined; readonly limit?: number | undefined }

/** Settles options and runs the data functions. */
export class DataClient {
  private readonly clients = new Map<string, BigQuery>();
  private readonly readClients = new Map<string, BigQueryReadClient>();

  constructor(
    private readonly defaults: DataOptions,
    private readonly retry: RetryPolicy,
    private readonly errors: readonly ErrorKindSpec[],
    private readonly transport: DataTransport = {},
  ) {}

  readSql<Row = Record<string, unknown>>(query: string, options: DataCallOptions = {}): QueryRows<Row> {
    const o = this.settle(options, SPECS.readSql.id);
    this.check(SPECS.readSql, { query, billingProjectId: o.billingProjectId, environment: o.environment, pageSize: o.pageSize });
    return this.rows<Row>(query, o);
  }

  readTable<Row = Record<string, unknown>>(datasetId: string, tableId: string, options: ReadTableOptions = {}): QueryRows<Row> {
    const o = this.settle(options, SPECS.readTable.id, options.rowRestriction);
    this.check(SPECS.readTable, { datasetId, tableId, columns: options.columns, limit: options.limit, billingProjectId: o.billingProjectId, environment: o.environment, pageSize: o.pageSize });
    return this.tableRows<Row>({ datasetId, tableId, columns: options.columns, limit: options.limit }, o);
  }

  /** Closes the Storage Read API channels (the REST clients hold none). */
  async close(): Promise<void> {
    const clients = [...this.readClients.values()];
    this.readClients.clear();
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  }

  async download(source: DownloadSource, path: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    const { query, table } = this.downloadSource(source);
    if (query !== undefined && (source as { rowRestriction?: unknown }).rowRestriction !== undefined)
      throw this.invalid(SPECS.download.id, [{ name: 'row_restriction', label: 'rowRestriction', reason: 'applies to a table source only' }]);
    const o = this.settle(options, SPECS.download.id, table?.rowRestriction);
    this.check(SPECS.download, {
      path, query, format: options.format, datasetId: table?.datasetId, tableId: table?.tableId, columns: table?.columns, limit: table?.limit,
      billingProjectId: o.billingProjectId, environment: o.environment, pageSize: o.pageSize,
    });
    const { format, gzip } = this.downloadFormat(path, options.format);
    // SIGINT/SIGTERM during the download: see interrupts.ts.
    return interruptible(o.signal, async (signal, temporaryFiles) => {
      const target = await prepareTarget(path, format, gzip, this.errors, temporaryFiles);
      let rows: QueryRows;
      try {
        rows = table ? this.tableRows(table, { ...o, signal }) : this.rows(query!, { ...o, signal });
      } catch (error) {
        await discardTarget(target);
        throw error;
      }
      return writeDownload(rows.resultPages(), target, { signal, onProgress: options.onProgress, errors: this.errors });
    });
  }

  async estimateQuery(query: string, options: DataCallOptions = {}): Promise<QueryEstimate> {
    const o = this.settle(options, SPECS.estimateQuery.id);
    this.check(SPECS.estimateQuery, { query, billingProjectId: o.billingProjectId, environment: o.environment });
    const bytes = await dryRunBytes(this.api(o), { query, params: o.params, location: o.location, signal: o.signal });
    return { bytes_processed: bytes, cost_usd: (bytes / 2 ** 40) * ON_DEMAND_USD_PER_TIB };
  }

  /** Client defaults under call options; the billing project and the timeout resolved now, before any request. */
  private settle<T extends DataCallOptions>(options: T, functionId: string, rowRestriction?: string): Settled<T> {
    const merged = { ...this.defaults, ...options };
    const ownProject = merged.bigquery?.projectId && merged.bigquery.projectId !== '{{projectId}}' ? merged.bigquery.projectId : '';
    const billingProjectId = merged.billingProjectId || ownProject || process.env.BASEDOSDADOS_BILLING_PROJECT_ID || process.env.GOOGLE_CLOUD_PROJECT;
    if (!billingProjectId) {
      throw createError(ERROR_KINDS.billingProject,
        'No billing project: queries run on BigQuery and are billed to your own Google Cloud project. ' +
        'Pass { billingProjectId: "your-project" } to new BaseDosDados() or to this call, or set BASEDOSDADOS_BILLING_PROJECT_ID ' +
        '(GOOGLE_CLOUD_PROJECT also works). Create a project at https://console.cloud.google.com/projectcreate.',
        { attempts: 0 }, this.errors);
    }
    const timeoutMs = merged.timeoutMs ?? this.transport.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    checkTimeout(timeoutMs, 'timeoutMs');
    if (merged.params !== undefined && (merged.params === null || typeof merged.params !== 'object' || Array.isArray(merged.params)))
      throw this.invalid(functionId, [{ name: 'params', label: 'params', reason: 'must be an object of named query parameters' }]);
    const endpoint = merged.bigquery ? undefined : resolveEndpoint(merged.bigqueryEndpoint);
    if (endpoint !== undefined && !isHttpUrl(endpoint))
      throw this.invalid(functionId, [{ name: 'bigquery_endpoint', label: 'bigqueryEndpoint', reason: `must be an http or https URL, got ${JSON.stringify(endpoint.slice(0, 80))}` }]);
    const environment = merged.environment ?? (resolveEnvironment(undefined, ENVIRONMENTS, { errors: this.errors, envPrefix: API_SPEC.envPrefix }) ?? defaultEnvironment()).name;
    const googleBigQuery = merged.bigquery ? /(^|\.)googleapis\.com$/.test(new URL(merged.bigquery.baseUrl).hostname) : endpoint === undefined;
    const plan = settleReadPlan({ ...merged, rowRestriction }, googleBigQuery);
    if (Array.isArray(plan)) throw this.invalid(functionId, plan);
    return { ...merged, billingProjectId, timeoutMs, environment, plan };
  }

  private invalid(functionId: string, problems: readonly InvalidParam[]): Error {
    return invalidArguments(functionId, problems, this.errors);
  }

  private check(spec: DataFunctionSpec, args: CallArgs): void {
    validateArgs(spec, Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)), this.errors);
    const { query } = args;
    if (typeof query === 'string' && query.trim() === '')
      throw this.invalid(spec.id, [{ name: 'query', label: 'query', reason: 'must not be blank (it holds only whitespace)' }]);
  }

  /** A download's source as a query or a table, refusing anything else (null, numbers, half a table) by name. */
  private downloadSource(source: DownloadSource): { query?: string; table?: Extract<DownloadSource, { datasetId: string }> } {
    if (typeof source === 'string') return { query: source };
    if (source !== null && typeof source === 'object' && !Array.isArray(source)) {
      if ('datasetId' in source || 'tableId' in source) {
        const table = source as Extract<DownloadSource, { datasetId: string }>;
        if (!('query' in source) && table.datasetId !== undefined && table.tableId !== undefined) return { table };
      } else if ('query' in source) {
        return { query: (source as { query: string }).query };
      }
    }
    throw this.invalid(SPECS.download.id, [{
      name: 'query', label: 'source',
      reason: `must be SQL, { query } or { datasetId, tableId } (got ${source === null ? 'null' : Array.isArray(source) ? 'an array' : typeof source === 'object' ? `an object with ${Object.keys(source).join(', ') || 'no keys'}` : typeof source})`,
    }]);
  }

  /**
   * The format and compression of a download: the option, checked against the
   * path's extension, else the extension's. A path whose extension names no
   * format (`x.xlsx`, none) needs the option: writing CSV into `x.xlsx` would
   * give a file its name says it is not.
   */
  private downloadFormat(path: string, option: FileFormat | undefined): { format: FileFormat; gzip: boolean } {
    if (/[/\\]$/.test(path) || /(^|[/\\])\.{1,2}$/.test(path))
      throw this.invalid(SPECS.download.id, [{ name: 'path', label: 'path', reason: `must name a file, not a folder (got ${JSON.stringify(path)})` }]);
    const fromPath = formatFromPath(path);
    if (option !== undefined && fromPath && fromPath.format !== option)
      throw this.invalid(SPECS.download.id, [{ name: 'format', label: 'format', reason: `must agree with the path's extension ${fromPath.extension} (${fromPath.format}), got ${JSON.stringify(option)}` }]);
    const format = option ?? fromPath?.format;
    if (format === undefined) {
      // An existing folder is the file system's problem, whatever its name says (as when a format is given).
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw folderTargetError(path, this.errors);
      const extension = /(\.[^./\\]+)$/.exec(path)?.[1];
      const says = extension ? `'s extension ${extension} names no format the SDK writes` : ' has no extension naming a format';
      throw this.invalid(SPECS.download.id, [{ name: 'format', label: 'format', reason: `is needed: the path${says} (.csv, .jsonl, .ndjson, .parquet, each optionally .gz); give format` }]);
    }
    const gzip = isGzipPath(path);
    if (gzip && format === 'parquet')
      throw this.invalid(SPECS.download.id, [{ name: 'path', label: 'path', reason: 'cannot end in .gz for Parquet, which compresses itself' }]);
    return { format, gzip };
  }

  /** `project.dataset.table` after validation: the ids match the spec's pattern, so backticks are safe. */
  private tableSql(datasetId: string, tableId: string, columns: readonly string[] | undefined, limit: number | undefined, environment: EnvironmentName): string {
    const table = tableIn(environment, datasetId, tableId);
    const select = columns && columns.length > 0 ? columns.map((c) => `\`${c}\``).join(', ') : '*';
    // limit is a safe integer (checked above), so it prints without an exponent.
    return `SELECT ${select} FROM \`${table.projectId}.${table.datasetId}.${table.tableId}\`${limit !== undefined ? ` LIMIT ${limit}` : ''}`;
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

  private api(o: Settled<DataCallOptions>): BigQueryApi {
    return new BigQueryApi(this.bigquery(o), o.billingProjectId, {
      retry: this.retry,
      errors: this.errors,
      timeoutMs: o.timeoutMs,
      dispatcher: this.transport.dispatcher,
      userAgent: this.transport.userAgent ?? 'basedosdados-sdk-ts',
    });
  }

  /** The Storage Read API client of the call's endpoint, kept like the BigQuery clients; Google's shares the BigQuery client's credentials. */
  private storage(o: Settled<DataCallOptions>): StorageContext {
    const endpoint = o.plan.storageEndpoint!;
    let client = this.readClients.get(endpoint);
    if (!client) {
      client = createReadClient(endpoint, this.bigquery(o).authClient);
      this.readClients.set(endpoint, client);
    }
    return { client, settings: { retry: this.retry, errors: this.errors, timeoutMs: o.timeoutMs } };
  }

  private mapping(o: DataOptions): { int64?: 'string' | 'bigint'; timestamps?: 'date' | 'string' } {
    return { ...(o.int64 ? { int64: o.int64 } : {}), ...(o.timestamps ? { timestamps: o.timestamps } : {}) };
  }

  /** A table: read directly through the Storage API (readApi 'storage', or a row restriction), else as a query. */
  private tableRows<Row>(table: TableRead, o: Settled<DataCallOptions>): QueryRows<Row> {
    if (o.plan.readApi !== 'storage' && o.plan.rowRestriction === undefined)
      return this.rows<Row>(this.tableSql(table.datasetId, table.tableId, table.columns, table.limit, o.environment), o);
    const start = (): Promise<ResultSource> => storageSource(this.storage(o), {
      table: storageTableName(tableIn(o.environment, table.datasetId, table.tableId)),
      projectId: o.billingProjectId,
      selectedFields: table.columns,
      rowRestriction: o.plan.rowRestriction,
      maxStreams: o.plan.maxStreams,
      signal: o.signal,
    }, { limit: table.limit });
    return new QueryRows<Row>(start, this.mapping(o));
  }

  /** A query's rows: its first REST page says how many; a large result (or readApi 'storage') is then read through the Storage API. */
  private rows<Row>(query: string, o: Settled<DataCallOptions>): QueryRows<Row> {
    const api = this.api(o);
    const pageSize = o.pageSize ?? DEFAULT_PAGE_SIZE;
    const start = async (): Promise<ResultSource> => {
      const job = await insertQueryJob(api, { query, params: o.params, location: o.location, signal: o.signal });
      const fetchPage = resultPages(api, job, pageSize, o.signal);
      const first = await fetchPage(undefined);
      if (useStorage(o.plan, first.totalRows)) {
        const table = await destinationTable(api, job, o.signal);
        if (table) {
          try {
            return await storageSource(this.storage(o), {
              table: storageTableName(table),
              projectId: o.billingProjectId,
              maxStreams: o.plan.maxStreams,
              signal: o.signal,
            }, { columns: first.columns, totalRows: first.totalRows });
          } catch (error) {
            // auto: a Storage API the caller may not use is no reason to fail; REST reads the same rows.
            if (!(o.plan.readApi === 'auto' && (error as { kind?: string }).kind === ERROR_KINDS.accessDenied)) throw error;
          }
        }
      }
      return restSource(first, fetchPage, o.signal);
    };
    return new QueryRows<Row>(start, this.mapping(o));
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `project.dataset.table` of a table in an environment: its project, and its dataset with the environment's suffix (`_staging`) unless given. */
function tableIn(environment: EnvironmentName, datasetId: string, tableId: string): TableReference {
  const env = ENVIRONMENTS.find((e) => e.name === environment) ?? defaultEnvironment();
  const suffix = env.datasetSuffix && !datasetId.endsWith(env.datasetSuffix) ? env.datasetSuffix : '';
  return { projectId: env.project, datasetId: `${datasetId}${suffix}`, tableId };
}

/** A table as the Storage Read API names it. */
function storageTableName(table: TableReference): string {
  return `projects/${table.projectId}/datasets/${table.datasetId}/tables/${table.tableId}`;
}

function defaultEnvironment(): Environment {
  return ENVIRONMENTS.find((e) => e.isDefault) ?? ENVIRONMENTS[0]!;
}
