// BigQuery's REST wire format: schema fields with REST type names and modes, and
// row cells `{v: ...}` whose scalar values are all strings (or null), the way
// the official clients parse them.
import {
  DuckDBTypeId,
  type DuckDBDecimalType,
  type DuckDBListType,
  type DuckDBStructType,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { BigQueryType, ColumnFixture } from '../data/catalogue.js';

export interface SchemaField {
  name: string;
  type: string;
  mode: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  description?: string;
  fields?: SchemaField[];
}

export type WireValue = string | null | WireCell[] | { f: WireCell[] };
export interface WireCell {
  v: WireValue;
}
export interface WireRow {
  f: WireCell[];
}

/** How TIMESTAMP values are written (`formatOptions`). */
export type TimestampFormat = 'float' | 'int64' | 'iso';

/** The TIMESTAMP format a request asks for (`formatOptions`). */
export function timestampFormat(useInt64: unknown, outputFormat: unknown): TimestampFormat {
  const fmt = typeof outputFormat === 'string' ? outputFormat.toUpperCase() : '';
  if (fmt === 'ISO8601_STRING') return 'iso';
  if (fmt === 'INT64') return 'int64';
  if (fmt === 'FLOAT64') return 'float';
  // Python sends `True`, Node `true`.
  return useInt64 === true || (typeof useInt64 === 'string' && useInt64.toLowerCase() === 'true') ? 'int64' : 'float';
}

/** Standard SQL name (catalogue) -> REST schema name. */
export const REST_TYPE: Readonly<Record<BigQueryType, string>> = {
  STRING: 'STRING',
  BYTES: 'BYTES',
  INT64: 'INTEGER',
  FLOAT64: 'FLOAT',
  NUMERIC: 'NUMERIC',
  BIGNUMERIC: 'BIGNUMERIC',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  DATETIME: 'DATETIME',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
  GEOGRAPHY: 'GEOGRAPHY',
  JSON: 'JSON',
  RECORD: 'RECORD',
};

/** The schema of a catalogue table as tables.get returns it. */
export function tableSchema(columns: readonly ColumnFixture[]): SchemaField[] {
  return columns.map((c) => ({
    name: c.name,
    type: REST_TYPE[c.type],
    mode: c.required ? 'REQUIRED' : 'NULLABLE',
    description: c.description,
  }));
}

/** REST type of a DuckDB result column. */
export function restType(type: DuckDBType): { type: string; repeated: boolean; fields?: SchemaField[] } {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { type: 'BOOLEAN', repeated: false };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.SQLNULL:
      return { type: 'INTEGER', repeated: false };
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return { type: 'FLOAT', repeated: false };
    case DuckDBTypeId.DECIMAL:
      return { type: (type as DuckDBDecimalType).scale <= 9 ? 'NUMERIC' : 'BIGNUMERIC', repeated: false };
    case DuckDBTypeId.BLOB:
      return { type: 'BYTES', repeated: false };
    case DuckDBTypeId.DATE:
      return { type: 'DATE', repeated: false };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return { type: 'DATETIME', repeated: false };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { type: 'TIMESTAMP', repeated: false };
    case DuckDBTypeId.TIME:
      return { type: 'TIME', repeated: false };
    case DuckDBTypeId.GEOMETRY:
      return { type: 'GEOGRAPHY', repeated: false };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const inner = restType((type as DuckDBListType).valueType);
      return { ...inner, repeated: true };
    }
    case DuckDBTypeId.STRUCT: {
      const st = type as DuckDBStructType;
      return { type: 'RECORD', repeated: false, fields: st.entryNames.map((n, i) => schemaField(n, st.entryTypes[i]!)) };
    }
    case DuckDBTypeId.VARCHAR:
      return { type: type.alias === 'JSON' ? 'JSON' : 'STRING', repeated: false };
    default:
      return { type: 'STRING', repeated: false };
  }
}

export function schemaField(name: string, type: DuckDBType): SchemaField {
  const t = restType(type);
  const field: SchemaField = { name, type: t.type, mode: t.repeated ? 'REPEATED' : 'NULLABLE' };
  if (t.fields) field.fields = t.fields;
  return field;
}

const pad = (n: number | bigint, width: number): string => String(n).padStart(width, '0');

/** Days since 1970-01-01 -> YYYY-MM-DD (proleptic Gregorian, like BigQuery). */
export function formatDate(days: number): string {
  const d = new Date(days * 86_400_000);
  const y = d.getUTCFullYear();
  const year = y < 0 ? `-${pad(-y, 4)}` : pad(y, 4);
  return `${year}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function splitMicros(micros: bigint): { days: number; time: bigint } {
  const day = 86_400_000_000n;
  let days = micros / day;
  let time = micros % day;
  if (time < 0n) {
    time += day;
    days -= 1n;
  }
  return { days: Number(days), time };
}

/** Micros in a day -> HH:MM:SS[.ffffff]. */
export function formatTime(micros: bigint): string {
  const secs = micros / 1_000_000n;
  const frac = micros % 1_000_000n;
  const base = `${pad(secs / 3600n, 2)}:${pad((secs / 60n) % 60n, 2)}:${pad(secs % 60n, 2)}`;
  return frac === 0n ? base : `${base}.${pad(frac, 6)}`;
}

/** DATETIME: YYYY-MM-DDTHH:MM:SS[.ffffff], the way BigQuery returns it. */
export function formatDatetime(micros: bigint): string {
  const { days, time } = splitMicros(micros);
  return `${formatDate(days)}T${formatTime(time)}`;
}

/** Float seconds in BigQuery's notation (`1.6222332E9`), written from the exact digits. */
export function timestampFloat(micros: bigint): string {
  if (micros === 0n) return '0.0';
  const negative = micros < 0n;
  const digits = (negative ? -micros : micros).toString();
  // value = digits * 10^-6; scientific: d.ddd * 10^(len - 7)
  const exponent = digits.length - 7;
  const mantissa = `${digits[0]}.${digits.slice(1).replace(/0+$/, '') || '0'}`;
  return `${negative ? '-' : ''}${mantissa}E${exponent}`;
}

export function formatTimestamp(micros: bigint, format: TimestampFormat): string {
  if (format === 'int64') return micros.toString();
  if (format === 'float') return timestampFloat(micros);
  const { days, time } = splitMicros(micros);
  return `${formatDate(days)}T${formatTime(time)}Z`;
}

/** NUMERIC: the exact decimal, without trailing zeros. */
export function formatDecimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return String(x);
}

// --- WKB -> WKT, so GEOGRAPHY values are WKT text like BigQuery's --------------

const WKB_TYPES = ['', 'POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON', 'GEOMETRYCOLLECTION'];

export function wkbToWkt(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const num = (x: number): string => String(x);
  const read = (): string => {
    const little = view.getUint8(pos) === 1;
    pos += 1;
    const rawType = view.getUint32(pos, little);
    pos += 4;
    // ISO WKB adds 1000 for Z, 2000 for M, 3000 for ZM.
    const dims = 2 + (Math.floor((rawType % 10000) / 1000) === 3 ? 2 : Math.floor((rawType % 10000) / 1000) > 0 ? 1 : 0);
    const type = rawType % 1000;
    const u32 = (): number => {
      const v = view.getUint32(pos, little);
      pos += 4;
      return v;
    };
    const point = (): string => {
      const xs: string[] = [];
      for (let d = 0; d < dims; d++) {
        xs.push(num(view.getFloat64(pos, little)));
        pos += 8;
      }
      return xs.slice(0, 2).join(' ');
    };
    const points = (): string => {
      const n = u32();
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(point());
      return out.join(', ');
    };
    const rings = (): string => {
      const n = u32();
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(`(${points()})`);
      return out.join(', ');
    };
    const name = WKB_TYPES[type] ?? 'GEOMETRY';
    switch (type) {
      case 1: {
        const p = point();
        return p.includes('NaN') ? 'POINT EMPTY' : `POINT(${p})`;
      }
      case 2:
        return `LINESTRING(${points()})`;
      case 3:
        return `POLYGON(${rings()})`;
      case 4:
      case 5:
      case 6:
      case 7: {
        const n = u32();
        const parts: string[] = [];
        for (let i = 0; i < n; i++) {
          const sub = read();
          // Multi* members drop their own type name: MULTIPOINT((1 2), (3 4)).
          parts.push(type === 7 ? sub : sub.slice(sub.indexOf('(')));
        }
        return n === 0 ? `${name} EMPTY` : `${name}(${parts.join(', ')})`;
      }
      default:
        throw new Error(`unsupported WKB geometry type ${rawType}`);
    }
  };
  return read();
}

// --- values ------------------------------------------------------------------

export type Converter = (value: DuckDBValue) => WireValue;

/** A converter for one result column, chosen once per column for speed. */
export function converterFor(type: DuckDBType, timestamps: TimestampFormat): Converter {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return (v) => (v === null ? null : v ? 'true' : 'false');
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return (v) => (v === null ? null : formatFloat(v as number));
    case DuckDBTypeId.DECIMAL:
      return (v) => {
        if (v === null) return null;
        const d = v as { value: bigint; scale: number };
        return formatDecimal(d.value, d.scale);
      };
    case DuckDBTypeId.DATE:
      return (v) => (v === null ? null : formatDate((v as { days: number }).days));
    case DuckDBTypeId.TIMESTAMP:
      return (v) => (v === null ? null : formatDatetime((v as { micros: bigint }).micros));
    case DuckDBTypeId.TIMESTAMP_S:
      return (v) => (v === null ? null : formatDatetime((v as { seconds: bigint }).seconds * 1_000_000n));
    case DuckDBTypeId.TIMESTAMP_MS:
      return (v) => (v === null ? null : formatDatetime((v as { millis: bigint }).millis * 1_000n));
    case DuckDBTypeId.TIMESTAMP_NS:
      return (v) => (v === null ? null : formatDatetime((v as { nanos: bigint }).nanos / 1_000n));
    case DuckDBTypeId.TIMESTAMP_TZ:
      return (v) => (v === null ? null : formatTimestamp((v as { micros: bigint }).micros, timestamps));
    case DuckDBTypeId.TIME:
      return (v) => (v === null ? null : formatTime((v as { micros: bigint }).micros));
    case DuckDBTypeId.BLOB:
      return (v) => (v === null ? null : Buffer.from((v as { bytes: Uint8Array }).bytes).toString('base64'));
    case DuckDBTypeId.GEOMETRY:
      return (v) => (v === null ? null : wkbToWkt((v as { bytes: Uint8Array }).bytes));
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const inner = converterFor((type as DuckDBListType).valueType, timestamps);
      // BigQuery has no NULL arrays: NULL reads as an empty array.
      return (v) => (v === null ? [] : (v as { items: readonly DuckDBValue[] }).items.map((x) => ({ v: inner(x) })));
    }
    case DuckDBTypeId.STRUCT: {
      const st = type as DuckDBStructType;
      const convs = st.entryTypes.map((t) => converterFor(t, timestamps));
      return (v) => {
        if (v === null) return null;
        const entries = (v as { entries: Record<string, DuckDBValue> }).entries;
        return { f: st.entryNames.map((n, i) => ({ v: convs[i]!(entries[n] ?? null) })) };
      };
    }
    case DuckDBTypeId.VARCHAR:
      return (v) => (v === null ? null : (v as string));
    default:
      return (v) => (v === null ? null : String(v));
  }
}
