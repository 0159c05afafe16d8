/**
 * The Stata emitter's helpers: SMCL, ado-comment and Stata-string escaping
 * (doc.ts), and option abbreviations (naming.ts), held against what the
 * package checker accepts.
 */
import { describe, expect, it } from 'vitest';
import { checkSmcl, parseSyntax } from '../../../../generators/src/languages/stata/check/index.js';
import { adoComment, optionArgument, smclLine, smclParagraphs, smclText, stataString } from '../../../../generators/src/languages/stata/doc.js';
import { abbreviations, spelled } from '../../../../generators/src/languages/stata/naming.js';

const HOSTILE = 'a {stata "erase *"} }{ `x\' $y\r\nb\u2028c\u2029d /* e */ /// f // g';

describe('SMCL text', () => {
  it('writes braces as {c -(} and {c )-}, so no directive can start', () => {
    expect(smclText('{bf:x} }{')).toBe('{c -(}bf:x{c )-} {c )-}{c -(}');
  });

  it('keeps one line, turns code spans into {cmd:} and leaves an unpaired backtick as it is', () => {
    expect(smclLine('use `bd_read_sql`\nnow')).toBe('use {cmd:bd_read_sql} now');
    expect(smclLine('`{x}` and `odd')).toBe('{cmd:{c -(}x{c )-}} and `odd');
  });

  it('splits paragraphs at blank lines, each closed by {p_end}', () => {
    expect(smclParagraphs('one\ntwo\r\n\r\nthree')).toBe('{pstd}\none two\n{p_end}\n\n{pstd}\nthree\n{p_end}');
  });

  it('makes hostile text a valid help file that holds only the directives we wrote', () => {
    const help = `{smcl}\n{title:Syntax}\n\n${smclParagraphs(HOSTILE)}\n\n{title:Examples}\n`;
    expect(checkSmcl('x.sthlp', help).diagnostics).toEqual([]);
    expect(help).not.toMatch(/\{stata\b/);
    expect(help.match(/\{[a-z_]+/g)).toEqual(['{smcl', '{title', '{pstd', '{c', '{c', '{c', '{c', '{p_end', '{title']);
  });
});

describe('ado comments', () => {
  it('are one line without macro quotes, continuations or block comments', () => {
    const line = adoComment(HOSTILE);
    expect(line).not.toMatch(/[\n\r\u2028\u2029`$]|\/\/|\/\*|\*\//);
    expect(line).toContain('erase');
  });
});

describe('Stata strings', () => {
  it('are plain quotes, compound quotes around a double quote, and escape macro characters', () => {
    expect(stataString('SELECT 1')).toBe('"SELECT 1"');
    expect(stataString('say "hi"')).toBe('`"say "hi""\'');
    expect(stataString('FROM `t` WHERE $x')).toBe('"FROM \\`t\\` WHERE \\$x"');
  });

  it('refuse what no Stata string holds: a line break, or "\' which would end a compound quote', () => {
    expect(stataString('a\nb')).toBeNull();
    expect(stataString('a"\'b')).toBeNull();
  });

  it('leave one plain word bare as an option argument', () => {
    expect(optionArgument('br_ibge_pib')).toBe('br_ibge_pib');
    expect(optionArgument('two words')).toBe('"two words"');
  });
});

describe('option abbreviations', () => {
  it('are the shortest prefix of three or more letters that starts no other option', () => {
    const names = ['query', 'billing_project_id', 'page_size', 'path', 'clear'];
    const minimum = abbreviations(names);
    expect(names.map((n) => spelled(n, minimum.get(n)!))).toEqual(['QUEry', 'BILling_project_id', 'PAGe_size', 'PATh', 'clear']);
  });

  it('type an option in full when its prefix would need more than letters, or it is that short', () => {
    const minimum = abbreviations(['page', 'page_size', 'q', 'tag', 'dataset_id', 'dataset_name']);
    expect(Object.fromEntries(minimum)).toEqual({ page: 4, page_size: 9, q: 1, tag: 3, dataset_id: 10, dataset_name: 12 });
  });

  it('give the old package\'s options the old help\'s one-letter abbreviations, and the others one letter more than they share with them', () => {
    const names = ['query', 'billing_project_id', 'environment', 'page_size', 'path', 'clear'];
    const minimum = abbreviations(names, new Set(['path', 'query', 'billing_project_id']));
    expect(names.map((n) => spelled(n, minimum.get(n)!))).toEqual(['Query', 'Billing_project_id', 'ENVironment', 'PAGe_size', 'Path', 'clear']);
    // Two old options that share a prefix need one letter more than it; an old option never takes a shorter name's whole name.
    expect(Object.fromEntries(abbreviations(['dataset_id', 'dataset_name', 'd', 'table_id'], new Set(['dataset_id', 'dataset_name', 'table_id'])))).toEqual({ dataset_id: 10, dataset_name: 12, d: 1, table_id: 1 });
    expect(Object.fromEntries(abbreviations(['path', 'pa'], new Set(['path'])))).toEqual({ path: 3, pa: 2 });
  });

  it.each([
    [['page', 'page_size', 'pages', 'pagination', 'p'], []],
    [['abc', 'abcd', 'abcde', 'ab_c', 'abx'], []],
    [['columns', 'column_names', 'col', 'clear', 'cl', 'clearance'], []],
    [['in_', 'if_', 'end', 'environment', 'env'], []],
    [['path', 'page_size', 'page', 'pages', 'p', 'pa'], ['path', 'pages']],
    [['dataset_id', 'table_id', 'billing_project_id', 'dataset', 'tables', 'b'], ['dataset_id', 'table_id', 'billing_project_id']],
    [['clear', 'cl', 'columns', 'c'], ['columns', 'clear']],
  ])('give syntax the checker finds unambiguous: %j (old: %j)', (names, legacy) => {
    const minimum = abbreviations(names, new Set(legacy));
    const parsed = parseSyntax(`, [${names.map((n) => `${spelled(n, minimum.get(n)!)}(string)`).join(' ')}]`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.options.map((o) => [o.name, o.minimum])).toEqual(names.map((n) => [n, minimum.get(n)]));
  });
});
