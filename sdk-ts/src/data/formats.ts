/**
 * The bytes of downloaded files. Every language writes the same CSV and JSONL
 * for the same rows (the conformance suite compares checksums):
 *
 * - CSV: a header row of column names; RFC 4180 quoting (fields holding a
 *   comma, quote, CR or LF are quoted, quotes doubled); NULL is an empty field
 *   and an empty string is `""`; `\n` line ends; values in canonical text.
 * - JSONL: one JSON object per row, keys in column order, no spaces, UTF-8
 *   as is; INT64 a number when safe, else a string; NaN and ±Infinity strings.
 *
 * Canonical text: FLOAT64 as JavaScript prints numbers, NUMERIC in plain
 * decimal notation, DATE `YYYY-MM-DD`, DATETIME `YYYY-MM-DDTHH:MM:SS[.ffffff]`,
 * TIMESTAMP `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`, BOOL `true`/`false`; RECORD and
 * REPEATED values as their JSON.
 */
import type { DecodedBatch } from './arrow-values.js';
import { canonicalScalar, formatFloat, type ResultColumn, type WireRow } from './values.js';

export type FileFormat = 'csv' | 'jsonl' | 'parquet';

type Cell = { v?: unknown };

/** A cell as a JSON value in canonical form. */
function jsonValue(column: ResultColumn, cell: unknown): unknown {
  if (cell === null || cell === undefined) return null;
  if (column.mode === 'REPEATED') {
    return (Array.isArray(cell) ? (cell as Cell[]) : []).map((item) => jsonValue({ ...column, mode: 'NULLABLE' }, item.v));
  }
  if (column.type === 'RECORD') {
    const cells = (cell as WireRow).f ?? [];
    return Object.fromEntries((column.fields ?? []).map((field, i) => [field.name, jsonValue(field, cells[i]?.v)]));
  }
  const value = canonicalScalar(column.type, String(cell));
  return typeof value === 'number' && !Number.isFinite(value) ? formatFloat(value) : value;
}

function csvField(text: string): string {
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(columns: readonly ResultColumn[]): string {
  return `${columns.map((c) => csvField(c.name)).join(',')}\n`;
}

export function csvLines(columns: readonly ResultColumn[], rows: readonly WireRow[]): string {
  let out = '';
  for (const row of rows) {
    const cells = row.f ?? [];
    out += `${columns.map((column, i) => csvCanonical(jsonValue(column, cells[i]?.v))).join(',')}\n`;
  }
  return out;
}

export function jsonLines(columns: readonly ResultColumn[], rows: readonly WireRow[]): string {
  let out = '';
  for (const row of rows) {
    const cells = row.f ?? [];
    const object: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      object[column.name] = jsonValue(column, cells[i]?.v);
    });
    out += `${JSON.stringify(object)}\n`;
  }
  return out;
}

/**
 * A canonical value (a wire cell's {@link jsonValue}, or arrow-values.ts's
 * CANONICAL: INT64 beyond 2^53, TIMESTAMP and non-finite FLOAT64 as strings)
 * as a CSV field: the one CSV form of both paths.
 */
function csvCanonical(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return csvField(value);
  if (typeof value === 'number') return formatFloat(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return csvField(JSON.stringify(value));
}

/** CSV lines of a batch decoded in canonical form, byte for byte those of the REST path. */
export function csvLinesOfBatch(batch: DecodedBatch): string {
  const { values, length } = batch;
  let out = '';
  for (let i = 0; i < length; i++) {
    let line = '';
    for (let c = 0; c < values.length; c++) line += (c === 0 ? '' : ',') + csvCanonical(values[c]![i]);
    out += `${line}\n`;
  }
  return out;
}

/** JSONL lines of a batch decoded in canonical form, byte for byte those of the REST path. */
export function jsonLinesOfBatch(batch: DecodedBatch): string {
  const { names, values, length } = batch;
  let out = '';
  for (let i = 0; i < length; i++) {
    const object: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) object[names[c]!] = values[c]![i];
    out += `${JSON.stringify(object)}\n`;
  }
  return out;
}

/** DuckDB column types for a Parquet file of these columns (read from the JSONL staging file). */
export function duckdbType(column: ResultColumn): string {
  if (column.mode === 'REPEATED') return `${duckdbType({ ...column, mode: 'NULLABLE' })}[]`;
  switch (column.type) {
    case 'INT64': return 'BIGINT';
    case 'FLOAT64': return 'DOUBLE';
    case 'NUMERIC': return 'DECIMAL(38,9)';
    case 'BOOL': return 'BOOLEAN';
    case 'DATE': return 'DATE';
    case 'DATETIME': return 'TIMESTAMP';
    case 'TIMESTAMP': return 'TIMESTAMPTZ';
    case 'TIME': return 'TIME';
    case 'RECORD': return `STRUCT(${(column.fields ?? []).map((f) => `"${f.name.replaceAll('"', '""')}" ${duckdbType(f)}`).join(', ')})`;
    default: return 'VARCHAR'; // STRING, GEOGRAPHY (WKT), JSON, BYTES (base64), BIGNUMERIC
  }
}
