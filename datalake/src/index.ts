// The local Base dos Dados datalake: a replica of the Base dos Dados backend
// (its REST views and GraphQL) and the BigQuery REST v2 calls of the official
// clients, on an embedded DuckDB.
export {
  startDatalake,
  DEFAULT_SEED,
  DEFAULT_DENIED_PROJECTS,
  DEFAULT_QUERY_TIMEOUT_MS,
  DEFAULT_MAX_RESULT_BYTES,
  DEFAULT_MAX_RESULT_AGE_MS,
  DEFAULT_MAX_PAGE_BYTES,
  DEFAULT_MAX_SESSION_AGE_MS,
} from './server.js';
export { allowedHostNames } from './guard.js';
export type { Datalake, DatalakeOptions, DatalakeStats } from './server.js';
export { FaultController } from './faults.js';
export type { FaultConfig, FaultRule, FaultScope, FaultStats } from './faults.js';
export { serveDatalake, serveBanner } from './serve.js';
export type { ServeOptions } from './serve.js';
export { translateSql } from './sql/translate.js';
export { SYNTHETIC_DATASET, SYNTHETIC_COLUMNS, syntheticRows, syntheticSelect } from './data/synthetic.js';
export { DATA_PROJECTS, PROD_PROJECT, STAGING_PROJECT, DEV_PROJECT } from './data/engine.js';
