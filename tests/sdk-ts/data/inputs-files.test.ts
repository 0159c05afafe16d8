/**
 * Hostile and careless input to the data functions: each gap is a
 * ValidationError naming the argument before any BigQuery request. And files:
 * missing folders created, targets that cannot be written refused before the
 * query runs as FileSystemError, filesystem failures mid-way too, the format
 * taken from the extension (gzip for .gz), contradictions refused.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BaseDosDados, BaseDosDadosError, FileSystemError, ValidationError, type DownloadSource } from '../../../sdk-ts/src/index.js';

const BILLING = 'projeto-de-teste';
const QUERY = 'SELECT sigla, nome FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla';
let datalake: Datalake;
let bd: BaseDosDados;

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
  bd = new BaseDosDados({ bigqueryEndpoint: datalake.url, billingProjectId: BILLING, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
});
afterEach(() => datalake.faults.clear());
afterAll(async () => {
  await datalake?.close();
});

const tempDir = () => mkdtempSync(join(tmpdir(), 'bd-files-'));

/** Runs `run` (sync throw or rejection) and returns the error, counting BigQuery requests it made. */
async function refusal(run: () => unknown): Promise<{ error: unknown; requests: number }> {
  datalake.resetStats();
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  return { error, requests: datalake.stats().requests.bigquery };
}

describe('input gaps: a ValidationError naming the argument, before any request', () => {
  const dir = tempDir();
  const cases: [string, () => unknown, string, RegExp][] = [
    ['columns of numbers', () => bd.readTable('br_bd_diretorios_brasil', 'uf', { columns: [1, 2] as never }), 'columns', /columns item 0 must be a string, got number/],
    ['a column named twice', () => bd.readTable('br_bd_diretorios_brasil', 'uf', { columns: ['sigla', 'nome', 'sigla'] }), 'columns', /item 2 repeats item 0 \("sigla"\)/],
    ['a duplicate column in a download', () => bd.download({ datasetId: 'br_bd_diretorios_brasil', tableId: 'uf', columns: ['nome', 'nome'] }, join(dir, 'a.csv')), 'columns', /repeats/],
    ['limit 1e21', () => bd.readTable('br_bd_diretorios_brasil', 'uf', { limit: 1e21 }), 'limit', /limit must be a safe integer .* got 1e\+21/],
    ['limit 2^53', () => bd.readTable('br_bd_diretorios_brasil', 'uf', { limit: 2 ** 53 }), 'limit', /limit must be a safe integer/],
    ['limit 0', () => bd.readTable('br_bd_diretorios_brasil', 'uf', { limit: 0 }), 'limit', /limit must be >= 1/],
    ['a download limit 1e21', () => bd.download({ datasetId: 'br_bd_diretorios_brasil', tableId: 'uf', limit: 1e21 }, join(dir, 'b.csv')), 'limit', /safe integer/],
    ['download(null, path)', () => bd.download(null as unknown as DownloadSource, join(dir, 'c.csv')), 'source', /source \(query\) must be SQL, \{ query \} or \{ datasetId, tableId \} \(got null\)/],
    ['download(42, path)', () => bd.download(42 as unknown as DownloadSource, join(dir, 'c.csv')), 'source', /got number/],
    ['download of half a table', () => bd.download({ datasetId: 'br_bd_diretorios_brasil' } as unknown as DownloadSource, join(dir, 'c.csv')), 'source', /got an object with datasetId/],
    ['download(sql, null)', () => bd.download(QUERY, null as unknown as string), 'path', /path is required/],
    ['a query of only spaces', () => bd.readSql('   \n\t '), 'query', /query must not be blank/],
    ['a blank query to estimate', () => bd.estimateQuery('  '), 'query', /query must not be blank/],
    ['a blank query to download', () => bd.download({ query: ' ' }, join(dir, 'd.csv')), 'query', /query must not be blank/],
    ['a query that is not a string', () => bd.readSql(12 as unknown as string), 'query', /query must be a string, got number/],
    ['a folder path with a trailing slash', () => bd.download(QUERY, `${dir}/`), 'path', /path must name a file, not a folder/],
    ['a path ending in ..', () => bd.download(QUERY, `${dir}/x/..`), 'path', /must name a file/],
    ['an endpoint that is not a URL', () => bd.readSql('SELECT 1', { bigqueryEndpoint: 'not a url' }), 'bigqueryEndpoint', /bigqueryEndpoint \(bigquery_endpoint\) must be an http or https URL/],
    ['params that are not an object', () => bd.readSql('SELECT @x', { params: 'x' as never }), 'params', /params must be an object/],
  ];

  it.each(cases)('%s', async (_name, run, label, message) => {
    const { error, requests } = await refusal(run);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(message);
    expect((error as ValidationError).invalidParams.map((p) => p.label)).toContain(label);
    expect(requests).toBe(0);
  });

  it('the largest safe limit still builds SQL BigQuery reads', async () => {
    const rows = await bd.readTable('br_bd_diretorios_brasil', 'uf', { columns: ['sigla'], limit: Number.MAX_SAFE_INTEGER });
    expect(rows).toHaveLength(27);
  });
});

describe('download targets', () => {
  it('creates missing parent folders, as the basedosdados package does', async () => {
    const path = join(tempDir(), 'novo', 'mais', 'fundo', 'uf.csv');
    const result = await bd.download(QUERY, path);
    expect(result).toMatchObject({ path, format: 'csv', rows: 27 });
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe('sigla,nome');
  });

  const failures: [string, () => string, RegExp][] = [
    ['an existing folder as the target', () => tempDir(), /is a folder/],
    ['a parent that is a file', () => { const d = tempDir(); writeFileSync(join(d, 'file'), 'x'); return join(d, 'file', 'sub', 'x.csv'); }, /cannot create the folder .*ENOTDIR/],
    ['a folder that cannot be created', () => '/proc/bd-no-such/x.csv', /cannot create the folder/],
    ['a read-only folder', () => join(readOnlyFolder(), 'x.csv'), /cannot (write in|create) the folder .*(EACCES|EROFS|EPERM)/],
  ];

  it.each(failures)('%s: FileSystemError before the query runs', async (_name, target, message) => {
    const path = target();
    const { error, requests } = await refusal(() => bd.download(QUERY, path));
    expect(error).toBeInstanceOf(FileSystemError);
    expect(error).toMatchObject({ kind: 'filesystem', attempts: 0 });
    expect((error as Error).message).toMatch(message);
    expect(requests).toBe(0);
  });

  it('a filesystem failure mid-way is a FileSystemError too, leaving no file', async () => {
    const dir = tempDir();
    const path = join(dir, 'linhas.csv');
    // A folder appears where the file goes while the download runs: the final rename fails.
    const error = await bd
      .download('SELECT * FROM `basedosdados.br_bd_sintetico.linhas_3000`', path, { pageSize: 1_000, onProgress: () => mkdirSync(path, { recursive: true }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect((error as Error).message).toMatch(/cannot move the finished file to .*linhas\.csv/);
    expect(readdirSync(dir)).toEqual(['linhas.csv']); // only the folder made by the test
  });
});

/** A folder this process cannot write: chmod 555, or for root (which ignores modes) a path under /sys. */
function readOnlyFolder(): string {
  if (process.getuid?.() === 0) return '/sys';
  const dir = tempDir();
  chmodSync(dir, 0o555);
  return dir;
}

describe('the format from the extension', () => {
  it.each([
    ['uf.parquet', 'parquet'],
    ['uf.jsonl', 'jsonl'],
    ['uf.ndjson', 'jsonl'],
    ['uf.CSV', 'csv'],
  ])('%s with no format: %s', async (name, format) => {
    const result = await bd.download(QUERY, join(tempDir(), name));
    expect(result.format).toBe(format);
    const head = readFileSync(result.path).subarray(0, 4).toString('latin1');
    expect(head).toBe(format === 'parquet' ? 'PAR1' : format === 'jsonl' ? '{"si' : 'sigl');
  });

  it.each([
    ['uf.csv.gz', undefined, 'sigla,nome\n'],
    ['uf.jsonl.gz', undefined, '{"sigla":'],
    ['uf.gz', 'jsonl' as const, '{"sigla":'],
  ])('%s (format %s) is gzipped, and unzips to the same bytes as the plain file', async (name, format, start) => {
    const dir = tempDir();
    const zipped = await bd.download(QUERY, join(dir, name), format ? { format } : {});
    const plain = await bd.download(QUERY, join(dir, `plain.${zipped.format}`));
    const bytes = readFileSync(zipped.path);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(bytes).equals(readFileSync(plain.path))).toBe(true);
    expect(gunzipSync(bytes).toString('utf8').startsWith(start)).toBe(true);
    expect(zipped.bytes).toBe(bytes.length);
  });

  it.each([
    ['uf.parquet', 'csv', /format must agree with the path's extension \.parquet \(parquet\), got "csv"/],
    ['uf.csv.gz', 'jsonl', /extension \.csv\.gz \(csv\)/],
    ['uf.parquet.gz', undefined, /cannot end in \.gz for Parquet/],
    ['uf.xlsx', undefined, /path's extension \.xlsx names no format the SDK writes \(\.csv, \.jsonl, \.ndjson, \.parquet, each optionally \.gz\); give format/],
    ['uf.txt', undefined, /extension \.txt names no format/],
    ['uf', undefined, /has no extension naming a format/],
    ['uf.gz', undefined, /extension \.gz names no format/],
  ] as const)('%s with format %s: ValidationError before any request', async (name, format, message) => {
    const dir = tempDir();
    const { error, requests } = await refusal(() => bd.download(QUERY, join(dir, name), format ? { format } : {}));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(message);
    expect(requests).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an explicit format that agrees, or with an unknown extension or none, is fine', async () => {
    await expect(bd.download(QUERY, join(tempDir(), 'uf.jsonl'), { format: 'jsonl' })).resolves.toMatchObject({ format: 'jsonl' });
    await expect(bd.download(QUERY, join(tempDir(), 'uf.dat'), { format: 'jsonl' })).resolves.toMatchObject({ format: 'jsonl' });
    await expect(bd.download(QUERY, join(tempDir(), 'uf'), { format: 'csv' })).resolves.toMatchObject({ format: 'csv' });
  });
});

describe('filesystem errors are their own kind everywhere', () => {
  it('never "unknown", never a raw system error', async () => {
    const error = await bd.download(QUERY, tempDir()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BaseDosDadosError);
    expect((error as BaseDosDadosError).kind).toBe('filesystem');
    expect(existsSync(join(tmpdir(), 'nothing'))).toBe(false);
  });
});
