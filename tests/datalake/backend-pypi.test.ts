// PyPI basedosdados 2.0.3, a client no one here wrote, against the replica:
// get_datasets, get_tables, get_columns and search with
// backend=Backend(search_url=..., graphql_url=...) pointed at the datalake
// (its pinned venv, .venv-basedosdados; tests/python/legacy/backend_metadata.py
// calls it). Where it sends what the backend's schema accepts, it gets the
// sample catalogue's items; where it sends an argument the schema lacks
// (dataset_id, table_id instead of dataset_Id, table_Id), the replica answers a
// GraphQL validation error, as the real backend does by reading (backend-api.md 3.1).
// The same questions go to the Python package we generate (tests/python/legacy/sdk_metadata.py),
// and each item PyPI gets is compared field by field with ours where the fields correspond.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSpec, emitAll } from '../../generators/src/generate.js';
import { writeOutputs } from '../../generators/src/write/write-files.js';
import { compareText } from '../../datalake/src/backend/collation.js';
import { SYNTHETIC_COLUMNS } from '../../datalake/src/data/synthetic.js';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import type { ColumnFixture, DatasetFixture } from '../../datalake/src/data/catalogue.js';
import { catalogue, uuidOf } from './backend-client.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs a command without blocking the event loop: the datalake answers from this process. */
function run(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: scratch, PYTHONDONTWRITEBYTECODE: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Call {
  name: string;
  function: 'get_datasets' | 'get_tables' | 'get_columns' | 'search';
  kwargs: Record<string, unknown>;
}

const PIB = catalogue.datasets.find((d) => d.id === 'br_ibge_pib')!;
const RAIS = catalogue.datasets.find((d) => d.id === 'br_me_rais')!;
const CALLS: Call[] = [
  { name: 'dataset by id', function: 'get_datasets', kwargs: { dataset_id: uuidOf('dataset', PIB.id) } },
  { name: 'datasets by name', function: 'get_datasets', kwargs: { dataset_name: 'Censo' } },
  { name: 'second page', function: 'get_datasets', kwargs: { page: 2, page_size: 4 } },
  { name: 'table by id', function: 'get_tables', kwargs: { table_id: uuidOf('table', 'br_me_rais.microdados_vinculos') } },
  { name: 'tables by name', function: 'get_tables', kwargs: { table_name: 'Município' } },
  { name: 'tables of a dataset', function: 'get_tables', kwargs: { dataset_id: uuidOf('dataset', PIB.id) } },
  { name: 'column by id', function: 'get_columns', kwargs: { column_id: uuidOf('column', 'br_ibge_populacao.municipio.populacao') } },
  // metadata.get_columns names this keyword columns_name (its docstring says column_name).
  { name: 'columns by name', function: 'get_columns', kwargs: { columns_name: 'sigla' } },
  { name: 'columns of a table', function: 'get_columns', kwargs: { table_id: uuidOf('table', 'br_ibge_pib.municipio') } },
  { name: 'search', function: 'search', kwargs: { q: 'população' } },
];

/** The same questions, asked of the generated package's functions (which take BigQuery ids, not UUIDs). */
interface Question {
  name: string;
  function?: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  mode?: 'page' | 'one' | 'all';
  walk?: 'tables' | 'columns';
}
const QUESTIONS: Question[] = [
  { name: 'dataset by id', function: 'get_dataset', args: ['br_ibge_pib'], mode: 'one' },
  { name: 'datasets by name', function: 'list_datasets', kwargs: { q: 'Censo', page_size: 100 } },
  { name: 'second page', function: 'list_datasets', kwargs: { page: 2, page_size: 4 } },
  { name: 'table by id', function: 'get_table', args: ['br_me_rais', 'microdados_vinculos'], mode: 'one' },
  { name: 'tables by name', walk: 'tables' },
  { name: 'tables of a dataset', function: 'list_dataset_tables', args: ['br_ibge_pib'], mode: 'all' },
  { name: 'column by id', function: 'list_table_columns', args: ['br_ibge_populacao', 'municipio'], mode: 'all' },
  { name: 'columns by name', walk: 'columns' },
  { name: 'columns of a table', function: 'list_table_columns', args: ['br_ibge_pib', 'municipio'], mode: 'all' },
  { name: 'search', function: 'search', kwargs: { q: 'população' } },
];

let dl: Datalake;
let scratch: string;
let answers: Record<string, any>;
let ours: Record<string, any>;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'bdgen-pypi-backend-'));
  const setup = await run('bash', ['scripts/setup-python.sh', '.venv-basedosdados', 'tests/python/legacy/requirements.txt']);
  if (setup.code !== 0) throw new Error(`scripts/setup-python.sh .venv-basedosdados failed:\n${setup.stderr}`);
  const python = setup.stdout.trim().split('\n').pop()!;
  dl = await startDatalake();
  const calls = join(scratch, 'calls.json');
  writeFileSync(calls, JSON.stringify(CALLS));
  // search_url as the sdk's own constant writes it, without the slash: the replica redirects it (APPEND_SLASH) as the real backend does.
  const done = await run(python, ['tests/python/legacy/backend_metadata.py', `${dl.url}/search`, `${dl.url}/graphql`, calls]);
  if (done.code !== 0) throw new Error(`backend_metadata.py failed:\n${done.stderr}`);
  answers = JSON.parse(done.stdout);
  // Our generated Python package, asked the same questions against the same replica.
  const project = await run('bash', ['scripts/setup-python.sh']);
  if (project.code !== 0) throw new Error(`scripts/setup-python.sh failed:\n${project.stderr}`);
  const { outputs } = await emitAll(await compileSpec('spec/datalake.yaml'), { languages: ['python'], outDir: join(scratch, 'out') });
  writeOutputs(outputs.map((o) => o.plan));
  const questions = join(scratch, 'questions.json');
  writeFileSync(questions, JSON.stringify(QUESTIONS));
  const env = { PYTHONPATH: join(scratch, 'out', 'python', 'src'), BASEDOSDADOS_API_URL: dl.url };
  const asked = await run(project.stdout.trim().split('\n').pop()!, ['tests/python/legacy/sdk_metadata.py', questions], env);
  if (asked.code !== 0) throw new Error(`sdk_metadata.py failed:\n${asked.stderr}`);
  ours = JSON.parse(asked.stdout);
}, 600_000);
afterAll(async () => {
  await dl?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const bySlug = <T extends { slug?: string; id: string }>(a: T, b: T): number => compareText(a.slug ?? a.id, b.slug ?? b.id);
const allDatasets = [...catalogue.datasets, ...catalogue.datasets_without_tables!].sort(bySlug);

/** What metadata.get_datasets makes of a dataset: tag and theme names, organizations as items, `organization` always None. */
function datasetItem(d: DatasetFixture): Record<string, unknown> {
  const themes = catalogue.themes.flatMap((t) => [t, ...(t.children ?? [])]);
  const iso = (t: string): string => `${t.replace('Z', '')}+00:00`;
  return {
    slug: d.slug,
    name: d.name,
    description: d.description,
    organizations: { items: d.organizations.map((o) => catalogue.organizations.find((x) => x.id === o)!).sort((a, b) => compareText(a.slug ?? a.id, b.slug ?? b.id)).map((o) => ({ name: o.name })) },
    tags: d.tags.map((t) => catalogue.tags.find((x) => x.id === t)!).sort(bySlug).map((t) => t.name),
    themes: d.themes.map((t) => themes.find((x) => x.id === t)!).sort(bySlug).map((t) => t.name),
    createdAt: iso(d.created_at),
    updatedAt: iso(d.updated_at),
    organization: null,
  };
}

/**
 * The sdk's page: _simplify_response gets page and page_size only at the top of the answer, and totalCount
 * sits one level down, so every page says page 1 of page_size 10, page_total = int(totalCount / 10).
 */
const page = (items: unknown[], total: number): Record<string, unknown> => ({ items, page: 1, page_size: 10, page_total: Math.floor(total / 10) });

describe('PyPI basedosdados 2.0.3 against the replica, where it sends what the schema accepts', () => {
  it('get_datasets(dataset_id=<UUID>) gets that dataset', () => {
    expect(answers['dataset by id']).toEqual({ result: page([datasetItem(PIB)], 1) });
  });

  it('get_datasets(dataset_name=...) gets the datasets whose name contains it (name_Icontains), by slug', () => {
    const matching = allDatasets.filter((d) => d.name.toUpperCase().includes('CENSO'));
    expect(answers['datasets by name']).toEqual({ result: page(matching.map(datasetItem), matching.length) });
  });

  it('get_datasets(page=2, page_size=4) gets the second page (first: 4, offset: 4)', () => {
    expect(answers['second page']).toEqual({ result: page(allDatasets.slice(4, 8).map(datasetItem), allDatasets.length) });
  });

  it('get_tables(table_id=<UUID>) gets the table (the sdk sends `id`)', async () => {
    const table = RAIS.tables[0]!;
    const rows = Number((await dl.sql('SELECT count(*) FROM basedosdados.br_me_rais.microdados_vinculos'))[0]![0]);
    const item = answers['table by id'].result.items[0];
    expect(answers['table by id'].result).toMatchObject(page([expect.anything()], 1));
    expect(item).toEqual({ slug: table.id, name: table.name, description: table.description, numberRows: rows, numberColumns: (table.columns as ColumnFixture[]).length, uncompressedFileSize: expect.any(Number) });
    expect(item.uncompressedFileSize).toBeGreaterThan(0);
  });

  it('get_tables(table_name=...) gets every table whose name contains it, case-insensitively', () => {
    const tables = allDatasets.flatMap((d) => d.tables.map((t) => ({ d, t }))).filter(({ t }) => t.name.toUpperCase().includes('MUNICÍPIO'));
    const got = answers['tables by name'].result;
    expect(got.items.map((t: any) => t.name).sort()).toEqual(tables.map(({ t }) => t.name).sort());
    expect(got.items.map((t: any) => t.slug)).toEqual([...got.items.map((t: any) => t.slug)].sort(compareText));
  });

  it('get_columns(column_id=<UUID>) and get_columns(column_name=...) get the columns, bigquery_type by name', () => {
    const populacao = (catalogue.datasets.find((d) => d.id === 'br_ibge_populacao')!.tables[0]!.columns as ColumnFixture[]).find((c) => c.name === 'populacao')!;
    expect(answers['column by id']).toEqual({ result: page([{ name: 'populacao', description: populacao.description, observations: populacao.observations, bigquery_type: 'INT64' }], 1) });
    const sigla = allDatasets.flatMap((d) => d.tables.flatMap((t) => (t.columns === 'synthetic' ? SYNTHETIC_COLUMNS : t.columns))).filter((c) => c.name.includes('sigla'));
    expect(answers['columns by name'].result.items.map((c: any) => c.name).sort()).toEqual(sigla.map((c) => c.name).sort());
    expect(answers['columns by name'].result.items.every((c: any) => c.bigquery_type === 'STRING')).toBe(true);
  });

  it('search(q=...) gets the datasets /search/ finds, with their table counts and first organization', () => {
    const expected = ['br_ibge_populacao', 'br_ibge_censo_demografico'].map((id) => {
      const d = catalogue.datasets.find((x) => x.id === id)!;
      const org = catalogue.organizations.find((o) => o.id === d.organizations[0])!;
      return { slug: d.slug, name: d.name, description: d.description, n_tables: d.tables.length, n_raw_data_sources: 0, n_information_requests: 0, organization: { slug: org.slug ?? org.id, name: org.name } };
    });
    expect(answers.search.result).toEqual(expect.arrayContaining(expected));
    expect(answers.search.result).toHaveLength(expected.length);
  });
});

describe('PyPI basedosdados 2.0.3 against the replica, where it sends an argument the schema lacks', () => {
  it('get_tables(dataset_id=...) sends `dataset_id` (the schema has dataset_Id): a GraphQL validation error, as the real backend answers', () => {
    expect(answers['tables of a dataset']).toMatchObject({ error: 'BaseDosDadosException', cause: 'TransportQueryError' });
    expect(answers['tables of a dataset'].message).toContain("Unknown argument 'dataset_id' on field 'Query.allTable'. Did you mean 'dataset_Id'");
  });

  it('get_columns(table_id=...) sends `table_id` (the schema has table_Id): a GraphQL validation error, as the real backend answers', () => {
    expect(answers['columns of a table']).toMatchObject({ error: 'BaseDosDadosException', cause: 'TransportQueryError' });
    expect(answers['columns of a table'].message).toContain("Unknown argument 'table_id' on field 'Query.allColumn'. Did you mean 'table_Id'");
  });
});

// Field by field where the fields correspond: PyPI's camelCase and flattened names against ours.
const names = (list: Array<{ name: string }>): string[] => list.map((x) => x.name);
const datasetFields = (d: any, from: 'pypi' | 'ours') => ({
  slug: d.slug,
  name: d.name,
  description: d.description,
  organizations: from === 'pypi' ? names(d.organizations.items) : names(d.organizations),
  tags: from === 'pypi' ? d.tags : names(d.tags),
  themes: from === 'pypi' ? d.themes : names(d.themes),
  created_at: from === 'pypi' ? d.createdAt : d.created_at,
  updated_at: from === 'pypi' ? d.updatedAt : d.updated_at,
});
const tableFields = (t: any, from: 'pypi' | 'ours') => ({
  slug: t.slug,
  name: t.name,
  description: t.description,
  number_rows: from === 'pypi' ? t.numberRows : t.number_rows,
  number_columns: from === 'pypi' ? t.numberColumns : t.number_columns,
  uncompressed_file_size: from === 'pypi' ? t.uncompressedFileSize : t.uncompressed_file_size,
});
const columnFields = (c: any) => ({ name: c.name, description: c.description, observations: c.observations, bigquery_type: c.bigquery_type });
const searchFields = (r: any, from: 'pypi' | 'ours') => ({
  slug: r.slug,
  name: r.name,
  description: r.description,
  n_tables: r.n_tables,
  n_raw_data_sources: r.n_raw_data_sources,
  n_information_requests: r.n_information_requests,
  organization: from === 'pypi' ? r.organization : { slug: r.organizations[0].slug, name: r.organizations[0].name },
});
/** Items whose order the two questions do not share, in one order: that of their fields' JSON. */
const inOrder = <T>(items: T[]): T[] => [...items].sort((a, b) => compareText(JSON.stringify(a), JSON.stringify(b)));

describe('PyPI basedosdados 2.0.3 and our generated package give the same items, where PyPI sends what the schema accepts', () => {
  it('get_datasets(dataset_id=<UUID>) and our get_dataset("br_ibge_pib"): the same dataset, field by field', () => {
    expect(ours['dataset by id'].result.dataset_id).toBe('br_ibge_pib');
    expect(answers['dataset by id'].result.items.map((d: any) => datasetFields(d, 'pypi'))).toEqual([datasetFields(ours['dataset by id'].result, 'ours')]);
  });

  it('get_datasets(dataset_name="Censo") and our list_datasets(q="Censo"): the same datasets in the same order', () => {
    const theirs = answers['datasets by name'].result.items.map((d: any) => datasetFields(d, 'pypi'));
    expect(theirs.length).toBeGreaterThan(1);
    expect(theirs).toEqual(ours['datasets by name'].result.map((d: any) => datasetFields(d, 'ours')));
  });

  it('get_datasets(page=2, page_size=4) and our list_datasets(page=2, page_size=4): the same second page', () => {
    const theirs = answers['second page'].result.items.map((d: any) => datasetFields(d, 'pypi'));
    expect(theirs).toHaveLength(4);
    expect(theirs).toEqual(ours['second page'].result.map((d: any) => datasetFields(d, 'ours')));
  });

  it('get_tables(table_id=<UUID>) and our get_table("br_me_rais", "microdados_vinculos"): the same table, field by field', () => {
    expect(answers['table by id'].result.items.map((t: any) => tableFields(t, 'pypi'))).toEqual([tableFields(ours['table by id'].result, 'ours')]);
  });

  it('get_tables(table_name="Município") and ours filtered by that name from every dataset\'s list_dataset_tables: the same tables', () => {
    // Several tables share the slug municipio: both sides in the order of their whole fields.
    const matching = ours['tables by name'].result.filter((t: any) => t.name.toUpperCase().includes('MUNICÍPIO')).map((t: any) => tableFields(t, 'ours'));
    const theirs = answers['tables by name'].result.items.map((t: any) => tableFields(t, 'pypi'));
    expect(theirs.length).toBeGreaterThan(1);
    expect(inOrder(theirs)).toEqual(inOrder(matching));
  });

  it('get_columns(column_id=<UUID>) and the column of our list_table_columns("br_ibge_populacao", "municipio"): the same column, field by field', () => {
    const column = ours['column by id'].result.find((c: any) => c.name === 'populacao');
    expect(answers['column by id'].result.items.map(columnFields)).toEqual([columnFields(column)]);
  });

  it('get_columns(columns_name="sigla") and ours filtered by that name from every table\'s list_table_columns: the same columns', () => {
    const matching = ours['columns by name'].result.filter((c: any) => c.name.includes('sigla')).map(columnFields);
    const theirs = answers['columns by name'].result.items.map(columnFields);
    expect(theirs.length).toBeGreaterThan(1);
    expect(inOrder(theirs)).toEqual(inOrder(matching));
  });

  it('search(q="população") and our search(q="população"): the same results, field by field', () => {
    const theirs = answers.search.result.map((r: any) => searchFields(r, 'pypi'));
    expect(theirs).toHaveLength(2);
    expect(theirs).toEqual(ours.search.result.map((r: any) => searchFields(r, 'ours')));
  });
});

describe('where PyPI basedosdados 2.0.3 sends an argument the real schema lacks, our package answers the same question', () => {
  it('get_tables(dataset_id=) sends `dataset_id`, which the schema lacks (a validation error); our list_dataset_tables("br_ibge_pib") lists the dataset\'s tables', () => {
    expect(answers['tables of a dataset']).toMatchObject({ error: 'BaseDosDadosException', cause: 'TransportQueryError' });
    const tables = ours['tables of a dataset'].result;
    expect(tables.map((t: any) => [t.dataset_id, t.table_id])).toEqual(PIB.tables.map((t) => ['br_ibge_pib', t.id]));
  });

  it('get_columns(table_id=) sends `table_id`, which the schema lacks (a validation error); our list_table_columns("br_ibge_pib", "municipio") lists the table\'s columns', () => {
    expect(answers['columns of a table']).toMatchObject({ error: 'BaseDosDadosException', cause: 'TransportQueryError' });
    const columns = PIB.tables.find((t) => t.id === 'municipio')!.columns as ColumnFixture[];
    expect(ours['columns of a table'].result.map((c: any) => c.name)).toEqual(columns.map((c) => c.name).sort(compareText));
  });
});
