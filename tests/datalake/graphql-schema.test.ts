// The replica's GraphQL schema as the running server reports it by
// introspection equals the SDL committed in datalake/src/graphql/schema.graphql;
// after a change to the model table or the generator, rewrite it with
//   node --import tsx datalake/src/graphql/print-schema.ts --write
import { readFileSync } from 'node:fs';
import { buildClientSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { SCHEMA_SDL_PATH, schemaSdl } from '../../datalake/src/graphql/print-schema.js';
import { graphql } from './backend-client.js';

let dl: Datalake;
beforeAll(async () => {
  dl = await startDatalake();
});
afterAll(async () => {
  await dl.close();
});

describe('the committed SDL', () => {
  it('is what the running server answers to an introspection query, on both paths', async () => {
    const committed = readFileSync(SCHEMA_SDL_PATH, 'utf8');
    for (const path of ['/graphql', '/api/v1/graphql']) {
      const { status, body } = await graphql(dl.url, getIntrospectionQuery(), { path });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(`${printSchema(buildClientSchema(body.data as IntrospectionQuery))}\n`).toBe(committed);
    }
  });

  it('is what the print script writes', () => {
    expect(schemaSdl()).toBe(readFileSync(SCHEMA_SDL_PATH, 'utf8'));
  });

  it('has the backend root fields, graphene-cased, for every model of the table', () => {
    const sdl = readFileSync(SCHEMA_SDL_PATH, 'utf8');
    for (const field of ['allDataset', 'allTable', 'allColumn', 'allCloudtable', 'allOrganization', 'allTheme', 'allTag', 'allArea', 'allBigquerytype', 'allRawdatasource', 'allInformationrequest', 'allDatetimerange', 'allObservationlevel', 'allEntitycategory']) {
      expect(sdl).toMatch(new RegExp(`\\n  ${field}\\(offset: Int, before: String, after: String, first: Int, last: Int, id: ID, id_Isnull: Boolean, id_In: \\[ID\\]`));
    }
    expect(sdl).toMatch(/\n {2}DatasetNode\(id: ID!\): DatasetNode\n/);
    expect(sdl).not.toMatch(/type Mutation/);
  });
});
