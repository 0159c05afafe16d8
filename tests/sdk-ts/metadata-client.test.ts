/**
 * The generated metadata client (sdk-ts/src/generated) end to end against the
 * local datalake: every operation, paging to the end, typed errors, arguments
 * refused before any request, and retries under injected faults.
 */
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseDosDados, NotFoundError, ServerError, ValidationError } from '../../sdk-ts/src/index.js';

let datalake: Datalake;
let bd: BaseDosDados;

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
  bd = new BaseDosDados({ baseUrl: datalake.url, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
});
afterAll(async () => {
  await datalake?.close();
});

describe('generated metadata client against the local datalake', () => {
  it('walks every page of datasets exactly once, and one page alone on await', async () => {
    const all: string[] = [];
    for await (const dataset of bd.datasets.list({ pageSize: 2 })) all.push(dataset.id);
    const first = await bd.datasets.list({ pageSize: 2 });
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(first.count);
    expect(first.page_total).toBe(Math.ceil((first.count ?? 0) / 2));
    expect(first.items.map((d) => d.id)).toEqual(all.slice(0, 2));
  });

  it('filters datasets and reads a dataset, its tables and a table\'s columns', async () => {
    const ibge: string[] = [];
    for await (const dataset of bd.datasets.list({ organization: 'ibge' })) ibge.push(dataset.id);
    expect(ibge).toEqual(expect.arrayContaining(['br_ibge_populacao', 'br_ibge_pib']));

    const dataset = await bd.datasets.get('br_ibge_populacao');
    expect(dataset.organizations.map((o) => o.id)).toContain('ibge');
    const tables: string[] = [];
    for await (const table of bd.tables.list('br_ibge_populacao')) tables.push(table.id);
    expect(tables).toContain('municipio');
    const table = await bd.tables.get('br_ibge_populacao', 'municipio');
    expect(table.bigquery_table).toBe('basedosdados.br_ibge_populacao.municipio');
    const columns: string[] = [];
    for await (const column of bd.tables.columns('br_ibge_populacao', 'municipio', { pageSize: 1 })) columns.push(`${column.name}:${column.bigquery_type}`);
    expect(columns).toEqual(['ano:INT64', 'sigla_uf:STRING', 'id_municipio:STRING', 'populacao:INT64']);
  });

  it('lists organizations, themes with their children, and tags', async () => {
    const themes = await bd.themes.list({ pageSize: 100 });
    expect(themes.items.some((t) => t.children.length > 0)).toBe(true);
    expect((await bd.organizations.list()).count).toBeGreaterThan(0);
    expect((await bd.tags.list()).count).toBeGreaterThan(0);
  });

  it('searches, with aggregations on the page body', async () => {
    const page = await bd.search({ q: 'pib' });
    expect(page.items.some((r) => r.dataset_id === 'br_ibge_pib')).toBe(true);
    expect(page.body.aggregations.organizations.map((o) => o.id)).toContain('ibge');
  });

  it('raises NotFoundError with the problem details and request id', async () => {
    const error = await bd.datasets.get('br_nao_existe').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, kind: 'not_found' });
    expect((error as NotFoundError).requestId).toMatch(/\S+/);
    expect((error as NotFoundError).problem?.detail).toContain('br_nao_existe');
  });

  it('refuses a bad id or page size before sending anything', async () => {
    datalake.resetStats();
    await expect(bd.datasets.get('br_ibge; DROP TABLE x')).rejects.toBeInstanceOf(ValidationError);
    await expect(bd.datasets.list({ pageSize: 500 })).rejects.toThrow(/pageSize|page_size/);
    expect(datalake.stats().requests.metadata).toBe(0);
  });

  it('retries injected 503s and still returns the page', async () => {
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
