import { describe, expect, it } from 'vitest';
import {
  escapeDocstringText,
  pyCall,
  pyComment,
  pyDocstring,
  pyLiteral,
  pyString,
  pyTuple,
  pyTupleBlock,
  restInline,
  tomlString,
} from '../../../../generators/src/languages/python/doc.js';

describe('pyString', () => {
  it.each([
    { given: 'plain', want: '"plain"' },
    { given: 'it\'s "quoted"', want: '"it\'s \\"quoted\\""' },
    { given: 'back\\slash', want: '"back\\\\slash"' },
    { given: 'line\nbreak\ttab\r', want: '"line\\nbreak\\ttab\\r"' },
    { given: 'bell\u0007', want: '"bell\\x07"' },
    { given: 'População', want: '"População"' },
    { given: 'sep\u2028arator', want: '"sep\\u2028arator"' },
    { given: '^[a-z0-9_]+$', want: '"^[a-z0-9_]+$"' },
  ])('$given', ({ given, want }) => {
    expect(pyString(given)).toBe(want);
  });
  it('writes TOML strings without the \\x escape TOML lacks', () => {
    expect(tomlString('a"b\\c\u0001')).toBe('"a\\"b\\\\c\\u0001"');
  });
});

describe('pyLiteral and pyTuple', () => {
  it.each([
    { given: null, want: 'None' },
    { given: true, want: 'True' },
    { given: 10000, want: '10000' },
    { given: 6.25, want: '6.25' },
    { given: 'prod', want: '"prod"' },
    { given: ['csv', 'jsonl'], want: '("csv", "jsonl")' },
    { given: ['one'], want: '("one",)' },
    { given: [], want: '()' },
    { given: { a: 1, 'b c': [null] }, want: '{"a": 1, "b c": (None,)}' },
  ])('$want', ({ given, want }) => {
    expect(pyLiteral(given)).toBe(want);
  });
  it('writes one-item tuples with their comma', () => {
    expect(pyTuple(['x'])).toBe('(x,)');
  });
});

describe('pyCall and pyTupleBlock', () => {
  it('stays on one line when it fits', () => {
    expect(pyCall('Spec', [['a', () => '1'], ['b', () => '"x"']])).toBe('Spec(a=1, b="x")');
  });
  it('puts one argument per line, nested calls indented, when it does not fit', () => {
    const long = pyString('x'.repeat(100));
    expect(pyCall('Outer', [['inner', (i) => pyCall('Inner', [['text', () => long]], i)], ['n', () => '1']])).toBe(
      ['Outer(', '    inner=Inner(', `        text=${long},`, '    ),', '    n=1,', ')'].join('\n'),
    );
  });
  it('lays out long tuples one item per line', () => {
    const item = () => pyString('y'.repeat(60));
    expect(pyTupleBlock([item, item], '    ')).toBe(`(\n        ${item()},\n        ${item()},\n    )`);
    expect(pyTupleBlock([() => '1'])).toBe('(1,)');
  });
});

describe('restInline', () => {
  it.each([
    { given: 'tables are `basedosdados.<d>.<t>`', want: 'tables are ``basedosdados.<d>.<t>``' },
    { given: 'already ``literal`` here', want: 'already ``literal`` here' },
    { given: 'a role :class:`Page` and `code`', want: 'a role :class:`Page` and ``code``' },
    { given: ':mod:`.exceptions`; list functions return a :class:`Page`.', want: ':mod:`.exceptions`; list functions return a :class:`Page`.' },
    { given: 'two `a` and `b`', want: 'two ``a`` and ``b``' },
  ])('$given', ({ given, want }) => {
    expect(restInline(given)).toBe(want);
  });
});

describe('pyDocstring', () => {
  it('is one line when there is only a summary, ending with a period', () => {
    expect(pyDocstring('List tags', undefined, [])).toBe('"""List tags."""');
  });
  it('lays out NumPy sections with indented descriptions', () => {
    const doc = pyDocstring('Get one table.', 'Returns a table.', [
      { title: 'Parameters', entries: [{ head: 'dataset_id : Id', text: 'Dataset id, `snake_case`.\nMust match ``^[a-z]+$``.' }] },
      { title: 'Examples', lines: ['>>> bd.get_table("a", "b")'] },
      { title: 'Notes', entries: [] },
    ], '    ');
    expect(doc).toBe([
      '    """Get one table.',
      '',
      '    Returns a table.',
      '',
      '    Parameters',
      '    ----------',
      '    dataset_id : Id',
      '        Dataset id, ``snake_case``.',
      '        Must match ``^[a-z]+$``.',
      '',
      '    Examples',
      '    --------',
      '    >>> bd.get_table("a", "b")',
      '    """',
    ].join('\n'));
  });
  it('cannot be closed early by the text, and keeps backslashes literal through named escapes (no D301)', () => {
    expect(escapeDocstringText('say """hi""" \\d')).toBe('say ""\\N{QUOTATION MARK}hi""\\N{QUOTATION MARK} \\N{REVERSE SOLIDUS}d');
    expect(pyDocstring('Matches `\\d+`', 'Triple """ quotes', [])).toBe('"""Matches ``\\N{REVERSE SOLIDUS}d+``.\n\nTriple ""\\N{QUOTATION MARK} quotes\n"""');
  });
  it('never ends a one-line docstring with a quote, which would make four in a row', () => {
    expect(pyDocstring('He said "hi"', undefined, [])).toBe('"""He said "hi"."""');
    expect(pyDocstring('Says "x"?', undefined, [])).toBe('"""Says "x"?"""');
  });
});

describe('pyComment', () => {
  it('prefixes every line, blank ones included', () => {
    expect(pyComment('one\n\ntwo', '  ')).toBe('  # one\n  #\n  # two');
  });
});
