/**
 * The Stata emitter as a pure function: its files, names within Stata's
 * limits (the tricky fixture's keywords, over-long and clashing names), the old
 * package's commands, what it refuses, and its own output checked before
 * anything is written.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SpecError, type Diagnostic } from '../../../../generators/src/diagnostics.js';
import { loadRuntime, loadTemplates } from '../../../../generators/src/emit/templates.js';
import type { EmitResult } from '../../../../generators/src/emit/types.js';
import { compileSpec, emitAll } from '../../../../generators/src/generate.js';
import type { IR } from '../../../../generators/src/ir/types.js';
import { lexAdo, parseCommandTable, parseSyntax, type CommandTable } from '../../../../generators/src/languages/stata/check/index.js';
import { emitStata } from '../../../../generators/src/languages/stata/emit.js';
import { BUILT_IN_TEMPLATES, PROJECT_ROOT } from '../../../../generators/src/paths.js';
import { runCli, tempDir } from '../../helpers.js';

const templates = loadTemplates('stata', BUILT_IN_TEMPLATES);
const runtime = loadRuntime(resolve(PROJECT_ROOT, 'generators/src/languages/stata/runtime'));
const emit = (ir: IR): Promise<EmitResult> => emitStata({ ir, templates, runtime, specName: 'openapi.yaml', standalone: true });
const errors = (result: EmitResult): Diagnostic[] => result.diagnostics.filter((d) => d.severity === 'error');

function file(result: EmitResult, path: string): string {
  const found = result.files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path} in ${result.files.map((f) => f.path).join(', ')}`);
  return found.contents;
}

function table(result: EmitResult): CommandTable {
  const path = result.files.find((f) => f.path.endsWith('_commands.py'))!.path;
  return parseCommandTable(path, file(result, path)).table!;
}

/** The options `syntax` declares in a command's .ado. */
function syntaxOf(result: EmitResult, command: string) {
  const line = lexAdo(file(result, `${command}.ado`)).lines.find((l) => /^\s*syntax\b/.test(l.text))!;
  return parseSyntax(line.text.replace(/^\s*syntax/, ''));
}

/** Writes a small spec (JSON is YAML) and compiles it. */
async function specOf(paths: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<IR> {
  const dir = tempDir('bdgen-stata-');
  const spec = {
    openapi: '3.1.0',
    info: { title: 'Long names', version: '1.0.0', license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: 'http://127.0.0.1:9999' }],
    // The brand's short name `bd`: these commands are named as ours are (brand.test.ts has the prefix of others).
    'x-bd-packages': { python: { name: 'long-sdk', import: 'long_sdk' }, stata: { name: 'longsdk' }, brand: { name: 'Long names', short: 'bd', env_prefix: 'LONG' } },
    paths,
    ...extra,
  };
  writeFileSync(join(dir, 'openapi.yaml'), JSON.stringify(spec, null, 2));
  return (await compileSpec(join(dir, 'openapi.yaml'))).ir;
}

const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { value: { type: 'string' } } } } } } };
const query = (name: string, schema: object = { type: 'string' }) => ({ name, in: 'query', description: `The ${name}.`, schema });

let datalake: EmitResult;
let tricky: EmitResult;
beforeAll(async () => {
  datalake = await emit((await compileSpec('spec/datalake.yaml')).ir);
  tricky = await emit((await compileSpec('tests/specs/fixtures/tricky/openapi.yaml')).ir);
});

describe('emitStata on the datalake spec', () => {
  it('writes one flat folder: an .ado and an .sthlp per command, the setup helper, the table, .pkg, stata.toc, README and the runtime', () => {
    expect(errors(datalake)).toEqual([]);
    expect(datalake.ownedDirs).toEqual(['']);
    const commands = Object.keys(table(datalake).commands);
    expect(commands).toEqual([
      'bd_read_sql', 'bd_read_table', 'bd_download', 'bd_estimate_query', 'bd_search', 'bd_list_facet_values', 'bd_list_table_columns_by_uuid',
      'bd_get_table_stats', 'bd_export_catalog', 'bd_list_datasets', 'bd_get_dataset', 'bd_list_dataset_tables', 'bd_get_table',
      'bd_list_table_columns', 'bd_list_organizations', 'bd_list_themes', 'bd_list_tags', 'bd_get_table_description', 'bd_get_table_columns',
    ]);
    const runtimeCopies = [...runtime.keys()].filter((p) => p.endsWith('.py')).map((p) => `bdsdk_${p}`);
    expect(datalake.files.map((f) => f.path).sort()).toEqual([
      ...commands.flatMap((c) => [`${c}.ado`, `${c}.sthlp`]), '_bdsdk_setup.ado', 'bdsdk_commands.py', 'bdsdk.pkg', 'stata.toc', 'README.md', 'API.txt', ...runtimeCopies,
    ].sort());
    for (const copy of runtimeCopies) expect(file(datalake, copy)).toBe(runtime.get(copy.replace(/^bdsdk_/, '')));
  });

  it('is deterministic', async () => {
    expect((await emit((await compileSpec('spec/datalake.yaml')).ir)).files).toEqual(datalake.files);
  });

  it('lists every other file in bdsdk.pkg and offers the package in stata.toc', () => {
    const listed = file(datalake, 'bdsdk.pkg').split('\n').filter((l) => l.startsWith('f ')).map((l) => l.slice(2));
    expect(listed.sort()).toEqual(datalake.files.map((f) => f.path).filter((p) => p !== 'bdsdk.pkg' && p !== 'stata.toc' && p !== 'API.txt').sort()); // API.txt is for maintainers: not installed
    expect(file(datalake, 'stata.toc')).toMatch(/^v 3\nd .*\np bdsdk Catalogue and data access/);
  });

  it('enforces the required options and shows the defaults: required outside [ ], integers with their default', () => {
    // Text is taken `asis` (q("") is an empty text, not an option left out); names and integers without a default are plain strings.
    // The old package's options with its help's one-letter abbreviations (p(), d(), t(), b()); the others three letters.
    expect(file(datalake, 'bd_read_table.ado')).toContain([
      '    syntax , Dataset_id(string asis) Table_id(string asis) [Billing_project_id(string asis) ///',
      '        ENVironment(string asis) LIMit(string) COLumns(string) PAGe_size(integer 10000) ///',
      '        Path(string asis) clear]',
    ].join('\n'));
    const syntax = syntaxOf(datalake, 'bd_search');
    expect(syntax.options.map((o) => [o.name, o.required, o.type, o.argument.join(' ')])).toEqual([
      ['q', false, 'string', 'asis'], ['page', false, 'integer', '1'], ['page_size', false, 'integer', '10'], ['locale', false, 'string', 'asis'],
      ['theme', false, 'string', ''], ['organization', false, 'string', ''], ['tag', false, 'string', ''], ['observation_level', false, 'string', ''],
      ['spatial_coverage', false, 'string', ''], ['contains', false, 'string', ''], ['allpages', false, 'flag', ''], ['clear', false, 'flag', ''],
    ]);
    expect(table(datalake).commands.bd_search).toMatchObject({ lands: 'page', items: 'results', fields: 'SearchResult' });
    expect(table(datalake).commands.bd_search!.options.find((o) => o.name === 'theme')).toEqual({ name: 'theme', param: 'theme', kind: 'names' });
    expect(file(datalake, 'bd_read_sql.sthlp')).toContain('{synopt:{opt env:ironment(string)}}Which Base dos Dados BigQuery project (and backend) is used (see {cmd:x-bd-environments}). One of {cmd:prod}, {cmd:staging}, {cmd:dev}. Default {cmd:prod}.{p_end}');
  });

  it('says in its README which backend each environment calls and how to point the package at the local datalake', () => {
    const readme = file(datalake, 'README.md');
    expect(readme).toContain('| `prod` (the default) | `https://backend.basedosdados.org` | `basedosdados` |');
    expect(readme).toContain('| `dev` | `https://development.backend.basedosdados.org` | `basedosdados-dev` |');
    expect(readme).toContain('python: import basedosdados_sdk as bd; bd.config.environment = "staging"');
    expect(readme).toContain('`BASEDOSDADOS_API_URL=http://127.0.0.1:8787`');
    expect(file(tricky, 'README.md')).not.toContain('## Where the catalogue is'); // no environments in that spec
  });

  it('loads the catalogue\'s CSV as a dataset, and saves its text with saving() (replace to overwrite)', () => {
    expect(table(datalake).commands.bd_export_catalog).toEqual({
      function: 'export_catalog',
      lands: 'csv',
      summary: 'The whole catalogue as CSV.',
      options: [
        { name: 'locale', param: 'locale', kind: 'string', default: 'pt' },
        { name: 'saving', effect: 'saving', kind: 'string' },
        { name: 'replace', effect: 'replace', kind: 'flag' },
        { name: 'clear', effect: 'clear', kind: 'flag' },
      ],
    });
    expect(file(datalake, 'bd_export_catalog.ado')).toContain('    syntax [, LOCale(string asis) SAVing(string asis) REPlace clear]');
    const help = file(datalake, 'bd_export_catalog.sthlp');
    expect(help).toContain('It shows how many rows and columns the CSV text has and leaves the data in memory alone. With {opt clear} it loads the text as the dataset');
    expect(help).toContain('{synopt:{opt sav:ing(filename)}}Also save the text as it came, byte for byte, to this file.{p_end}');
    expect(help).toContain('{synopt:{cmd:r(N)}}number of observations (rows after the header){p_end}');
  });

  it('keeps the old package\'s commands: path() and billing_project_id() on bd_read_sql and bd_read_table, two deprecated commands', async () => {
    const { ir } = await compileSpec('spec/datalake.yaml');
    const aliases = ir.aliases.stata ?? [];
    expect(aliases.map((a) => a.name)).toEqual(['bd_read_sql', 'bd_read_table', 'bd_download', 'bd_list_datasets', 'bd_list_dataset_tables', 'bd_get_table_description', 'bd_get_table_columns']);
    const commands = table(datalake).commands;
    for (const alias of aliases) {
      // Every old option is still an option, typed in full or with one letter, so the old help's p(), d(), t(), b() and que() all work.
      const declared = syntaxOf(datalake, alias.name).options;
      for (const p of alias.params) {
        const option = declared.find((o) => o.name === p.name);
        expect(option, `${alias.name} ${p.name}`).toBeDefined();
        expect(option!.minimum, `${alias.name} ${p.name}`).toBe(1);
      }
      // Every other option keeps at least three letters, or is typed in full.
      for (const o of declared.filter((d) => !alias.params.some((p) => p.name === d.name))) expect(o.minimum === o.name.length || o.minimum >= 3, `${alias.name} ${o.name}`).toBe(true);
    }
    expect(syntaxOf(datalake, 'bd_read_sql').problems).toEqual([]); // p() for path beside PAGe_size: unambiguous
    expect(commands.bd_read_sql!.options.find((o) => o.name === 'path')).toEqual({ name: 'path', effect: 'save_csv', kind: 'string' });
    // path(): the rows are downloaded to that file as CSV, then imported with import delimited (stata_files.py).
    expect(commands.bd_read_table).toMatchObject({ save_csv: { function: 'download', path: 'path', args: { format: 'csv' } } });
    expect(file(datalake, 'bd_read_sql.sthlp')).toContain('{synopt:{opt p:ath(filename)}}From the basedosdados Stata package. Save the rows to this CSV file and load them from it with {cmd:import delimited}');
    expect(file(datalake, 'bd_download.sthlp')).toContain('{cmd:bd_download}{cmd:,} {opt p:ath(filename)} [{it:options}]');
    expect(commands.bd_get_table_description).toMatchObject({ function: 'get_table', lands: 'object', display_field: 'description', deprecated: { use: 'bd_get_table' } });
    expect(commands.bd_get_table_columns).toMatchObject({ function: 'list_table_columns', lands: 'page', all_pages: true, deprecated: { use: 'bd_list_table_columns, allpages' } });
    expect(file(datalake, 'bd_get_table_columns.sthlp')).toContain('it is deprecated: use {cmd:bd_list_table_columns, allpages}');
  });
});

describe('Stata names', () => {
  const limits = (result: EmitResult) => {
    const t = table(result);
    for (const [name, command] of Object.entries(t.commands)) {
      expect(name).toMatch(/^[a-z_][a-z0-9_]{0,31}$/);
      for (const o of command.options) expect(o.name, `${name} ${o.name}`).toMatch(/^[a-z_][a-z0-9_]{0,30}$/);
    }
    const sets = [...Object.values(t.field_sets ?? {}), ...Object.values(t.commands).map((c) => (Array.isArray(c.fields) ? c.fields : []))];
    for (const field of sets.flat() as { var: string }[]) expect(field.var).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/);
  };

  it('turn the tricky fixture\'s keywords into valid names within the limits (in_, if_; end is no reserved word)', () => {
    expect(errors(tricky)).toEqual([]);
    limits(tricky);
    expect(table(tricky).commands.tf_get_class!.options.map((o) => [o.name, o.param, o.keyword])).toEqual([
      ['in_', 'in', 'in_'], ['end', 'end', undefined], ['if_', 'if', 'if_'], ['clear', undefined, undefined],
    ]);
    expect(file(tricky, 'tf_get_class.ado')).toContain('syntax , in_(string asis) end(string) [if_(string asis) clear]');
  });

  it('shorten over-long commands, options and variables with a digest: within 32 and 31, distinct, the same every run', async () => {
    const long = 'include_the_estimated_population_of_every';
    const ir = await specOf({
      '/a': { get: { operationId: 'listEveryMunicipalityPopulationEstimateByYearAndState', parameters: [query(`${long}_municipality`), query(`${long}_state_capital`), query('clear'), query('in'), query('2fa')], responses: ok } },
      '/b': { get: { operationId: 'listEveryMunicipalityPopulationEstimateByYearAndRegion', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { [`${long}_municipality_of_the_state`]: { type: 'integer' }, _all: { type: 'string' } } } } } } } } },
    });
    const result = await emit(ir);
    expect(errors(result)).toEqual([]);
    limits(result);
    const t = table(result);
    const names = Object.keys(t.commands);
    expect(names).toHaveLength(2);
    expect(names[0]).not.toBe(names[1]);
    expect(names.every((n) => /^bd_list_every_municipality_[0-9a-f]{4}$/.test(n))).toBe(true);
    const options = t.commands[names[0]!]!.options.map((o) => o.name);
    expect(options.slice(0, 2).every((n) => n.startsWith('include_the_estimated_') && n.length <= 31)).toBe(true);
    expect(options.slice(2)).toEqual(['clear_', 'in_', 'n2fa', 'clear']);
    expect(t.commands[names[1]!]!.fields).toEqual([
      expect.objectContaining({ var: expect.stringMatching(/^include_the_estimated_popul_[0-9a-f]{4}$/) }),
      expect.objectContaining({ var: 'all', path: ['_all'] }),
    ]);
    expect((await emit(ir)).files).toEqual(result.files);
  });

  it('report two operations that end up with one Stata name, naming both; rename the later of two such parameters, with a warning', async () => {
    const result = await emit(await specOf({
      '/a': { get: { operationId: 'getX', parameters: [query('page-size'), query('page_size')], responses: ok } },
      '/b': { get: { operationId: 'get_x', responses: ok } },
    }));
    expect(errors(result).map((d) => [d.rule, d.message.replace(/ \(#.*?\)/, '')])).toEqual([
      ['bdgen/name-clash', 'operation get_x becomes Stata name `bd_get_x` in package longsdk, which operation getX already has.'],
    ]);
    expect(result.diagnostics.filter((d) => d.rule === 'bdgen/name-renamed').map((d) => d.message)).toEqual([
      'parameter page_size would be Stata name `page_size` in options of bd_get_x, which parameter page-size has; it is `page_size_`.',
    ]);
    expect(result.files).toEqual([]);
  });
});

describe('what the Stata emitter refuses or leaves out', () => {
  it('refuses old options the runtime cannot honour and an old name that is no Stata name', async () => {
    const result = await emit(await specOf({
      '/b': { get: { operationId: 'getB', parameters: [query('id')], responses: ok } },
    }, {
      'x-bd-aliases': { stata: [
        { name: 'bd_old_b', target: 'getB', parameters: [{ name: 'again', effect: 'reauth' }, { name: 'id', to: 'id' }] },
        { name: 'BdOld', target: 'getB' },
      ] },
    }));
    expect(errors(result).map((d) => d.message)).toEqual([
      'old option again of bd_old_b switches on reauth, which the Stata runtime does not do for bd_get_b.',
      'old command BdOld is not a Stata command name: lowercase letters, digits and _, at most 32 characters.',
    ]);
  });

  // With no other error, so the emitter gets as far as its self-check (which once demanded a command for every operation).
  it('leaves out an operation answering bytes with a counted warning, and still writes the package that passes its self-check', async () => {
    const binary = { '200': { description: 'bytes', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } };
    const result = await emit(await specOf({
      '/a': { get: { operationId: 'getA', responses: binary } },
      '/b': { post: { operationId: 'postB', requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: ok } },
    }));
    expect(errors(result)).toEqual([]);
    expect(result.diagnostics.filter((d) => d.rule === 'bdgen/stata-skipped').map((d) => d.message)).toEqual([
      'operation getA is not a Stata command: it answers bytes, which cannot land in Stata as data.',
    ]);
    expect(Object.keys(table(result).commands)).toEqual(['bd_post_b']);
    expect(file(result, 'README.md')).toContain('- `getA`: it answers bytes, which cannot land in Stata as data.');
  });

  it('names a package from the title when the spec names none, with a warning', async () => {
    const ir = await specOf({ '/b': { get: { operationId: 'getB', responses: ok } } }, { 'x-bd-packages': { python: { name: 'long-sdk', import: 'long_sdk' } } });
    const result = await emit(ir);
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', rule: 'bdgen/package-name-derived', message: expect.stringContaining('it is long_names') })]);
    expect(result.files.map((f) => f.path)).toContain('long_names.pkg');
  });
});

describe('the emitter checks its own output', () => {
  it('turns a finding of the package checker into an error, and nothing is written', async () => {
    const overlay = tempDir('bdgen-stata-templates-');
    mkdirSync(join(overlay, 'stata'));
    // A fork's template that forgets `version 16`: every command would run under the caller's version.
    writeFileSync(join(overlay, 'stata/command.ado.hbs'), 'program define {{name}}, rclass\n{{syntax}}\n    {{setup}}\n    python: import {{runtime}}; {{runtime}}.main("{{table}}", "{{name}}")\nend\n');
    const out = tempDir('bdgen-stata-out-');
    const run = emitAll(await compileSpec('spec/datalake.yaml'), { languages: ['stata'], outDir: out, templatesDir: overlay });
    await expect(run).rejects.toBeInstanceOf(SpecError);
    const problems = ((await run.catch((e: unknown) => e)) as SpecError).diagnostics;
    expect(problems.length).toBe(Object.keys(table(datalake).commands).length);
    expect(problems[0]).toMatchObject({ severity: 'error', rule: 'bdgen/stata-check' });
    expect(problems[0]!.message).toMatch(/\(stata\/version\) in bd_\w+\.ado:\d+: program bd_\w+ must start with version 16/);
    const cli = await runCli('generate', '--lang', 'stata', '--out', out, '--templates', overlay);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('bdgen/stata-check');
    expect(readdirSync(out)).toEqual([]);
  });
});
