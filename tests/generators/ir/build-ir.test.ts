import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIR, buildIRFromDocument } from '../../../generators/src/ir/build-ir.js';
import type { IR, IRType } from '../../../generators/src/ir/types.js';
import { loadSpec } from '../../../generators/src/load/load-spec.js';

let datalake: IR;
let tricky: IR;

beforeAll(async () => {
  datalake = (await buildIR(await loadSpec(resolve('spec/datalake.yaml')))).ir;
  tricky = (await buildIR(await loadSpec(resolve('tests/specs/fixtures/tricky/openapi.yaml')))).ir;
});

describe('operations of the bundled spec', () => {
  it('groups operations by tag and names methods by x-bd-method; an operation tagged with its own name is top-level', () => {
    const shape = datalake.operations.map((o) => `${o.group?.name ?? '(client)'}.${o.method.join('_')}`);
    expect(shape).toEqual([
      '(client).search', 'facets.values', 'tables.columns_by_uuid', 'tables.stats', 'datasets.export_catalog',
      'datasets.list', 'datasets.get', 'tables.list', 'tables.get', 'tables.columns',
      'organizations.list', 'themes.list', 'tags.list',
    ]);
    expect(datalake.groups.map((g) => g.name)).toEqual(['datasets', 'tables', 'organizations', 'themes', 'tags', 'facets']);
  });

  it('orders path parameters as in the path, then query parameters, with value rules through $refs', () => {
    const columns = datalake.operations.find((o) => o.id === 'listTableColumns')!;
    expect(columns.params.map((p) => `${p.in}:${p.name}`)).toEqual(['path:dataset_id', 'path:table_id', 'query:page', 'query:page_size', 'query:locale']);
    expect(columns.params[0]!.rules).toEqual({ kind: 'string', nullable: false, pattern: '^[a-z0-9_]+$', minLength: 1, maxLength: 128 });
    expect(columns.params[0]).toMatchObject({ style: 'simple', explode: false });
    expect(columns.params[3]).toMatchObject({ required: false, default: 10, style: 'form', explode: true, rules: { kind: 'integer', minimum: 1, maximum: 1500 } });
    const search = datalake.operations.find((o) => o.id === 'search')!;
    expect(search.params.find((p) => p.name === 'theme')).toMatchObject({ in: 'query', style: 'form', explode: true, rules: { kind: 'array', maxItems: 20, items: { kind: 'string', pattern: '^[a-z0-9_-]+$' } } });
  });

  it('says what each call returns and which error kinds it raises', () => {
    const getTable = datalake.operations.find((o) => o.id === 'getTable')!;
    expect(getTable.success).toEqual({ status: '200', kind: 'json', type: { kind: 'ref', name: 'Table', words: ['table'] } });
    expect(getTable.raises).toEqual(['validation', 'not_found', 'rate_limited', 'server', 'connection', 'redirect', 'timeout']);
    expect(datalake.operations.find((o) => o.id === 'exportCatalog')!.success).toEqual({ status: '200', kind: 'text', type: { kind: 'string' } });
    expect(getTable.body).toBeNull();
    expect(getTable.responses.map((r) => r.status)).toEqual(['200', '400', '404', '429', '500', '503']);
  });

  it('detects paged operations from x-bd-pagination and their item type', () => {
    const paged = datalake.operations.filter((o) => o.pagination).map((o) => [o.id, (o.pagination!.item as { name: string }).name, o.pagination!.items, o.pagination!.pageTotal]);
    expect(paged).toEqual([
      ['search', 'SearchResult', 'results', null],
      ['listDatasets', 'Dataset', 'items', 'page_total'], ['listDatasetTables', 'Table', 'items', 'page_total'], ['listTableColumns', 'Column', 'items', 'page_total'],
      ['listOrganizations', 'Organization', 'items', 'page_total'], ['listThemes', 'Theme', 'items', 'page_total'], ['listTags', 'Tag', 'items', 'page_total'],
    ]);
    expect(datalake.operations.find((o) => o.id === 'getTable')!.pagination).toBeNull();
  });

  it('makes the functions of x-bd-graphql operations that send a fixed document', () => {
    const getDataset = datalake.operations.find((o) => o.id === 'getDataset')!;
    expect(getDataset).toMatchObject({ httpMethod: 'POST', path: '/api/v1/graphql', group: { name: 'datasets' }, method: ['get'], pointer: '#/x-bd-graphql/operations/getDataset' });
    expect(getDataset.params.map((p) => `${p.in}:${p.name}`)).toEqual(['path:dataset_id', 'query:locale']);
    expect(getDataset.graphql).toMatchObject({
      operationName: 'getDataset',
      variables: [{ variable: 'datasetId', param: 'dataset_id' }],
      result: ['allCloudtable', 'edges', 0, 'node', 'table', 'dataset'],
      exists: null,
      connection: null,
      pluck: [{ field: 'dataset_id', path: ['bigquery', 0, 'cloud_tables', 0, 'gcp_dataset_id'] }, { field: 'status', path: ['status', 'slug'] }],
      locale: { param: 'locale', locales: ['pt', 'en', 'es'] },
    });
    expect(getDataset.graphql!.query).toMatch(/^query getDataset\(\$datasetId: String!\)/);
    const tables = datalake.operations.find((o) => o.id === 'listDatasetTables')!;
    expect(tables.graphql).toMatchObject({ exists: ['known', 'totalCount'], result: ['allTable'], connection: { first: 'first', offset: 'offset', defaultPageSize: 10 } });
    expect(datalake.operations.find((o) => o.id === 'search')!.graphql).toBeNull();
  });

  it('keeps the documented error statuses', () => {
    expect(datalake.operations.find((o) => o.id === 'getTable')!.errorStatuses).toEqual([400, 404, 429, 500, 503]);
  });
});

describe('extensions of the bundled spec', () => {
  it('reads the retry policy, pagination, errors, environments and packages', () => {
    expect(datalake.retry).toMatchObject({ maxAttempts: 4, statuses: [408, 429, 500, 502, 503, 504], retryAfter: true, maxDelayMs: 8000 });
    expect(datalake.pagination).toEqual({ pageParam: 'page', pageSizeParam: 'page_size', items: 'items', pageTotal: 'page_total', count: 'count' });
    expect(datalake.errors.map((e) => e.kind)).toEqual(['validation', 'not_found', 'access_denied', 'invalid_query', 'rate_limited', 'server', 'connection', 'redirect', 'timeout', 'billing_project', 'cancelled', 'filesystem']);
    expect(datalake.errors.find((e) => e.kind === 'rate_limited')!.words).toEqual(['rate', 'limit']);
    expect(datalake.environments.map((e) => [e.name, e.project, e.isDefault, e.apiUrl])).toEqual([
      ['prod', 'basedosdados', true, 'https://backend.basedosdados.org'],
      ['staging', 'basedosdados-staging', false, 'https://staging.backend.basedosdados.org'],
      ['dev', 'basedosdados-dev', false, 'https://development.backend.basedosdados.org'],
    ]);
    expect(datalake.servers.map((s) => s.url)).toEqual([
      'https://backend.basedosdados.org', 'https://staging.backend.basedosdados.org', 'https://development.backend.basedosdados.org', 'http://127.0.0.1:8787',
    ]);
    expect(datalake.packages).toEqual({
      titleWords: ['base', 'dos', 'dados', 'datalake'],
      typescript: { name: '@basedosdados/sdk', client: 'BaseDosDadosClient' },
      python: { name: 'basedosdados-sdk', importName: 'basedosdados_sdk' },
      r: { name: 'basedosdadosSDK' },
      stata: { name: 'bdsdk' },
    });
    expect(datalake.info.version).toBe('0.2.0');
    expect(datalake.version).toEqual({ raw: '0.2.0', major: 0, minor: 2, patch: 0, prerelease: [], semver: true });
  });

  it('reads the data functions with their parameters as JSON Schema', () => {
    expect(datalake.data.functions.map((f) => [f.name, f.returns])).toEqual([
      ['read_sql', 'rows'], ['read_table', 'rows'], ['download', 'file'], ['estimate_query', 'estimate'],
    ]);
    const readTable = datalake.data.functions.find((f) => f.name === 'read_table')!;
    expect(readTable.params.map((p) => [p.name, p.required])).toEqual([
      ['dataset_id', true], ['table_id', true], ['billing_project_id', false], ['environment', false], ['limit', false], ['columns', false], ['page_size', false],
    ]);
    expect(readTable.params.find((p) => p.name === 'columns')!.rules).toEqual({
      kind: 'array', nullable: false, minItems: 1, uniqueItems: true, items: { kind: 'string', nullable: false, pattern: '^[a-z0-9_]+$', minLength: 1, maxLength: 128 },
    });
    expect(readTable.raises).toEqual(['validation', 'not_found', 'access_denied', 'invalid_query', 'rate_limited', 'server', 'connection', 'redirect', 'timeout', 'billing_project']);
    expect(datalake.data.onDemandUsdPerTib).toBe(6.25);
  });
});

describe('schemas', () => {
  const property = (ir: IR, schema: string, name: string): IRType => {
    const type = ir.schemas.find((s) => s.name === schema)!.type;
    if (type.kind !== 'object') throw new Error(`${schema} is ${type.kind}`);
    return type.properties.find((p) => p.name === name)!.type;
  };

  it('marks recursive schemas and keeps their self-reference', () => {
    expect(datalake.schemas.filter((s) => s.recursive)).toEqual([]);
    expect(tricky.schemas.filter((s) => s.recursive).map((s) => s.name)).toEqual(['Node']);
  });

  it('merges allOf objects (the page envelope plus its items)', () => {
    const page = datalake.schemas.find((s) => s.name === 'DatasetPage')!.type;
    expect(page.kind === 'object' && page.properties.map((p) => `${p.name}${p.required ? '' : '?'}`)).toEqual(['page', 'page_size', 'count', 'page_total', 'items']);
  });

  it('reads 3.1 type arrays and oneOf with null as nullable', () => {
    expect(property(datalake, 'Organization', 'website')).toEqual({ kind: 'union', variants: [{ kind: 'string' }, { kind: 'null' }] });
    expect(property(datalake, 'Table', 'temporal_coverage')).toEqual({ kind: 'union', variants: [{ kind: 'ref', name: 'Coverage', words: ['coverage'] }, { kind: 'null' }] });
  });

  it('keeps the author\'s names for schemas bundled from other files', () => {
    expect(tricky.schemas.map((s) => s.name).sort()).toEqual(['Node', 'NodePage', 'PageMeta']);
    expect(tricky.schemas.find((s) => s.name === 'Node')!.recursive).toBe(true);
    expect(tricky.operations[1]!.pagination?.item).toEqual({ kind: 'ref', name: 'Node', words: ['node'] });
  });

  it('reads OpenAPI 3.0 nullable and enums', () => {
    const { ir } = buildIRFromDocument({
      openapi: '3.0.3',
      components: { schemas: { A: { type: 'object', properties: { s: { type: 'string', nullable: true, enum: ['x', 'y'] } } } } },
    });
    expect(ir.schemas[0]!.type).toMatchObject({ properties: [{ type: { kind: 'union', variants: [{ kind: 'string', enum: ['x', 'y'] }, { kind: 'null' }] } }] });
  });

  it('reports allOf of a scalar and an object, which no value can match', () => {
    const { diagnostics } = buildIRFromDocument({ openapi: '3.1.0', components: { schemas: { M: { allOf: [{ type: 'string' }, { type: 'object' }] } } } });
    expect(diagnostics).toMatchObject([{ severity: 'error', rule: 'bdgen/unsupported-construct', pointer: '#/components/schemas/M/allOf/0' }]);
  });

  it('reads allOf that only annotates one schema as that schema', () => {
    const { ir, diagnostics } = buildIRFromDocument({
      openapi: '3.1.0',
      components: { schemas: { Id: { type: 'integer' }, M: { allOf: [{ $ref: '#/components/schemas/Id' }], description: 'an id' }, N: { allOf: [{ type: 'string' }, { description: 'x', nullable: true }] } } },
    });
    expect(diagnostics).toEqual([]);
    expect(ir.schemas[1]!.type).toEqual({ kind: 'ref', name: 'Id', words: ['id'] });
    expect(ir.schemas[2]!.type).toEqual({ kind: 'union', variants: [{ kind: 'string' }, { kind: 'null' }] });
  });
});

describe('defaults for optional extensions', () => {
  it('uses the default retry policy, pagination and error kinds when a spec leaves them out', () => {
    const { ir } = buildIRFromDocument({ openapi: '3.1.0', info: { title: 't', version: '1.0.0' }, paths: {} });
    expect(ir.retry.maxAttempts).toBe(3);
    expect(ir.pagination.pageParam).toBe('page');
    expect(ir.errors.map((e) => e.kind)).toContain('not_found');
    expect(ir.data.functions).toEqual([]);
  });
});
