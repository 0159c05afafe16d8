/**
 * Arrow record batches (what the BigQuery Storage Read API sends) -> exactly
 * the row values `convertRow` gives for the REST path's JSON (values.ts), for
 * every BigQuery type and every {@link TypeMapping}. Decoding is column-wise
 * over the batch's buffers: one pass per column, then rows are assembled.
 *
 * Arrow types as BigQuery sends them: INT64 int64, FLOAT64 float64, NUMERIC
 * decimal128(38,9), BIGNUMERIC decimal256(76,38), BOOL bool, STRING/JSON/
 * GEOGRAPHY utf8, BYTES binary (base64 text, as REST gives it), DATE date32,
 * DATETIME timestamp[us], TIMESTAMP timestamp[us, UTC], TIME time64[us],
 * RECORD struct, REPEATED list.
 */
import { Type, type Data, type DataType, type Field, type RecordBatch, type Schema } from 'apache-arrow';
import type { ResultColumn, TypeMapping } from './values.js';

/** How cells are decoded: the caller's mapping, or `canonical` for files (INT64 beyond 2^53 and TIMESTAMP as strings, non-finite floats as strings). */
export interface DecodeMode extends TypeMapping {
  readonly canonical?: boolean;
}

export const CANONICAL: DecodeMode = Object.freeze({ int64: 'string', timestamps: 'string', canonical: true });

/** BigQuery marks GEOGRAPHY and JSON columns (both utf8) with this extension name. */
const SQL_TYPE_KEY = 'ARROW:extension:name';

function scalarType(type: DataType, metadata: Map<string, string> | undefined): string {
  switch (type.typeId) {
    case Type.Int: return 'INT64';
    case Type.Float: return 'FLOAT64';
    case Type.Decimal: return (type as unknown as { scale: number }).scale > 9 ? 'BIGNUMERIC' : 'NUMERIC';
    case Type.Bool: return 'BOOL';
    case Type.Binary: case Type.LargeBinary: return 'BYTES';
    case Type.Date: return 'DATE';
    case Type.Timestamp: return (type as unknown as { timezone?: string | null }).timezone ? 'TIMESTAMP' : 'DATETIME';
    case Type.Time: return 'TIME';
    case Type.Struct: return 'RECORD';
    default: {
      const sqlType = /^google:sqlType:(\w+)$/.exec(metadata?.get(SQL_TYPE_KEY) ?? '')?.[1];
      return sqlType ? sqlType.toUpperCase() : 'STRING';
    }
  }
}

/** The result columns an Arrow schema describes (for a direct table read, where no REST schema exists). */
export function arrowColumns(fields: readonly Field[]): ResultColumn[] {
  return fields.map((field) => {
    const repeated = field.type.typeId === Type.List;
    const inner = repeated ? (field.type.children[0] as Field) : field;
    const type = scalarType(inner.type, inner.metadata);
    return {
      name: field.name,
      type,
      mode: repeated ? 'REPEATED' : field.nullable ? 'NULLABLE' : 'REQUIRED',
      ...(type === 'RECORD' ? { fields: arrowColumns(inner.type.children as Field[]) } : {}),
    };
  });
}

export function schemaColumns(schema: Schema): ResultColumn[] {
  return arrowColumns(schema.fields);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Days since the epoch -> `YYYY-MM-DD`, cached: a column holds few distinct dates. */
const dateCache = new Map<number, string>();
function formatDate(days: number): string {
  let text = dateCache.get(days);
  if (text === undefined) {
    const d = new Date(days * 86_400_000);
    const y = d.getUTCFullYear();
    text = `${String(y).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
    if (dateCache.size > 50_000) dateCache.clear();
    dateCache.set(days, text);
  }
  return text;
}

/** Microseconds -> `YYYY-MM-DDTHH:MM:SS[.ffffff]` (no zone), the fraction only when not zero. */
function formatMicros(micros: number | bigint): string {
  if (typeof micros === 'number') {
    // Exact: |micros| < 2^53.
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = micros - seconds * 1_000_000;
    const base = new Date(seconds * 1000).toISOString().slice(0, 19);
    return fraction === 0 ? base : `${base}.${String(fraction).padStart(6, '0')}`;
  }
  const big = micros;
  const seconds = big / 1_000_000n - (big % 1_000_000n < 0n ? 1n : 0n);
  const fraction = Number(big - seconds * 1_000_000n);
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return fraction === 0 ? base : `${base}.${String(fraction).padStart(6, '0')}`;
}

/** Microseconds within a day -> `HH:MM:SS[.ffffff]`. */
function formatTime(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = micros - seconds * 1_000_000;
  const base = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  return fraction === 0 ? base : `${base}.${String(fraction).padStart(6, '0')}`;
}

/** A two's-complement little-endian integer of `words` 32-bit words at `at` -> decimal text with `scale` digits after the point, trailing zeros dropped. */
function formatDecimal(words: Uint32Array, at: number, count: number, scale: number): string {
  let value = 0n;
  for (let w = count - 1; w >= 0; w--) value = (value << 32n) | BigInt(words[at + w]!);
  if (words[at + count - 1]! & 0x8000_0000) value -= 1n << BigInt(32 * count);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** An int64 cell as convertRow gives it: a number when safe, else a string or a bigint. */
function int64Value(low: number, high: number, values: BigInt64Array, i: number, mode: DecodeMode): number | string | bigint {
  // Within ±2^53 the two 32-bit halves give the exact number without a BigInt.
  if (high >= -0x20_0000 && high < 0x20_0000) {
    const n = high * 4_294_967_296 + low;
    if (Number.isSafeInteger(n)) return n;
  }
  return mode.int64 === 'bigint' ? values[i]! : values[i]!.toString();
}

const TIME_UNIT_TO_MICROS = [1_000_000, 1_000, 1, 0.001];

/** Every cell of one Arrow column chunk, decoded under `mode` (nulls as null). */
export function decodeData(data: Data, mode: DecodeMode): unknown[] {
  const n = data.length;
  const out = new Array<unknown>(n);
  const type = data.type as DataType & { bitWidth?: number; scale?: number; unit?: number; timezone?: string | null };
  const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
  const offset = data.offset;
  const isNull = (i: number): boolean => bitmap !== undefined && ((bitmap[(offset + i) >> 3]! >> ((offset + i) & 7)) & 1) === 0;
  switch (type.typeId) {
    case Type.Int: {
      const values = data.values as BigInt64Array | Int32Array;
      if (!(values instanceof BigInt64Array)) {
        for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : values[i];
        break;
      }
      const halves = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
      for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : int64Value(halves[2 * i]! >>> 0, halves[2 * i + 1]!, values, i, mode);
      break;
    }
    case Type.Float: {
      const values = data.values as Float64Array;
      for (let i = 0; i < n; i++) {
        if (isNull(i)) out[i] = null;
        else {
          const x = values[i]!;
          out[i] = mode.canonical && !Number.isFinite(x) ? (Number.isNaN(x) ? 'NaN' : String(x)) : x;
        }
      }
      break;
    }
    case Type.Decimal: {
      const words = data.values as unknown as Uint32Array;
      const count = (type.bitWidth ?? 128) / 32;
      for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : formatDecimal(words, i * count, count, type.scale ?? 0);
      break;
    }
    case Type.Bool: {
      const bits = data.values as Uint8Array;
      for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : ((bits[(offset + i) >> 3]! >> ((offset + i) & 7)) & 1) === 1;
      break;
    }
    case Type.Utf8:
    case Type.Binary: {
      const offsets = data.valueOffsets as Int32Array;
      const bytes = data.values as Uint8Array;
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const encoding = type.typeId === Type.Binary ? 'base64' : 'utf8';
      for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : buffer.toString(encoding, offsets[i]!, offsets[i + 1]!);
      break;
    }
    case Type.Date: {
      const values = data.values as Int32Array | BigInt64Array;
      // date32 counts days; date64 counts milliseconds.
      for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : formatDate(values instanceof Int32Array ? values[i]! : Math.floor(Number(values[i]!) / 86_400_000));
      break;
    }
    case Type.Timestamp: {
      const values = data.values as BigInt64Array;
      const halves = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
      const scale = TIME_UNIT_TO_MICROS[type.unit ?? 2]!;
      const zoned = Boolean(type.timezone);
      for (let i = 0; i < n; i++) {
        if (isNull(i)) {
          out[i] = null;
          continue;
        }
        const raw = int64Value(halves[2 * i]! >>> 0, halves[2 * i + 1]!, values, i, { int64: 'bigint' }) as number | bigint;
        const micros = scale === 1 ? raw : typeof raw === 'number' ? Math.floor(raw * scale) : BigInt(Math.floor(Number(raw) * scale));
        if (!zoned) out[i] = formatMicros(micros);
        else if (mode.timestamps === 'string') out[i] = `${formatMicros(micros)}Z`;
        // Date keeps milliseconds: floor, as parsing the ISO text with six digits does (a bigint beyond 2^53 divided exactly first).
        else out[i] = new Date(typeof micros === 'number' ? Math.floor(micros / 1000) : Number(micros / 1000n - (micros % 1000n < 0n ? 1n : 0n)));
      }
      break;
    }
    case Type.Time: {
      const values = data.values as BigInt64Array | Int32Array;
      const scale = TIME_UNIT_TO_MICROS[type.unit ?? 2]!;
      for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : formatTime(Math.floor(Number(values[i]!) * scale));
      break;
    }
    case Type.Struct: {
      const fields = type.children as Field[];
      const children = (data.children as Data[]).map((child) => decodeData(child, mode));
      for (let i = 0; i < n; i++) {
        if (isNull(i)) {
          out[i] = null;
          continue;
        }
        const row: Record<string, unknown> = {};
        for (let c = 0; c < fields.length; c++) row[fields[c]!.name] = children[c]![offset + i];
        out[i] = row;
      }
      break;
    }
    case Type.List: {
      const offsets = data.valueOffsets as Int32Array;
      const items = decodeData(data.children[0] as Data, mode);
      // BigQuery has no NULL arrays: REST sends an empty one.
      for (let i = 0; i < n; i++) out[i] = isNull(i) ? [] : items.slice(offsets[i]!, offsets[i + 1]!);
      break;
    }
    default:
      for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : String((data as unknown as { get?: (i: number) => unknown }).get?.(i));
  }
  return out;
}

/** One decoded batch: its column values, column-wise, and its row count. */
export interface DecodedBatch {
  readonly names: readonly string[];
  readonly values: readonly (readonly unknown[])[];
  readonly length: number;
}

/** Decodes every column of `batch` (only the `names` given, in that order, when given). */
export function decodeBatch(batch: RecordBatch, mode: DecodeMode, names?: readonly string[]): DecodedBatch {
  const fields = batch.schema.fields;
  const order = names ? names.map((name) => fields.findIndex((f) => f.name === name)) : fields.map((_, i) => i);
  return {
    names: order.map((i) => fields[i]!.name),
    values: order.map((i) => decodeData(batch.getChildAt(i)!.data[0]!, mode)),
    length: batch.numRows,
  };
}

/** Row objects of a decoded batch, keys in column order. */
export function batchRows(batch: DecodedBatch): Record<string, unknown>[] {
  const { names, values, length } = batch;
  const rows = new Array<Record<string, unknown>>(length);
  for (let i = 0; i < length; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = values[c]![i];
    rows[i] = row;
  }
  return rows;
}
