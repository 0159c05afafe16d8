/**
 * The suite's own checks: the coverage derived from the IR names what is
 * missing, case files are validated, and results are projected and compared
 * the same way for every language.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSpec } from '../../generators/src/generate.js';
import { canonicalJson, jsonDiff, pick } from './lib/canonical.js';
import { CaseFileError, loadCases, type Case } from './lib/cases.js';
import { checkCoverage, irFunctions } from './lib/coverage.js';
import { printMatrix, renderCapabilities, unavailableReason, writeJsonReport, type CaseOutcome, type Outcomes } from './lib/report.js';
import { tempDir } from '../generators/helpers.js';

let functions: string[];
let cases: Case[];

beforeAll(async () => {
  functions = irFunctions((await compileSpec(resolve('spec/datalake.yaml'))).ir);
  cases = loadCases(resolve('tests/conformance/cases'));
});

describe('coverage derived from the IR', () => {
  it('lists every operation and data function of the spec by its IR name', () => {
    expect(functions).toEqual([
      'search', 'list_facet_values', 'list_table_columns_by_uuid', 'get_table_stats', 'export_catalog',
      'list_datasets', 'get_dataset', 'list_dataset_tables', 'get_table', 'list_table_columns',
      'list_organizations', 'list_themes', 'list_tags',
      'read_sql', 'read_table', 'download', 'estimate_query',
    ]);
  });

  it('finds no case missing for the operations of the spec', () => {
    const problems = checkCoverage(functions, cases, new Map());
    expect(problems.filter((p) => !/^(read_sql|read_table|download|estimate_query) /.test(p))).toEqual([]);
  });

  it('fails naming the operation when its cases are deleted', () => {
    const withoutTags = cases.filter((c) => c.function !== 'list_tags');
    expect(checkCoverage(functions, withoutTags, new Map())).toContain('list_tags has no conformance case: add one to tests/conformance/cases/list_tags.yaml');
  });

  it('fails naming the language and the operation when a runner drops one', () => {
    const runners = new Map([['ts', functions], ['python', functions.filter((f) => f !== 'get_table')]]);
    const problems = checkCoverage(functions, cases, runners);
    expect(problems).toContain('the python runner does not implement get_table');
    expect(problems.filter((p) => p.startsWith('the ts runner'))).toEqual([]);
  });

  it('fails when the spec gains an operation that no case and no runner covers', () => {
    const problems = checkCoverage([...functions, 'list_licenses'], cases, new Map([['ts', functions]]));
    expect(problems).toEqual(expect.arrayContaining([
      'list_licenses has no conformance case: add one to tests/conformance/cases/list_licenses.yaml',
      'the ts runner does not implement list_licenses',
    ]));
  });

  it('fails when a case calls a function the spec does not have', () => {
    const stray = { ...cases[0]!, id: 'get_license/x', function: 'get_license' };
    expect(checkCoverage(functions, [...cases, stray], new Map())).toContain(`case get_license/x (${stray.file}) calls get_license, which the spec does not have`);
  });
});

describe('case files', () => {
  const write = (text: string) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'cases'));
    writeFileSync(join(dir, 'cases', 'x.yaml'), text);
    return join(dir, 'cases');
  };
  it('refuse an unknown error kind, naming the file', () => {
    const dir = write('function: get_table\nfeature: f\ncases:\n  - id: get_table/a\n    expect: { error: teapot }\n');
    expect(() => loadCases(dir)).toThrow(CaseFileError);
    expect(() => loadCases(dir)).toThrow(/x\.yaml/);
  });
  it('refuse a case expecting both a result and an error', () => {
    const dir = write('function: get_table\nfeature: f\ncases:\n  - id: get_table/a\n    expect: { error: server, result: 1 }\n');
    expect(() => loadCases(dir)).toThrow(CaseFileError);
  });
  it('refuse a case whose id does not start with its function', () => {
    const dir = write('function: get_table\nfeature: f\ncases:\n  - id: list_tags/a\n    expect: { error: server }\n');
    expect(() => loadCases(dir)).toThrow(/must start with "get_table\/"/);
  });
});

describe('pick and compare', () => {
  const page = { page: 1, count: 2, items: [{ id: 'a', name: 'A', tags: [{ id: 't' }] }, { id: 'b', name: 'B', tags: [] }] };
  it.each([
    { paths: ['count'], want: { count: 2 } },
    { paths: ['count', 'items[].id'], want: { count: 2, items: [{ id: 'a' }, { id: 'b' }] } },
    { paths: ['items[].id', 'items[].tags[].id'], want: { items: [{ id: 'a', tags: [{ id: 't' }] }, { id: 'b', tags: [] }] } },
    { paths: ['items[1].name'], want: { items: { '[1]': { name: 'B' } } } },
    { paths: ['items[0].id', 'items[1].id'], want: { items: { '[0]': { id: 'a' }, '[1]': { id: 'b' } } } },
    { paths: undefined, want: page },
  ])('$paths', ({ paths, want }) => {
    expect(pick(page, paths)).toEqual(want);
  });
  it('compares JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });
  it('describes differences by path', () => {
    expect(jsonDiff({ a: [1, 2], b: 'x' }, { a: [1, 3], b: 'x' })).toEqual(['$.a[1]: want 2, got 3']);
  });
});

describe('cases a runner declares unavailable', () => {
  const feature = (id: string, f: string): Case => ({ id, function: id.split('/')[0]!, feature: f, file: 'x.yaml', args: {}, mode: 'page', env: {}, expect: { error: 'server' } });
  const cases = [feature('download/csv', 'Downloads'), feature('download/parquet_every_type', 'Downloads'), feature('download/parquet_other', 'Parquet only')];
  const pass: CaseOutcome = { ok: true, ms: 1, problems: [] };
  const outcomes: Outcomes = new Map([
    ['ts', new Map(cases.map((c) => [c.id, pass]))],
    ['r', new Map(cases.map((c): [string, CaseOutcome] => [c.id, /parquet/.test(c.id) ? { ok: false, ms: 0, problems: [], unavailable: 'no Parquet writer' } : pass]))],
  ]);

  it('match by exact id or by id prefix, and nothing else', () => {
    const declared = { 'download/parquet': 'no writer', 'read_sql/exact': 'why' };
    expect(unavailableReason(declared, 'download/parquet_every_type')).toBe('no writer');
    expect(unavailableReason(declared, 'read_sql/exact')).toBe('why');
    expect(unavailableReason(declared, 'download/csv')).toBeUndefined();
    expect(unavailableReason(undefined, 'download/parquet')).toBeUndefined();
  });

  it('show as unavailable in the matrix, never as pass, and are counted apart', () => {
    const lines: string[] = [];
    printMatrix(cases, ['ts', 'r'], outcomes, (l) => lines.push(l));
    expect(lines.find((l) => l.startsWith('download/parquet_every_type'))).toMatch(/pass\s+unavailable\s*$/);
    expect(lines.at(-1)).toMatch(/ts: 3\/3 +r: 1\/3 \(2 unavailable\)$/);
  });

  it('are unavailable in out/conformance.json, neither passed nor failed; other languages have no such field', () => {
    const path = join(tempDir(), 'conformance.json');
    writeJsonReport(path, cases, ['ts', 'r'], outcomes, []);
    const report = JSON.parse(readFileSync(path, 'utf8')) as { languages: Record<string, { passed: number; failed: number; unavailable?: number; cases: Record<string, { ok: boolean; unavailable?: string }> }> };
    expect(report.languages.r).toMatchObject({ passed: 1, failed: 0, unavailable: 2 });
    expect(report.languages.r!.cases['download/parquet_every_type']).toEqual({ ok: false, ms: 0, unavailable: 'no Parquet writer' });
    expect(report.languages.ts).not.toHaveProperty('unavailable');
  });

  it('keep a feature from a language in docs/capabilities.md, saying why', () => {
    const doc = renderCapabilities(cases, ['ts', 'r'], outcomes, ['ts', 'python', 'r']);
    expect(doc).toContain('| Downloads | 2 | yes | — | no (1/2, 1 unavailable) |');
    expect(doc).toContain('| Parquet only | 1 | yes | — | unavailable |');
    expect(doc).toContain('- r, `download/parquet_every_type`: no Parquet writer');
  });
});
