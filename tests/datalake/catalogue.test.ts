// One catalogue behind every face: each table of the sample catalogue is the
// same in the replica's GraphQL and REST views, in BigQuery's tables.get and in
// DuckDB. And only the backend's paths are the catalogue: the invented API the
// spec once had (/datasets, /organizations, ...) is gone, as on the real backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { catalogue, graphql, nodes, rest, uuidOf } from './backend-client.js';
import { rest as bigquery } from './helpers.js';

let dl: Datalake;
beforeAll(async () => {
  dl = await startDatalake();
});
afterAll(async () => {
  await dl.close();
});

/** DuckDB's type of each BigQuery type the catalogue uses. */
const DUCKDB_TYPE: Record<string, string> = {
  INT64: 'BIGINT',
  FLOAT64: 'DOUBLE',
  NUMERIC: 'DECIMAL(38,9)',
  BOOL: 'BOOLEAN',
  STRING: 'VARCHAR',
  DATE: 'DATE',
  DATETIME: 'TIMESTAMP',
  TIMESTAMP: 'TIMESTAMP WITH TIME ZONE',
  GEOGRAPHY: 'GEOMETRY',
};
/** BigQuery REST's names of the same types (tables.get's schema). */
const REST_TYPE: Record<string, string> = { INT64: 'INTEGER', FLOAT64: 'FLOAT', BOOL: 'BOOLEAN' };

const CLOUD_TABLE = `query cloudTable($d: String, $t: String) {
  allCloudtable(gcpDatasetId: $d, gcpTableId: $t) { edges { node { table { _id numberRows columns { totalCount } } } } }
}`;

describe('one catalogue on every face', () => {
  const tables = catalogue.datasets.flatMap((d) => d.tables.map((t) => [`${d.id}.${t.id}`, d.id, t.id] as const));

  it('lists every table of the sample catalogue', () => {
    expect(tables.length).toBeGreaterThanOrEqual(15);
  });

  it.each(tables)('describes %s alike in GraphQL, /tables/<uuid>/columns/, tables.get and DuckDB (columns, types, rows)', async (_name, dataset, table) => {
    // tables.get first: it creates a synthetic table's view, as a query would.
    const got = await bigquery(dl.url, 'GET', `/projects/basedosdados/datasets/${dataset}/tables/${table}`);
    expect(got.status).toBe(200);
    const duck = (await dl.sql(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = 'basedosdados' AND table_schema = '${dataset}' AND table_name = '${table}' ORDER BY ordinal_position`,
    )) as string[][];
    const [[rows]] = (await dl.sql(`SELECT count(*) FROM basedosdados."${dataset}"."${table}"`)) as [[bigint]];

    const answer = await graphql(dl.url, CLOUD_TABLE, { variables: { d: dataset, t: table } });
    expect(answer.body.errors).toBeUndefined();
    const [cloud] = nodes(answer.body.data.allCloudtable);
    expect(cloud.table._id).toBe(uuidOf('table', `${dataset}.${table}`));
    expect(cloud.table.numberRows).toBe(Number(rows));
    expect(cloud.table.columns.totalCount).toBe(duck.length);

    const columns = await rest(dl.url, `/tables/${cloud.table._id}/columns/`);
    expect(columns.status).toBe(200);
    const restColumns = columns.json.map((c: { name: string; bigquery_type: { name: string } }) => [c.name, c.bigquery_type.name]);
    expect(restColumns.map(([name, type]: string[]) => `${name} ${DUCKDB_TYPE[type!]}`)).toEqual(duck.map(([name, type]) => `${name} ${type}`));
    expect(got.json.schema.fields.map((f: { name: string; type: string }) => [f.name, f.type])).toEqual(
      restColumns.map(([name, type]: string[]) => [name, REST_TYPE[type!] ?? type]),
    );
    expect(got.json.numRows).toBe(String(rows));
  });
});

describe('the paths the datalake serves', () => {
  it("answers the invented catalogue paths with Django's 404 page, as the real backend does", async () => {
    dl.resetStats();
    const invented = ['/datasets', '/datasets/br_ibge_pib', '/datasets/br_ibge_pib/tables', '/datasets/br_ibge_pib/tables/municipio/columns', '/organizations', '/themes', '/tags'];
    for (const path of invented) {
      const res = await rest(dl.url, `${path}?page_size=1`);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 404, 'text/html; charset=utf-8']);
      expect(res.text).toContain('<h1>Not Found</h1>');
    }
    expect(dl.stats().requests.metadata).toBe(invented.length);
    expect(dl.stats().operations).toEqual({ 'backend.not_found': invented.length });
  });

  it("redirects /search to the backend's /search/ (APPEND_SLASH), whose page is the backend's", async () => {
    const moved = await rest(dl.url, '/search?q=pib');
    expect([moved.status, moved.headers.get('location')]).toEqual([301, '/search/?q=pib']);
    const page = (await rest(dl.url, '/search/?q=pib')).json;
    expect(Object.keys(page)).toEqual(['page', 'page_size', 'count', 'results', 'aggregations', 'locale']);
  });
});
