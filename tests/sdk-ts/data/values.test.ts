import { describe, expect, it } from 'vitest';
import { csvHeader, csvLines, duckdbType, jsonLines } from '../../../sdk-ts/src/data/formats.js';
import {
  canonicalScalar, convertRow, formatFloat, normalizeDatetime, normalizeDecimal, timestampFromMicros, toColumns, type ResultColumn,
} from '../../../sdk-ts/src/data/values.js';

describe('normalizeDecimal', () => {
  it.each([
    ['1234.5', '1234.5'], ['1234.500000000', '1234.5'], ['-0.000000001', '-0.000000001'], ['1E-9', '0.000000001'],
    ['-1.5E+3', '-1500'], ['0.000', '0'], ['-0', '0'], ['007', '7'], ['99999999999999999999999999999.999999999', '99999999999999999999999999999.999999999'],
    ['1.25e2', '125'], ['12.5e-1', '1.25'],
  ])('%s -> %s', (given, want) => {
    expect(normalizeDecimal(given)).toBe(want);
  });
});

describe('timestampFromMicros', () => {
  it.each([
    [1622561445500000n, '2021-06-01T15:30:45.500000Z'],
    [0n, '1970-01-01T00:00:00Z'],
    [951782400000001n, '2000-02-29T00:00:00.000001Z'],
    [-1n, '1969-12-31T23:59:59.999999Z'],
    [-1_000_000n, '1969-12-31T23:59:59Z'],
  ])('%s -> %s', (given, want) => {
    expect(timestampFromMicros(given)).toBe(want);
  });
});

describe('canonicalScalar', () => {
  it.each([
    ['INT64', '42', 42], ['INT64', '9007199254740993', '9007199254740993'], ['FLOAT64', '1e-7', 1e-7], ['FLOAT64', 'NaN', NaN],
    ['BOOL', 'true', true], ['BOOL', 'false', false], ['TIMESTAMP', '1.6225614455E9', '2021-06-01T15:30:45.500000Z'],
    ['TIMESTAMP', '951782400000001', '2000-02-29T00:00:00.000001Z'], ['DATETIME', '2021-06-01T12:30:45.5', '2021-06-01T12:30:45.500000'],
    ['DATETIME', '2021-06-01 12:30:45.000000', '2021-06-01T12:30:45'], ['NUMERIC', '1.50', '1.5'], ['STRING', 'São Paulo', 'São Paulo'],
  ])('%s %s', (type, given, want) => {
    expect(canonicalScalar(type, given)).toEqual(want);
  });
  it('normalizes DATETIME fractions to six digits', () => {
    expect(normalizeDatetime('1999-12-31T23:59:59')).toBe('1999-12-31T23:59:59');
  });
});

describe('formatFloat (ECMAScript Number::toString, the files\' FLOAT64)', () => {
  it.each([[3.5, '3.5'], [-0.1, '-0.1'], [1e-7, '1e-7'], [0.000001, '0.000001'], [1e21, '1e+21'], [1e16, '10000000000000000'], [NaN, 'NaN'], [-Infinity, '-Infinity']])('%s', (given, want) => {
    expect(formatFloat(given)).toBe(want);
  });
});

const columns: ResultColumn[] = toColumns([
  { name: 'n', type: 'INTEGER' }, { name: 'x', type: 'FLOAT' }, { name: 's', type: 'STRING' }, { name: 't', type: 'TIMESTAMP' },
  { name: 'tags', type: 'STRING', mode: 'REPEATED' }, { name: 'r', type: 'RECORD', fields: [{ name: 'a', type: 'BOOLEAN' }] },
]);
const row = { f: [{ v: '9007199254740993' }, { v: '2.5' }, { v: 'a, "b"' }, { v: '0' }, { v: [{ v: 'x' }, { v: 'y' }] }, { v: { f: [{ v: 'true' }] } }] };
const empty = { f: [{ v: null }, { v: null }, { v: '' }, { v: null }, { v: [] }, { v: null }] };

describe('columns and rows', () => {
  it('uses standard SQL type names', () => {
    expect(columns.map((c) => `${c.name}:${c.type}:${c.mode}`)).toEqual([
      'n:INT64:NULLABLE', 'x:FLOAT64:NULLABLE', 's:STRING:NULLABLE', 't:TIMESTAMP:NULLABLE', 'tags:STRING:REPEATED', 'r:RECORD:NULLABLE',
    ]);
  });
  it('maps values as documented, with options for large INT64 and TIMESTAMP', () => {
    expect(convertRow(columns, row, {})).toEqual({ n: '9007199254740993', x: 2.5, s: 'a, "b"', t: new Date(0), tags: ['x', 'y'], r: { a: true } });
    expect(convertRow(columns, row, { int64: 'bigint', timestamps: 'string' })).toMatchObject({ n: 9007199254740993n, t: '1970-01-01T00:00:00Z' });
    expect(convertRow(columns, empty, {})).toEqual({ n: null, x: null, s: '', t: null, tags: [], r: null });
  });
});

describe('file formats', () => {
  it('writes CSV with RFC 4180 quoting, NULL empty and the empty string quoted', () => {
    expect(csvHeader(columns) + csvLines(columns, [row, empty])).toBe(
      'n,x,s,t,tags,r\n9007199254740993,2.5,"a, ""b""",1970-01-01T00:00:00Z,"[""x"",""y""]","{""a"":true}"\n,,"",,[],\n',
    );
  });
  it('writes JSONL in column order with canonical values', () => {
    expect(jsonLines(columns, [row])).toBe('{"n":"9007199254740993","x":2.5,"s":"a, \\"b\\"","t":"1970-01-01T00:00:00Z","tags":["x","y"],"r":{"a":true}}\n');
  });
  it('types Parquet columns for DuckDB', () => {
    expect(columns.map(duckdbType)).toEqual(['BIGINT', 'DOUBLE', 'VARCHAR', 'TIMESTAMPTZ', 'VARCHAR[]', 'STRUCT("a" BOOLEAN)']);
  });
});
