/**
 * The pure parts of `npm run corpus`: what it counts must be right for the
 * equality it asserts (operations of the raw spec = generated functions) to
 * mean anything.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { countOperations, countTsMethods, formatTable, parseWarningSummary } from '../../scripts/corpus-lib.mjs';
import { warningSummary } from '../../generators/src/cli.js';
import manifest from './specs.json' with { type: 'json' };

describe('countOperations', () => {
  it('counts every method of every path item, HEAD, OPTIONS and TRACE included, and nothing else', () => {
    const doc = {
      paths: {
        '/a': { get: {}, head: {}, options: {}, trace: {}, parameters: [], summary: 'not an operation', 'x-get': {} },
        '/b': { put: {}, post: {}, delete: {}, patch: {} },
        '/c': {},
      },
    };
    expect(countOperations(doc)).toBe(8);
  });
  it('follows a path item that is an internal $ref, and refuses one to another file', () => {
    const doc = { paths: { '/a': { $ref: '#/components/pathItems/A' } }, components: { pathItems: { A: { get: {}, post: {} } } } };
    expect(countOperations(doc)).toBe(2);
    expect(() => countOperations({ paths: { '/a': { $ref: 'other.yaml#/A' } } })).toThrow(/another file/);
  });
  it('is 0 for a spec without paths (webhooks only)', () => {
    expect(countOperations({ webhooks: { x: { post: {} } } })).toBe(0);
  });
});

describe('parseWarningSummary', () => {
  it('reads back what bdgen prints, by rule', () => {
    const diagnostics = [
      ...Array.from({ length: 1200 }, () => ({ severity: 'warning' as const, rule: 'no-invalid-media-type-examples', message: '' })),
      { severity: 'warning' as const, rule: 'struct', message: '' },
      { severity: 'warning' as const, rule: 'bdgen/name-renamed', message: '' },
    ];
    const line = `bdgen: 40 file(s) written, 0 unchanged, in 9 ms (3 operations, 0 data functions, 1 schemas; ${warningSummary(diagnostics)}).`;
    expect(parseWarningSummary(line)).toEqual({ total: 1202, byRule: [['no-invalid-media-type-examples', 1200], ['bdgen/name-renamed', 1], ['struct', 1]] });
  });
  it('reads "no warnings", and throws when there is no summary at all', () => {
    expect(parseWarningSummary('bdgen: ... (3 operations; no warnings).')).toEqual({ total: 0, byRule: [] });
    expect(() => parseWarningSummary('bdgen: 1 error(s); nothing was written.')).toThrow(/no warning summary/);
  });
});

describe('countTsMethods', () => {
  it('counts the methods of every class, not constructors, properties or functions outside classes', () => {
    const source = [
      'export class A { constructor(private readonly http: unknown) {} list(): void {} get(id: string): void {} }',
      'export class Client { readonly a = 1; search(): void {} }',
      'export function notAMethod(): void {}',
      'export interface I { method(): void }',
    ].join('\n');
    expect(countTsMethods(ts, 'client.ts', source)).toBe(3);
  });
});

describe('formatTable', () => {
  it('pads columns and right-aligns numbers', () => {
    const table = formatTable([{ key: 'id', title: 'spec' }, { key: 'n', title: 'n', align: 'right' }], [{ id: 'github', n: 1223 }, { id: 'a', n: 7 }]);
    expect(table.split('\n')).toEqual(['spec       n', '------  ----', 'github  1223', 'a          7']);
  });
});

describe('the corpus manifest', () => {
  it('pins at least six specs of both 3.0 and 3.1 shapes, GitHub\'s among them, each with a version and a sha256', () => {
    expect(manifest.specs.length).toBeGreaterThanOrEqual(6);
    expect(manifest.specs.find((s) => s.id === 'github')).toMatchObject({ package: '@octokit/openapi' });
    for (const spec of manifest.specs) {
      expect(spec.version, spec.id).toMatch(/^\d+\.\d+\.\d+$/);
      expect(spec.sha256, spec.id).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(manifest.specs.map((s) => s.id)).size).toBe(manifest.specs.length);
    expect(manifest.specs.some((s) => s.shape.startsWith('3.0'))).toBe(true);
    expect(manifest.specs.some((s) => s.shape.startsWith('3.1'))).toBe(true);
  });
});
