import { describe, expect, it } from 'vitest';
import { titleWords } from '../../../generators/src/ir/extensions.js';
import { splitWords } from '../../../generators/src/ir/words.js';

describe('splitWords', () => {
  const cases: { given: string; want: string[] }[] = [
    { given: 'listDatasetTables', want: ['list', 'dataset', 'tables'] },
    { given: 'page_size', want: ['page', 'size'] },
    { given: 'get_table', want: ['get', 'table'] },
    { given: 'getTable', want: ['get', 'table'] },
    { given: 'HTTPServer', want: ['http', 'server'] },
    { given: 'x-bd-data', want: ['x', 'bd', 'data'] },
    { given: 'getV2Items', want: ['get', 'v2', 'items'] },
    { given: 'População', want: ['populacao'] },
    { given: 'two words', want: ['two', 'words'] },
    { given: 'ID', want: ['id'] },
    { given: '__proto__', want: ['proto'] },
    { given: '---', want: [] },
  ];
  it.each(cases)('$given -> $want', ({ given, want }) => {
    expect(splitWords(given)).toEqual(want);
  });
});

describe('titleWords: the start of every derived package name, 48 characters at most', () => {
  it.each([
    { given: 'Base dos Dados Datalake', want: ['base', 'dos', 'dados', 'datalake'] },
    { given: 'é'.repeat(50_000), want: ['e'.repeat(48)] },
    { given: `Api ${'x'.repeat(100)}`, want: ['api'] },
    { given: 'one two three four five six seven eight nine ten eleven twelve', want: ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'] },
    { given: '', want: [] },
  ])('$given.length characters', ({ given, want }) => {
    expect(titleWords(given)).toEqual(want);
  });
});
