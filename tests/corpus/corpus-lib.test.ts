/**
 * The pure parts of `npm run corpus`: what it counts must be right for the
 * equality it asserts (operations of the raw spec = generated functions) to
 * mean anything.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  checkLogProblems, countCell, countOperations, countTsMethods, coverageProblem, formatTable, languageTotals, parseGenerateOutput, parseROutput, parseWarningSummary,
  type LanguageKey,
} from '../../scripts/corpus-lib.mjs';
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

describe('parseGenerateOutput', () => {
  const written = (name: string, dir: string) => `${name} -> out/${dir}: 3 files, 3 changed\n  create out/${dir}/a\n  create out/${dir}/b`;
  const summary = 'bdgen: 9 file(s) written, 0 unchanged, in 5 ms (4 operations, 0 data functions, 1 schemas; 3 warning(s) (bdgen/stata-skipped 2, struct 1)).';
  const cases: { name: string; stdout: string; stderr: string; want: { written: string[]; notGenerated: [string, string][]; summary?: { total: number; byRule: [string, number][] } } }[] = [
    {
      name: 'every language written',
      stdout: [written('TypeScript', 'ts'), written('Python', 'python'), written('R', 'r'), written('Stata', 'stata'), summary].join('\n'),
      stderr: 'bdgen: 3 warning(s) (bdgen/stata-skipped 2, struct 1); `bdgen validate` lists the spec\'s.\nwarning [struct] spec.json:1 at #: x',
      want: { written: ['TypeScript', 'Python', 'R', 'Stata'], notGenerated: [], summary: { total: 3, byRule: [['bdgen/stata-skipped', 2], ['struct', 1]] } },
    },
    {
      name: 'one language not generated: its errors, up to the next bdgen line; the warnings before it are not its errors',
      stdout: [written('TypeScript', 'ts'), written('Python', 'python'), written('R', 'r'), summary].join('\n'),
      stderr: [
        'bdgen: 3 warning(s) (bdgen/stata-skipped 2, struct 1); `bdgen validate` lists the spec\'s.',
        'warning [bdgen/stata-skipped] spec.json:3 at #/paths/~1a/post: not a command',
        'bdgen: Stata not generated: 2 error(s)',
        'error [stata/command-table] t.py:1: no command',
        'error [stata/x] t.py:2: second',
        'bdgen: Stata not generated (see above); the other languages were written.',
      ].join('\n'),
      want: {
        written: ['TypeScript', 'Python', 'R'],
        notGenerated: [['Stata', 'bdgen: Stata not generated: 2 error(s)\nerror [stata/command-table] t.py:1: no command\nerror [stata/x] t.py:2: second']],
        summary: { total: 3, byRule: [['bdgen/stata-skipped', 2], ['struct', 1]] },
      },
    },
    {
      name: 'a spec-level error: nothing written, no summary',
      stdout: '',
      stderr: 'error [no-unresolved-refs] spec.json:9 at #/a: unresolved\nbdgen: 1 error(s); nothing was written.',
      want: { written: [], notGenerated: [] },
    },
    {
      name: 'no language generated: each reported',
      stdout: '',
      stderr: 'bdgen: R not generated: 1 error(s)\nerror [r/a] a\nbdgen: Stata not generated: 1 error(s)\nerror [stata/b] b\nbdgen: no language could be generated; nothing was written.',
      want: { written: [], notGenerated: [['R', 'bdgen: R not generated: 1 error(s)\nerror [r/a] a'], ['Stata', 'bdgen: Stata not generated: 1 error(s)\nerror [stata/b] b']] },
    },
  ];
  for (const { name, stdout, stderr, want } of cases) {
    it(name, () => {
      const got = parseGenerateOutput(stdout, stderr);
      expect({ written: got.written, notGenerated: [...got.notGenerated], summary: got.summary }).toEqual({ ...want, summary: want.summary });
    });
  }
});

describe('coverageProblem and countCell', () => {
  const cases: { language: LanguageKey; count: number; operations: number; skipped?: number; problem?: string; cell: string }[] = [
    { language: 'ts', count: 20, operations: 20, cell: '20' },
    { language: 'python', count: 19, operations: 20, problem: '19 functions for 20 operations in the spec', cell: '19' },
    { language: 'r', count: 21, operations: 20, problem: '21 functions for 20 operations in the spec', cell: '21' },
    { language: 'ts', count: 0, operations: 1, problem: '0 methods for 1 operations in the spec', cell: '0' },
    { language: 'stata', count: 7, skipped: 13, operations: 20, cell: '7 +13 skipped' },
    { language: 'stata', count: 20, skipped: 0, operations: 20, cell: '20' },
    { language: 'stata', count: 7, skipped: 12, operations: 20, problem: '7 commands and 12 skipped, but 20 operations in the spec', cell: '7 +12 skipped' },
  ];
  for (const { language, count, operations, skipped, problem, cell } of cases) {
    it(`${language}: ${count}${skipped ? ` +${skipped} skipped` : ''} of ${operations}`, () => {
      expect(coverageProblem(language, { count, operations, ...(skipped === undefined ? {} : { skipped }) })).toBe(problem);
      expect(countCell(language, { count, ...(skipped === undefined ? {} : { skipped }) })).toBe(cell);
    });
  }
  it('leaves the count empty when the language was not counted', () => {
    expect(countCell('stata', {})).toBe('');
  });
});

describe('parseROutput', () => {
  const cases: { name: string; stdout: string; want: { problems: string[]; functions?: number } }[] = [
    { name: 'all parse', stdout: 'functions\t20\n', want: { problems: [], functions: 20 } },
    {
      name: 'a file that does not parse, a tab in its message kept',
      stdout: 'parse\tr/R/pet.R: <text>:3:1: unexpected \'}\'\tat\nfunctions\t19\n',
      want: { problems: ["r/R/pet.R: <text>:3:1: unexpected '}'\tat"], functions: 19 },
    },
    { name: 'R died before counting', stdout: '', want: { problems: [], functions: undefined } },
  ];
  for (const { name, stdout, want } of cases) it(name, () => expect(parseROutput(stdout)).toEqual(want));
});

describe('checkLogProblems', () => {
  const log = [
    '* using log directory ‘/tmp/x.Rcheck’',
    '* checking package dependencies ... NOTE',
    "Packages suggested but not available for checking: 'arrow'",
    '* checking whether package ‘x’ can be installed ... OK',
    '* checking Rd files ... WARNING',
    'checkRd: (5) a.Rd:3: unknown macro',
    '* checking tests ...',
    '  Running ‘testthat.R’',
    ' ERROR',
    'Running the tests in ‘tests/testthat.R’ failed.',
    '* checking examples ... ERROR',
    'Running examples in ‘x-Ex.R’ failed',
    '* DONE',
    'Status: 2 ERRORs, 1 WARNING, 1 NOTE',
  ].join('\n');
  it('keeps the sections whose verdict is ERROR or WARNING, on the checking line or a line of its own, not NOTEs', () => {
    expect(checkLogProblems(log).map((s) => s.split('\n')[0])).toEqual(['* checking Rd files ... WARNING', '* checking tests ...', '* checking examples ... ERROR']);
  });
  it('is empty for a clean log', () => {
    expect(checkLogProblems('* checking whether package ‘x’ can be installed ... OK\n* checking examples ... OK\n* DONE\nStatus: OK')).toEqual([]);
  });
});

describe('languageTotals', () => {
  it('counts specs ok and failed per language, and sums the counts of the specs it counted', () => {
    const rows = [
      { operations: 20, languages: { ts: { result: 'ok', count: 20 }, python: { result: 'ok', count: 20 }, r: { result: 'FAIL: parse' }, stata: { result: 'ok', count: 7, skipped: 13 } } },
      { operations: 3, languages: { ts: { result: 'FAIL: tsc', count: 3 }, python: { result: 'ok', count: 3 }, r: { result: 'ok', count: 3 }, stata: { result: 'FAIL: generate' } } },
      { operations: 0, languages: {} },
    ];
    expect(languageTotals(rows).map(({ key, ok, failed, count, skipped, operations }) => ({ key, ok, failed, count, skipped, operations }))).toEqual([
      { key: 'ts', ok: 1, failed: 2, count: 23, skipped: 0, operations: 23 },
      { key: 'python', ok: 2, failed: 1, count: 23, skipped: 0, operations: 23 },
      { key: 'r', ok: 1, failed: 2, count: 3, skipped: 0, operations: 3 },
      { key: 'stata', ok: 1, failed: 2, count: 7, skipped: 13, operations: 20 },
    ]);
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
  it('runs R CMD check (half a minute each) on one to three specs only', () => {
    const checked = manifest.specs.filter((s) => 'rCheck' in s && s.rCheck === true).map((s) => s.id);
    expect(checked.length, checked.join(', ')).toBeGreaterThanOrEqual(1);
    expect(checked.length, checked.join(', ')).toBeLessThanOrEqual(3);
  });
});
