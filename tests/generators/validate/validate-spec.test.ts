import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../../generators/src/load/load-spec.js';
import { checkExtensions } from '../../../generators/src/validate/extensions.js';
import { validateSpec } from '../../../generators/src/validate/validate-spec.js';

describe('the bundled spec', () => {
  it('passes the OpenAPI validator and every lint rule under --strict, warnings included', async () => {
    const diagnostics = await validateSpec(await loadSpec(resolve('spec/datalake.yaml')), { strict: true });
    expect(diagnostics).toEqual([]);
  });
});

describe('checkExtensions', () => {
  const base = {
    info: { version: '1.0.0' },
    'x-bd-packages': { typescript: { name: 'a' }, python: { name: 'a', import: 'a' }, r: { name: 'ab' }, stata: { name: 'a' } },
  };
  const cases: { name: string; given: Record<string, unknown>; want: { path: (string | number)[]; message: RegExp }[] }[] = [
    { name: 'a valid minimal spec', given: base, want: [] },
    { name: 'no extension at all (every one is optional)', given: { info: { version: '1.0.0' } }, want: [] },
    { name: 'a client class that is not a class name', given: { ...base, 'x-bd-packages': { typescript: { name: 'a', client: 'my client' } } }, want: [{ path: ['x-bd-packages', 'typescript', 'client'], message: /pattern/ }] },
    {
      name: 'an alias with an unknown effect and result shape',
      given: { ...base, 'x-bd-aliases': { python: [{ name: 'old', target: 'new', parameters: [{ name: 'x', effect: 'teleport' }], returns: 'tuple' }] } },
      want: [{ path: ['x-bd-aliases', 'python', 0, 'parameters', 0, 'effect'], message: /allowed values/ }, { path: ['x-bd-aliases', 'python', 0, 'returns'], message: /allowed values/ }],
    },
    { name: 'an unknown extension', given: { ...base, 'x-bd-retries': {} }, want: [{ path: ['x-bd-retries'], message: /unknown extension/ }] },
    { name: 'an R package name with an underscore', given: { ...base, 'x-bd-packages': { ...base['x-bd-packages'], r: { name: 'bd_sdk' } } }, want: [{ path: ['x-bd-packages', 'r', 'name'], message: /pattern/ }] },
    {
      name: 'two default environments',
      given: { ...base, 'x-bd-environments': [{ name: 'a', project: 'project-a', default: true }, { name: 'b', project: 'project-b', default: true }] },
      want: [{ path: ['x-bd-environments'], message: /exactly one environment/ }],
    },
    {
      name: 'a retry status that is not an error',
      given: { ...base, 'x-bd-retry': { max_attempts: 3, statuses: [200], initial_delay_ms: 1, multiplier: 2, max_delay_ms: 10 } },
      want: [{ path: ['x-bd-retry', 'statuses', 0], message: />= 400/ }],
    },
    {
      name: 'a data function returning something unknown',
      given: { ...base, 'x-bd-data': { functions: { read_sql: { summary: 's', returns: 'bytes', parameters: { type: 'object', properties: {} } } } } },
      want: [{ path: ['x-bd-data', 'functions', 'read_sql', 'returns'], message: /allowed values/ }],
    },
  ];
  it.each(cases)('$name', ({ given, want }) => {
    const problems = checkExtensions(given);
    expect(problems).toHaveLength(want.length);
    want.forEach((w, i) => {
      expect(problems[i]!.path).toEqual(w.path);
      expect(problems[i]!.message).toMatch(w.message);
    });
  });
});

describe('discriminator.mapping by schema name', () => {
  const spec = (mapping: Record<string, string>) => ({
    openapi: '3.0.3',
    info: { title: 'Pets', version: '1.0.0' },
    paths: {
      '/pets': {
        post: {
          operationId: 'addPet',
          requestBody: { content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind', mapping } } } } },
          responses: { '204': { description: 'added' } },
        },
      },
    },
    components: { schemas: { Cat: { type: 'object', properties: { kind: { type: 'string' } } }, Dog: { type: 'object', properties: { kind: { type: 'string' } } } } },
  });
  const unresolved = async (mapping: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'bdgen-mapping-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(spec(mapping)));
    const diagnostics = await validateSpec(await loadSpec(join(dir, 'openapi.json')));
    rmSync(dir, { recursive: true, force: true });
    return diagnostics.filter((d) => d.rule === 'no-unresolved-refs').map((d) => d.pointer);
  };

  it.each([
    // given mapping -> want unresolved pointers
    [{ cat: 'Cat', 'a dog': 'Dog' }, []],
    [{ cat: '#/components/schemas/Cat' }, []],
    [{ cat: 'Cow' }, ['#/paths/~1pets/post/requestBody/content/application~1json/schema/discriminator/mapping/cat']],
  ])('%j', async (mapping, want) => {
    expect(await unresolved(mapping)).toEqual(want);
  });
});
