/**
 * BigQuery's JSON wire values -> the SDK's values, and the canonical text of
 * each value in downloaded files (the same bytes in every language; see
 * tests/conformance/README.md).
 *
 * Type mapping of rows (documented in the README):
 *
 * | BigQuery            | TypeScript                                                  |
 * |---------------------|-------------------------------------------------------------|
 * | INT64               | number when a safe integer, else string (or bigint: `int64`) |
 * | FLOAT64             | number (NaN and ±Infinity included)                         |
 * | NUMERIC, BIGNUMERIC | string in plain decimal notation (`"1234.5"`)               |
 * | BOOL                | boolean                                                     |
 * | STRING, GEOGRAPHY (WKT), JSON, BYTES (base64), TIME | string                      |
 * | DATE                | string `YYYY-MM-DD`                                         |
 * | DATETIME            | string `YYYY-MM-DDTHH:MM:SS[.ffffff]`                       |
 * | TIMESTAMP           | Date (or ISO string with microseconds: `timestamps`)        |
 * | STRUCT / RECORD     | object; REPEATED columns are arrays                         |
 * | NULL                | null                                                        |
 */

/** BigQuery's REST type names (`INTEGER`) -> standard SQL names (`INT64`), as the spec's BigQueryType. */
const STANDARD_TYPE: Record<string, string> = {
  INTEGER: 'INT64', INT64: 'INT64', FLOAT: 'FLOAT64', FLOAT64: 'FLOAT64', BOOLEAN: 'BOOL', BOOL: 'BOOL',
  NUMERIC: 'NUMERIC', BIGNUMERIC: 'BIGNUMERIC', STRING: 'STRING', BYTES: 'BYTES', DATE: 'DATE', DATETIME: 'DATETIME',
  TIME: 'TIME', TIMESTAMP: 'TIMESTAMP', GEOGRAPHY: 'GEOGRAPHY', JSON: 'JSON', RECORD: 'RECORD', STRUCT: 'RECORD',
};

/** One column of a result. */
export interface ResultColumn {
  readonly name: string;
  /** Standard SQL type name: INT64, FLOAT64, NUMERIC, BOOL, STRING, DATE, DATETIME, TIMESTAMP, GEOGRAPHY, ... */
  readonly type: string;
  /** NULLABLE, REQUIRED or REPEATED. */
  readonly mode: string;
  /** The columns of a RECORD. */
  readonly fields?: readonly ResultColumn[];
}

/** How values without an exact JavaScript equivalent are returned. */
export interface TypeMapping {
  /** INT64 values beyond ±(2^53 - 1): as strings (default) or bigints. Smaller ones are always numbers. */
  readonly int64?: 'string' | 'bigint';
  /** TIMESTAMP as Date (default, millisecond precision) or as an ISO string keeping microseconds. */
  readonly timestamps?: 'date' | 'string';
}

interface WireField {
  name?: string | null;
  type?: string | null;
  mode?: string | null;
  fields?: WireField[] | null;
}

export function toColumns(fields: readonly WireField[] | null | undefined): ResultColumn[] {
  return (fields ?? []).map((f) => ({
    name: String(f.name),
    type: STANDARD_TYPE[String(f.type).toUpperCase()] ?? String(f.type).toUpperCase(),
    mode: f.mode ?? 'NULLABLE',
    ...(f.fields && f.fields.length > 0 ? { fields: toColumns(f.fields) } : {}),
  }));
}

type WireCell = { v?: unknown };
export type WireRow = { f?: WireCell[] };

/** Plain decimal notation without exponent or trailing zeros (`1.50E+2` -> `150`). */
export function normalizeDecimal(text: string): string {
  let value = text.trim();
  const exp = /^([+-]?)(\d*)(?:\.(\d*))?[eE]([+-]?\d+)$/.exec(value);
  if (exp) {
    const [, sign, int = '', frac = '', e] = exp;
    const digits = `${int}${frac}`;
    const point = int.length + Number(e);
    const padded = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? `${digits}${'0'.repeat(point - digits.length)}` : `${digits.slice(0, point)}.${digits.slice(point)}`;
    value = `${sign}${padded}`;
  }
  const negative = value.startsWith('-');
  let [int = '0', frac = ''] = value.replace(/^[+-]/, '').split('.');
  int = int.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return negative && body !== '0' ? `-${body}` : body;
}

/** An int64 count of microseconds since the epoch -> `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`. */
export function timestampFromMicros(micros: bigint): string {
  const seconds = micros / 1_000_000n - (micros % 1_000_000n < 0n ? 1n : 0n);
  const fraction = micros - seconds * 1_000_000n;
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return fraction === 0n ? `${base}Z` : `${base}.${fraction.toString().padStart(6, '0')}Z`;
}

/** TIMESTAMP on the wire: int64 microseconds (useInt64Timestamp), float seconds, or ISO text (`...THH:MM:SS[.ffffff]Z`, Storage pages in wire shape). */
function timestampMicros(value: string): bigint {
  if (/^-?\d+$/.test(value)) return BigInt(value);
  const iso = /^(.+T\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(value);
  if (iso) return BigInt(Date.parse(`${iso[1]}Z`) / 1000) * 1_000_000n + BigInt((iso[2] ?? '').padEnd(6, '0'));
  const [int, frac = ''] = normalizeDecimal(value).split('.');
  const negative = int!.startsWith('-');
  const micros = BigInt(int!.replace('-', '')) * 1_000_000n + BigInt(frac.padEnd(6, '0').slice(0, 6) || '0');
  return negative ? -micros : micros;
}

/** DATETIME with its fraction as six digits, or none when zero. */
export function normalizeDatetime(value: string): string {
  const [base, frac = ''] = value.replace(' ', 'T').split('.');
  const digits = frac.padEnd(6, '0').slice(0, 6);
  return /^0*$/.test(digits) ? base! : `${base}.${digits}`;
}

/** The canonical text of a scalar, shared by every file format and the conformance suite. */
export function canonicalScalar(type: string, value: string): string | number | boolean {
  switch (type) {
    case 'INT64': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : BigInt(value).toString();
    }
    case 'FLOAT64':
      return Number(value);
    case 'NUMERIC':
    case 'BIGNUMERIC':
      return normalizeDecimal(value);
    case 'BOOL':
      return value === 'true';
    case 'DATETIME':
      return normalizeDatetime(value);
    case 'TIMESTAMP':
      return timestampFromMicros(timestampMicros(value));
    default:
      return value;
  }
}

/** A wire cell -> the SDK's value under `mapping`. */
function convertCell(column: ResultColumn, cell: unknown, mapping: TypeMapping): unknown {
  if (cell === null || cell === undefined) return null;
  if (column.mode === 'REPEATED') {
    const items = Array.isArray(cell) ? (cell as WireCell[]) : [];
    return items.map((item) => convertCell({ ...column, mode: 'NULLABLE' }, item.v, mapping));
  }
  if (column.type === 'RECORD') return convertRow(column.fields ?? [], cell as WireRow, mapping);
  const text = String(cell);
  switch (column.type) {
    case 'INT64': {
      const n = Number(text);
      if (Number.isSafeInteger(n)) return n;
      return mapping.int64 === 'bigint' ? BigInt(text) : BigInt(text).toString();
    }
    case 'TIMESTAMP': {
      const iso = timestampFromMicros(timestampMicros(text));
      return mapping.timestamps === 'string' ? iso : new Date(iso);
    }
    default:
      return canonicalScalar(column.type, text);
  }
}

export function convertRow(columns: readonly ResultColumn[], row: WireRow, mapping: TypeMapping): Record<string, unknown> {
  const cells = row.f ?? [];
  const out: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    out[column.name] = convertCell(column, cells[i]?.v, mapping);
  });
  return out;
}

/**
 * JavaScript's Number-to-string, which every language's files follow for
 * FLOAT64 (shortest round-trip digits; exponent only below 1e-6 or from 1e21).
 */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}
