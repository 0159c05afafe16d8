// DuckDB vectors -> Arrow column data, straight from DuckDB's memory: fixed-width
// values are copied as bytes (DuckDB's and Arrow's little-endian layouts agree
// for BIGINT, DOUBLE, DATE, TIME, TIMESTAMP and DECIMAL(38, s)), strings as
// offsets + bytes, validity bit by bit. No row objects: this is the hot path of
// ReadRows. The session's SELECT casts every column to the layout its BigQuery
// type is read in (see arrow-schema.ts), so each builder knows its layout.
import duckdb from '@duckdb/node-bindings';
import { makeData, type Data, type DataType, type Field } from 'apache-arrow';
import { wkbToWkt } from '../bigquery/wire-format.js';
import type { ReadField } from './arrow-schema.js';

type Vector = duckdb.Vector;

/** A byte buffer that grows by doubling. */
class Bytes {
  buf = new Uint8Array(1024);
  length = 0;
  reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  push(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  /** A copy of exactly the bytes written, 8-byte aligned for typed-array views. */
  take(): Uint8Array {
    const out = new Uint8Array(new ArrayBuffer(Math.ceil(this.length / 8) * 8), 0, this.length);
    out.set(this.buf.subarray(0, this.length));
    this.length = 0;
    return out;
  }
}

/** Validity bits of the rows appended so far; all-valid costs nothing. */
class Validity {
  private bits: Uint8Array | undefined;
  length = 0;
  nullCount = 0;
  /** Appends rows [start, start + count) of a DuckDB validity mask (undefined: all valid). */
  append(mask: Uint8Array | undefined, start: number, count: number): void {
    if (mask) {
      for (let i = 0; i < count; i++) {
        const r = start + i;
        if ((mask[r >> 3]! & (1 << (r & 7))) === 0) this.setNull(this.length + i);
      }
    }
    this.length += count;
  }
  appendOne(valid: boolean): void {
    if (!valid) this.setNull(this.length);
    this.length++;
  }
  private setNull(row: number): void {
    if (!this.bits || this.bits.length * 8 <= row) {
      const size = Math.max(256, (this.bits?.length ?? 0) * 2, (row >> 3) + 1);
      const next = new Uint8Array(size).fill(0xff);
      if (this.bits) next.set(this.bits);
      this.bits = next;
    }
    this.bits[row >> 3]! &= ~(1 << (row & 7));
    this.nullCount++;
  }
  /** The Arrow null bitmap of the rows so far (undefined when none is null); resets. */
  take(): { nullBitmap: Uint8Array | undefined; nullCount: number } {
    const result = { nullBitmap: this.nullCount > 0 ? this.bits!.slice(0, Math.ceil(this.length / 8)) : undefined, nullCount: this.nullCount };
    this.bits = undefined;
    this.length = 0;
    this.nullCount = 0;
    return result;
  }
}

function maskOf(vector: Vector, rows: number): Uint8Array | undefined {
  return duckdb.vector_get_validity(vector, Math.ceil(rows / 64) * 8) ?? undefined;
}

/** The bytes of a DuckDB string_t (16 bytes: length, then 12 inline bytes or a prefix and a pointer). */
function stringBytes(data: Uint8Array, view: DataView, row: number): Uint8Array {
  const at = row * 16;
  const length = view.getUint32(at, true);
  if (length <= 12) return data.subarray(at + 4, at + 4 + length);
  return duckdb.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + at + 8, length);
}

export interface ColumnBuilder {
  /** Appends rows [start, start + count) of a DuckDB vector. */
  append(vector: Vector, start: number, count: number): void;
  /** The Arrow data of every row appended since the last finish. */
  finish(): Data;
}

const TEN = 10n;
const encoder = new TextEncoder();

/** Fixed-width values: `width` bytes per row, copied or converted (`convert`) from DuckDB's `sourceWidth`. */
class FixedBuilder implements ColumnBuilder {
  private readonly values = new Bytes();
  private readonly validity = new Validity();
  constructor(
    private readonly type: DataType,
    /** The typed array Arrow keeps these values in. */
    private readonly ArrayType: Int32ArrayConstructor | Uint32ArrayConstructor | Float64ArrayConstructor | BigInt64ArrayConstructor,
    private readonly width: number,
    private readonly sourceWidth: number,
    private readonly convert?: (source: Uint8Array, target: Uint8Array) => void,
  ) {}
  append(vector: Vector, start: number, count: number): void {
    const data = duckdb.vector_get_data(vector, (start + count) * this.sourceWidth);
    this.validity.append(maskOf(vector, start + count), start, count);
    this.values.reserve(count * this.width);
    const target = this.values.buf.subarray(this.values.length, this.values.length + count * this.width);
    const source = data.subarray(start * this.sourceWidth, (start + count) * this.sourceWidth);
    if (this.convert) this.convert(source, target);
    else target.set(source);
    this.values.length += count * this.width;
  }
  finish(): Data {
    const length = this.validity.length;
    const { nullBitmap, nullCount } = this.validity.take();
    const bytes = this.values.take();
    const data = new this.ArrayType(bytes.buffer as ArrayBuffer, 0, bytes.length / this.ArrayType.BYTES_PER_ELEMENT);
    return makeData({ type: this.type, length, nullCount, nullBitmap, data } as never);
  }
}

/** DuckDB BOOLEAN (one byte per row) -> Arrow's bit-packed values. */
class BoolBuilder implements ColumnBuilder {
  private bits = new Bytes();
  private rows = 0;
  private readonly validity = new Validity();
  constructor(private readonly type: DataType) {}
  append(vector: Vector, start: number, count: number): void {
    const data = duckdb.vector_get_data(vector, start + count);
    this.validity.append(maskOf(vector, start + count), start, count);
    this.bits.reserve(Math.ceil((this.rows + count) / 8) - this.bits.length + 1);
    for (let i = 0; i < count; i++) {
      const r = this.rows + i;
      if ((r & 7) === 0) this.bits.buf[r >> 3] = 0;
      if (data[start + i]) this.bits.buf[r >> 3]! |= 1 << (r & 7);
    }
    this.rows += count;
    this.bits.length = Math.ceil(this.rows / 8);
  }
  finish(): Data {
    const length = this.rows;
    this.rows = 0;
    const { nullBitmap, nullCount } = this.validity.take();
    return makeData({ type: this.type, length, nullCount, nullBitmap, data: this.bits.take() } as never);
  }
}

/** VARCHAR/BLOB/GEOMETRY -> Arrow utf8 or binary (GEOGRAPHY's WKB written as WKT, as BigQuery sends it). */
class VariableBuilder implements ColumnBuilder {
  private readonly bytes = new Bytes();
  private offsets = new Int32Array(1024);
  private rows = 0;
  private readonly validity = new Validity();
  constructor(
    private readonly type: DataType,
    private readonly geography: boolean,
  ) {}
  append(vector: Vector, start: number, count: number): void {
    const data = duckdb.vector_get_data(vector, (start + count) * 16);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const mask = maskOf(vector, start + count);
    this.validity.append(mask, start, count);
    if (this.offsets.length < this.rows + count + 1) {
      const next = new Int32Array(Math.max(this.offsets.length * 2, this.rows + count + 1));
      next.set(this.offsets);
      this.offsets = next;
    }
    for (let i = 0; i < count; i++) {
      const r = start + i;
      if (!mask || (mask[r >> 3]! & (1 << (r & 7))) !== 0) {
        const length = view.getUint32(r * 16, true);
        if (length <= 12 && !this.geography) {
          // Inline strings (most codes and names) byte by byte: no view object per value.
          this.bytes.reserve(length);
          const at = r * 16 + 4;
          for (let b = 0; b < length; b++) this.bytes.buf[this.bytes.length + b] = data[at + b]!;
          this.bytes.length += length;
        } else {
          const value = stringBytes(data, view, r);
          this.bytes.push(this.geography ? encoder.encode(wkbToWkt(value)) : value);
        }
      }
      this.offsets[this.rows + i + 1] = this.bytes.length;
    }
    this.rows += count;
  }
  finish(): Data {
    const length = this.rows;
    const valueOffsets = this.offsets.slice(0, length + 1);
    this.rows = 0;
    this.offsets[0] = 0;
    const { nullBitmap, nullCount } = this.validity.take();
    return makeData({ type: this.type, length, nullCount, nullBitmap, valueOffsets, data: this.bytes.take() } as never);
  }
}

/** STRUCT -> Arrow struct, one builder per member. */
class StructBuilder implements ColumnBuilder {
  private readonly validity = new Validity();
  constructor(
    private readonly type: DataType,
    private readonly children: ColumnBuilder[],
  ) {}
  append(vector: Vector, start: number, count: number): void {
    this.validity.append(maskOf(vector, start + count), start, count);
    this.children.forEach((child, i) => child.append(duckdb.struct_vector_get_child(vector, i), start, count));
  }
  finish(): Data {
    const length = this.validity.length;
    const { nullBitmap, nullCount } = this.validity.take();
    return makeData({ type: this.type, length, nullCount, nullBitmap, children: this.children.map((c) => c.finish()) } as never);
  }
}

/** LIST -> Arrow list; a NULL list reads as an empty one (BigQuery has no NULL arrays). */
class ListBuilder implements ColumnBuilder {
  private offsets: number[] = [0];
  constructor(
    private readonly type: DataType,
    private readonly child: ColumnBuilder,
  ) {}
  append(vector: Vector, start: number, count: number): void {
    const entries = duckdb.vector_get_data(vector, (start + count) * 16);
    const view = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
    const mask = maskOf(vector, start + count);
    const childVector = duckdb.list_vector_get_child(vector);
    let end = this.offsets[this.offsets.length - 1]!;
    for (let i = 0; i < count; i++) {
      const r = start + i;
      if (!mask || (mask[r >> 3]! & (1 << (r & 7))) !== 0) {
        const offset = Number(view.getBigUint64(r * 16, true));
        const length = Number(view.getBigUint64(r * 16 + 8, true));
        if (length > 0) this.child.append(childVector, offset, length);
        end += length;
      }
      this.offsets.push(end);
    }
  }
  finish(): Data {
    const valueOffsets = Int32Array.from(this.offsets);
    this.offsets = [0];
    return makeData({ type: this.type, length: valueOffsets.length - 1, nullCount: 0, valueOffsets, child: this.child.finish() } as never);
  }
}

/** DECIMAL(38, 18) (a little-endian int128) -> BIGNUMERIC's decimal256 at scale 38. */
function bignumericFrom18(source: Uint8Array, target: Uint8Array): void {
  const src = new DataView(source.buffer, source.byteOffset, source.byteLength);
  const dst = new DataView(target.buffer, target.byteOffset, target.byteLength);
  const factor = TEN ** 20n;
  for (let i = 0; i * 16 < source.length; i++) {
    const low = src.getBigUint64(i * 16, true);
    const high = src.getBigInt64(i * 16 + 8, true);
    const value = BigInt.asUintN(256, ((high << 64n) | low) * factor);
    for (let w = 0; w < 4; w++) dst.setBigUint64(i * 32 + w * 8, BigInt.asUintN(64, value >> BigInt(64 * w)), true);
  }
}

/** The builder of one field, by the layout its session SELECT casts it to. */
export function columnBuilder(field: ReadField, arrow: Field): ColumnBuilder {
  const type = arrow.type;
  if (field.repeated) {
    const child = columnBuilder({ ...field, repeated: false }, (type.children as Field[])[0]!);
    return new ListBuilder(type, child);
  }
  switch (field.type) {
    case 'RECORD':
      return new StructBuilder(type, field.fields!.map((f, i) => columnBuilder(f, (type.children as Field[])[i]!)));
    case 'BOOLEAN':
      return new BoolBuilder(type);
    case 'STRING':
    case 'JSON':
    case 'BYTES':
      return new VariableBuilder(type, false);
    case 'GEOGRAPHY':
      return new VariableBuilder(type, true);
    case 'DATE':
      return new FixedBuilder(type, Int32Array, 4, 4);
    case 'NUMERIC':
      return new FixedBuilder(type, Uint32Array, 16, 16);
    case 'BIGNUMERIC':
      return new FixedBuilder(type, Uint32Array, 32, 16, bignumericFrom18);
    case 'FLOAT':
      return new FixedBuilder(type, Float64Array, 8, 8);
    default: // INTEGER, DATETIME, TIMESTAMP, TIME: 8-byte integers
      return new FixedBuilder(type, BigInt64Array, 8, 8);
  }
}
