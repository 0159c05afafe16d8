/**
 * `BaseDosDados`: the generated catalogue client plus the data functions of
 * the spec's `x-bd-data`, which run on BigQuery. Hand-written: the generator
 * never touches this file (openai-node's `src/lib` pattern).
 */
import { BaseDosDadosClient, type BaseDosDadosClientOptions } from '../generated/client.js';
import type { DownloadResult, QueryEstimate } from '../generated/models.js';
import { API_SPEC } from '../generated/spec.js';
import {
  DataClient,
  type DataCallOptions,
  type DataOptions,
  type DownloadOptions,
  type DownloadSource,
  type ReadTableOptions,
} from '../data/data-client.js';
import type { QueryRows } from '../data/query-rows.js';
import { DEFAULT_USER_AGENT } from '../core/http.js';

/** Options of {@link BaseDosDados}: the catalogue API's and the data functions'. */
export interface BaseDosDadosOptions extends BaseDosDadosClientOptions, DataOptions {}

const HTTP_OPTIONS = ['baseUrl', 'environment', 'headers', 'timeoutMs', 'retry', 'dispatcher', 'userAgent'] as const;

/**
 * Search the Base dos Dados catalogue and read its tables.
 *
 * @example
 * ```ts
 * const bd = new BaseDosDados({ billingProjectId: 'my-gcp-project' });
 * const rows = await bd.readSql('SELECT sigla, nome FROM `basedosdados.br_bd_diretorios_brasil.uf`');
 * for await (const dataset of bd.datasets.list({ q: 'pib' })) console.log(dataset.dataset_id, dataset.name);
 * ```
 */
export class BaseDosDados extends BaseDosDadosClient {
  readonly #data: DataClient;

  /**
   * @param options - Catalogue API options (baseUrl, environment, headers, timeoutMs, retry) and data options
   *   (billingProjectId, bigqueryEndpoint, bigquery, pageSize, int64, timestamps). `environment`
   *   (else `BASEDOSDADOS_ENVIRONMENT`, else `prod`) picks both the catalogue's backend and the BigQuery project.
   */
  constructor(options: BaseDosDadosOptions = {}) {
    const http = Object.fromEntries(HTTP_OPTIONS.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
    super(http);
    // The environment picks both the catalogue's host and the BigQuery project.
    const data: DataOptions = Object.fromEntries(Object.entries(options).filter(([k]) => k === 'environment' || !(HTTP_OPTIONS as readonly string[]).includes(k)));
    // The data functions share the catalogue client's per-try timeout, dispatcher and user agent.
    this.#data = new DataClient(data, this.http.retryPolicy, API_SPEC.errors, {
      timeoutMs: this.http.timeoutMs,
      dispatcher: this.http.dispatcher,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    });
  }

  /**
   * Runs standard SQL on BigQuery, billed to your project, and returns its rows.
   *
   * `await` it for every row as an array, or `for await` over it to stream
   * rows page by page with flat memory; `.columns()` gives the BigQuery types.
   *
   * @param options - Billing project, environment, page size, named `params`, a `signal`
   *   that cuts a request in flight, and `timeoutMs` for each try of each request.
   * @throws {@link BillingProjectError} before any request when no billing project is set;
   *   {@link ValidationError} before any request for a blank query or a bad option;
   *   {@link InvalidQueryError}, {@link AccessDeniedError}, {@link NotFoundError} with BigQuery's message;
   *   {@link TimeoutError} once a request's tries ran out of time.
   * @example
   * ```ts
   * const rows = await bd.readSql('SELECT ano, SUM(populacao) AS total FROM `basedosdados.br_ibge_populacao.municipio` GROUP BY ano');
   * ```
   */
  readSql<Row = Record<string, unknown>>(query: string, options?: DataCallOptions): QueryRows<Row> {
    return this.#data.readSql<Row>(query, options);
  }

  /**
   * Reads `basedosdados.<datasetId>.<tableId>` (or another environment's project),
   * optionally some columns (each once) and at most `limit` rows (a safe integer).
   * The ids are checked against the spec's pattern before any SQL is built.
   *
   * @example
   * ```ts
   * const ufs = await bd.readTable('br_bd_diretorios_brasil', 'uf', { columns: ['sigla', 'nome'] });
   * ```
   */
  readTable<Row = Record<string, unknown>>(datasetId: string, tableId: string, options?: ReadTableOptions): QueryRows<Row> {
    return this.#data.readTable<Row>(datasetId, tableId, options);
  }

  /**
   * Saves a query's or a table's rows as CSV, JSONL or Parquet (the format from
   * `path`'s extension when none is given; `.csv.gz` and `.jsonl.gz` are gzipped).
   * Before the query runs, missing parent folders are created and the folder is
   * checked to be writable ({@link FileSystemError} otherwise). Rows stream to a
   * temporary file beside `path`, renamed only when complete: a failure or an
   * abort leaves no file.
   *
   * @param source - SQL, `{ query }`, or `{ datasetId, tableId, columns?, limit? }`.
   * @example
   * ```ts
   * await bd.download({ datasetId: 'br_ibge_pib', tableId: 'municipio' }, 'pib.parquet');
   * ```
   */
  download(source: DownloadSource, path: string, options?: DownloadOptions): Promise<DownloadResult> {
    return this.#data.download(source, path, options);
  }

  /**
   * A dry run: the bytes the query would scan and their on-demand price in US dollars.
   *
   * @example
   * ```ts
   * const { bytes_processed, cost_usd } = await bd.estimateQuery('SELECT * FROM `basedosdados.br_ibge_pib.municipio`');
   * ```
   */
  estimateQuery(query: string, options?: DataCallOptions): Promise<QueryEstimate> {
    return this.#data.estimateQuery(query, options);
  }

  /**
   * Closes the gRPC channels of the BigQuery Storage Read API this client opened
   * (one per endpoint, kept between calls). A script ends without it; a
   * long-lived server that makes clients should call it when done with one.
   */
  close(): Promise<void> {
    return this.#data.close();
  }
}
