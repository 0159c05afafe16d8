import { describe, expect, it } from 'vitest';
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
