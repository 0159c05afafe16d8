/**
 * What the TypeScript emitter hands the runtime and the reader for the real
 * backend: each GraphQL function's `graphql` record and each paged
 * operation's page fields (spec.ts), environments with their catalogue
 * (spec.ts, the client's `environment` option, the package README), and the
 * same views for a spec without any of it.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import { compileSpec } from '../../../../generators/src/generate.js';
import type { IR } from '../../../../generators/src/ir/types.js';
import { planNames, type TsNames } from '../../../../generators/src/languages/ts/names.js';
import { clientView } from '../../../../generators/src/languages/ts/views/client.js';
import { readmeView } from '../../../../generators/src/languages/ts/views/package.js';
import { environmentRecord, operationRecord, specView } from '../../../../generators/src/languages/ts/views/spec.js';

let ours: { ir: IR; names: TsNames };
let tricky: { ir: IR; names: TsNames };

beforeAll(async () => {
  const load = async (path: string) => {
    const { ir } = await compileSpec(path);
    return { ir, names: planNames(ir) };
  };
  [ours, tricky] = await Promise.all([load('spec/datalake.yaml'), load('tests/specs/fixtures/tricky/openapi.yaml')]);
});

const record = (id: string) => operationRecord(ours.ir.operations.find((op) => op.id === id)!, ours.names);

describe('operation records (spec.ts)', () => {
  it('a GraphQL function carries its document and how the answer becomes the result', () => {
    const op = ours.ir.operations.find((o) => o.id === 'listDatasetTables')!;
    expect(record('listDatasetTables')).toMatchObject({
      method: 'POST',
      path: '/api/v1/graphql',
      paginated: true,
      pagination: { items: 'items', pageTotal: 'page_total' },
      graphql: {
        query: op.graphql!.query,
        operationName: 'listDatasetTables',
        variables: [{ variable: 'datasetId', param: 'dataset_id' }],
        result: ['allTable'],
        exists: ['known', 'totalCount'],
        connection: { first: 'first', offset: 'offset', defaultPageSize: 10 },
        pluck: [
          { field: 'dataset_id', path: ['cloud_tables', 0, 'gcp_dataset_id'] },
          { field: 'table_id', path: ['cloud_tables', 0, 'gcp_table_id'] },
        ],
        locale: { param: 'locale', locales: ['pt', 'en', 'es'] },
      },
    });
    expect(record('getTable').graphql).toMatchObject({ result: ['allCloudtable', 'edges', 0, 'node', 'table'], exists: null, connection: null });
  });

  it('search pages its results and has no page_total; REST views have no graphql record', () => {
    expect(record('search')).toMatchObject({ path: '/search/', paginated: true, pagination: { items: 'results', pageTotal: null } });
    expect(record('search')).not.toHaveProperty('graphql');
    expect(record('exportCatalog')).toMatchObject({ response: 'text', paginated: false });
    expect(record('exportCatalog')).not.toHaveProperty('pagination');
  });

  it('environments carry their catalogue, null when the spec names none', () => {
    expect(ours.ir.environments.map(environmentRecord)).toEqual([
      { name: 'prod', project: 'basedosdados', isDefault: true, datasetSuffix: '', apiUrl: 'https://backend.basedosdados.org' },
      { name: 'staging', project: 'basedosdados-staging', isDefault: false, datasetSuffix: '_staging', apiUrl: 'https://staging.backend.basedosdados.org' },
      { name: 'dev', project: 'basedosdados-dev', isDefault: false, datasetSuffix: '', apiUrl: 'https://development.backend.basedosdados.org' },
    ]);
    expect(environmentRecord({ ...ours.ir.environments[0]!, apiUrl: '' }).apiUrl).toBeNull();
    expect(specView(tricky.ir, tricky.names).environments).toBe('[]');
  });
});

describe('the environment option and the README', () => {
  it('documents each environment\'s catalogue on the client option', () => {
    const view = clientView(ours.ir, ours.names) as { environments: boolean; environmentDoc: string; validationError: string };
    expect(view.environments).toBe(true);
    expect(view.environmentDoc).toContain('`BASEDOSDADOS_ENVIRONMENT`, else `prod`');
    expect(view.environmentDoc).toContain('- `staging`: https://staging.backend.basedosdados.org');
    expect(view.validationError).toBe('{@link ValidationError}');
    expect(clientView(tricky.ir, tricky.names)).toMatchObject({ environments: false });
  });

  it('the README lists which API each environment calls and how to call the local datalake', () => {
    expect(readmeView(ours.ir, ours.names)).toMatchObject({
      environments: [
        { name: 'prod', isDefault: ' (default)', apiUrl: 'https://backend.basedosdados.org' },
        { name: 'staging', isDefault: '', apiUrl: 'https://staging.backend.basedosdados.org' },
        { name: 'dev', isDefault: '', apiUrl: 'https://development.backend.basedosdados.org' },
      ],
      defaultEnvironment: 'prod',
      localServer: 'http://127.0.0.1:8787',
      graphql: true,
    });
    const bare = readmeView(tricky.ir, tricky.names);
    expect(bare).toMatchObject({ environments: false, graphql: false });
    expect(bare.servers.length).toBeGreaterThan(0);
  });
});
