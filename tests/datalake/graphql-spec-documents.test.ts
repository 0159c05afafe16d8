// The spec's GraphQL documents (x-bd-graphql) against the replica's schema
// (datalake/src/graphql/schema.graphql, checked against the running server by
// graphql-schema.test.ts): every field and argument they use exists there, and
// each answers without errors on the sample catalogue.
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSpec } from '../../generators/src/compile.js';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';

const schema = buildSchema(readFileSync('datalake/src/graphql/schema.graphql', 'utf8'));
const { ir } = await compileSpec('spec/datalake.yaml');
const functions = ir.operations.filter((o) => o.graphql !== null);

let dl: Datalake;
beforeAll(async () => {
  dl = await startDatalake();
});
afterAll(async () => {
  await dl.close();
});

/** Variables for a first page of br_ibge_pib.municipio. */
const SAMPLE: Record<string, unknown> = { dataset_id: 'br_ibge_pib', table_id: 'municipio', q: null };

describe('the documents of x-bd-graphql', () => {
  it('are the eight catalogue functions the backend answers by GraphQL', () => {
    expect(functions.map((f) => f.id)).toEqual(['listDatasets', 'getDataset', 'listDatasetTables', 'getTable', 'listTableColumns', 'listOrganizations', 'listThemes', 'listTags']);
  });

  it.each(functions.map((f) => [f.id, f] as const))('%s is valid against the backend replica\'s schema and answers without errors', async (_id, f) => {
    expect(validate(schema, parse(f.graphql!.query)).map((e) => e.message)).toEqual([]);
    const variables: Record<string, unknown> = Object.fromEntries(f.graphql!.variables.map((v) => [v.variable, SAMPLE[v.param] ?? null]));
    if (f.graphql!.connection) Object.assign(variables, { [f.graphql!.connection.first]: 2, [f.graphql!.connection.offset]: 0 });
    const res = await fetch(`${dl.url}/api/v1/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: f.graphql!.query, variables, operationName: f.graphql!.operationName }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(res.status).toBe(200);
    expect(body.errors).toBeUndefined();
    let at: unknown = body.data;
    for (const step of f.graphql!.result) at = (at as Record<string | number, unknown> | undefined)?.[step];
    expect(at, `the result path of ${f.id}`).toBeTruthy();
  });
});
