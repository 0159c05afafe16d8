// The official Python client (google-cloud-bigquery-storage, in .venv) reads the
// datalake's Storage Read API into pyarrow with BigQuery's Arrow types: what
// the Python package relies on. The script is storage_read_python.py.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { EXEMPLO, linhas } from './storage-client.js';

const PYTHON = '.venv/bin/python';
const SCRIPT = 'tests/datalake/storage_read_python.py';
let dl: Datalake;

beforeAll(async () => {
  dl = await startDatalake();
});
afterAll(async () => {
  await dl.close();
});

/** Runs the script without blocking the event loop (the datalake answers from this process). */
async function readWithPython(table: string, maxStreams: number): Promise<any> {
  const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, dl.storageEndpoint, table, String(maxStreams)], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(stdout);
}

describe.skipIf(!existsSync(PYTHON))('google-cloud-bigquery-storage (Python)', () => {
  it('reads every type of br_bd_tipos.exemplo into pyarrow with BigQuery Arrow types', async () => {
    const read = await readWithPython(EXEMPLO, 0);
    expect(read.types).toEqual([
      'linha:int64:required', 'inteiro:int64:null', 'flutuante:double:null', 'numerico:decimal128(38, 9):null', 'booleano:bool:null',
      'texto:string:null', 'data:date32[day]:null', 'data_hora:timestamp[us]:null', 'instante:timestamp[us, tz=UTC]:null', 'geografia:string:null',
    ]);
    expect(read.extensions).toEqual({ geografia: 'google:sqlType:geography' });
    expect(read.rows[0]).toEqual(['1', '42', '3.5', '1234.500000000', 'True', 'São Paulo', '2021-06-01', '2021-06-01 12:30:45.123456', '2021-06-01 15:30:45.500000+00:00', 'POINT(-46.6333 -23.5505)']);
    expect(read.rows[2]).toEqual(['3', null, null, null, null, null, null, null, null, null]);
    expect(read.rows[3]).toEqual([
      '4', '-9223372036854775808', '1e-07', '99999999999999999999999999999.999999999', 'True', '', '2000-02-29', '2000-02-29 00:00:00',
      '2000-02-29 00:00:00.000001+00:00', 'POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))',
    ]);
  });

  it('reads several streams of a synthetic table, all rows in order', async () => {
    const read = await readWithPython(linhas(5_000), 2);
    expect(read.streams).toBe(2);
    expect(read.rows_per_stream).toEqual([2_500, 2_500]);
    expect(read.num_rows).toBe(5_000);
    expect(read.first_ids).toEqual([1, 2, 3]);
    expect(read.rows[0]).toEqual(['1', 'AC', '31', '79.19', '2000-01-02', 'False']);
  });
});
