/**
 * The generated catalogue client (sdk-ts/src/generated) end to end against the
 * local datalake, a replica of the Base dos Dados backend: the GraphQL
 * functions by BigQuery ids, the REST views at their real paths, paging to the
 * end (search's `results` too), locales, typed errors, arguments refused
 * before any request, and retries under injected faults.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseDosDados, NotFoundError, ServerError, ValidationError } from '../../sdk-ts/src/index.js';
import { ensureSdkBuilt } from '../build-sdk.js';

let datalake: Datalake;
let bd: BaseDosDados;

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
  bd = new BaseDosDados({ baseUrl: datalake.url, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
});
afterAll(async () => {
  await datalake?.close();
});

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('GraphQL functions against the replica', () => {
  it('walks every page of datasets exactly once, and one page alone on await', async () => {
    const slugs = (await all(bd.datasets.list({ pageSize: 4 }))).map((d) => d.slug);
    const first = await bd.datasets.list({ pageSize: 4 });
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs.length).toBe(first.count);
    expect(first.page_total).toBe(Math.ceil(first.count! / 4));
    expect(first.items.map((d) => d.slug)).toEqual(slugs.slice(0, 4));
  });

  it('reads a dataset, its tables and a table\'s columns by BigQuery ids, with both kinds of id', async () => {
    const dataset = await bd.datasets.get('br_ibge_pib');
    expect(dataset).toMatchObject({ dataset_id: 'br_ibge_pib', slug: 'pib', status: 'published' });
    expect(dataset.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(dataset.organizations.map((o) => o.slug)).toContain('ibge');
    const tables = await all(bd.tables.list('br_bd_diretorios_brasil', { pageSize: 1 }));
    expect(tables.map((t) => t.table_id)).toEqual(['municipio', 'uf']);
    const table = await bd.tables.get('br_ibge_pib', 'municipio');
    expect(table).toMatchObject({ dataset_id: 'br_ibge_pib', table_id: 'municipio', dataset: { uuid: dataset.uuid } });
    const columns = await all(bd.tables.columns('br_ibge_pib', 'municipio', { pageSize: 4 }));
    expect(columns.length).toBeGreaterThan(4);
    expect(columns.every((c) => typeof c.bigquery_type === 'string')).toBe(true);
    // The REST view takes the backend's UUID and gives the same columns, in table order.
    const byUuid = await bd.tables.columnsByUuid(table.uuid);
    expect(byUuid.map((c) => c.name).sort()).toEqual(columns.map((c) => c.name).sort());
    expect(byUuid.map((c) => c.order)).toEqual([...byUuid.keys()]);
  });

  it('localizes names, falling back to Portuguese', async () => {
    const [pt, en] = await Promise.all([bd.themes.list({ pageSize: 100 }), bd.themes.list({ pageSize: 100, locale: 'en' })]);
    expect(pt.items.find((t) => t.slug === 'economia')?.name).toBe('Economia');
    expect(en.items.find((t) => t.slug === 'economia')?.name).toBe('Economy');
    const orgs = await bd.organizations.list({ q: 'telecomunica', locale: 'en' });
    expect(orgs.items.map((o) => o.name)).toEqual(['Agência Nacional de Telecomunicações']);
  });

  it('lists organizations, themes and tags', async () => {
    expect((await bd.organizations.list()).count).toBeGreaterThan(0);
    expect((await bd.tags.list()).count).toBeGreaterThan(0);
  });

  it('raises NotFoundError naming the function and the ids for BigQuery ids the catalogue lacks', async () => {
    const calls = [() => bd.datasets.get('br_nao_existe'), () => bd.tables.list('br_nao_existe'), () => bd.tables.get('br_ibge_pib', 'uf'), () => bd.tables.columns('br_ibge_pib', 'nada')];
    for (const call of calls) {
      const error = await Promise.resolve(call()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as Error).message).toMatch(/"(br_nao_existe|uf|nada)"\): not found in the catalogue/);
    }
  });
});

describe('REST views against the replica', () => {
  it('searches with array filters, reading results and computing page_total', async () => {
    const page = await bd.search({ theme: ['economia'], pageSize: 3 });
    expect(page.count).toBe(4);
    expect(page.page_total).toBe(2);
    expect(page.items.map((r) => r.slug)).toEqual(page.body.results.map((r) => r.slug));
    expect(page.body.aggregations.themes?.map((t) => t.key)).toContain('economia');
    const every = (await all(bd.search({ theme: ['economia'], pageSize: 3 }))).map((r) => r.slug);
    expect(every).toEqual(['taxa_selic', 'ipca', 'pib', 'rais']);
    expect((await bd.search({ tag: ['censo', 'populacao'] })).items.map((r) => r.slug)).toEqual(['censo_demografico']);
  });

  it('lists facet values, the catalogue\'s stats and its CSV export as text', async () => {
    const facets = await bd.facets.values({ facet: 'theme_slug', locale: 'en' });
    expect(facets).toMatchObject({ facet: 'theme_slug', locale: 'en' });
    expect(facets.values.find((v) => v.key === 'economia')).toMatchObject({ name: 'Economy', fallback: false });
    expect((await bd.tables.stats()).total_treated_tables).toBeGreaterThan(0);
    const csv = await bd.datasets.exportCatalog({ locale: 'en' });
    expect(typeof csv).toBe('string');
    expect(csv.split('\n')[0]).toMatch(/^Dataset Name,Dataset Description,Table Name/);
  });

  it('raises NotFoundError for an unknown table UUID', async () => {
    await expect(bd.tables.columnsByUuid('00000000-0000-0000-0000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('checks and retries', () => {
  it('refuses a bad id, page size, filter or facet before sending anything', async () => {
    datalake.resetStats();
    await expect(bd.datasets.get('br_ibge; DROP TABLE x')).rejects.toBeInstanceOf(ValidationError);
    await expect(bd.datasets.list({ pageSize: 1501 })).rejects.toThrow(/pageSize|page_size/);
    await expect(bd.search({ theme: ['economia; DROP'] })).rejects.toBeInstanceOf(ValidationError);
    await expect(bd.facets.values({ facet: 'colour' as 'theme_slug' })).rejects.toBeInstanceOf(ValidationError);
    await expect(bd.tables.columnsByUuid('br_ibge_pib')).rejects.toBeInstanceOf(ValidationError);
    expect(datalake.stats().requests.metadata).toBe(0);
  });

  it('retries injected 503s on the GraphQL path and still returns the page', async () => {
    datalake.faults.set({ rules: [{ scope: 'metadata', nth: [1, 2], status: 503, retryAfter: 0 }] });
    try {
      const page = await bd.organizations.list();
      expect(page.items.length).toBeGreaterThan(0);
    } finally {
      datalake.faults.clear();
    }
  });

  it('gives up with a ServerError after the policy\'s attempts', async () => {
    datalake.faults.set({ rules: [{ scope: 'metadata', fraction: 1, status: 500 }] });
    try {
      const error = await bd.tags.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect((error as ServerError).attempts).toBe(4);
    } finally {
      datalake.faults.clear();
    }
  });
});

describe('the README catalogue example', () => {
  // The example imports the package by name: its built output.
  beforeAll(ensureSdkBuilt, 120_000);

  it('finds the population tables and their columns on the local datalake, pointed at by BASEDOSDADOS_API_URL', async () => {
    // Asynchronous: the datalake answers from this same process.
    const { stdout } = await promisify(execFile)(process.execPath, [resolve('sdk-ts/examples/find-tables.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, BASEDOSDADOS_API_URL: datalake.url, BASEDOSDADOS_ENVIRONMENT: 'prod' },
    });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('2 datasets about population: Brazilian population; Demographic Census');
    expect(lines[1]).toMatch(/^themes: Economy \(4\), Demography \(2\), /);
    expect(lines[2]).toMatch(/^table basedosdados\.br_ibge_populacao\.municipio: \d+ rows, 2020-2021$/);
    expect(lines.slice(3)).toContain('  populacao INT64: Estimated resident population');
  });
});
