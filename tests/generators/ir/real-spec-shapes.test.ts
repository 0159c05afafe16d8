/**
 * Shapes the corpus of real specs showed (npm run corpus), each reduced to
 * the few lines that made bdgen refuse a valid spec or emit wrong code.
 */
import { describe, expect, it } from 'vitest';
import { buildIRFromDocument } from '../../../generators/src/ir/build-ir.js';
import { isPyFieldName } from '../../../generators/src/languages/python/naming.js';

const ok = { 200: { description: 'ok' } };
const spec = (paths: Record<string, unknown>, schemas: Record<string, unknown> = {}) => ({
  openapi: '3.1.0',
  info: { title: 'Shapes', version: '1.0.0' },
  paths,
  components: { schemas },
});

describe('allOf of scalars (ReadMe\'s slug: a string and a non-empty string)', () => {
  it('is the one kind they share, with only the enum values every member allows', () => {
    const { ir, diagnostics } = buildIRFromDocument(spec({}, {
      Slug: { allOf: [{ type: 'string' }, { type: 'string', minLength: 1 }], description: 'A slug.' },
      Kind: { allOf: [{ type: 'string', enum: ['a', 'b', 'c'] }, { type: 'string', enum: ['b', 'c', 'd'], format: 'kind' }] },
      Count: { allOf: [{ type: 'number' }, { type: 'integer', minimum: 0 }] },
    }));
    expect(diagnostics).toEqual([]);
    expect(Object.fromEntries(ir.schemas.map((s) => [s.name, s.type]))).toEqual({
      Slug: { kind: 'string' },
      Kind: { kind: 'string', enum: ['b', 'c'], format: 'kind' },
      Count: { kind: 'integer' },
    });
  });
  it('of different kinds can hold no value: an error at the member that differs', () => {
    const { diagnostics } = buildIRFromDocument(spec({}, { Bad: { allOf: [{ type: 'string' }, { type: 'boolean' }] } }));
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', rule: 'bdgen/unsupported-construct', pointer: '#/components/schemas/Bad/allOf/1' })]);
  });
});

describe('an operation named like its tag', () => {
  it('is top-level when it is the tag\'s only operation, and stays in the group beside others (ReadMe\'s applyToReadMe)', () => {
    const { ir } = buildIRFromDocument(spec({
      '/apply': {
        get: { operationId: 'getOpenRoles', tags: ['Apply to ReadMe'], responses: ok },
        post: { operationId: 'applyToReadMe', tags: ['Apply to ReadMe'], responses: ok },
      },
      '/search': { get: { operationId: 'search', tags: ['search'], responses: ok } },
    }));
    expect(ir.operations.map((o) => `${o.group?.name ?? '(client)'}.${o.method.join('_')}`)).toEqual([
      'Apply to ReadMe.get_open_roles', 'Apply to ReadMe.apply_to_read_me', '(client).search',
    ]);
  });
});

describe('response schema pointers', () => {
  it('name the schema in its media type, so a diagnostic there has a line', () => {
    const { diagnostics } = buildIRFromDocument(spec({
      '/x': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: { allOf: [{ type: 'string' }, { type: 'object', properties: {} }] } } } } } } },
    }));
    expect(diagnostics.map((d) => d.pointer)).toContain('#/paths/~1x/get/responses/200/content/application~1json/schema/allOf/0');
  });
});

describe('isPyFieldName (TypedDict class syntax)', () => {
  it.each([
    ['ændret', true], ['etrs89koordinat_øst', true], ['_private', true], ['name', true],
    ['class', false], ['two words', false], ['1st', false], ['x-y', false], ['ﬁle', false],
  ])('%s -> %s', (name, want) => {
    expect(isPyFieldName(name)).toBe(want);
  });
});
