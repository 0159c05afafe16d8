// The Arrow schema of a read session, as BigQuery's Storage Read API sends it:
// one Arrow type per BigQuery type (INT64 int64, NUMERIC decimal128(38, 9),
// BIGNUMERIC decimal256(76, 38), DATETIME timestamp[us], TIMESTAMP
// timestamp[us, UTC], GEOGRAPHY and JSON utf8 with Google's extension names, ...),
// every field nullable unless REQUIRED; and the DuckDB type each column is cast
// to so that arrow-columns.ts finds it in the layout it copies.
import {
  Binary,
  Bool,
  DateDay,
  Decimal,
  Field,
  Float64,
  Int64,
  List,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Table,
  TimeMicrosecond,
  TimestampMicrosecond,
  Utf8,
  type DataType,
} from 'apache-arrow';
import type { SchemaField } from '../bigquery/wire-format.js';

/** A column of a session: its REST type name, as tables.get and jobs.get give it. */
export interface ReadField {
  name: string;
  type: string;
  repeated: boolean;
  required: boolean;
  fields?: ReadField[];
}

export function readFields(schema: readonly SchemaField[]): ReadField[] {
  return schema.map((f) => {
    // A RECORD without members (none in the catalogue today) is read as its text.
    const type = f.type === 'RECORD' && !f.fields?.length ? 'STRING' : f.type;
    const field: ReadField = { name: f.name, type, repeated: f.mode === 'REPEATED', required: f.mode === 'REQUIRED' };
    if (type === 'RECORD') field.fields = readFields(f.fields!);
    return field;
  });
}

const EXTENSION: Readonly<Record<string, string>> = { GEOGRAPHY: 'google:sqlType:geography', JSON: 'google:sqlType:json' };

function scalarType(field: ReadField): DataType {
  switch (field.type) {
    case 'INTEGER':
      return new Int64();
    case 'FLOAT':
      return new Float64();
    case 'NUMERIC':
      return new Decimal(9, 38, 128);
    case 'BIGNUMERIC':
      return new Decimal(38, 76, 256);
    case 'BOOLEAN':
      return new Bool();
    case 'BYTES':
      return new Binary();
    case 'DATE':
      return new DateDay();
    case 'DATETIME':
      return new TimestampMicrosecond();
    case 'TIMESTAMP':
      return new TimestampMicrosecond('UTC');
    case 'TIME':
      return new TimeMicrosecond();
    case 'RECORD':
      return new Struct(field.fields!.map(arrowField));
    default: // STRING, GEOGRAPHY (WKT), JSON
      return new Utf8();
  }
}

export function arrowField(field: ReadField): Field {
  const metadata = EXTENSION[field.type] ? new Map([['ARROW:extension:name', EXTENSION[field.type]!]]) : undefined;
  if (field.repeated) {
    const item = new Field('item', scalarType(field), false, metadata);
    return new Field(field.name, new List(item), !field.required);
  }
  return new Field(field.name, scalarType(field), !field.required, metadata);
}

/** The DuckDB type a column is cast to in the session's SELECT. */
export function duckdbReadType(field: ReadField): string {
  let base: string;
  switch (field.type) {
    case 'INTEGER':
      base = 'BIGINT';
      break;
    case 'FLOAT':
      base = 'DOUBLE';
      break;
    case 'NUMERIC':
      base = 'DECIMAL(38,9)';
      break;
    case 'BIGNUMERIC':
      base = 'DECIMAL(38,18)';
      break;
    case 'BOOLEAN':
      base = 'BOOLEAN';
      break;
    case 'BYTES':
      base = 'BLOB';
      break;
    case 'DATE':
      base = 'DATE';
      break;
    case 'DATETIME':
      base = 'TIMESTAMP';
      break;
    case 'TIMESTAMP':
      base = 'TIMESTAMPTZ';
      break;
    case 'TIME':
      base = 'TIME';
      break;
    case 'GEOGRAPHY':
      base = 'GEOMETRY';
      break;
    case 'RECORD':
      base = `STRUCT(${field.fields!.map((f) => `"${f.name.replaceAll('"', '""')}" ${duckdbReadType(f)}`).join(', ')})`;
      break;
    default:
      base = 'VARCHAR';
  }
  return field.repeated ? `${base}[]` : base;
}

export function arrowSchema(fields: readonly ReadField[]): Schema {
  return new Schema(fields.map(arrowField));
}

/** Bytes of the stream's end-of-stream marker (continuation + zero length). */
const EOS_BYTES = 8;

/** The IPC schema message (encapsulated: continuation marker, length, flatbuffer), as serialized_schema carries it. */
export function serializeSchema(schema: Schema): Uint8Array {
  // An empty table's stream is its schema message and the end marker.
  const writer = new RecordBatchStreamWriter();
  writer.write(new Table(schema));
  writer.finish();
  const stream = writer.toUint8Array(true);
  return stream.slice(0, stream.length - EOS_BYTES);
}

/**
 * The IPC record batch message of `batch` alone (no schema, no end marker), as
 * serialized_record_batch carries it: the stream writer's output minus the
 * schema message before it and the end marker after it.
 */
export function serializeBatch(batch: RecordBatch, schemaBytes: number): Uint8Array {
  const stream = RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true);
  return stream.subarray(schemaBytes, stream.length - EOS_BYTES);
}
