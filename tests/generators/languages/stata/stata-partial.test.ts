/**
 * A spec Stata can only partly express still gives a Stata package: what it
 * cannot express is left out with a warning naming why (and listed in the
 * README), the rest are commands, and the package passes the checker the
 * tests use. Each case is a minimal spec of tests/specs/fixtures/issue18.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../../../generators/src/diagnostics.js';
import { compileSpec, emitAll } from '../../../../generators/src/generate.js';
import { checkStataPackage, checkTableAgainstSpec, parseCommandTable, specFunctions, type CommandTable } from '../../../../generators/src/languages/stata/check/index.js';
import { tempDir } from '../../helpers.js';

const FIXTURES = 'tests/specs/fixtures/issue18';

interface Generated {
  readonly files: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
  readonly table: CommandTable;
}

async function generate(fixture: string): Promise<Generated> {
  const compiled = await compileSpec(`${FIXTURES}/${fixture}`);
  const { outputs, diagnostics } = await emitAll(compiled, { languages: ['stata'], outDir: tempDir('bdgen-stata-partial-') });
  const files = new Map(outputs[0]!.plan.files.map((f) => [f.path, f.contents]));
  const tableFile = [...files.keys()].find((p) => p.endsWith('_commands.py'))!;
  const parsed = parseCommandTable(tableFile, files.get(tableFile)!);
  expect(parsed.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
  // The checker the tests use, on the package as written.
  expect(checkStataPackage([...files].map(([path, contents]) => ({ path, contents }))).map((d) => formatDiagnostic(d))).toEqual([]);
  return { files, diagnostics, table: parsed.table! };
}

const warnings = (g: Generated, rule: string) => g.diagnostics.filter((d) => d.severity === 'warning' && d.rule === rule).map((d) => d.message);
const commandOf = (g: Generated, fn: string) => Object.values(g.table.commands).find((c) => c.function === fn);
const readme = (g: Generated) => g.files.get('README.md')!;

describe('a spec Stata can partly express', () => {
  it('leaves out an operation answering bytes, with a warning saying why, and writes the rest (stata-skip)', async () => {
    const g = await generate('stata-skip.yaml');
    expect(g.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(warnings(g, 'bdgen/stata-skipped')).toEqual(['operation get_picture is not a Stata command: it answers bytes, which cannot land in Stata as data.']);
    expect(commandOf(g, 'count_pictures')?.lands).toBe('object');
    expect(commandOf(g, 'get_picture')).toBeUndefined();
    expect(readme(g)).toMatch(/## Left out[\s\S]*`get_picture`: it answers bytes/);
  });

  it('still writes a package when every operation is left out: the setup command and a README saying why (stata-all-skipped)', async () => {
    const g = await generate('stata-all-skipped.yaml');
    expect(g.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(warnings(g, 'bdgen/stata-no-commands')).toHaveLength(1);
    expect(g.table.commands).toEqual({});
    expect([...g.files.keys()].filter((p) => p.endsWith('.ado'))).toHaveLength(1);
    expect(readme(g)).toMatch(/## Left out[\s\S]*`get_thumbnail`: it answers bytes/);
  });

  it('turns a boolean that defaults to true into a no<name> option that turns it off (stata-flag-default-true)', async () => {
    const g = await generate('stata-flag-default-true.yaml');
    expect(g.diagnostics.filter((d) => d.severity === 'error' || d.rule === 'bdgen/stata-skipped')).toEqual([]);
    const command = Object.entries(g.table.commands).find(([, c]) => c.function === 'list_things')!;
    expect(command[1].options.filter((o) => o.param).map((o) => [o.name, o.kind, o.param, o.default, o.negated])).toEqual([
      ['noverbose', 'flag', 'verbose', true, true],
      ['deleted', 'flag', 'deleted', undefined, undefined],
    ]);
    expect(g.files.get(`${command[0]}.ado`)).toMatch(/syntax \[, NOVerbose DELeted/);
    expect(g.files.get(`${command[0]}.sthlp`)).toContain('{opt nov:erbose}');
    // The table against the spec still finds the option agreeing with the parameter, and names one that does not.
    const functions = specFunctions((await compileSpec(`${FIXTURES}/stata-flag-default-true.yaml`)).ir);
    const tableFile = [...g.files.keys()].find((p) => p.endsWith('_commands.py'))!;
    expect(checkTableAgainstSpec(tableFile, g.table, functions)).toEqual([]);
    const plain = { ...g.table, commands: { [command[0]]: { ...command[1], options: command[1].options.map((o) => ({ ...o, negated: undefined })) } } };
    expect(checkTableAgainstSpec(tableFile, plain, functions).map((d) => d.message)).toEqual([
      `${command[0]}: option noverbose() defaults to true but is not negated: typing it would switch verbose on, which it already is`,
    ]);
  });

  it('makes commands of operations with a request body (body()) and of those answering no body (stata-body)', async () => {
    const g = await generate('stata-body.yaml');
    expect(g.diagnostics.filter((d) => d.severity === 'error' || d.rule === 'bdgen/stata-skipped')).toEqual([]);
    const bodyOf = (fn: string) => commandOf(g, fn)!.options.filter((o) => o.body).map((o) => [o.name, o.kind, o.body, o.required ?? false]);
    expect(bodyOf('create_note')).toEqual([['body', 'string', 'json', true]]);
    expect(bodyOf('rename_note')).toEqual([['body', 'string', 'form', false]]);
    expect(commandOf(g, 'delete_note')!.lands).toBe('none');
    expect(commandOf(g, 'rename_note')!.lands).toBe('none');
    // The table against the spec: a body option missing is named.
    const functions = specFunctions((await compileSpec(`${FIXTURES}/stata-body.yaml`)).ir);
    const [name, create] = Object.entries(g.table.commands).find(([, c]) => c.function === 'create_note')!;
    const without = { ...g.table, commands: { ...g.table.commands, [name]: { ...create, options: create.options.filter((o) => !o.body) } } };
    expect(checkTableAgainstSpec('t.py', without, functions).map((d) => d.message)).toEqual([`${name}: create_note's request body has no option`]);
  });
});

describe('parameters of one Stata name', () => {
  it('renames the later with a warning instead of refusing the spec (stata-same-name-params)', async () => {
    const g = await generate('stata-same-name-params.yaml');
    expect(g.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(warnings(g, 'bdgen/name-renamed')).toEqual([expect.stringMatching(/^parameter _group would be Stata name `group` .* it is `group_`\.$/)]);
    expect(commandOf(g, 'core_stats')!.options.filter((o) => o.param).map((o) => [o.name, o.param])).toEqual([['group', 'group'], ['group_', '_group']]);
  });
});

describe('credentials in the README', () => {
  it('lists each scheme with what it sends and its environment variables, and a way to set them that keeps the secret out of do-files (stata-credentials)', async () => {
    const g = await generate('stata-credentials.yaml');
    const text = readme(g);
    expect(text).toContain('| `key` | an API key, in the header `X-Key` | `VAULT_KEY` (the key) |');
    expect(text).toContain('| `login` | a user name and password (HTTP basic) | `VAULT_LOGIN_USERNAME` (the user name), `VAULT_LOGIN_PASSWORD` (the password) |');
    expect(text).toContain('os.environ["VAULT_KEY"] = open(os.path.expanduser(');
  });
});
