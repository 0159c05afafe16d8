/**
 * The R package generated from spec/datalake.yaml, driven from the root test
 * command: R CMD build and R CMD check --no-manual of it (no ERROR, no
 * WARNING; its testthat tests run offline inside), then, installed, against
 * the local datalake: its runner's hello, downloads byte for byte like the
 * TypeScript SDK's, and the old basedosdados 0.2.3 calls (the aliases, on
 * the catalogue's GraphQL functions) returning what the TypeScript SDK reads
 * from the same datalake.
 * Every conformance case runs through the R runner in `npm run conformance`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseDosDados } from '../../sdk-ts/src/index.js';
import { compileSpec } from '../../generators/src/generate.js';
import { LANGUAGES } from '../../generators/src/languages/index.js';
import { sha256 } from '../conformance/lib/canonical.js';
import { loadCases } from '../conformance/lib/cases.js';
import { irFunctions } from '../conformance/lib/coverage.js';
import { RunnerProcess, type RunnerReply } from '../conformance/lib/runner-process.js';
import { buildAndCheck, checkFindings, generateR, ROOT, run, setupR, testthatCounts, type Checked } from './r-toolchain.js';

const BILLING = 'projeto-de-teste';

let scratch: string;
let library: string;
let checked: Checked;

beforeAll(async () => {
  const env = await setupR();
  scratch = mkdtempSync(join(tmpdir(), 'bdgen-r-'));
  const folder = await generateR('spec/datalake.yaml', join(scratch, 'out'));
  checked = await buildAndCheck(folder, join(scratch, 'check'), env);
  process.stdout.write(`R CMD build ${(checked.buildMs / 1000).toFixed(1)} s, R CMD check ${(checked.checkMs / 1000).toFixed(1)} s\n`);
  library = join(scratch, 'library');
  mkdirSync(library);
  const install = await run('R', ['CMD', 'INSTALL', '-l', library, checked.tarball], { cwd: scratch });
  if (install.code !== 0) throw new Error(`R CMD INSTALL failed:\n${install.output}`);
}, 900_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('R CMD check --no-manual of the generated package', () => {
  it('ends with no ERROR and no WARNING (NOTEs are reported)', () => {
    const { problems, notes } = checkFindings(checked.checkLog);
    for (const note of notes) process.stdout.write(`R CMD check NOTE: ${note}\n`);
    expect(problems, checked.checkLog.slice(-3000)).toEqual([]);
    expect(/^Status: (.*)$/m.exec(checked.checkLog)?.[1]).toMatch(/^(OK|\d+ NOTEs?)$/);
  });

  it('runs its testthat tests offline, every one passing', () => {
    const counts = testthatCounts(checked.testsLog);
    expect(counts, checked.testsLog.slice(-3000)).not.toBeNull();
    process.stdout.write(`R package testthat: ${counts!.passed} passed, ${counts!.failed} failed, ${counts!.skipped} skipped\n`);
    expect(counts!.failed).toBe(0);
    expect(counts!.passed).toBeGreaterThan(50);
  });
});

describe('the installed package against the local datalake', () => {
  let datalake: Datalake;
  let runner: RunnerProcess;
  let hello: Extract<RunnerReply, { type: 'hello' }>;
  const env = () => ({
    BASEDOSDADOS_API_URL: datalake.url, BASEDOSDADOS_BIGQUERY_ENDPOINT: datalake.url,
    BASEDOSDADOS_BILLING_PROJECT_ID: null, GOOGLE_CLOUD_PROJECT: null, BIGQUERY_EMULATOR_HOST: null, BASEDOSDADOS_ACCESS_TOKEN: null,
  });

  beforeAll(async () => {
    datalake = await startDatalake({ port: 0 });
    const command = LANGUAGES.r.conformance!.command(ROOT, join(scratch, 'out'));
    runner = new RunnerProcess(command, ROOT, { ...env(), BDGEN_R_LIBRARY: library });
    hello = await runner.request({ type: 'hello', settings: { retry: { initial_delay_ms: 5, max_delay_ms: 20 } } }, 60_000) as typeof hello;
  }, 120_000);

  afterAll(async () => {
    await runner?.close();
    await datalake?.close();
  });

  it('says hello with every IR function, from the package\'s own table, and declares only Parquet, SIGTERM and the Storage Read API unavailable', async () => {
    const functions = irFunctions((await compileSpec(join(ROOT, 'spec/datalake.yaml'))).ir);
    expect([...hello.functions].sort()).toEqual([...functions].sort());
    const storage = ['download/storage_', 'read_sql/storage_', 'read_table/storage_'];
    expect(Object.keys(hello.unavailable ?? {}).sort()).toEqual(['download/interrupted_by_sigterm', 'download/parquet', ...storage]);
    expect(hello.unavailable?.['download/interrupted_by_sigterm']).toMatch(/no SIGTERM handler.*\.part/);
    for (const prefix of storage) expect(hello.unavailable?.[prefix]).toMatch(/no gRPC or Arrow package.*REST with the next page prefetched/);
    const parquet = loadCases(join(ROOT, 'tests/conformance/cases')).filter((c) => c.id.startsWith('download/parquet'));
    expect(parquet.map((c) => c.id)).toEqual(['download/parquet_every_type']);
  });

  it.each([
    ['csv', 'SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha'],
    ['jsonl', 'SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha'],
    ['csv', 'SELECT * FROM `basedosdados.br_bd_sintetico.linhas_3000` ORDER BY id'],
    ['jsonl', 'SELECT * FROM `basedosdados.br_bd_sintetico.linhas_3000` ORDER BY id'],
  ] as const)('downloads %s byte-identical to the TypeScript SDK: %s', async (format, query) => {
    const folder = mkdtempSync(join(tmpdir(), 'bdgen-r-bytes-'));
    try {
      const bd = new BaseDosDados({ bigqueryEndpoint: datalake.url, billingProjectId: BILLING });
      const ts = await bd.download(query, join(folder, `ts.${format}`), { format, pageSize: 1000 });
      const reply = await runner.request({ type: 'case', id: 'bytes', function: 'download', args: { query, path: join(folder, `r.${format}`), format, billing_project_id: BILLING, page_size: 700 }, mode: 'page', env: {} }, 120_000);
      expect(reply.type === 'result' && reply.ok, JSON.stringify(reply)).toBe(true);
      const r = (reply as { result: { path: string; rows: number } }).result;
      expect(r.rows).toBe(ts.rows);
      expect(sha256(readFileSync(r.path))).toBe(sha256(readFileSync(ts.path)));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('runs the old basedosdados 0.2.3 calls, returning what the TypeScript SDK reads', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bdgen-r-old-'));
    try {
      const vars = Object.fromEntries(Object.entries(env()).map(([k, v]) => [k, v ?? '']));
      const result = await run('Rscript', ['--vanilla', 'tests/r/old-calls.R', library, checked.name, folder], { env: vars });
      expect(result.code, result.output).toBe(0);
      const old = JSON.parse(result.stdout.trim().split('\n').pop()!) as OldCalls;
      const bd = new BaseDosDados({ baseUrl: datalake.url, bigqueryEndpoint: datalake.url, billingProjectId: BILLING });
      const all = async <T,>(items: AsyncIterable<T>) => { const out: T[] = []; for await (const i of items) out.push(i); return out; };
      const deprecated = (name: string) => [{ class: 'bd_deprecated', message: expect.stringMatching(new RegExp(`^${name}\\(\\) \\(basedosdados 0\\.2\\.3\\) is deprecated; use `)) }];

      expect(old.billing).toBe(BILLING);
      // What the old calls are compared with is not empty, so an empty answer cannot pass.
      // dataset_search() is the full-text search, in 0.2.3's columns: dataset_name is the BigQuery dataset id.
      const found = await all(bd.search({ q: 'censo' }));
      expect(found.length).toBeGreaterThan(1);
      const named = await Promise.all(found.map(async (d) => (await all(bd.datasets.list({ q: d.name }))).find((n) => n.uuid === d.id)!));
      expect(old.dataset_search).toEqual({
        is_tibble: true, columns: ['dataset_name', 'dataset_tables', 'url', 'title'],
        dataset_names: named.map((d) => d.dataset_id), titles: found.map((d) => d.name), urls: found.map((d) => `https://basedosdados.org/dataset/${d.id}`),
        tables: await Promise.all(named.map(async (d) => (await all(bd.tables.list(d.dataset_id!))).map((t) => t.table_id))),
        warnings: deprecated('dataset_search'), warnings_again: 0,
      });
      // list_dataset_tables(): 0.2.3's name is the table id; as = "page" keeps ours (name is the display name).
      const tables = await all(bd.tables.list('br_bd_diretorios_brasil'));
      expect(old.list_dataset_tables).toEqual({
        is_tibble: true, columns: ['name', 'description'], names: tables.map((t) => t.table_id), descriptions: tables.map((t) => t.description),
        warnings: 0, page_names: tables.map((t) => t.name),
      });
      expect(tables.map((t) => t.table_id)).not.toEqual(tables.map((t) => t.name));
      const dataset = await bd.datasets.get('br_ibge_populacao');
      expect(old.get_dataset_description).toEqual({
        id: dataset.dataset_id, uuid: dataset.uuid, description: dataset.description,
        themes: dataset.themes.map((t) => t.slug), tags: dataset.tags.map((t) => t.slug), warnings: deprecated('get_dataset_description'),
      });
      const table = await bd.tables.get('br_bd_diretorios_brasil', 'uf');
      expect(old.get_table_description).toEqual({ id: table.table_id, uuid: table.uuid, description: table.description, number_rows: table.number_rows, warnings: deprecated('get_table_description') });
      const columns = await all(bd.tables.columns('br_bd_diretorios_brasil', 'uf'));
      expect(old.get_table_columns).toEqual({ is_tibble: true, names: columns.map((c) => c.name), types: columns.map((c) => c.bigquery_type), warnings: deprecated('get_table_columns') });

      const ufs = await bd.readSql<{ sigla: string }>('SELECT sigla FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla');
      expect([tables.length, columns.length, ufs.length].every((n) => n > 1)).toBe(true);
      expect(old.download.positional).toMatchObject({ rows: ufs.length, warnings: [] });
      expect(old.download.first_order).toEqual({ value: join(folder, 'first-order.csv'), rows: ufs.length, warnings: [
        { class: 'bd_deprecated', message: expect.stringMatching(/^download\(query, path\): the second argument of download\(\) is table since basedosdados 0\.1\.0/) },
      ] });
      expect(old.download.by_table.rows).toBe(ufs.length);
      expect(old.download.by_table.lines).toBe(ufs.length + 1);
      expect(old.download.by_table.warnings).toEqual([
        { class: 'bd_deprecated', message: 'download(table = "dataset.table") (basedosdados 0.2.3) is deprecated; use download(dataset_id = ..., table_id = ...) instead' },
        { class: 'bd_deprecated', message: 'download(.na = ) has no effect: NULL is always an empty field in the CSV every package writes' },
      ]);
      expect(old.read_sql).toEqual({ rows: ufs.length, first: ufs[0]!.sigla, warnings: 0 });
      expect(old.timeout_and_billing).toEqual({ timed_rows: ufs.length, refused: 'bd_validation', billing_kept: BILLING,
        refused_message: expect.stringContaining('A Google Cloud project id is 6 to 30 lowercase letters, digits or hyphens, starting with a letter') });
      // The backend answers an unknown id with no result (HTTP 200), so the condition has no status.
      expect(old.failure).toEqual({ classes: ['bd_not_found', 'bd_error', 'error', 'condition'], status: null, kind: 'not_found', message: expect.stringContaining('Not found: getDataset(dataset_id = "br_nao_existe", locale = "pt")') });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});

interface OldCalls {
  billing: string;
  dataset_search: unknown;
  list_dataset_tables: unknown;
  get_dataset_description: unknown;
  get_table_description: unknown;
  get_table_columns: unknown;
  download: { positional: { rows: number; warnings: unknown[] }; by_table: { rows: number; lines: number; warnings: unknown[] }; first_order: unknown };
  read_sql: unknown;
  timeout_and_billing: unknown;
  failure: unknown;
}
