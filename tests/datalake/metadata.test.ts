// The catalogue API of spec/datalake.yaml, over real HTTP; every response is
// validated against the spec's own response schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { SpecResponses } from './helpers.js';

let dl: Datalake;
const spec = await SpecResponses.load();

beforeAll(async () => {
  dl = await startDatalake();
});
afterAll(async () => {
  await dl.close();
});

async function get(path: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${dl.url}${path}`);
  const status = res.status;
  const headers = res.headers;
  const body = await spec.check('GET', path, res);
  return { status, body, headers };
}

describe('listDatasets', () => {
  it('pages newest first with page_total rounded up', async () => {
    const { status, body } = await get('/datasets?page_size=4');
    expect(status).toBe(200);
    expect(body.page).toBe(1);
    expect(body.page_size).toBe(4);
    expect(body.count).toBeGreaterThanOrEqual(10);
    expect(body.page_total).toBe(Math.ceil(body.count / 4));
    const created = body.items.map((d: any) => d.created_at);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('walks every page to the end without losing or repeating a dataset', async () => {
    const first = (await get('/datasets?page_size=3')).body;
    const ids: string[] = [];
    for (let p = 1; p <= first.page_total; p++) {
      const { body } = await get(`/datasets?page_size=3&page=${p}`);
      ids.push(...body.items.map((d: any) => d.id));
      if (p === first.page_total) expect(body.items.length).toBe(first.count - 3 * (first.page_total - 1));
    }
    expect(ids.length).toBe(first.count);
    expect(new Set(ids).size).toBe(first.count);
  });

  it('returns empty items past the last page', async () => {
    const { status, body } = await get('/datasets?page=999&page_size=10');
    expect(status).toBe(200);
    expect(body.items).toEqual([]);
    expect(body.count).toBeGreaterThan(0);
    expect(body.page).toBe(999);
  });

  it('filters by organization, tag and theme including child themes', async () => {
    const ibge = (await get('/datasets?organization=ibge')).body;
    expect(ibge.items.map((d: any) => d.id).sort()).toEqual(['br_ibge_censo_demografico', 'br_ibge_ipca', 'br_ibge_pib', 'br_ibge_populacao']);
    const censo = (await get('/datasets?tag=censo')).body;
    expect(censo.items.map((d: any) => d.id).sort()).toEqual(['br_ibge_censo_demografico', 'br_inep_censo_escolar']);
    // economia has children (financas, trabalho, precos): their datasets match too.
    const economia = (await get('/datasets?theme=economia&page_size=100')).body;
    expect(economia.items.map((d: any) => d.id).sort()).toEqual(['br_bcb_taxa_selic', 'br_ibge_ipca', 'br_ibge_pib', 'br_me_rais']);
    const financas = (await get('/datasets?theme=financas')).body;
    expect(financas.items.map((d: any) => d.id)).toEqual(['br_bcb_taxa_selic']);
    const none = (await get('/datasets?organization=nao_existe')).body;
    expect(none).toMatchObject({ count: 0, page_total: 0, items: [] });
  });

  it('matches q case- and accent-insensitively', async () => {
    const a = (await get('/datasets?q=POPULACAO')).body;
    const b = (await get(`/datasets?q=${encodeURIComponent('população')}`)).body;
    expect(a.items.map((d: any) => d.id)).toContain('br_ibge_populacao');
    expect(b.items.map((d: any) => d.id)).toEqual(a.items.map((d: any) => d.id));
  });
});

describe('datasets, tables and columns', () => {
  it('gets a dataset with organizations, themes, tags and coverage', async () => {
    const { body } = await get('/datasets/br_ibge_populacao');
    expect(body).toMatchObject({
      id: 'br_ibge_populacao',
      slug: 'br-ibge-populacao',
      n_tables: 1,
      temporal_coverage: { start: '2020', end: '2021' },
      organizations: [{ id: 'ibge', slug: 'ibge' }],
      themes: [{ id: 'demografia', children: [] }],
    });
    expect(body.description).toMatch(/not official/);
  });

  it('lists the tables of a dataset in name order', async () => {
    const { body } = await get('/datasets/br_bd_diretorios_brasil/tables');
    expect(body.items.map((t: any) => t.id)).toEqual(['municipio', 'uf']);
    const uf = body.items[1];
    expect(uf).toMatchObject({ bigquery_table: 'basedosdados.br_bd_diretorios_brasil.uf', number_rows: 27, number_columns: 4 });
  });

  it('gets a table whose row count is the DuckDB table size', async () => {
    const { body } = await get('/datasets/br_ibge_populacao/tables/municipio');
    const [[n]] = (await dl.sql('SELECT count(*) FROM basedosdados.br_ibge_populacao.municipio')) as [[bigint]];
    expect(body.number_rows).toBe(Number(n));
    expect(body.partitions).toEqual(['ano']);
    expect(body.uncompressed_file_size).toBeGreaterThan(0);
  });

  it('describes synthetic tables of any size', async () => {
    const { body } = await get('/datasets/br_bd_sintetico/tables/linhas_12345');
    expect(body).toMatchObject({ id: 'linhas_12345', number_rows: 12345, bigquery_table: 'basedosdados.br_bd_sintetico.linhas_12345' });
  });

  it('lists columns with the BigQuery types of the DuckDB tables', async () => {
    const { body } = await get('/datasets/br_bd_tipos/tables/exemplo/columns?page_size=100');
    expect(body.items.map((c: any) => `${c.name}:${c.bigquery_type}`)).toEqual([
      'linha:INT64', 'inteiro:INT64', 'flutuante:FLOAT64', 'numerico:NUMERIC', 'booleano:BOOL', 'texto:STRING',
      'data:DATE', 'data_hora:DATETIME', 'instante:TIMESTAMP', 'geografia:GEOGRAPHY',
    ]);
    const duck = (await dl.sql(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = 'basedosdados' AND table_schema = 'br_bd_tipos' AND table_name = 'exemplo' ORDER BY ordinal_position",
    )) as string[][];
    expect(duck.map((r) => r[0])).toEqual(body.items.map((c: any) => c.name));
    expect(duck.map((r) => r[1])).toEqual(['BIGINT', 'BIGINT', 'DOUBLE', 'DECIMAL(38,9)', 'BOOLEAN', 'VARCHAR', 'DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'GEOMETRY']);
  });

  it('describes every catalogue table exactly as DuckDB holds it (columns, types, rows)', async () => {
    const duckType: Record<string, string> = {
      INT64: 'BIGINT', FLOAT64: 'DOUBLE', NUMERIC: 'DECIMAL(38,9)', BOOL: 'BOOLEAN', STRING: 'VARCHAR', DATE: 'DATE',
      DATETIME: 'TIMESTAMP', TIMESTAMP: 'TIMESTAMP WITH TIME ZONE', GEOGRAPHY: 'GEOMETRY',
    };
    const datasets = (await get('/datasets?page_size=100')).body.items;
    let checked = 0;
    for (const d of datasets) {
      for (const t of (await get(`/datasets/${d.id}/tables?page_size=100`)).body.items) {
        const columns = (await get(`/datasets/${d.id}/tables/${t.id}/columns?page_size=100`)).body.items;
        const duck = (await dl.sql(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = 'basedosdados' AND table_schema = '${d.id}' AND table_name = '${t.id}' ORDER BY ordinal_position`,
        )) as string[][];
        if (d.id === 'br_bd_sintetico' && duck.length === 0) continue; // created on first query
        expect(duck.map((r) => `${r[0]} ${r[1]}`), `${d.id}.${t.id}`).toEqual(columns.map((c: any) => `${c.name} ${duckType[c.bigquery_type]}`));
        const [[n]] = (await dl.sql(`SELECT count(*) FROM basedosdados."${d.id}"."${t.id}"`)) as [[bigint]];
        expect(t.number_rows, `${d.id}.${t.id}`).toBe(Number(n));
        expect(t.number_columns).toBe(columns.length);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(13);
  });

  it('pages columns', async () => {
    const p1 = (await get('/datasets/br_ibge_pib/tables/municipio/columns?page_size=4')).body;
    const p3 = (await get('/datasets/br_ibge_pib/tables/municipio/columns?page_size=4&page=3')).body;
    expect(p1).toMatchObject({ count: 9, page_total: 3 });
    expect(p3.items.map((c: any) => c.name)).toEqual(['va_adespss']);
    const partition = p1.items.find((c: any) => c.name === 'ano');
    expect(partition).toMatchObject({ is_partition: true, measurement_unit: 'year' });
  });

  it('answers 404 problems for unknown datasets, tables and paths', async () => {
    const ds = await get('/datasets/br_nao_existe');
    expect(ds.status).toBe(404);
    expect(ds.body).toMatchObject({ status: 404, type: 'https://basedosdados.org/problems/not-found', instance: '/datasets/br_nao_existe' });
    expect(ds.body.request_id).toBe(ds.headers.get('x-request-id'));
    expect((await get('/datasets/br_ibge_pib/tables/nao_existe')).status).toBe(404);
    expect((await get('/datasets/br_ibge_pib/tables/nao_existe/columns')).status).toBe(404);
    const unknown = await fetch(`${dl.url}/nada/aqui`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await unknown.json()) as any).status).toBe(404);
  });
});

describe('organizations, themes, tags', () => {
  it('lists organizations in name order', async () => {
    const { body } = await get('/organizations?page_size=100');
    const names = body.items.map((o: any) => o.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.normalize('NFD').localeCompare(b.normalize('NFD'))));
    expect(body.items.find((o: any) => o.id === 'ibge')).toMatchObject({ slug: 'ibge', website: 'https://www.ibge.gov.br' });
  });

  it('lists top-level themes with their children', async () => {
    const { body } = await get('/themes?page_size=100');
    const economia = body.items.find((t: any) => t.id === 'economia');
    expect(economia.children.map((c: any) => c.id).sort()).toEqual(['agropecuaria', 'financas', 'precos', 'trabalho']);
    expect(body.items.some((t: any) => t.id === 'financas')).toBe(false);
  });

  it('lists tags', async () => {
    const { body } = await get('/tags?page_size=2&page=2');
    expect(body.items).toHaveLength(2);
    expect(body.page_total).toBe(Math.ceil(body.count / 2));
  });
});

describe('search', () => {
  it('finds datasets and tables, best match first, with aggregations', async () => {
    const { body } = await get('/search?q=pib');
    expect(body.items[0]).toMatchObject({ type: 'dataset', dataset_id: 'br_ibge_pib', table_id: null });
    expect(body.items.some((i: any) => i.type === 'table' && i.table_id === 'municipio' && i.dataset_id === 'br_ibge_pib')).toBe(true);
    expect(body.aggregations.organizations).toContainEqual({ id: 'ibge', name: 'Instituto Brasileiro de Geografia e Estatística', count: body.count });
  });

  it('is accent insensitive and filters by theme including children', async () => {
    const a = (await get(`/search?q=${encodeURIComponent('eleições')}`)).body;
    const b = (await get('/search?q=ELEICOES')).body;
    expect(a.count).toBeGreaterThan(0);
    expect(b.items).toEqual(a.items);
    const politica = (await get('/search?theme=politica&page_size=100')).body;
    expect(politica.items.every((i: any) => i.dataset_id === 'br_tse_eleicoes')).toBe(true);
    expect(politica.aggregations.themes.find((t: any) => t.id === 'politica').count).toBe(politica.count);
  });

  it('counts aggregations over all matches, not one page', async () => {
    const { body } = await get('/search?organization=ibge&page_size=1');
    expect(body.items).toHaveLength(1);
    expect(body.count).toBeGreaterThan(1);
    expect(body.aggregations.organizations).toEqual([{ id: 'ibge', name: 'Instituto Brasileiro de Geografia e Estatística', count: body.count }]);
  });
});

describe('parameter validation against the spec', () => {
  it('rejects page_size out of bounds naming the parameter and the constraint', async () => {
    const { status, body } = await get('/datasets?page_size=500');
    expect(status).toBe(400);
    expect(body.invalid_params).toEqual([
      { name: 'page_size', in: 'query', reason: 'must be <= 100', pointer: '#/components/parameters/PageSize/schema/maximum' },
    ]);
    expect(body.detail).toContain('page_size');
  });

  it('rejects a page of 0, a non-integer page and a bad id pattern', async () => {
    const zero = await get('/organizations?page=0');
    expect(zero.body.invalid_params[0]).toMatchObject({ name: 'page', pointer: '#/components/parameters/Page/schema/minimum' });
    const text = await get('/tags?page=abc');
    expect(text.status).toBe(400);
    expect(text.body.invalid_params[0]).toMatchObject({ name: 'page', pointer: '#/components/parameters/Page/schema/type' });
    const id = await get('/datasets/BR-IBGE');
    expect(id.status).toBe(400);
    expect(id.body.invalid_params[0]).toMatchObject({ name: 'dataset_id', in: 'path', pointer: '#/components/schemas/Id/pattern' });
    const q = await get(`/search?q=${'x'.repeat(201)}`);
    expect(q.body.invalid_params[0]).toMatchObject({ name: 'q', pointer: '#/components/parameters/Query/schema/maxLength' });
  });

  it('reports every broken parameter at once', async () => {
    const { body } = await get('/datasets?page=0&page_size=0&theme=Nope');
    expect(body.invalid_params.map((p: any) => p.name).sort()).toEqual(['page', 'page_size', 'theme']);
  });

  it('answers 405 for a method the path does not have', async () => {
    const res = await fetch(`${dl.url}/datasets`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});
