// Arrow values written the way the REST face writes them (tabledata.list with
// int64 timestamps), so that the two faces can be compared cell by cell. Raw
// Arrow buffers are read (not Arrow's JS getters, which round DATETIME to ms).
import { DataType, type Table, type Vector } from 'apache-arrow';
import { formatDate, formatDatetime, formatDecimal, formatFloat, formatTime } from '../../datalake/src/bigquery/wire-format.js';

function wideInteger(words: Uint32Array, at: number, count: number): bigint {
  let v = 0n;
  for (let w = count - 1; w >= 0; w--) v = (v << 32n) | BigInt(words[at + w]!);
  return BigInt.asIntN(32 * count, v);
}

/** Row `i` of a column as REST's wire string (arrays as lists of strings). */
function cell(vector: Vector, i: number): unknown {
  // Find the batch holding row i.
  let row = i;
  for (const data of vector.data) {
    if (row >= data.length) {
      row -= data.length;
      continue;
    }
    if (!data.getValid(row)) return DataType.isList(data.type) ? [] : null;
    const t = data.type;
    const raw = (data.values as unknown as ArrayLike<unknown>) ?? [];
    if (DataType.isInt(t)) return String(raw[row]);
    if (DataType.isFloat(t)) return formatFloat(raw[row] as number);
    if (DataType.isDecimal(t)) return formatDecimal(wideInteger(data.values as Uint32Array, row * (t.bitWidth / 32), t.bitWidth / 32), t.scale);
    if (DataType.isDate(t)) return formatDate(raw[row] as number);
    if (DataType.isTimestamp(t)) return t.timezone ? String(raw[row]) : formatDatetime(raw[row] as bigint);
    if (DataType.isTime(t)) return formatTime(raw[row] as bigint);
    if (DataType.isBinary(t)) return Buffer.from(vector.get(i) as Uint8Array).toString('base64');
    if (DataType.isBool(t)) return String(vector.get(i));
    if (DataType.isList(t)) return [...(vector.get(i) as Vector)].map((x) => String(x));
    return vector.get(i);
  }
  throw new Error(`row ${i} is beyond the column`);
}

/** Every row of an Arrow table as REST writes it. */
export function restRows(table: Table): unknown[][] {
  const columns = table.schema.fields.map((f) => table.getChild(f.name)!);
  return Array.from({ length: table.numRows }, (_, i) => columns.map((c) => cell(c, i)));
}
