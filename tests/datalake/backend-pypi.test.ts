// PyPI basedosdados 2.0.3, a client no one here wrote, against the replica:
// get_datasets, get_tables, get_columns and search with
// backend=Backend(search_url=..., graphql_url=...) pointed at the datalake
// (its pinned venv, .venv-basedosdados; tests/python/legacy/backend_metadata.py
// calls it). Where it sends what the backend's schema accepts, it gets the
// sample catalogue's items; where it sends an argument the schema lacks
// (dataset_id, table_id instead of dataset_Id, table_Id), the replica answers a
// GraphQL validation error, as the real backend does by reading (backend-api.md 3.1).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareText } from '../../datalake/src/backend/collation.js';
import { SYNTHETIC_COLUMNS } from '../../datalake/src/data/synthetic.js';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import type { ColumnFixture, DatasetFixture } from '../../datalake/src/data/catalogue.js';
import { catalogue, uuidOf } from './backend-client.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs a command without blocking the event loop: the datalake answers from this process. */
function run(command: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: scratch, PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
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

let dl: Datalake;
let scratch: string;
let answers: Record<string, any>;

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
