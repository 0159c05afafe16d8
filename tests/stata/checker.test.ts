/**
 * The Stata package checker (generators/src/languages/stata/check): the good
 * hand-written fixture package passes; each broken fixture of tests/stata/broken
 * (one defect each: the good package with some files replaced, edited or
 * removed, as its case.json says) is rejected with the rule, file, line and
 * reason it names, and nothing else.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generators/src/diagnostics.js';
import { compileSpec, emitAll } from '../../generators/src/generate.js';
import {
  checkAdo, checkSmcl, checkStataPackage, checkTableAgainstSpec, parseCommandTable, parseSyntax, specFunctions, type CommandTable, type PackageFile,
} from '../../generators/src/languages/stata/check/index.js';

const HERE = 'tests/stata';
const RUNTIME = 'generators/src/languages/stata/runtime';

interface BrokenCase {
  readonly defect: string;
  readonly edits?: readonly { readonly file: string; readonly find: string; readonly replace: string }[];
  readonly remove?: readonly string[];
  readonly expect: { readonly rule: string; readonly file: string; readonly line: number; readonly message: string };
}

function folder(path: string): Map<string, string> {
  return new Map(readdirSync(path).filter((f) => statSync(join(path, f)).isFile()).map((f) => [f, readFileSync(join(path, f), 'utf8')]));
}

/** The good package: its fixture files plus the runtime, under the names the emitter ships them as. */
function goodPackage(): Map<string, string> {
  const files = folder(join(HERE, 'fixtures/good'));
  for (const [name, text] of folder(RUNTIME)) if (name.endsWith('.py')) files.set(`bdsdk_${name}`, text);
  return files;
}

function asFiles(files: Map<string, string>): PackageFile[] {
  return [...files].map(([path, contents]) => ({ path, contents }));
}

function brokenPackage(name: string): { files: Map<string, string>; spec: BrokenCase } {
  const dir = join(HERE, 'broken', name);
  const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as BrokenCase;
  const files = goodPackage();
  for (const [file, text] of folder(dir)) if (file !== 'case.json') files.set(file, text);
  for (const file of spec.remove ?? []) {
    if (!files.delete(file)) throw new Error(`${name}: remove names ${file}, which the good package does not have`);
  }
  for (const edit of spec.edits ?? []) {
    const text = files.get(edit.file);
    if (text === undefined || text.split(edit.find).length !== 2) throw new Error(`${name}: the edit of ${edit.file} must find ${JSON.stringify(edit.find)} exactly once`);
    files.set(edit.file, text.replace(edit.find, edit.replace));
  }
  return { files, spec };
}

const CASES = readdirSync(join(HERE, 'broken')).filter((d) => existsSync(join(HERE, 'broken', d, 'case.json'))).sort();

describe('the Stata package checker', () => {
  it('passes the good hand-written package', () => {
    const diagnostics = checkStataPackage(asFiles(goodPackage()));
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
  });

  it('has broken fixtures for every kind of defect it looks for', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES)('rejects broken/%s with its file, line and reason', (name) => {
    const { files, spec } = brokenPackage(name);
    const diagnostics = checkStataPackage(asFiles(files));
    const shown = diagnostics.map((d) => formatDiagnostic(d)).join('\n');
    expect(diagnostics, `${spec.defect}\n${shown}`).toHaveLength(1);
    const [found] = diagnostics;
    expect({ rule: found!.rule, file: found!.file, line: found!.line }, shown).toEqual({ rule: spec.expect.rule, file: spec.expect.file, line: spec.expect.line });
    expect(found!.message, shown).toContain(spec.expect.message);
    expect(formatDiagnostic(found!)).toMatch(new RegExp(`^error \\[${spec.expect.rule}\\] ${spec.expect.file.replace('.', '\\.')}:${spec.expect.line}: `));
  });
});

describe('the pieces of the checker', () => {
  it('joins /// continuations and skips comments, strings and compound quotes when counting braces', () => {
    const ado = [
      '*! a comment line with a { brace',
      'program define x',
      '    version 16',
      "    display \"{bf:not a brace}\" `\"compound \"quotes\" {\"' // a comment {",
      '    if 1 { /* a block',
      '    comment } */',
      '        display ///',
      '            "continued"',
      '    }',
      'end',
    ].join('\n');
    expect(checkAdo('x.ado', ado).diagnostics).toEqual([]);
  });

  it('reads option abbreviations, defaults and requirement from syntax', () => {
    const parsed = parseSyntax(', QUEry(string) [BILling_project_id(string) page(integer 1) page_size(integer 10) clear]');
    expect(parsed.problems).toEqual([]);
    expect(parsed.options.map((o) => [o.name, o.minimum, o.type, o.argument.join(' '), o.required])).toEqual([
      ['query', 3, 'string', '', true],
      ['billing_project_id', 3, 'string', '', false],
      ['page', 4, 'integer', '1', false],
      ['page_size', 9, 'integer', '10', false],
      ['clear', 5, 'flag', '', false],
    ]);
    expect(parseSyntax(', [PAge(integer 1) PAGE_size(integer 10)]').problems).toEqual(['options page and page_size are ambiguous: `page` abbreviates both; capitalise a longer prefix of one of them']);
    expect(parseSyntax(`, [${'a'.repeat(32)}(string)]`).problems[0]).toContain('holds at most 31');
  });

  it('finds paragraphs, directives and options in SMCL', () => {
    const { diagnostics, facts } = checkSmcl('x.sthlp', '{smcl}\n{title:Syntax}\n\n{p 8 17 2}\n{cmd:x}{cmd:,} {opt que:ry(string)} {opt clear}\n{p_end}\n\n{pstd}\nText\n\n{title:Examples}\n');
    expect(diagnostics).toEqual([]);
    expect([...facts.options]).toEqual([['query', [{ underlined: 3, line: 5 }]], ['clear', [{ underlined: 5, line: 5 }]]]);
    expect(facts.titles).toEqual(['Syntax', 'Examples']);
  });
});

/** The package `bdgen generate --lang stata` writes for a spec, as file texts (nothing is written). */
async function generatedPackage(spec: string): Promise<PackageFile[]> {
  const { outputs } = await emitAll(await compileSpec(spec), { languages: ['stata'], outDir: tmpdir() });
  return outputs[0]!.plan.files.map((f) => ({ path: f.path, contents: f.contents }));
}

describe('the checker on generated packages', () => {
  it.each(['spec/datalake.yaml', 'tests/specs/fixtures/tricky/openapi.yaml'])('passes the package generated from %s', async (spec) => {
    const files = await generatedPackage(spec);
    expect(files.filter((f) => f.path.endsWith('.ado')).length).toBeGreaterThanOrEqual(3);
    expect(checkStataPackage(files).map((d) => formatDiagnostic(d))).toEqual([]);
  });

  it('still rejects a generated package with one file broken', async () => {
    const files = await generatedPackage('spec/datalake.yaml');
    const broken = files.map((f) => (f.path === 'bd_read_sql.ado' ? { ...f, contents: f.contents.replace('    version 16\n', '') } : f));
    expect(checkStataPackage(broken).map((d) => [d.rule, d.file])).toEqual([['stata/version', 'bd_read_sql.ado']]);
  });
});

describe('the command table against the spec', () => {
  const generatedTable = async (): Promise<CommandTable> => {
    const file = (await generatedPackage('spec/datalake.yaml')).find((f) => f.path === 'bdsdk_commands.py')!;
    return parseCommandTable(file.path, file.contents).table!;
  };

  it('finds the generated table of every command in agreement with spec/datalake.yaml', async () => {
    const functions = specFunctions((await compileSpec('spec/datalake.yaml')).ir);
    expect(functions.map((f) => f.name)).toContain('read_table');
    expect(checkTableAgainstSpec('bdsdk_commands.py', await generatedTable(), functions)).toEqual([]);
  });

  it('names each disagreement: a command missing, a requirement, a kind and a default that differ', async () => {
    const functions = specFunctions((await compileSpec('spec/datalake.yaml')).ir);
    const table = await generatedTable();
    const { bd_list_tags: _dropped, ...commands } = table.commands;
    const sql = table.commands.bd_read_sql!;
    const changed: CommandTable = {
      ...table,
      commands: {
        ...commands,
        bd_read_sql: {
          ...sql,
          options: sql.options.map((o) => (o.name === 'query' ? { ...o, required: false } : o.name === 'page_size' ? { ...o, default: 1000 } : o.name === 'billing_project_id' ? { ...o, kind: 'names' as const } : o)),
        },
      },
    };
    expect(checkTableAgainstSpec('bdsdk_commands.py', changed, functions).map((d) => d.message)).toEqual([
      "the spec's list_tags has no Stata command in the table",
      "bd_read_sql: option query() is not required, but read_sql's query is required",
      "bd_read_sql: option billing_project_id() is a names option, but read_sql's billing_project_id (string) needs string",
      'bd_read_sql: option page_size() defaults to 1000, the spec\'s page_size to 10000',
    ]);
  });
});
