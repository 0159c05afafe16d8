// The queries the Base dos Dados website makes (basedosdados/website next/pages/api/**,
// backend-api.md section 3.2), written as it writes them: filters inlined as
// literals, name<Locale> fields, POST {query, variables: null} to
// ${NEXT_PUBLIC_API_URL}/api/v1/graphql, and its REST calls. Each answers
// without errors, with what the sample catalogue holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import type { DatasetFixture } from '../../datalake/src/data/catalogue.js';
import { catalogue, graphql, nodes, rest, uuidOf } from './backend-client.js';

let dl: Datalake;
beforeAll(async () => {
  dl = await startDatalake();
});
afterAll(async () => {
  await dl.close();
});

/** lodash's capitalize, as the website builds name${capitalize(locale)}. */
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
const fixture = (id: string): DatasetFixture => catalogue.datasets.find((d) => d.id === id)!;
const bySlug = <T extends { slug?: string; id: string }>(a: T, b: T): number => ((a.slug ?? a.id) < (b.slug ?? b.id) ? -1 : 1);

async function website(query: string): Promise<any> {
  const { status, body } = await graphql(dl.url, query);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(status).toBe(200);
  return body.data;
}

// datasets/getDataset.js
const getDataset = (id: string, locale: string): string => `
        query {
          allDataset (id: "${id}") {
            edges {
              node {
                _id
                slug
                usageGuide
                name
                name${capitalize(locale)}
                description
                description${capitalize(locale)}
                temporalCoverage
                status {
                  slug
                }
                themes {
                  edges {
                    node {
                      _id
                      name
                      name${capitalize(locale)}
                    }
                  }
                }
                tags {
                  edges {
                    node {
                      _id
                      name
                      name${capitalize(locale)}
                    }
                  }
                }
                organizations {
                  edges {
                    node {
                      _id
                      slug
                      name
                      name${capitalize(locale)}
                      website
                      picture
                    }
                  }
                }
                informationRequests {
                  edges {
                    node {
                      _id
                      number
                      order
                      status {
                        _id
                        slug
                        name
                        name${capitalize(locale)}
                      }
                    }
                  }
                }
                rawDataSources {
                  edges {
                    node {
                      _id
                      name
                      name${capitalize(locale)}
                      order
                      status {
                        _id
                        slug
                        name
                        name${capitalize(locale)}
                      }
                    }
                  }
                }
                tables {
                  edges {
                    node {
                      _id
                      name
                      name${capitalize(locale)}
                      slug
                      isClosed
                      fullTemporalCoverage
                      order
                      status {
                        _id
                        slug
                        name
                        name${capitalize(locale)}
                      }
                    }
                  }
                }
              }
            }
          }
        }
        `;

// tables/getTable.js
const getTable = (id: string, locale: string): string => `
        query {
          allTable (id: "${id}") {
            edges {
              node {
                _id
                slug
                name
                name${capitalize(locale)}
                description
                description${capitalize(locale)}
                isClosed
                dataset {
                  _id
                  slug
                  organizations {
                    edges {
                      node {
                        _id
                        slug
                        name
                        name${capitalize(locale)}
                      }
                    }
                  }
                }
                cloudTables{
                  edges{
                    node{
                      gcpTableId
                      gcpDatasetId
                      gcpProjectId
                    }
                  }
                }
                version
                status {
                  _id
                  slug
                }
                isDeprecated
                temporalCoverage
                fullTemporalCoverage
                rawDataSource {
                  edges {
                    node {
                      _id
                      name
                      name${capitalize(locale)}
                      dataset {
                        _id
                      }
                      polls {
                        edges {
                          node {
                            _id
                            latest
                          }
                        }
                      }
                      updates {
                        edges {
                          node {
                            _id
                            latest
                            frequency
                            entity {
                              _id
                              slug
                            }
                          }
                        }
                      }
                    }
                  }
                }
                updates {
                  edges {
                    node {
                      _id
                      frequency
                      lag
                      latest
                      entity {
                        _id
                        slug
                      }
                    }
                  }
                }
                isDirectory
                auxiliaryFilesUrl
                uncompressedFileSize
                numberRows
                partitions
                publishedByInfo
                dataCleanedByInfo
                observationLevels {
                  edges {
                    node {
                      _id
                      order
                      columns {
                        edges {
                          node {
                            _id
                            name
                            name${capitalize(locale)}
                          }
                        }
                      }
                      entity {
                        _id
                        name
                        name${capitalize(locale)}
                      }
                    }
                  }
                }
              }
            }
          }
        }
        `;

describe('GraphQL, as the website asks', () => {
  it('datasets/getDataset.js: a dataset by id, in English', async () => {
    const ds = fixture('br_ibge_pib');
    const data = await website(getDataset(uuidOf('dataset', ds.id), 'en'));
    const node = nodes(data.allDataset)[0];
    expect(node).toMatchObject({ _id: uuidOf('dataset', ds.id), slug: 'pib', usageGuide: '', name: ds.name, nameEn: ds.name_en, description: ds.description, temporalCoverage: '2002 - 2021', status: { slug: 'published' } });
    const expectNames = (conn: any, rows: Array<{ id: string; name: string; name_en?: string }>, model: string): void =>
      expect(nodes(conn)).toEqual(rows.map((r) => expect.objectContaining({ _id: uuidOf(model, r.id), name: r.name, nameEn: r.name_en ?? null })));
    expectNames(node.themes, ds.themes.map((t) => catalogue.themes.flatMap((x) => [x, ...(x.children ?? [])]).find((x) => x.id === t)!).sort(bySlug), 'theme');
    expectNames(node.tags, ds.tags.map((t) => catalogue.tags.find((x) => x.id === t)!).sort(bySlug), 'tag');
    const ibge = catalogue.organizations.find((o) => o.id === 'ibge')!;
    expect(nodes(node.organizations)).toEqual([{ _id: uuidOf('organization', 'ibge'), slug: 'ibge', name: ibge.name, nameEn: ibge.name_en, website: ibge.website, picture: ibge.picture }]);
    expect(nodes(node.rawDataSources)).toEqual([{ _id: uuidOf('rawdatasource', 'br_ibge_pib.sidra'), name: ds.raw_data_sources![0]!.name, nameEn: ds.raw_data_sources![0]!.name_en, order: 0, status: expect.objectContaining({ slug: 'published', nameEn: 'Published' }) }]);
    expect(nodes(node.informationRequests)).toEqual([]);
    expect(nodes(node.tables)).toEqual([
      { _id: uuidOf('table', 'br_ibge_pib.municipio'), name: 'Município', nameEn: 'Municipality', slug: 'municipio', isClosed: false, fullTemporalCoverage: [{ date: '2020', type: 'open' }, { date: '2021', type: 'open' }], order: 0, status: expect.objectContaining({ slug: 'published' }) },
    ]);
  });

  it('datasets/getListDatasets.js: every dataset with its status', async () => {
    const data = await website('\n        query {\n          allDataset {\n            edges {\n              node {\n                _id\n                status {\n                  slug\n                }\n              }\n            }\n          }\n        }\n        ');
    const all = [...catalogue.datasets, ...catalogue.datasets_without_tables!];
    expect(nodes(data.allDataset).map((n: any) => n._id).sort()).toEqual(all.map((d) => uuidOf('dataset', d.id)).sort());
    const listed = nodes(data.allDataset).filter((n: any) => n.status?.slug !== 'under_review' && n.status?.slug !== 'excluded');
    expect(listed).toHaveLength(all.filter((d) => d.status === undefined).length);
  });

  it('tables/getAllTableInDataset.js: the tables of a dataset (dataset_Id)', async () => {
    const id = uuidOf('dataset', 'br_bd_diretorios_brasil');
    const data = await website(`\n        query {\n          allTable (dataset_Id: "${id}"){\n            edges {\n              node {\n                _id\n                name\n              }\n            }\n          }\n        }\n        `);
    expect(nodes(data.allTable)).toEqual([
      { _id: uuidOf('table', 'br_bd_diretorios_brasil.municipio'), name: 'Município' },
      { _id: uuidOf('table', 'br_bd_diretorios_brasil.uf'), name: 'Unidade da Federação' },
    ]);
  });

  it('tables/getTable.js: a table by id, in Spanish', async () => {
    const data = await website(getTable(uuidOf('table', 'br_ibge_pib.municipio'), 'es'));
    const t = nodes(data.allTable)[0];
    const fixtureTable = fixture('br_ibge_pib').tables[0]!;
    expect(t).toMatchObject({
      slug: 'municipio',
      name: fixtureTable.name,
      nameEs: null,
      description: fixtureTable.description,
      isClosed: false,
      dataset: { _id: uuidOf('dataset', 'br_ibge_pib'), slug: 'pib' },
      version: null,
      status: { slug: 'published' },
      isDeprecated: false,
      temporalCoverage: { start: '2020', end: '2021' },
      isDirectory: false,
      auxiliaryFilesUrl: null,
      partitions: 'ano',
      publishedByInfo: [],
      dataCleanedByInfo: [],
    });
    expect(t.numberRows).toBe(Number((await dl.sql('SELECT count(*) FROM basedosdados.br_ibge_pib.municipio'))[0]![0]));
    expect(t.uncompressedFileSize).toBeGreaterThan(0);
    expect(nodes(t.cloudTables)).toEqual([{ gcpTableId: 'municipio', gcpDatasetId: 'br_ibge_pib', gcpProjectId: 'basedosdados' }]);
    expect(nodes(t.dataset.organizations)).toEqual([expect.objectContaining({ slug: 'ibge', nameEs: 'Instituto Brasileño de Geografía y Estadística' })]);
    const source = nodes(t.rawDataSource)[0];
    expect(source.name).toBe('Sistema IBGE de Recuperação Automática (SIDRA)');
    expect(nodes(source.polls)).toEqual([expect.objectContaining({ latest: '2024-01-02T03:00:00+00:00' })]);
    expect(nodes(source.updates)).toEqual([expect.objectContaining({ frequency: 1, entity: expect.objectContaining({ slug: 'year' }) })]);
    expect(nodes(t.updates)).toEqual([expect.objectContaining({ frequency: 1, lag: 2, latest: '2023-12-15T00:00:00+00:00', entity: expect.objectContaining({ slug: 'year' }) })]);
    const levels = nodes(t.observationLevels);
    expect(levels.map((l: any) => [l.order, l.entity.name, l.entity.nameEs, nodes(l.columns).map((c: any) => c.name)])).toEqual([
      [0, 'Município', 'Municipio', ['id_municipio']],
      [1, 'Ano', 'Año', ['ano']],
    ]);
  });

  it('tables/getDictionaryTable.js: a dataset\'s dicionario table (none here: an empty connection, no error)', async () => {
    const data = await website(`\n        query {\n          allDataset (id: "${uuidOf('dataset', 'br_tse_eleicoes')}") {\n            edges {\n              node {\n                tables (slug: "dicionario") {\n                  edges {\n                    node {\n                      _id\n                      slug\n                      uncompressedFileSize\n                      name\n                      dataset {\n                        name\n                        _id\n                      }\n                      cloudTables{\n                        edges{\n                          node{\n                            gcpTableId\n                            gcpDatasetId\n                            gcpProjectId\n                          }\n                        }\n                      }\n                    }\n                  }\n                }\n              }\n            }\n          }\n        }\n        `);
    expect(nodes(data.allDataset)[0].tables.edges).toEqual([]);
  });

  it('themes/getAllThemes.js, tags/getAllTags.js, organizations/getAllOrganizations.js: all of them', async () => {
    const themes = await website('\n        query {\n          allTheme {\n            edges {\n              node {\n                _id\n                slug\n                name\n                namePt\n              }\n            }\n          }\n        }\n        ');
    const flat = catalogue.themes.flatMap((t) => [t, ...(t.children ?? [])]).sort(bySlug);
    expect(nodes(themes.allTheme)).toEqual(flat.map((t) => ({ _id: uuidOf('theme', t.id), slug: t.id, name: t.name, namePt: t.name })));
    const tags = await website('\n        query {\n          allTag {\n            edges {\n              node {\n                _id\n                name\n              }\n            }\n          }\n        }\n        ');
    expect(nodes(tags.allTag)).toEqual([...catalogue.tags].sort(bySlug).map((t) => ({ _id: uuidOf('tag', t.id), name: t.name })));
    const orgs = await website('\n        query {\n          allOrganization {\n            edges {\n              node {\n                _id\n                name\n              }\n            }\n          }\n        }\n        ');
    expect(nodes(orgs.allOrganization)).toEqual([...catalogue.organizations].sort(bySlug).map((o) => ({ _id: uuidOf('organization', o.id), name: o.name })));
  });

  it('areas/getAreas.js, getCountries.js (administrativeLevel: A_0), getArea.js (slug)', async () => {
    const fields = '{\n            edges {\n              node {\n                _id\n                slug\n                name\n                nameEn\n              }\n            }\n          }';
    expect(nodes((await website(`query {\n allArea ${fields}\n }`)).allArea).map((a: any) => a.slug)).toEqual(['br', 'world', 'br_rj', 'br_sp']);
    expect(nodes((await website(`query {\n allArea (administrativeLevel: A_0) ${fields}\n }`)).allArea)).toEqual([{ _id: uuidOf('area', 'br'), slug: 'br', name: 'Brasil', nameEn: 'Brazil' }]);
    expect(nodes((await website(`query {\n allArea (slug: "br_sp") ${fields}\n }`)).allArea)).toEqual([{ _id: uuidOf('area', 'br_sp'), slug: 'br_sp', name: 'São Paulo', nameEn: null }]);
  });
});

describe('REST, as the website asks', () => {
  it('datasets/getSearchDatasets.js: /search/ with filters, page and locale', async () => {
    const filters = [['theme', 'economia'], ['organization', 'ibge']];
    const query = `${filters.map(([k, v]) => `${k}=${v}&`).join('')}page=1&locale=en`;
    const res = await rest(dl.url, `/search/?${query}`);
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: any) => r.slug).sort()).toEqual(['ipca', 'pib']);
    expect(res.json.results.find((r: any) => r.slug === 'pib')).toMatchObject({ id: uuidOf('dataset', 'br_ibge_pib'), name: fixture('br_ibge_pib').name_en, n_tables: 1, n_raw_data_sources: 1 });
    expect(res.json).toMatchObject({ page: 1, page_size: 10, count: 2, locale: 'en' });
  });

  it('themes/getDatasetsByThemes.js and getAllDatasets.js: /search/ by themes and everything', async () => {
    const byThemes = await rest(dl.url, `/search/?locale=pt&theme=${encodeURIComponent('saude')}`);
    expect(byThemes.json.results.map((r: any) => r.slug).sort()).toEqual(['cnes', 'sim']);
    const all = await rest(dl.url, '/search/?locale=pt');
    const published = [...catalogue.datasets, ...catalogue.datasets_without_tables!].filter((d) => d.status === undefined);
    expect(all.json.count).toBe(published.length);
  });

  it('datasets/getMoreFacetSearchDatasets.js: /facet_values/?facet=...&<the search params>', async () => {
    const res = await rest(dl.url, '/facet_values/?facet=organization_slug&q=municipio&locale=pt');
    expect(res.status).toBe(200);
    expect(res.json.facet).toBe('organization_slug');
    expect(res.json.values.find((v: any) => v.key === 'ibge')).toEqual({ key: 'ibge', count: 3, name: 'Instituto Brasileiro de Geografia e Estatística', fallback: false });
  });

  it('tables/getTableColumns.js: /tables/<uuid>/columns/', async () => {
    const res = await rest(dl.url, `/tables/${uuidOf('table', 'br_bcb_taxa_selic.dia')}/columns/`);
    expect(res.status).toBe(200);
    expect(res.json.map((c: any) => [c.order, c.name, c.bigquery_type.name])).toEqual([
      [0, 'data', 'DATE'],
      [1, 'taxa_diaria', 'NUMERIC'],
      [2, 'taxa_anual', 'FLOAT64'],
    ]);
  });

  it('tables/getTablesStats.js: /tables/stats/ with Accept: application/json', async () => {
    const res = await rest(dl.url, '/tables/stats/', { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(['datasets_with_treated_tables', 'total_treated_tables', 'updated_last_30_days', 'total_size_bytes', 'total_rows']);
  });

  it('components/molecules/Menu.js: /export/catalog/?locale=', async () => {
    const res = await rest(dl.url, '/export/catalog/?locale=es');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="catalog_bd.csv"');
    expect(res.text.split('\r\n')[0]).toBe('Nombre del Conjunto de Datos,Descripción del Conjunto de Datos,Nombre de la Tabla,Descripción de la Tabla,Disponibilidad de los datos,Número de filas de la tabla,Cobertura temporal (años y meses para los cuales hay datos disponibles)');
  });
});
