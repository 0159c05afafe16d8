// The replica's GraphQL endpoint over loopback: the HTTP view (GET and POST on
// both paths, status codes, browsers), ids, filters, ordering and translations.
// Paging is in graphql-paging.test.ts, the website's own queries in
// graphql-website.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { catalogue, graphql, nodes, rest, uuidOf } from './backend-client.js';

let dl: Datalake;
beforeAll(async () => {
  dl = await startDatalake();
});
afterAll(async () => {
  await dl.close();
});

/** A document for a GET query string, parsed first like every document these tests send. */
const q = (doc: string): string => {
  parse(doc);
  return encodeURIComponent(doc);
};
const allSlugs = [...catalogue.datasets, ...catalogue.datasets_without_tables!].map((d) => d.slug!).sort();
const PIB = uuidOf('dataset', 'br_ibge_pib');

describe('the HTTP view', () => {
  const query = '{ allTheme(slug: "economia") { edges { node { slug } } } }';
  const answer = { data: { allTheme: { edges: [{ node: { slug: 'economia' } }] } } };

  it('answers POST JSON and GET ?query= on /graphql and /api/v1/graphql alike', async () => {
    for (const path of ['/graphql', '/api/v1/graphql']) {
      expect((await graphql(dl.url, query, { path })).body).toEqual(answer);
      const get = await rest(dl.url, `${path}?query=${q(query)}`, { headers: { Accept: 'application/json' } });
      expect(get.status).toBe(200);
      expect(get.headers.get('content-type')).toBe('application/json');
      expect(get.json).toEqual(answer);
    }
  });

  it('takes variables and operationName from the query string', async () => {
    const doc = 'query A($s: String) { allTheme(slug: $s) { totalCount } } query B { allTag { totalCount } }';
    const get = await rest(dl.url, `/graphql?query=${q(doc)}&variables=${encodeURIComponent('{"s": "saude"}')}&operationName=A`);
    expect(get.json).toEqual({ data: { allTheme: { totalCount: 1 } } });
  });

  it('writes JSON as Python does: compact, non-ASCII escaped', async () => {
    const get = await rest(dl.url, `/graphql?query=${q('{ allTheme(slug: "saude") { edges { node { name } } } }')}`);
    expect(get.text).toBe('{"data":{"allTheme":{"edges":[{"node":{"name":"Sa\\u00fade"}}]}}}');
  });

  it('gives a browser (text/html ranked over JSON) a page, and JSON to ?raw or Accept: application/json', async () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const page = await rest(dl.url, `/graphql?query=${q(query)}`, { headers: { Accept: browser } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<html');
    expect((await rest(dl.url, `/graphql?raw&query=${q(query)}`, { headers: { Accept: browser } })).json).toEqual(answer);
    expect((await rest(dl.url, `/graphql?query=${q(query)}`, { headers: { Accept: 'application/json;q=1, text/html;q=0.5' } })).json).toEqual(answer);
  });

  it('answers 400 with only errors to a syntax error, an unknown field or argument, and bad variables', async () => {
    const syntax = await rest(dl.url, '/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ allTheme {' }) });
    expect(syntax.status).toBe(400);
    expect(syntax.json.data).toBeUndefined();
    expect(syntax.json.errors[0].message).toBe("Syntax Error: Expected Name, found <EOF>.");

    const field = await graphql(dl.url, '{ allTheme { edges { node { nome } } } }');
    expect(field.status).toBe(400);
    expect(field.body).toEqual({ errors: [{ message: "Cannot query field 'nome' on type 'ThemeNode'. Did you mean 'name'?", locations: [{ line: 1, column: 29 }] }] });

    const arg = await graphql(dl.url, '{ allTable(dataset_id: "x") { totalCount } }');
    expect(arg.status).toBe(400);
    expect(arg.body.errors[0].message).toMatch(/^Unknown argument 'dataset_id' on field 'Query.allTable'. Did you mean 'dataset_Id'/);

    const variables = await graphql(dl.url, 'query ($n: Int!) { allTheme(first: $n) { totalCount } }', { variables: { n: 'many' } });
    expect(variables.status).toBe(400);
    expect(variables.body.errors[0].message).toBe("Variable '$n' got invalid value 'many'; Int cannot represent non-integer value: 'many'");
  });

  it("answers graphene-django's own errors: no query, bad JSON, bad variables JSON, other methods, mutations", async () => {
    const post = (body: string): Promise<{ status: number; json: any; headers: Headers }> =>
      rest(dl.url, '/api/v1/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(await post('{}').then((r) => [r.status, r.json])).toEqual([400, { errors: [{ message: 'Must provide query string.' }] }]);
    expect(await post('{"query": ').then((r) => [r.status, r.json])).toEqual([400, { errors: [{ message: 'POST body sent invalid JSON.' }] }]);
    expect(await post('[1]').then((r) => [r.status, r.json])).toEqual([400, { errors: [{ message: 'The received data is not a valid JSON query.' }] }]);
    const badVariables = await rest(dl.url, `/graphql?query=${q(query)}&variables=%7Bx`);
    expect([badVariables.status, badVariables.json]).toEqual([400, { errors: [{ message: 'Variables are invalid JSON.' }] }]);
    const put = await rest(dl.url, '/graphql', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect([put.status, put.headers.get('allow'), put.json]).toEqual([405, 'GET, POST', { errors: [{ message: 'GraphQL only supports GET and POST requests.' }] }]);
    const mutation = 'mutation { deleteDataset(id: "x") { ok } }';
    const getMutation = await rest(dl.url, `/graphql?query=${q(mutation)}`);
    expect([getMutation.status, getMutation.headers.get('allow'), getMutation.json.errors[0].message]).toEqual([405, 'POST', 'Can only perform a mutation operation from a POST request.']);
    const postMutation = await post(JSON.stringify({ query: mutation }));
    expect(postMutation.status).toBe(400);
    expect(postMutation.json.data).toBeUndefined();
  });
});

describe('nodes and ids', () => {
  it('writes id as "<Type>Node:<uuid>" and _id as the UUID', async () => {
    const { body } = await graphql(dl.url, `{ allDataset(id: "${PIB}") { edges { node { id _id slug fullSlug } } } }`);
    expect(nodes(body.data.allDataset)).toEqual([{ id: `DatasetNode:${PIB}`, _id: PIB, slug: 'pib', fullSlug: 'br_pib' }]);
  });

  it('answers a bad id filter with the form error as a resolver error: HTTP 200, errors and data', async () => {
    const { status, body } = await graphql(dl.url, '{ allDataset(id: "br_ibge_pib") { totalCount } }');
    expect(status).toBe(200);
    expect(body).toEqual({
      errors: [{ message: `['{"id": [{"message": "Enter a valid UUID.", "code": "invalid"}]}']`, locations: [{ line: 1, column: 3 }], path: ['allDataset'] }],
      data: { allDataset: null },
    });
  });

  it('finds <Model>Node(id:) by base64 global id, as graphene 3.2 reads it, and refuses the plain form', async () => {
    const global = Buffer.from(`DatasetNode:${PIB}`).toString('base64');
    const found = await graphql(dl.url, `{ DatasetNode(id: "${global}") { slug } }`);
    expect(found.body).toEqual({ data: { DatasetNode: { slug: 'pib' } } });
    const plain = await graphql(dl.url, `{ DatasetNode(id: "DatasetNode:${PIB}") { slug } }`);
    expect(plain.status).toBe(200);
    expect(plain.body.errors[0].message).toMatch(/^Unable to parse global ID "DatasetNode:/);
    const other = await graphql(dl.url, `{ DatasetNode(id: "${Buffer.from(`TableNode:${PIB}`).toString('base64')}") { slug } }`);
    expect(other.body.errors[0].message).toBe('Must receive a DatasetNode id.');
  });

  it('lists datasets under review (the website filters status itself) and datasets with no table', async () => {
    const { body } = await graphql(dl.url, '{ allDataset { totalCount edges { node { slug status { slug } tables { totalCount } } } } }');
    const all = nodes(body.data.allDataset);
    expect(all.map((d: any) => d.slug)).toEqual(allSlugs);
    expect(all.find((d: any) => d.slug === 'sintetico').status.slug).toBe('under_review');
    expect(all.find((d: any) => d.slug === 'cnes').tables.totalCount).toBe(0);
  });

  it('answers a property Python cannot encode (a UUID in GenericScalar) with the 500 page, by reading graphene-django', async () => {
    const res = await rest(dl.url, `/graphql?query=${q(`{ allDataset(id: "${PIB}") { edges { node { firstTableId } } } }`)}`);
    expect(res.status).toBe(500);
    expect(res.text).toContain('Erro de servidor');
  });
});

describe('filters', () => {
  const slugs = async (q: string): Promise<string[]> => {
    const { status, body } = await graphql(dl.url, q);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(status).toBe(200);
    const root = Object.values(body.data)[0] as any;
    return nodes(root).map((n: any) => n.slug ?? n.name ?? n.gcpTableId);
  };

  it('filters by exact, in, isnull, icontains (case, not accents), istartswith, iendswith', async () => {
    expect(await slugs('{ allDataset(slug: "pib") { edges { node { slug } } } }')).toEqual(['pib']);
    expect(await slugs('{ allDataset(slug_In: ["pib", "rais", "nada"]) { edges { node { slug } } } }')).toEqual(['pib', 'rais']);
    expect(await slugs('{ allDataset(name_Icontains: "POPULAÇÃO") { edges { node { slug } } } }')).toEqual(['populacao']);
    expect(await slugs('{ allDataset(name_Icontains: "populacao") { edges { node { slug } } } }')).toEqual([]);
    expect(await slugs('{ allTheme(slug_Istartswith: "ELEI") { edges { node { slug } } } }')).toEqual(['eleicoes']);
    expect(await slugs('{ allTag(slug_Iendswith: "cao") { edges { node { slug } } } }')).toEqual(['inflacao', 'populacao']);
    expect(await slugs('{ allOrganization(description_Isnull: false) { edges { node { slug } } } }')).toEqual(['bd', 'tse']);
  });

  it('filters translated copies: nameEn, namePt', async () => {
    expect(await slugs('{ allDataset(nameEn_Icontains: "census") { edges { node { slug } } } }')).toEqual(['censo_demografico', 'censo_escolar']);
    expect(await slugs('{ allDataset(namePt: "Taxa Selic") { edges { node { slug } } } }')).toEqual(['taxa_selic']);
  });

  it('filters through relations: dataset_Id, dataset_Slug, organizations_Id, themes_Id, tags_Id, cloud tables, gcp ids', async () => {
    expect(await slugs(`{ allTable(dataset_Id: "${PIB}") { edges { node { slug } } } }`)).toEqual(['municipio']);
    expect(await slugs('{ allTable(dataset_Slug: "diretorios_brasil") { edges { node { slug } } } }')).toEqual(['municipio', 'uf']);
    expect(await slugs(`{ allDataset(organizations_Id: "${uuidOf('organization', 'ibge')}") { edges { node { slug } } } }`)).toEqual(['censo_demografico', 'ipca', 'pib', 'populacao']);
    expect(await slugs(`{ allDataset(themes_Id: "${uuidOf('theme', 'financas')}") { edges { node { slug } } } }`)).toEqual(['taxa_selic']);
    expect(await slugs(`{ allDataset(tags_Id: "${uuidOf('tag', 'censo')}") { edges { node { slug } } } }`)).toEqual(['censo_demografico', 'censo_escolar']);
    expect(await slugs('{ allTable(cloudTables_GcpDatasetId: "br_ibge_pib", cloudTables_GcpTableId: "municipio") { edges { node { slug } } } }')).toEqual(['municipio']);
    expect(await slugs('{ allCloudtable(gcpDatasetId: "br_bd_diretorios_brasil") { edges { node { gcpTableId } } } }')).toHaveLength(2);
    expect(await slugs(`{ allColumn(table_Id: "${uuidOf('table', 'br_bcb_taxa_selic.dia')}") { edges { node { name } } } }`)).toEqual(['data', 'taxa_anual', 'taxa_diaria']);
  });

  it('returns a row once per matching related row across a many-to-many filter, as Django without distinct()', async () => {
    const both = `["${uuidOf('theme', 'economia')}", "${uuidOf('theme', 'financas')}"]`;
    expect(await slugs(`{ allDataset(themes_Id_In: ${both}) { edges { node { slug } } } }`)).toEqual(['ipca', 'pib', 'rais', 'taxa_selic', 'taxa_selic']);
  });

  it('compares numbers and dates: gt, lte, range; a naive datetime is São Paulo time', async () => {
    expect(await slugs('{ allTable(numberRows_Gte: 800, numberRows_Lte: 1000) { edges { node { slug } } } }')).toEqual(['escola', 'linhas_1000', 'microdados_vinculos']);
    // br_ibge_censo_demografico was created 2023-07-01T12:00:00Z, which is 09:00 in São Paulo.
    expect(await slugs('{ allDataset(createdAt_Gte: "2023-07-01T09:00:00") { edges { node { slug } } } }')).toEqual(['censo_demografico', 'cnes', 'sintetico', 'tipos']);
    expect(await slugs('{ allDataset(createdAt_Gte: "2023-07-01T09:00:01") { edges { node { slug } } } }')).toEqual(['cnes', 'sintetico', 'tipos']);
    expect(await slugs('{ allDataset(createdAt_Range: ["2024-01-01T00:00:00Z", "2024-12-31T00:00:00Z"]) { edges { node { slug } } } }')).toEqual(['cnes', 'sintetico', 'tipos']);
    const oneValue = await graphql(dl.url, '{ allDataset(createdAt_Range: ["2024-01-01T00:00:00Z"]) { totalCount } }');
    expect(oneValue.body.errors[0].message).toBe(`['{"created_at__range": [{"message": "Invalid range specified: it needs to contain 2 values.", "code": "invalid"}]}']`);
  });

  it('filters by a choices enum (administrativeLevel: A_0) and serializes it as the enum name', async () => {
    const { body } = await graphql(dl.url, '{ allArea(administrativeLevel: A_0) { edges { node { slug administrativeLevel parent { slug } } } } }');
    expect(nodes(body.data.allArea)).toEqual([{ slug: 'br', administrativeLevel: 'A_0', parent: { slug: 'world' } }]);
  });

  it('ignores empty values, as django-filter does', async () => {
    expect(await slugs('{ allDataset(slug: "", id_In: []) { edges { node { slug } } } }')).toEqual(allSlugs);
  });

  it('filters nested connections with the related model\'s filters', async () => {
    const { body } = await graphql(dl.url, '{ allDataset(slug: "diretorios_brasil") { edges { node { tables(slug: "uf") { edges { node { slug columns(name_Istartswith: "id") { edges { node { name } } } } } } } } } }');
    const table = nodes(nodes(body.data.allDataset)[0].tables)[0];
    expect(table.slug).toBe('uf');
    expect(nodes(table.columns)).toEqual([{ name: 'id_uf' }]);
  });
});

describe('ordering and translations', () => {
  it('orders columns by name, tables and organizations by slug, observation levels by order', async () => {
    const { body } = await graphql(dl.url, `{ allTable(dataset_Id: "${PIB}") { edges { node { columns { edges { node { name order } } } observationLevels { edges { node { order entity { slug } } } } dataset { organizations { edges { node { slug } } } } } } } }`);
    const table = nodes(body.data.allTable)[0];
    const names = nodes(table.columns).map((c: any) => c.name);
    expect(names).toEqual([...names].sort());
    const fixture = catalogue.datasets.find((d) => d.id === 'br_ibge_pib')!.tables[0]!;
    expect(nodes(table.columns).find((c: any) => c.name === 'pib').order).toBe((fixture.columns as Array<{ name: string }>).findIndex((c) => c.name === 'pib'));
    expect(nodes(table.observationLevels)).toEqual([{ order: 0, entity: { slug: 'municipality' } }, { order: 1, entity: { slug: 'year' } }]);
  });

  it('gives name in Portuguese and the translated copies, null where there is none (modeltranslation falls back to pt)', async () => {
    const { body } = await graphql(dl.url, '{ allOrganization(slug_In: ["ibge", "inep"]) { edges { node { slug name namePt nameEn nameEs picture website } } } }');
    expect(nodes(body.data.allOrganization)).toEqual([
      {
        slug: 'ibge',
        name: 'Instituto Brasileiro de Geografia e Estatística',
        namePt: 'Instituto Brasileiro de Geografia e Estatística',
        nameEn: 'Brazilian Institute of Geography and Statistics',
        nameEs: 'Instituto Brasileño de Geografía y Estadística',
        picture: 'https://storage.googleapis.com/basedosdados-website/organization/picture/ibge.png',
        website: 'https://www.ibge.gov.br',
      },
      {
        slug: 'inep',
        name: 'Instituto Nacional de Estudos e Pesquisas Educacionais Anísio Teixeira',
        namePt: 'Instituto Nacional de Estudos e Pesquisas Educacionais Anísio Teixeira',
        nameEn: null,
        nameEs: null,
        picture: '',
        website: 'https://www.gov.br/inep',
      },
    ]);
  });

  it('serves the coverage properties: dataset temporalCoverage text, a table\'s open and closed steps, spatial names per language', async () => {
    const { body } = await graphql(dl.url, `{ allTable(cloudTables_GcpDatasetId: "br_me_rais") { edges { node { temporalCoverage fullTemporalCoverage spatialCoverage spatialCoverageNameEn partitions gbqSlug isClosed dataset { temporalCoverage } } } } }`);
    expect(nodes(body.data.allTable)[0]).toEqual({
      temporalCoverage: { start: '2019', end: '2021' },
      fullTemporalCoverage: [
        { date: '2019', type: 'open' },
        { date: '2021', type: 'open' },
        { date: '2021', type: 'closed' },
      ],
      spatialCoverage: ['br'],
      spatialCoverageNameEn: ['Brazil'],
      partitions: 'ano, sigla_uf',
      gbqSlug: 'basedosdados.br_me_rais.microdados_vinculos',
      isClosed: true,
      dataset: { temporalCoverage: '2019 - 2021' },
    });
  });
});
