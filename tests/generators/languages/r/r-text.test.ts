/**
 * R's names, versions and escaping helpers: what an export or an argument
 * is called, how the spec's version is written for R, and how spec text is
 * escaped for R strings, Rd and roxygen (its round trip through R itself is
 * in tests/r/r-sources.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { IR } from '../../../../generators/src/ir/types.js';
import { rdCodeSpan, rdEscape, rdText, rLiteral, roxygenLines, roxygenText, rNamedList, rString, rTag } from '../../../../generators/src/languages/r/doc.js';
import { isSyntacticName, packageNameProblem, rArgName, rFunctionName } from '../../../../generators/src/languages/r/naming.js';
import { rVersion } from '../../../../generators/src/languages/r/package-names.js';
import { wrapRd } from '../../../../generators/src/languages/r/topic.js';
import { version as parseVersion } from '../../../../generators/src/ir/extensions.js';

describe('R names', () => {
  it.each([
    [['list', 'datasets'], 'list_datasets'],
    [['search'], 'search_catalogue'],
    [['table'], 'table_catalogue'],
    [['function'], 'function_catalogue'],
    [['aux'], 'aux_catalogue'],
    [['read', 'table'], 'read_table'],
    [['3d', 'view'], 'n3d_view'],
  ])('export %j -> %s', (words, name) => {
    expect(rFunctionName(words)).toBe(name);
  });

  it.each([
    [['in'], 'in_'],
    [['if'], 'if_'],
    [['function'], 'function_'],
    [['table'], 'table'],
    [['x', 'trace', 'id'], 'x_trace_id'],
  ])('argument %j -> %s', (words, name) => {
    expect(rArgName(words)).toBe(name);
  });

  it.each([
    ['dataset_id', true], ['.na', true], ['.', true], ['x.y', true],
    ['_x', false], ['.2x', false], ['2x', false], ['if', false], ['TRUE', false], ['...', false], ['..1', false], ['a-b', false], ['é', false],
  ])('%s is syntactic: %s', (name, syntactic) => {
    expect(isSyntacticName(name)).toBe(syntactic);
  });

  it.each([
    ['basedosdadosSDK', null], ['data.table', null], ['x', 'short'], ['bad_name', 'underscore'], ['1pkg', 'digit'], ['pkg.', 'dot'], ['stats', 'base'],
  ])('package name %s', (name, problem) => {
    const found = packageNameProblem(name);
    if (problem === null) expect(found).toBeNull();
    else expect(found).not.toBeNull();
  });
});

describe('the spec\'s version, as R writes it', () => {
  const ir = (raw: string): IR => ({ info: { version: raw }, version: parseVersion(raw, []) }) as unknown as IR;
  it.each([
    ['0.1.0', '0.1.0'],
    ['2022-11-28', '2022-11-28'],
    ['1.2.3+build.5', '1.2.3'],
    ['1.2.3-beta', '1.2.2.9000'],
    ['1.2.0-rc.1', '1.1.9999.9001'],
    ['2.0.0-rc.2', '1.9999.9999.9002'],
    ['v1', '1.0.0'],
  ])('%s -> %s', (raw, written) => {
    expect(rVersion(ir(raw))).toBe(written);
  });
});

describe('escaping', () => {
  it('writes R strings in ASCII, every special escaped', () => {
    expect(rString('a"b\\c\nd\re\tf')).toBe('"a\\"b\\\\c\\nd\\re\\tf"');
    expect(rString('São Paulo \u2028 😀')).toBe('"S\\u00e3o Paulo \\u2028 \\U{1f600}"');
    expect(rString('nul\u0000 and \ud800 lone')).toBe('"nul\\ufffd and \\ufffd lone"');
    expect(rString('\u0007')).toBe('"\\u0007"');
    // R refuses a literal mixing \x and \u escapes: controls are \u escapes too.
    expect(rString('esc \u001b nel \u0085')).toBe('"esc \\u001b nel \\u0085"');
    expect(/^[\x20-\x7e]*$/.test(rString('any ü \u0085 \u2029 text'))).toBe(true);
  });

  it('writes JSON values as R literals, quoting names R cannot write bare', () => {
    expect(rLiteral({ a: [1, 2], 'two words': null, ok: true, s: ['x'] })).toBe('list(a = c(1, 2), "two words" = NULL, ok = TRUE, s = c("x"))');
    expect(rLiteral([1, 'a'])).toBe('list(1, "a")');
    expect(rLiteral({})).toBe('structure(list(), names = character())');
    expect(rTag('in')).toBe('"in"');
    expect(rTag('X-Trace')).toBe('"X-Trace"');
  });

  // R's parser: a bare name holds 8,190 bytes, a quoted one 10,000, a literal with \u escapes under 10,000 characters.
  it.each([
    { given: 'n'.repeat(8_000), want: 'n'.repeat(8_000) },
    { given: 'n'.repeat(8_001), want: `"${'n'.repeat(8_001)}"` },
    { given: 'n'.repeat(9_000), want: `"${'n'.repeat(9_000)}"` },
    { given: 'n'.repeat(9_001), want: undefined },
  ])('rTag of a $given.length-byte name', ({ given, want }) => {
    expect(rTag(given)).toBe(want);
  });

  it('writes names R cannot hold as a tag through names = c(...)', () => {
    const long = 'n'.repeat(10_050);
    expect(rNamedList([['a', '1'], [long, '2']])).toBe(`structure(list(1, 2), names = c("a", "${long}"))`);
    expect(rNamedList([['a', '1'], ['b c', 'x']], '  ')).toBe('list(\n    a = 1,\n    "b c" = x\n  )');
    expect(rNamedList([])).toBe('structure(list(), names = character())');
  });

  it.each([
    { given: 'a'.repeat(20_000), want: `"${'a'.repeat(20_000)}"` },
    { given: 'é'.repeat(4_096), want: `"${'\\u00e9'.repeat(4_096)}"` },
    { given: 'é'.repeat(4_097), want: `paste0("${'\\u00e9'.repeat(4_096)}", "\\u00e9")` },
    { given: `${'a'.repeat(9_000)}\u001b`, want: `paste0("${'a'.repeat(4_096)}", "${'a'.repeat(4_096)}", "${'a'.repeat(808)}\\u001b")` },
  ])('a $given.length-character string with escapes is split into pieces R parses', ({ given, want }) => {
    expect(rString(given)).toBe(want);
  });

  it('escapes Rd text and keeps code spans from closing early', () => {
    expect(rdEscape('100% \\ {x}')).toBe('100\\% \\\\ \\{x\\}');
    expect(rdText('use `a{b` or `c%`\nnext')).toBe('use \\code{a\\{b} or \\code{c\\%}\nnext');
    expect(rdCodeSpan('"quoted')).toBe('\\verb{"quoted}');
    expect(rdCodeSpan('a\\b')).toBe('\\verb{a\\\\b}');
    expect(rdText('line\r\nbreaks\u2028everywhere\u2029')).toBe('line\nbreaks\neverywhere');
  });

  it.each([
    { given: ['one', '', 'two'], want: "#' one\n#'\n#' two" },
    { given: ['\\item{a}{first\nsecond}', '}'], want: "#' \\item{a}{first\n#' second}\n#' }" },
    { given: ['cr\rnel\u0085ls\u2028end'], want: "#' cr\n#' nel\n#' ls\n#' end" },
  ])('starts every line of a roxygen block with #\': $given', ({ given, want }) => {
    expect(roxygenLines(given)).toBe(want);
  });

  it('doubles every @ in roxygen text', () => {
    expect(roxygenText('@export me@host @@')).toBe('@@export me@@host @@@@');
  });

  it('wraps Rd text at spaces outside braces only', () => {
    const lines = wrapRd('word '.repeat(10) + '\\code{a b c d e f g h i j k l m n o p} end', 20);
    expect(lines.some((l) => l.includes('\\code{a b c d e f g h i j k l m n o p}'))).toBe(true);
    expect(lines.every((l) => l.length <= 20 || l.includes('\\code{'))).toBe(true);
  });
});
