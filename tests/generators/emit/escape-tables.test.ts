/**
 * Given/want for every escaping helper (the shared one, TypeScript's and
 * Python's) with each character that could end a comment, a string or a line
 * in some language: \n, \r, U+2028, U+2029, *\/, """, `, ${, ', ", \ and -->.
 * Each helper is the only way spec text reaches its context, so each row is
 * the exact text a generated file holds.
 */
import { describe, expect, it } from 'vitest';
import { lineComment, normalizeText, oneLine } from '../../../generators/src/emit/escape.js';
import { escapeDocstringText, pyComment, pyDocstring, pyString, tomlString } from '../../../generators/src/languages/python/doc.js';
import { tsDoc, tsLineComment, tsMember, tsString } from '../../../generators/src/languages/ts/doc.js';

/** The hostile inputs, in the order of every table below. */
const GIVEN = ['a\nb', 'a\rb', 'a\u2028b', 'a\u2029b', 'a*/b', 'a"""b', 'a`b', 'a${b}', "a'b", 'a"b', 'a\\b', 'a-->b'] as const;

/** One want per input of GIVEN, in order. */
const TABLES: Record<string, { readonly helper: (text: string) => string; readonly want: readonly string[] }> = {
  'normalizeText (escape.ts)': {
    helper: normalizeText,
    want: ['a\nb', 'a\nb', 'a\nb', 'a\nb', 'a*/b', 'a"""b', 'a`b', 'a${b}', "a'b", 'a"b', 'a\\b', 'a-->b'],
  },
  'oneLine (escape.ts)': {
    helper: oneLine,
    want: ['a b', 'a b', 'a b', 'a b', 'a*/b', 'a"""b', 'a`b', 'a${b}', "a'b", 'a"b', 'a\\b', 'a-->b'],
  },
  'lineComment with # (escape.ts)': {
    helper: (t) => lineComment(t, '#'),
    want: ['# a\n# b', '# a\n# b', '# a\n# b', '# a\n# b', '# a*/b', '# a"""b', '# a`b', '# a${b}', "# a'b", '# a"b', '# a\\b', '# a-->b'],
  },
  'tsString (ts/doc.ts)': {
    helper: tsString,
    want: ["'a\\nb'", "'a\\rb'", "'a\\u2028b'", "'a\\u2029b'", "'a*/b'", "'a\"\"\"b'", "'a`b'", "'a${b}'", "'a\\'b'", "'a\"b'", "'a\\\\b'", "'a-->b'"],
  },
  'tsDoc (ts/doc.ts)': {
    helper: (t) => tsDoc([t]),
    want: [
      '/**\n * a\n * b\n */', '/**\n * a\n * b\n */', '/**\n * a\n * b\n */', '/**\n * a\n * b\n */', '/**\n * a*\\/b\n */', '/**\n * a"""b\n */',
      '/**\n * a`b\n */', '/**\n * a${b}\n */', "/**\n * a'b\n */", '/**\n * a"b\n */', '/**\n * a\\b\n */', '/**\n * a-->b\n */',
    ],
  },
  'tsLineComment (ts/doc.ts)': {
    helper: (t) => tsLineComment(t),
    want: ['// a\n// b', '// a\n// b', '// a\n// b', '// a\n// b', '// a*/b', '// a"""b', '// a`b', '// a${b}', "// a'b", '// a"b', '// a\\b', '// a-->b'],
  },
  'tsMember (ts/doc.ts)': {
    helper: (t) => tsMember('OPERATIONS', t),
    want: [
      "OPERATIONS['a\\nb']", "OPERATIONS['a\\rb']", "OPERATIONS['a\\u2028b']", "OPERATIONS['a\\u2029b']", "OPERATIONS['a*/b']", "OPERATIONS['a\"\"\"b']",
      "OPERATIONS['a`b']", "OPERATIONS['a${b}']", "OPERATIONS['a\\'b']", "OPERATIONS['a\"b']", "OPERATIONS['a\\\\b']", "OPERATIONS['a-->b']",
    ],
  },
  'pyString (python/doc.ts)': {
    helper: pyString,
    want: ['"a\\nb"', '"a\\rb"', '"a\\u2028b"', '"a\\u2029b"', '"a*/b"', '"a\\"\\"\\"b"', '"a`b"', '"a${b}"', '"a\'b"', '"a\\"b"', '"a\\\\b"', '"a-->b"'],
  },
  // TOML basic strings take \r as it is (TOML 1.0 escape sequences); controls without a short escape are \uXXXX.
  'tomlString (python/doc.ts)': {
    helper: tomlString,
    want: ['"a\\nb"', '"a\\rb"', '"a\u2028b"', '"a\u2029b"', '"a*/b"', '"a\\"\\"\\"b"', '"a`b"', '"a${b}"', '"a\'b"', '"a\\"b"', '"a\\\\b"', '"a-->b"'],
  },
  'escapeDocstringText (python/doc.ts)': {
    helper: escapeDocstringText,
    want: ['a\nb', 'a\nb', 'a\nb', 'a\nb', 'a*/b', 'a""\\N{QUOTATION MARK}b', 'a`b', 'a${b}', "a'b", 'a"b', 'a\\N{REVERSE SOLIDUS}b', 'a-->b'],
  },
  'pyDocstring summary (python/doc.ts)': {
    helper: (t) => pyDocstring(t, undefined, []),
    want: [
      '"""A b."""', '"""A b."""', '"""A b."""', '"""A b."""', '"""A*/b."""', '"""A""\\N{QUOTATION MARK}b."""', '"""A`b."""', '"""A${b}."""',
      '"""A\'b."""', '"""A"b."""', '"""A\\N{REVERSE SOLIDUS}b."""', '"""A-->b."""',
    ],
  },
  'pyComment (python/doc.ts)': {
    helper: (t) => pyComment(t),
    want: ['# a\n# b', '# a\n# b', '# a\n# b', '# a\n# b', '# a*/b', '# a"""b', '# a`b', '# a${b}', "# a'b", '# a"b', '# a\\b', '# a-->b'],
  },
};

describe.each(Object.entries(TABLES))('%s', (_name, { helper, want }) => {
  it.each(GIVEN.map((given, i) => ({ given, want: want[i]! })))('$given -> $want', ({ given, want: expected }) => {
    expect(helper(given)).toBe(expected);
  });
});

describe('what the literals mean', () => {
  it.each(GIVEN)('tsString(%j) reads back as the same text in JavaScript', (given) => {
    expect(new Function(`return ${tsString(given)};`)()).toBe(given);
  });
  it('pydocstyle cannot see a section in a line of spec text, and docstrings end with . ! or ?', () => {
    expect(pyDocstring('Submit your application!', 'Building name.\nExamples:\n- The Manor', [])).toBe('"""Submit your application!\n\nBuilding name.\n**Examples:**\n- The Manor\n"""');
  });
});
