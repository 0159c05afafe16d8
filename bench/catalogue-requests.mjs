/**
 * The catalogue requests the packages make, for the benches: the spec's own
 * GraphQL documents (`x-bd-graphql`, with variables and paging as
 * docs/architecture.md says) and the backend's REST views, sent to the local
 * datalake's replica of the backend.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const spec = parse(readFileSync(new URL('../spec/datalake.yaml', import.meta.url), 'utf8'));
const graphql = spec['x-bd-graphql'];

/** The JSON body a package POSTs for the GraphQL function `name` with these arguments (wire names). */
export function graphqlBody(name, args = {}) {
  const op = graphql.operations[name];
  if (!op) throw new Error(`spec/datalake.yaml has no x-bd-graphql operation ${name}`);
  const variables = Object.fromEntries(Object.entries(op.variables ?? {}).map(([variable, param]) => [variable, args[param] ?? null]));
  if (op.connection) {
    const pageSize = args.page_size ?? 10;
    variables[op.connection.first] = pageSize;
    variables[op.connection.offset] = ((args.page ?? 1) - 1) * pageSize;
  }
  return { query: op.query, variables, operationName: /\bquery\s+(\w+)/.exec(op.query)[1] };
}

/** A GraphQL request of the function `name`: [label, method, path, body]. */
export const graphqlRequest = (name, args) => [name, 'POST', graphql.path, graphqlBody(name, args)];

const CLOUD_TABLES = '{ allCloudtable { edges { node { gcpDatasetId gcpTableId table { _id } } } } }';

/** Every BigQuery table of the catalogue, `{dataset, table, uuid}`, asked of the replica through `postJson(path, body)`. */
export async function catalogueTables(postJson) {
  const answer = await postJson(graphql.path, { query: CLOUD_TABLES });
  if (!answer?.data) throw new Error(`allCloudtable: ${JSON.stringify(answer).slice(0, 200)}`);
  return answer.data.allCloudtable.edges.map(({ node }) => ({ dataset: node.gcpDatasetId, table: node.gcpTableId, uuid: node.table._id }));
}

/** One catalogue request of a package, picked by `rand()` in [0, 1), about one of `tables`. */
export function pickCatalogueRequest(rand, tables) {
  const { dataset, table, uuid } = tables[Math.floor(rand() * tables.length)];
  const q = ['populacao', 'pib', 'municipio', 'sao paulo'][Math.floor(rand() * 4)];
  const requests = [
    () => graphqlRequest('listDatasets', { page: 1 + Math.floor(rand() * 3), page_size: 5 }),
    () => graphqlRequest('getDataset', { dataset_id: dataset }),
    () => graphqlRequest('listDatasetTables', { dataset_id: dataset }),
    () => graphqlRequest('getTable', { dataset_id: dataset, table_id: table }),
    () => graphqlRequest('listTableColumns', { dataset_id: dataset, table_id: table, page_size: 50 }),
    () => graphqlRequest(['listOrganizations', 'listThemes', 'listTags'][Math.floor(rand() * 3)], {}),
    () => ['search', 'GET', `/search/?q=${encodeURIComponent(q)}&page_size=5`],
    () => ['facet_values', 'GET', '/facet_values/?facet=theme_slug'],
    () => ['table columns', 'GET', `/tables/${uuid}/columns/`],
    () => ['table stats', 'GET', '/tables/stats/'],
  ];
  return requests[Math.floor(rand() * requests.length)]();
}
