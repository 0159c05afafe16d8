/**
 * The language-neutral facts the IR computes once for every emitter: methods,
 * parameter locations and styles, value rules through `$ref`s, bodies per
 * media type, responses, derived names, grouping, raises, versions, aliases.
 */
import { describe, expect, it } from 'vitest';
import { buildIRFromDocument, selfReaching } from '../../../generators/src/ir/build-ir.js';
import type { IROperation } from '../../../generators/src/ir/types.js';

const spec = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  buildIRFromDocument({ openapi: '3.1.0', info: { title: 'Weather API', version: '1.0.0' }, paths, ...extra });

const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } };
const one = (paths: Record<string, unknown>, extra?: Record<string, unknown>): IROperation => spec(paths, extra).ir.operations[0]!;

describe('operations', () => {
  it('keeps every HTTP method, HEAD, OPTIONS and TRACE included', () => {
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
    const { ir } = spec({ '/x': Object.fromEntries(methods.map((m) => [m, { operationId: `${m}X`, responses: ok }])) });
    expect(ir.operations.map((o) => o.httpMethod)).toEqual(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);
  });

  it.each([
    ['get-stations', ['get', 'stations']],
    ['repos/get', ['repos', 'get']],
    ['GetV1StationsByID', ['get', 'v1', 'stations', 'by', 'id']],
    ['list_stations', ['list', 'stations']],
  ])('splits the operationId %s into words', (id, words) => {
    expect(one({ '/s': { get: { operationId: id, responses: ok } } }).words).toEqual(words);
  });

  it('names an operation without operationId after its method and path, with a warning', () => {
    const { ir, diagnostics } = spec({ '/stations/{id}/readings': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } } });
    expect(ir.operations[0]!.id).toBe('get_stations_by_id_readings');
    expect(diagnostics).toMatchObject([{ severity: 'warning', rule: 'bdgen/operation-id-derived', pointer: '#/paths/~1stations~1{id}~1readings/get' }]);
  });

  it('groups by tag, dropping the tag\'s words from the method name when the operationId starts with them', () => {
    const { ir } = spec({
      '/repos': { get: { operationId: 'repos/list-for-org', tags: ['repos'], responses: ok } },
      '/search': { get: { operationId: 'search', tags: ['search'], responses: ok } },
      '/pets': { get: { operationId: 'listPets', tags: ['pets'], responses: ok } },
      '/x': { get: { operationId: 'untagged', responses: ok } },
    });
    expect(ir.operations.map((o) => `${o.group?.name ?? '-'}.${o.method.join('_')}`)).toEqual(['repos.list_for_org', '-.search', 'pets.list_pets', '-.untagged']);
  });

  it('keeps deprecation', () => {
    expect(one({ '/x': { get: { operationId: 'x', deprecated: true, responses: ok } } }).deprecated).toBe(true);
  });
});

describe('parameters', () => {
  const params = (list: unknown[], components: Record<string, unknown> = {}) =>
    one({ '/x/{id}': { get: { operationId: 'x', parameters: list, responses: ok } } }, { components }).params;

  it('has a location and the serialisation style OpenAPI 3.1 gives each location by default', () => {
    const got = params([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
      { name: 'X-Api-Version', in: 'header', schema: { type: 'string' } },
      { name: 'session', in: 'cookie', schema: { type: 'string' } },
      { name: 'filter', in: 'query', style: 'deepObject', explode: true, schema: { type: 'object' } },
      { name: 'ids', in: 'query', explode: false, schema: { type: 'array', items: { type: 'integer' } } },
    ]);
    expect(got.map((p) => [p.in, p.name, p.style, p.explode])).toEqual([
      ['path', 'id', 'simple', false], ['query', 'tags', 'form', true], ['query', 'filter', 'deepObject', true],
      ['query', 'ids', 'form', false], ['header', 'X-Api-Version', 'simple', false], ['cookie', 'session', 'form', true],
    ]);
    expect(got[4]!.words).toEqual(['x', 'api', 'version']);
  });

  it('checks a query parameter whose schema is a $ref to an integer as an integer, with the target\'s rules', () => {
    const [, limit] = params(
      [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { $ref: '#/components/schemas/Limit' } }],
      { schemas: { Limit: { type: 'integer', minimum: 1, maximum: 50 } } },
    );
    expect(limit!.rules).toEqual({ kind: 'integer', nullable: false, minimum: 1, maximum: 50 });
  });

  it('reads 3.0 exclusive bounds, nullable and enums into the rules', () => {
    const [, q] = params([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'q', in: 'query', schema: { type: 'number', minimum: 0, exclusiveMinimum: true, nullable: true, enum: [1, 2.5] } },
    ]);
    expect(q!.rules).toEqual({ kind: 'number', nullable: true, exclusiveMinimum: 0, enum: [1, 2.5] });
  });

  it('leaves out the headers the runtime owns, with a warning', () => {
    const { ir, diagnostics } = spec({ '/x': { get: { operationId: 'x', parameters: [{ name: 'Accept', in: 'header', schema: { type: 'string' } }], responses: ok } } });
    expect(ir.operations[0]!.params).toEqual([]);
    expect(diagnostics).toMatchObject([{ severity: 'warning', rule: 'bdgen/runtime-header' }]);
  });
});

describe('bodies and responses', () => {
  const withBody = (content: Record<string, unknown>, responses: Record<string, unknown> = ok) =>
    one({ '/x': { post: { operationId: 'x', requestBody: { required: true, content }, responses } } });

  it.each([
    ['application/json', 'json'], ['application/vnd.github+json', 'json'], ['application/x-www-form-urlencoded', 'form'],
    ['multipart/form-data', 'multipart'], ['application/octet-stream', 'binary'], ['image/png', 'binary'],
    ['text/plain', 'text'], ['application/xml', 'text'], ['*/*', 'binary'],
  ])('sends a %s body as %s', (type, kind) => {
    expect(withBody({ [type]: { schema: { type: 'object' } } }).body!.media[0]!.kind).toBe(kind);
  });

  it('keeps every media type in order, the multipart fields that are files, and the example', () => {
    const body = withBody({
      'multipart/form-data': {
        schema: { type: 'object', properties: { name: { type: 'string' }, photo: { type: 'string', format: 'binary' }, more: { type: 'array', items: { type: 'string', contentMediaType: 'image/png' } } } },
        example: { name: 'a' },
      },
      'application/json': { schema: { type: 'object' } },
    }).body!;
    expect(body.required).toBe(true);
    expect(body.media.map((m) => [m.type, m.kind, m.fileFields])).toEqual([['multipart/form-data', 'multipart', ['photo', 'more']], ['application/json', 'json', []]]);
    expect(body.media[0]!.example).toEqual({ name: 'a' });
  });

  it.each([
    [{ '200': { description: 'a file', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } } }, 'binary'],
    [{ '200': { description: 'csv', content: { 'text/csv': { schema: { type: 'string' } } } } }, 'text'],
    [{ '204': { description: 'nothing' } }, 'empty'],
    [{ '201': { description: 'made', content: { 'application/xml': {}, 'application/json': { schema: { type: 'object' } } } } }, 'json'],
    [{ default: { description: 'anything', content: { 'application/json': { schema: { type: 'string' } } } } }, 'json'],
  ])('returns %j as %s', (responses, kind) => {
    expect(withBody({ 'application/json': { schema: { type: 'object' } } }, responses).success.kind).toBe(kind);
  });
});

describe('graphs, versions, packages and aliases', () => {
  it('finds the schemas that reach themselves in one pass', () => {
    const edges = new Map([['a', new Set(['b'])], ['b', new Set(['a'])], ['c', new Set(['c'])], ['d', new Set(['a'])], ['e', new Set<string>()]]);
    expect([...selfReaching(edges)].sort()).toEqual(['a', 'b', 'c']);
  });

  it.each([
    ['1.2.3', { major: 1, minor: 2, patch: 3, prerelease: [], semver: true }],
    ['2.0.0-rc.1', { major: 2, minor: 0, patch: 0, prerelease: ['rc', '1'], semver: true }],
    ['v3', { major: 3, minor: 0, patch: 0, prerelease: [], semver: false }],
    ['2022-11-28', { major: 2022, minor: 11, patch: 28, prerelease: [], semver: false }],
  ])('parses the version %s', (raw, want) => {
    const { ir, diagnostics } = buildIRFromDocument({ openapi: '3.1.0', info: { title: 't', version: raw }, paths: {} });
    expect(ir.version).toEqual({ raw, ...want });
    expect(diagnostics.some((d) => d.rule === 'bdgen/version-not-semver')).toBe(!want.semver);
  });

  it('derives package names from the title when x-bd-packages is absent', () => {
    expect(spec({}).ir.packages).toEqual({ titleWords: ['weather', 'api'] });
  });

  it('resolves alias targets by words, marks old names that are the target\'s own, and refuses one that calls nothing', () => {
    const { ir, diagnostics } = spec(
      { '/datasets': { get: { operationId: 'listDatasets', parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }], responses: ok } } },
      {
        'x-bd-aliases': {
          python: [
            { name: 'get_datasets', target: 'list_datasets', parameters: [{ name: 'dataset_name', to: 'q' }, { name: 'verbose', ignored: 'printed nothing useful' }], returns: 'legacy_page' },
            { name: 'list_datasets', target: 'listDatasets', parameters: [{ name: 'query', to: 'q' }] },
            { name: 'nothing', target: 'no_such_thing' },
            { name: 'bad_param', target: 'list_datasets', parameters: [{ name: 'x', to: 'nope' }] },
          ],
        },
      },
    );
    expect(ir.aliases.python!.map((a) => [a.name, a.target.id, a.sameName, a.returns])).toEqual([
      ['get_datasets', 'listDatasets', false, 'legacy_page'], ['list_datasets', 'listDatasets', true, 'same'], ['bad_param', 'listDatasets', false, 'same'],
    ]);
    expect(ir.aliases.python![0]!.params[1]).toEqual({ name: 'verbose', words: ['verbose'], ignored: 'printed nothing useful' });
    expect(diagnostics.map((d) => [d.rule, d.pointer])).toEqual([
      ['bdgen/alias-target', '#/x-bd-aliases/python/2/target'], ['bdgen/alias-target', '#/x-bd-aliases/python/3/parameters/0/to'],
    ]);
  });
});
