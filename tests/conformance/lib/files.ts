/** Checksums of downloaded files: bytes for CSV and JSONL, read-back rows and types for Parquet. */
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { canonicalJson, sha256 } from './canonical.js';

export interface FileFacts {
  readonly sha256: string;
  readonly rows?: number;
  readonly rows_sha256?: string;
  readonly columns?: { name: string; type: string }[];
}

let duckdb: Promise<DuckDBInstance> | undefined;

export async function fileFacts(path: string, format: string): Promise<FileFacts> {
  const bytes = readFileSync(path);
  const facts: FileFacts = { sha256: sha256(bytes) };
  if (format !== 'parquet') return facts;
  duckdb ??= DuckDBInstance.create(':memory:');
  const connection = await (await duckdb).connect();
  try {
    const literal = `'${path.replaceAll("'", "''")}'`;
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal})`);
    const columns = described.getRowObjectsJson().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    const rows = (await connection.runAndReadAll(`SELECT * FROM read_parquet(${literal})`)).getRowsJson();
    return { ...facts, rows: rows.length, rows_sha256: sha256(canonicalJson(rows)), columns };
  } finally {
    connection.closeSync();
  }
}
