// BigQuery types as DuckDB types: one table for the columns of the sample
// tables, extended with BigQuery's aliases for CAST targets, parameters and
// typed literals.
import type { BigQueryType } from '../data/catalogue.js';

/** DuckDB column type of each BigQuery type. */
export const DUCKDB_COLUMN_TYPE: Readonly<Record<BigQueryType, string>> = {
  STRING: 'VARCHAR',
  BYTES: 'BLOB',
  INT64: 'BIGINT',
  FLOAT64: 'DOUBLE',
  NUMERIC: 'DECIMAL(38,9)',
  BIGNUMERIC: 'DECIMAL(38,18)',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  DATETIME: 'TIMESTAMP',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMPTZ',
  GEOGRAPHY: 'GEOMETRY',
  JSON: 'JSON',
  RECORD: 'VARCHAR',
};

const { RECORD: _record, ...scalarTypes } = DUCKDB_COLUMN_TYPE; // RECORD is no CAST target

/** BigQuery type name (standard or alias) -> DuckDB type, for CAST targets, parameters and typed literals. */
export const DUCKDB_TYPE: Readonly<Record<string, string>> = {
  ...scalarTypes,
  INTEGER: 'BIGINT',
  INT: 'BIGINT',
  SMALLINT: 'BIGINT',
  BIGINT: 'BIGINT',
  TINYINT: 'BIGINT',
  BYTEINT: 'BIGINT',
  FLOAT: 'DOUBLE',
  DECIMAL: 'DECIMAL(38,9)',
  BIGDECIMAL: 'DECIMAL(38,18)',
  BOOLEAN: 'BOOLEAN',
};
