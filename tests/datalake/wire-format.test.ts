// BigQuery wire-format helpers, alone.
import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDatetime,
  formatDecimal,
  formatFloat,
  formatTime,
  formatTimestamp,
  timestampFloat,
  wkbToWkt,
} from '../../datalake/src/bigquery/wire-format.js';

describe('timestamps', () => {
  it('writes float seconds in BigQuery notation from the exact digits', () => {
    expect(timestampFloat(1_622_561_445_500_000n)).toBe('1.6225614455E9');
    expect(timestampFloat(1n)).toBe('1.0E-6');
    expect(timestampFloat(0n)).toBe('0.0');
    expect(timestampFloat(-1_500_000n)).toBe('-1.5E0');
    expect(Number(timestampFloat(951_782_400_000_001n))).toBeCloseTo(951782400.000001, 6);
  });

  it('writes int64 microseconds and ISO strings', () => {
    expect(formatTimestamp(1_622_561_445_500_000n, 'int64')).toBe('1622561445500000');
    expect(formatTimestamp(1_622_561_445_500_000n, 'iso')).toBe('2021-06-01T15:30:45.500000Z');
    expect(formatTimestamp(-1n, 'iso')).toBe('1969-12-31T23:59:59.999999Z');
  });
});

describe('dates and times', () => {
  it('formats DATE, DATETIME and TIME', () => {
    expect(formatDate(0)).toBe('1970-01-01');
    expect(formatDate(-25567)).toBe('1900-01-01');
    expect(formatDatetime(946_684_799_000_000n)).toBe('1999-12-31T23:59:59');
    expect(formatDatetime(1_622_550_645_123_456n)).toBe('2021-06-01T12:30:45.123456');
    expect(formatTime(3_600_000_001n)).toBe('01:00:00.000001');
  });
});

describe('numbers', () => {
  it('writes NUMERIC exactly without trailing zeros', () => {
    expect(formatDecimal(1_234_500_000_000n, 9)).toBe('1234.5');
    expect(formatDecimal(-1n, 9)).toBe('-0.000000001');
    expect(formatDecimal(5_000_000_000n, 9)).toBe('5');
    expect(formatDecimal(0n, 9)).toBe('0');
  });

  it('writes FLOAT64 specials the way BigQuery does', () => {
    expect(formatFloat(Number.NaN)).toBe('NaN');
    expect(formatFloat(Infinity)).toBe('Infinity');
    expect(formatFloat(-Infinity)).toBe('-Infinity');
    expect(formatFloat(0.1)).toBe('0.1');
  });
});

describe('GEOGRAPHY', () => {
  const point = (x: number, y: number): Buffer => {
    const b = Buffer.alloc(21);
    b.writeUInt8(1, 0);
    b.writeUInt32LE(1, 1);
    b.writeDoubleLE(x, 5);
    b.writeDoubleLE(y, 13);
    return b;
  };

  it('turns WKB into BigQuery-style WKT', () => {
    expect(wkbToWkt(point(-46.6333, -23.5505))).toBe('POINT(-46.6333 -23.5505)');
    const multi = Buffer.concat([Buffer.from([1, 4, 0, 0, 0, 2, 0, 0, 0]), point(1, 2), point(3, 4)]);
    expect(wkbToWkt(multi)).toBe('MULTIPOINT((1 2), (3 4))');
    const big = Buffer.alloc(21);
    big.writeUInt8(0, 0);
    big.writeUInt32BE(1, 1);
    big.writeDoubleBE(5, 5);
    big.writeDoubleBE(6, 13);
    expect(wkbToWkt(big)).toBe('POINT(5 6)');
  });
});
