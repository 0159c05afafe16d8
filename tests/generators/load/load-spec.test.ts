import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDocumentFromString, type Document } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../../generators/src/diagnostics.js';
import { loadSpec } from '../../../generators/src/load/load-spec.js';
import { nodeAtPointer, nodeAtRef, pointerTokens, refPointer } from '../../../generators/src/load/pointer.js';
import { findRefCycles } from '../../../generators/src/load/ref-cycles.js';
import { tempDir } from '../helpers.js';

const TRICKY = resolve('tests/specs/fixtures/tricky/openapi.yaml');

async function loadError(file: string): Promise<SpecError> {
  try {
    await loadSpec(file);
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error(`${file} loaded without error`);
}

describe('loadSpec', () => {
  it('reads the root file and every file its $refs reach, root first', async () => {
    const spec = await loadSpec(TRICKY);
    expect(spec.rootFile).toBe(TRICKY);
    expect(spec.files).toEqual([
      TRICKY,
      resolve('tests/specs/fixtures/tricky/components/node.yaml'),
      resolve('tests/specs/fixtures/tricky/components/parameters.yaml'),
    ]);
    expect(spec.documents.get(spec.files[1]!)?.parsed).toMatchObject({ type: 'object', required: ['id', 'children'] });
  });

  it('reads JSON specs too', async () => {
    const dir = tempDir();
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1.0.0' }, paths: {} }));
    const spec = await loadSpec(file);
    expect((spec.document.parsed as { info: { title: string } }).info.title).toBe('t');
  });

  it('says the file is missing', async () => {
    const error = await loadError('/nonexistent/spec.yaml');
    expect(error.diagnostics).toMatchObject([{ rule: 'bdgen/file-not-found', file: '/nonexistent/spec.yaml' }]);
  });

  it('gives the line and column of a YAML syntax error', async () => {
    const dir = tempDir();
    const file = join(dir, 'spec.yaml');
    writeFileSync(file, 'openapi: 3.1.0\ninfo:\n  title: x\n   version: 1\n');
    const error = await loadError(file);
    expect(error.diagnostics).toMatchObject([{ rule: 'bdgen/yaml-syntax', file, line: 4 }]);
  });
});

describe('findRefCycles', () => {
  const doc = (parsed: unknown) => makeDocumentFromString(JSON.stringify(parsed, null, 1), '/spec.json') as Document;

  it('finds a loop of $refs that never reaches a schema, once', () => {
    const found = findRefCycles([doc({ components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } } } })]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'bdgen/ref-cycle', file: '/spec.json', pointer: '#/components/schemas/A', line: 4 });
    expect(found[0]!.message).toContain('#/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A');
  });

  it('accepts recursive schemas, whose chain ends at an object', () => {
    const found = findRefCycles([doc({ components: { schemas: { Theme: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Theme' } } } } } } })]);
    expect(found).toEqual([]);
  });
});

describe('JSON pointers', () => {
  it.each([
    { pointer: '#/paths/~1datasets/get', tokens: ['paths', '/datasets', 'get'] },
    { pointer: '#/a~0b/c%20d', tokens: ['a~b', 'c%20d'] },
    { pointer: '#/~01', tokens: ['~1'] },
    { pointer: '#/a//b', tokens: ['a', '', 'b'] },
    { pointer: '#/', tokens: [''] },
    { pointer: '#', tokens: [] },
    { pointer: '', tokens: [] },
    { pointer: '#name', tokens: undefined },
  ])('$pointer', ({ pointer, tokens }) => {
    expect(pointerTokens(pointer)).toEqual(tokens);
  });
  it('finds nodes and answers undefined for missing paths', () => {
    const root = { paths: { '/datasets': { get: { operationId: 'x' } } }, list: [1, 2] };
    expect(nodeAtPointer(root, '#/paths/~1datasets/get/operationId')).toBe('x');
    expect(nodeAtPointer(root, '#/list/1')).toBe(2);
    expect(nodeAtPointer(root, '#/paths/nope/get')).toBeUndefined();
  });
  it.each([
    { pointer: '#/constructor', want: undefined },
    { pointer: '#/o/hasOwnProperty', want: 1 },
    { pointer: '#/o/toString', want: undefined },
    { pointer: '#/list/length', want: undefined },
    { pointer: '#/list/01', want: undefined },
    { pointer: '#/o/', want: 'empty' },
    { pointer: '#/o/100%', want: 'percent' },
  ])('reads only what the document holds: $pointer', ({ pointer, want }) => {
    const root = { o: { hasOwnProperty: 1, '': 'empty', '100%': 'percent' }, list: [1, 2] };
    expect(nodeAtPointer(root, pointer)).toBe(want);
  });
});

describe('$ref fragments (RFC 3986, then RFC 6901)', () => {
  it.each([
    { ref: '#/components/schemas/A%20B', want: { pointer: '#/components/schemas/A B' } },
    { ref: '#/a%2Fb', want: { pointer: '#/a/b' } },
    { ref: '#/a~1b', want: { pointer: '#/a~1b' } },
    { ref: 'other.yaml#/x/%25', want: { pointer: '#/x/%' } },
    { ref: 'other.yaml', want: { pointer: '#' } },
    { ref: '#', want: { pointer: '#' } },
    { ref: '#/', want: { pointer: '#/' } },
    { ref: '#/%C3%A9', want: { pointer: '#/é' } },
    { ref: '#/é', want: { pointer: '#/é' } },
  ])('$ref -> $want.pointer', ({ ref, want }) => {
    expect(refPointer(ref)).toEqual(want);
  });
  it.each([
    { ref: '#/components/schemas/%zz', problem: '"%zz" is not a percent escape' },
    { ref: '#/100%', problem: '"%" is not a percent escape' },
    { ref: '#/%C3', problem: 'not UTF-8' },
    { ref: '#/%FF', problem: 'not UTF-8' },
  ])('$ref is refused: $problem', ({ ref, problem }) => {
    const reading = refPointer(ref);
    expect('problem' in reading && reading.problem).toContain(problem);
  });
  it('finds a local $ref\'s node through its decoded fragment', () => {
    const root = { components: { schemas: { 'A B': { type: 'integer' }, '': { type: 'boolean' } } } };
    expect(nodeAtRef(root, '#/components/schemas/A%20B')).toEqual({ type: 'integer' });
    expect(nodeAtRef(root, '#/components/schemas/')).toEqual({ type: 'boolean' });
    expect(nodeAtRef(root, '#/components/schemas/%zz')).toBeUndefined();
  });
});
