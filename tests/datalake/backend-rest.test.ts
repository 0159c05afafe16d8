// The replica's REST views at the backend's real paths (backend-api.md section 1),
// over loopback: /search/, /facet_values/, /tables/<uuid>/columns/,
// /tables/stats/, /export/catalog/, Django's APPEND_SLASH and error pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { catalogue, graphql, nodes, rest, uuidOf } from './backend-client.js';

let dl: Datalake;
beforeAll(async () => {
  dl = await startDatalake();
});
afterAll(async () => {
  await dl.close();
});

const allDatasets = [...catalogue.datasets, ...catalogue.datasets_without_tables!];
const published = allDatasets.filter((d) => d.status === undefined);
const search = async (query: string): Promise<any> => {
  const res = await rest(dl.url, `/search/?${query}`);
  expect(res.status, res.text.slice(0, 200)).toBe(200);
  return res.json;
};
const slugs = async (query: string): Promise<string[]> => (await search(query)).results.map((r: any) => r.slug);
const RESULT_FIELDS = [
  'updated_at',
  'id',
  'slug',
  'name',
  'description',
  'tags',
  'themes',
  'entities',
  'organizations',
  'temporal_coverage',
  'spatial_coverage',
  'contains_open_data',
  'contains_closed_data',
  'contains_tables',
  'contains_direct_download_free',
  'contains_direct_download_paid',
  'contains_temporalcoverage_free',
  'contains_temporalcoverage_paid',
  'contains_raw_data_sources',
  'contains_information_requests',
  'n_tables',
  'n_raw_data_sources',
  'n_information_requests',
  'first_table_id',
  'first_open_table_id',
  'first_closed_table_id',
  'first_raw_data_source_id',
  'first_information_request_id',
];

describe('/search/', () => {
  it('pages every published dataset, none under review, datasets with tables first then the latest updated', async () => {
    const first = await search('');
    expect(first).toMatchObject({ page: 1, page_size: 10, count: published.length, locale: 'pt' });
    expect(first.results).toHaveLength(10);
    expect(Object.keys(first.results[0])).toEqual(RESULT_FIELDS);
    const second = await search('page=2&page_size=10');
    const order = [...first.results, ...second.results].map((r: any) => r.slug);
    const expected = [...published].sort((a, b) => Number(b.tables.length > 0) - Number(a.tables.length > 0) || Date.parse(b.updated_at) - Date.parse(a.updated_at)).map((d) => d.slug);
    expect(order).toEqual(expected);
    expect(order).not.toContain('sintetico');
    expect((await search('page=3&page_size=10')).results).toEqual([]);
    expect((await search('page=nope&page_size=x')).results.map((r: any) => r.slug)).toEqual(first.results.map((r: any) => r.slug));
  });

  it('writes a result as as_search_result does', async () => {
    const pib = (await search('q=pib')).results.find((r: any) => r.slug === 'pib');
    expect(pib).toEqual({
      updated_at: '2023-12-15T09:30:00',
      id: uuidOf('dataset', 'br_ibge_pib'),
      slug: 'pib',
      name: 'Produto Interno Bruto dos municípios',
      description: catalogue.datasets.find((d) => d.id === 'br_ibge_pib')!.description,
      tags: [{ slug: 'municipios', name: 'Municípios' }, { slug: 'pib', name: 'PIB' }],
      themes: [{ slug: 'economia', name: 'Economia' }],
      entities: [{ slug: 'municipality', name: 'Município' }, { slug: 'year', name: 'Ano' }],
      organizations: [{ id: uuidOf('organization', 'ibge'), slug: 'ibge', name: 'Instituto Brasileiro de Geografia e Estatística', picture: 'https://storage.googleapis.com/basedosdados-website/organization/picture/ibge.png' }],
      temporal_coverage: ['2002 - 2021'],
      spatial_coverage: [{ slug: 'br', name: 'Brasil' }],
      contains_open_data: true,
      contains_closed_data: false,
      contains_tables: true,
      contains_direct_download_free: true,
      contains_direct_download_paid: false,
      contains_temporalcoverage_free: true,
      contains_temporalcoverage_paid: false,
      contains_raw_data_sources: true,
      contains_information_requests: false,
      n_tables: 1,
      n_raw_data_sources: 1,
      n_information_requests: 0,
      first_table_id: uuidOf('table', 'br_ibge_pib.municipio'),
      first_open_table_id: uuidOf('table', 'br_ibge_pib.municipio'),
      first_closed_table_id: '',
      first_raw_data_source_id: uuidOf('rawdatasource', 'br_ibge_pib.sidra'),
      first_information_request_id: '',
    });
  });

  it('writes JSON as JsonResponse does: ", " and ": " separators, non-ASCII escaped', async () => {
    const res = await rest(dl.url, '/search/?q=selic');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.text).toMatch(/^\{"page": 1, "page_size": 10, "count": 1, "results": \[\{"updated_at": "2024-01-15T12:00:00"/);
    expect(res.text).toContain('"description": "Taxa b\\u00e1sica');
    expect(res.text).not.toMatch(/[^\x00-\x7f]/);
  });

  it('matches q without accents or case, every word, phrases and -exclusions', async () => {
    expect(await slugs('q=populacao')).toEqual(await slugs(`q=${encodeURIComponent('POPULAÇÃO')}`));
    expect((await slugs('q=populacao')).sort()).toEqual(['censo_demografico', 'populacao']);
    expect(await slugs('q=censo%20escolar')).toEqual(['censo_escolar']);
    expect(await slugs('q=censo%20-escolar')).toEqual(['censo_demografico']);
    expect(await slugs(`q=${encodeURIComponent('"banda larga"')}`)).toEqual(['banda_larga_fixa']);
    expect(await slugs('q=sintetico')).toEqual([]);
  });

  it('ANDs repeated filters: theme, organization, tag, observation_level, contains', async () => {
    expect(await slugs('theme=economia&theme=financas')).toEqual(['taxa_selic']);
    expect((await slugs('organization=ibge')).sort()).toEqual(['censo_demografico', 'ipca', 'pib', 'populacao']);
    expect((await slugs('tag=censo&tag=populacao'))).toEqual(['censo_demografico']);
    expect(await slugs('observation_level=school')).toEqual(['censo_escolar']);
    expect((await slugs('contains=raw_data_sources')).sort()).toEqual(['cnes', 'pib']);
    expect(await slugs('contains=raw_data_sources&contains=tables')).toEqual(['pib']);
    expect(await slugs('contains=closed_data')).toEqual(['rais']);
    expect(await slugs('contains=nothing_like_this')).toEqual([]);
  });

  it('matches spatial_coverage with the area or an ancestor; world only world', async () => {
    const withBr = published.filter((d) => d.spatial_coverage.includes('br')).map((d) => d.slug!).sort();
    expect((await slugs('spatial_coverage=br&page_size=50')).sort()).toEqual(withBr);
    expect((await slugs('spatial_coverage=br_sp&page_size=50')).sort()).toEqual([...withBr, 'cnes'].sort());
    expect((await slugs('spatial_coverage=br_rj&page_size=50')).sort()).toEqual(withBr);
    expect(await slugs('spatial_coverage=world')).toEqual([]);
    expect(await slugs('spatial_coverage=br_sp,world')).toEqual([]);
  });

  it('localizes names with locale; a dataset without a name in it shows its slug, a tag or theme null', async () => {
    const en = (await search('locale=en&q=pib')).results[0];
    expect(en).toMatchObject({ name: 'Gross Domestic Product of municipalities', themes: [{ slug: 'economia', name: 'Economy' }], spatial_coverage: [{ slug: 'br', name: 'Brazil' }] });
    const prodes = (await search('locale=es&q=prodes')).results[0];
    expect(prodes).toMatchObject({ name: 'prodes', description: null, tags: [{ slug: 'desmatamento', name: null }] });
  });

  it('aggregates the top 6 values of each facet with localized names, and the true counts of contains_*', async () => {
    const { aggregations } = await search('locale=en');
    expect(Object.keys(aggregations)).toEqual([
      'contains_open_data',
      'contains_closed_data',
      'contains_tables',
      'contains_raw_data_sources',
      'contains_information_requests',
      'contains_direct_download_free',
      'contains_direct_download_paid',
      'contains_temporalcoverage_free',
      'contains_temporalcoverage_paid',
      'themes',
      'organizations',
      'tags',
      'observation_levels',
      'spatial_coverages',
    ]);
    expect(aggregations.contains_tables).toEqual([{ key: 1, count: published.filter((d) => d.tables.length > 0).length }]);
    expect(aggregations.contains_direct_download_paid).toEqual([]);
    expect(aggregations.themes).toHaveLength(6);
    expect(aggregations.themes[0]).toEqual({ key: 'economia', count: 4, name: 'Economy', fallback: false });
    expect(aggregations.organizations.find((o: any) => o.key === 'inep')).toEqual({ key: 'inep', count: 1, name: catalogue.organizations.find((o) => o.id === 'inep')!.name, fallback: true });
    expect(aggregations.spatial_coverages).toEqual([
      { key: 'br', count: 12, name: 'Brazil', fallback: false },
      { key: 'br_sp', count: 1, name: 'São Paulo', fallback: true },
    ]);
  });

  it('answers a locale other than pt, en, es with the 500 page once there is a result (by reading: values() of name_<locale>)', async () => {
    const res = await rest(dl.url, '/search/?locale=fr');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await rest(dl.url, '/search/?locale=fr&q=nothingmatchesthis')).json.count).toBe(0);
  });
});

describe('/facet_values/', () => {
  it('requires a known facet (lower-cased): 400 with the list', async () => {
    const choices = "['tag_slug', 'theme_slug', 'entity_slug', 'organization_slug', 'spatial_coverage']";
    for (const [query, facet] of [['', ''], ['facet=themes', 'themes']]) {
      const res = await rest(dl.url, `/facet_values/?${query}`);
      expect([res.status, res.json]).toEqual([400, { error: `Facet '${facet}' not available. Choose from: ${choices}` }]);
    }
    expect((await rest(dl.url, '/facet_values/?facet=THEME_SLUG')).json.facet).toBe('theme_slug');
  });

  it('lists every value with counts, localized names and fallback', async () => {
    const { json } = await rest(dl.url, '/facet_values/?facet=entity_slug&locale=es');
    expect(json.count).toBe(json.values.length);
    expect(json.values.slice(0, 2)).toEqual([
      { key: 'municipality', count: 7, name: 'Municipio', fallback: false },
      { key: 'year', count: 7, name: 'Año', fallback: false },
    ]);
    expect(json.values.find((v: any) => v.key === 'candidate')).toEqual({ key: 'candidate', count: 1, name: 'Candidato', fallback: true });
  });

  it('applies the search filters with q; without q every dataset counts (by reading: the unbound form is never valid)', async () => {
    const filtered = await rest(dl.url, '/facet_values/?facet=organization_slug&q=municipio&theme=economia');
    expect(filtered.json.values).toEqual([{ key: 'ibge', count: 1, name: 'Instituto Brasileiro de Geografia e Estatística', fallback: false }]);
    const unfiltered = await rest(dl.url, '/facet_values/?facet=organization_slug&theme=economia');
    expect(unfiltered.json.values.map((v: any) => v.key)).toContain('tse');
  });
});

describe('/tables/<uuid>/columns/', () => {
  const path = (key: string): string => `/tables/${uuidOf('table', key)}/columns/`;

  it("lists a table's columns by order, with the column's own coverage or the table's, and expanded directory keys", async () => {
    const { status, json } = await rest(dl.url, path('br_ibge_populacao.municipio'));
    expect(status).toBe(200);
    expect(json.map((c: any) => c.name)).toEqual(['ano', 'sigla_uf', 'id_municipio', 'populacao']);
    expect(json[3]).toEqual({
      id: uuidOf('column', 'br_ibge_populacao.municipio.populacao'),
      order: 3,
      name: 'populacao',
      description: 'População residente estimada',
      bigquery_type: { name: 'INT64' },
      is_primary_key: false,
      covered_by_dictionary: false,
      measurement_unit: 'person',
      contains_sensitive_data: false,
      observations: 'Estimativa publicada em 31 de agosto (made-up).',
      temporal_coverage: { start: '2021', end: '2021' },
      directory_primary_key: null,
    });
    expect(json[0].temporal_coverage).toEqual({ start: '2020', end: '2021' });
    // br_bd_diretorios_data_tempo is not in the sample catalogue: no directory row to point at.
    expect(json[0].directory_primary_key).toBeNull();
    const { json: table } = await graphql(dl.url, `{ allTable(id: "${uuidOf('table', 'br_bd_diretorios_brasil.municipio')}") { edges { node { uncompressedFileSize } } } }`).then((r) => ({ json: r.body }));
    expect(json[2].directory_primary_key).toEqual({
      id: uuidOf('column', 'br_bd_diretorios_brasil.municipio.id_municipio'),
      name: 'id_municipio',
      table: {
        id: uuidOf('table', 'br_bd_diretorios_brasil.municipio'),
        name: 'Município',
        is_closed: false,
        uncompressed_file_size: nodes(table.data.allTable)[0].uncompressedFileSize,
        dataset: { id: uuidOf('dataset', 'br_bd_diretorios_brasil'), name: 'Diretórios Brasileiros' },
        cloud_table: { gcp_table_id: 'municipio', gcp_dataset_id: 'br_bd_diretorios_brasil', gcp_project_id: 'basedosdados' },
      },
    });
  });

  it('answers 404 JSON for an unknown table, and Django\'s 404 page for a path that is no lower-case UUID', async () => {
    const unknown = await rest(dl.url, `/tables/${uuidOf('table', 'nope.nope')}/columns/`);
    expect([unknown.status, unknown.json]).toEqual([404, { error: 'Table not found or has no columns' }]);
    for (const bad of ['/tables/br_ibge_pib.municipio/columns/', `/tables/${uuidOf('table', 'br_ibge_pib.municipio').toUpperCase()}/columns/`]) {
      const res = await rest(dl.url, bad);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('<title>Not Found</title>');
    }
  });
});

describe('/tables/stats/ and /export/catalog/', () => {
  it('counts the public tables, their rows and bytes', async () => {
    const { json } = await rest(dl.url, '/tables/stats/');
    const publicTables = published.flatMap((d) => d.tables.map((t) => ({ d, t })));
    let rows = 0;
    for (const { d, t } of publicTables) {
      const synthetic = /^linhas_(\d+)$/.exec(t.id);
      rows += synthetic ? Number(synthetic[1]) : Number((await dl.sql(`SELECT count(*) FROM basedosdados.${d.id}.${t.id}`))[0]![0]);
    }
    const { body } = await graphql(dl.url, '{ allTable(dataset_Slug_In: ' + JSON.stringify(published.map((d) => d.slug)) + ') { edges { node { uncompressedFileSize } } } }');
    const bytes = nodes(body.data.allTable).reduce((s: number, t: any) => s + (t.uncompressedFileSize ?? 0), 0);
    expect(json).toEqual({
      datasets_with_treated_tables: published.filter((d) => d.tables.length > 0).length,
      total_treated_tables: publicTables.length,
      // The sample's updates are all older than 30 days.
      updated_last_30_days: 0,
      total_size_bytes: bytes,
      total_rows: rows,
    });
  });

  it('exports one CSV row per public table, by dataset name, in the locale asked (pt for any other)', async () => {
    const res = await rest(dl.url, '/export/catalog/?locale=fr');
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="catalog_bd.csv"');
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe('Nome do Conjunto de Dados,Descrição do Conjunto de Dados,Nome Tabela,Descrição Tabela,Disponibilidade dos dados,Número de linhas da tabela,Cobertura temporal (anos e meses que temos dados disponíveis)');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(published.flatMap((d) => d.tables).length + 2);
    expect(lines.find((l) => l.startsWith('RAIS,'))).toMatch(/,Parcialmente ou totalmente pago,1000,2019 a 2021$/);
    expect(lines.find((l) => l.startsWith('Censo Escolar,'))).toContain('"Escolas, turmas e matrículas da educação básica. Local datalake rows are made up."');
    expect(lines.slice(1, 4).map((l) => l.split(',')[0])).toEqual(['Acessos de banda larga fixa', 'Censo Demográfico', 'Censo Escolar']);
    const en = await rest(dl.url, '/export/catalog/?locale=en');
    expect(en.text).toContain('Gross Domestic Product of municipalities,"GDP and value added by municipality.');
    expect(en.text).toContain(',Totally free,365,2023-01-01 to 2023-12-31\r\n');
  });
});

describe("Django's routing around the views", () => {
  it('redirects a backend path without its slash (APPEND_SLASH, 301, query kept)', async () => {
    for (const [path, to] of [
      ['/search?q=pib&theme=economia', '/search/?q=pib&theme=economia'],
      ['/facet_values?facet=tag_slug&q=a%20b', '/facet_values/?facet=tag_slug&q=a%20b'],
      ['/export/catalog', '/export/catalog/'],
      ['/tables/stats', '/tables/stats/'],
      [`/tables/${uuidOf('table', 'br_ibge_pib.municipio')}/columns`, `/tables/${uuidOf('table', 'br_ibge_pib.municipio')}/columns/`],
    ]) {
      const res = await rest(dl.url, path!);
      expect([res.status, res.headers.get('location'), res.text]).toEqual([301, to, '']);
    }
  });

  it('redirects /api/ and /api/v1/ to graphql (302), and gives the 404 page below backend paths', async () => {
    for (const path of ['/api/', '/api/v1/']) {
      const res = await rest(dl.url, path);
      expect([res.status, res.headers.get('location')]).toEqual([302, 'graphql']);
    }
    for (const path of ['/graphql/', '/tables/nope', '/search/more/']) {
      const res = await rest(dl.url, path);
      expect([res.status, res.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    }
  });

  it('answers other methods on the class-based views as Django does: HEAD as GET, OPTIONS, 405', async () => {
    expect((await rest(dl.url, '/search/', { method: 'HEAD' })).status).toBe(200);
    const options = await rest(dl.url, '/export/catalog/', { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([200, 'GET, HEAD, OPTIONS']);
    const post = await rest(dl.url, '/search/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect([post.status, post.headers.get('allow'), post.text]).toEqual([405, 'GET, HEAD, OPTIONS', '']);
  });

  it('counts each view in the stats under its own name', async () => {
    dl.resetStats();
    await rest(dl.url, '/search/');
    await rest(dl.url, '/tables/stats');
    await graphql(dl.url, '{ allTag { totalCount } }', { path: '/graphql' });
    expect(dl.stats().operations).toEqual({ 'backend.search': 1, 'backend.append_slash': 1, 'backend.graphql': 1 });
  });
});
