/**
 * `@basedosdados/sdk`: search the Base dos Dados catalogue and read its tables.
 *
 * @example
 * ```ts
 * import { BaseDosDados } from '@basedosdados/sdk';
 *
 * const bd = new BaseDosDados();
 * for await (const dataset of bd.datasets.list({ q: 'populacao' })) console.log(dataset.dataset_id, dataset.name);
 * ```
 *
 * @packageDocumentation
 */

export * from './generated/index.js';
export { BaseDosDados, type BaseDosDadosOptions } from './lib/base-dos-dados.js';
export type { DataCallOptions, DataOptions, DownloadOptions, DownloadSource, EnvironmentName, ReadTableOptions } from './data/data-client.js';
export { QueryRows } from './data/query-rows.js';
export { STORAGE_MIN_ROWS, DEFAULT_MAX_STREAMS, type ReadApi } from './data/read-paths.js';
export type { WirePage } from './data/query-rows.js';
export type { DownloadProgress } from './data/download.js';
export type { ResultColumn, TypeMapping } from './data/values.js';
// The error classes (NotFoundError, ValidationError, ...) are generated from the spec's x-bd-errors
// (src/generated/errors.ts, exported above); the runtime builds them from the spec's error table.
export {
  APIError,
  BaseDosDadosError,
  ERROR_KINDS,
  Page,
  PagePromise,
  HttpClient,
  DEFAULT_TIMEOUT_MS,
  type ErrorKind,
  type ErrorKindSpec,
  type FilePart,
  type InvalidParam,
  type ProblemDetails,
  type RetryPolicy,
  type HttpClientOptions,
  type RequestOptions,
} from './core/index.js';
