/**
 * The R emitter as a pure function: the package layout, DESCRIPTION and
 * NAMESPACE from the runtime's contract, names R users know, the old
 * functions of x-bd-aliases.r, and what it refuses as a diagnostic.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSpec, targetRuntime, type CompiledSpec } from '../../../../generators/src/generate.js';
import { loadTemplates } from '../../../../generators/src/emit/templates.js';
import type { EmitResult } from '../../../../generators/src/emit/types.js';
import type { IR } from '../../../../generators/src/ir/types.js';
import { LANGUAGES } from '../../../../generators/src/languages/index.js';
import { emitR } from '../../../../generators/src/languages/r/emit.js';
import { ALIAS_EFFECT_FILLS, DATA_RUNTIME_EXPORTS, DATA_RUNTIME_FUNCTIONS, DATA_RUNTIME_PAGES, R_IMPORTS, R_SUGGESTS, RUNTIME_EXPORTS, RUNTIME_S3_METHODS } from '../../../../generators/src/languages/r/runtime-contract.js';
import { BUILT_IN_TEMPLATES } from '../../../../generators/src/paths.js';
import { tempDir } from '../../helpers.js';

const templates = loadTemplates('r', BUILT_IN_TEMPLATES);
const runtime = targetRuntime(LANGUAGES.r);
let compiled: CompiledSpec;
let result: EmitResult;

const emit = (ir: IR): Promise<EmitResult> => emitR({ ir, templates, runtime, specName: 'datalake.yaml', standalone: true });
const file = (r: EmitResult, path: string): string => {
  const found = r.files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path} in ${r.files.map((f) => f.path).join(', ')}`);
  return found.contents;
};
/** The formals of an R function as written in its file: `name <- function(...) {`. */
const formalsOf = (source: string, name: string): string[] => {
  const match = new RegExp(`^${name} <- function\\(([^]*?)\\) \\{$`, 'm').exec(source);
  if (!match) throw new Error(`no function ${name}`);
  // Split at commas outside parentheses and strings.
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const char of match[1]!) {
    if (char === '"') quoted = !quoted;
    if (!quoted && char === '(') depth += 1;
    if (!quoted && char === ')') depth -= 1;
    if (!quoted && depth === 0 && char === ',') {
      args.push(current.trim());
      current = '';
    } else current += char;
  }
  return [...args, current.trim()].filter((a) => a !== '');
};

/** A spec of one operation, for the refusals. */
async function specWith(operationId: string, extra = ''): Promise<IR> {
  const dir = tempDir();
  writeFileSync(join(dir, 'spec.yaml'), [
    'openapi: 3.1.0', 'info: {title: Names, version: 1.0.0, license: {name: MIT, identifier: MIT}, contact: {email: a@b.org}}',
    'servers: [{url: "http://127.0.0.1:9"}]', 'x-bd-packages: {r: {name: names}}', extra,
    'paths:', '  /a:', '    get:', `      operationId: ${operationId}`, '      summary: A.', '      description: A.',
    '      responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}, "404": {description: no}}',
  ].join('\n'));
  return (await compileSpec(join(dir, 'spec.yaml'))).ir;
}

beforeAll(async () => {
  compiled = await compileSpec('spec/datalake.yaml');
  result = await emit(compiled.ir);
});

describe('emitR on the datalake spec', () => {
  it('writes a source package: DESCRIPTION, NAMESPACE, R/, a help page per export, the runtime and its tests', () => {
    const paths = result.files.map((f) => f.path);
    for (const path of ['DESCRIPTION', 'NAMESPACE', 'LICENSE', 'README.md', 'R/spec.R', 'R/package.R', 'R/data.R', 'R/aliases.R', 'R/datasets.R', 'R/tables.R', 'R/search.R']) expect(paths).toContain(path);
    // The runtime is copied byte for byte, its tests with the shared tables they read.
    const copied = [...runtime].filter(([path]) => /^(R|man|tests)\//.test(path) && path !== 'man/topics.txt');
    expect(copied.length).toBeGreaterThan(20);
    for (const [path, contents] of copied) expect(file(result, path), path).toBe(contents);
    expect(paths).toContain('tests/testthat/retry-cases.json');
    expect(result.ownedDirs).toEqual(['R', 'man', 'tests']);
    expect(result.diagnostics.map((d) => d.rule)).toEqual(['bdgen/r-maintainer']);
  });

  it('exports every function with a help page naming it, and nothing the runtime owns', () => {
    const exports = [...file(result, 'NAMESPACE').matchAll(/^export\((.+)\)$/gm)].map((m) => m[1]!.replace(/^"(.*)"$/, '$1'));
    expect(exports).toEqual([...exports].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const name of exports) {
      const page = result.files.find((f) => f.path.startsWith('man/') && f.contents.includes(`\\alias{${name.replace(/%/g, '\\%')}}`));
      expect(page, name).toBeDefined();
    }
    const generated = exports.filter((n) => !RUNTIME_EXPORTS.includes(n));
    expect(generated.filter((n) => n.startsWith('bd_'))).toEqual([]);
    expect(file(result, 'NAMESPACE')).toMatch(/^S3method\(print,bd_page\)$/m);
  });

  it('names the functions R users know, and calls search search_catalogue (search() is base R\'s)', () => {
    const exports = file(result, 'NAMESPACE');
    for (const name of ['set_billing_id', 'get_billing_id', 'read_sql', 'read_table', 'download', 'estimate_query', 'list_datasets', 'get_table', 'search_catalogue']) {
      expect(exports).toContain(`export(${name})`);
    }
    expect(exports).not.toContain('export(search)');
    expect(file(result, 'R/spec.R')).toContain('search = list(export = "search_catalogue", operation = "search", result = "page")');
  });

  it('writes DESCRIPTION from the spec and the runtime\'s contract: version, licence, Imports, Suggests', () => {
    const description = file(result, 'DESCRIPTION');
    expect(description).toMatch(/^Package: basedosdadosSDK$/m);
    expect(description).toMatch(new RegExp(`^Version: ${compiled.ir.info.version.replace(/\./g, '\\.')}$`, 'm'));
    expect(description).toMatch(/^License: MIT \+ file LICENSE$/m);
    expect(description).toContain(`Imports: ${R_IMPORTS.map((p) => p.name).join(', ')}\n`);
    expect(description).toMatch(/^Suggests: testthat \(>= 3\.0\.0\), webfakes, withr, nanoparquet, arrow, dplyr, dbplyr, magrittr$/m);
    expect(description).toMatch(/^Imports: DBI, methods, /m);
    expect(description).toMatch(/^Authors@R: person\("Base dos Dados", role = c\("aut", "cre"\), email = "maintainer@example\.invalid"\)$/m);
  });

  it('keeps the old download() argument order, then ours', () => {
    expect(formalsOf(file(result, 'R/data.R'), 'download')).toEqual([
      'query = NULL', 'table = NULL', 'path', 'billing_project_id = NULL', '.na = NULL',
      'dataset_id = NULL', 'table_id = NULL', 'environment = NULL', 'limit = NULL', 'columns = NULL', 'format = NULL', 'page_size = 10000',
      'timeout = NULL',
    ]);
    const body = file(result, 'R/data.R');
    // The runtime gives the warning: with a query, `table` is basedosdados 0.0.5's path (download(query, path)).
    expect(body).toContain('bd_alias_effect(.bd_spec, "split_table", table, "table", "download", given = .args, warn = c("download(table)", ');
    expect(body).toContain('if (!is.null(.na)) bd_warn_deprecated("download(.na)"');
    // The path, invisibly, as basedosdados 0.2.3 returned it.
    expect(body).toContain('bd_file_value(bd_download(.bd_spec, .args, options = list(timeout = timeout), call = sys.call()))');
  });

  it('lets the data functions read the environment in use when none is given', () => {
    const data = file(result, 'R/data.R');
    for (const name of ['read_sql', 'read_table', 'download', 'estimate_query']) expect(formalsOf(data, name)).toContain('environment = NULL');
    expect(file(result, 'man/read_table.Rd').replace(/\s+/g, ' ')).toContain('Default: the option \\code{basedosdadosSDK.environment}, else \\code{BASEDOSDADOS_ENVIRONMENT}, else \\code{"prod"}.');
  });

  it('gives list_dataset_tables() the old shape by default and ours with as = "page"', () => {
    const tables = file(result, 'R/tables.R');
    expect(formalsOf(tables, 'list_dataset_tables').at(-1)).toBe('as = c("tibble", "page")');
    expect(tables).toContain('if (identical(as, "page")) .page else bd_old_shape(.bd_spec, "tables_0_2_3", bd_alias_result(.page, "all_items"), call = sys.call())');
    expect(file(result, 'man/list_dataset_tables.Rd').replace(/\s+/g, ' ')).toContain('\\code{name} (the BigQuery table id, \\code{municipio}) and \\code{description}');
    expect(file(result, 'R/spec.R')).toContain('list_dataset_tables = list(export = "list_dataset_tables", operation = "listDatasetTables", result = "page", arguments = list(as = "page"))');
  });

  it('writes each other old name as a deprecated function with the old signature', () => {
    const aliases = file(result, 'R/aliases.R');
    expect(formalsOf(aliases, 'get_table_description')).toEqual(['dataset_id', 'table_id']);
    expect(formalsOf(aliases, 'dataset_search')).toEqual(['search_term = NULL', 'page_size = 100']);
    expect(aliases).toContain('bd_warn_deprecated("dataset_search", "dataset_search() (basedosdados 0.2.3) is deprecated; use search_catalogue(q = ..., page_size = ...) instead")');
    // The full-text search, as 0.2.3 searched, in 0.2.3's tibble (runtime-old-shapes.R).
    expect(aliases).toContain('bd_old_shape(.bd_spec, "search_0_2_3", bd_alias_result(do.call("search_catalogue", Filter(Negate(is.null), .args)), "all_items"), call = sys.call())');
    expect(aliases).toContain('bd_alias_result(do.call("list_table_columns", Filter(Negate(is.null), .args)), "all_items")');
    for (const name of ['dataset_search', 'get_dataset_description', 'get_table_description', 'get_table_columns']) expect(file(result, 'NAMESPACE')).toContain(`export(${name})`);
  });

  it('says in every catalogue function\'s help and in the README which backend each environment calls, and how to use the local datalake', () => {
    const page = file(result, 'man/get_table.Rd').replace(/\s+/g, ' ');
    expect(page).toContain('then the catalogue URL of the environment in use (the option \\code{basedosdadosSDK.environment}, else \\code{BASEDOSDADOS_ENVIRONMENT}, else "prod"), then the spec\'s first server.');
    const readme = file(result, 'README.md');
    for (const env of compiled.ir.environments) {
      expect(env.apiUrl).toMatch(/^https:\/\//);
      expect(readme).toContain(`| \`${env.name}\`${env.isDefault ? ' (default)' : ''} | <${env.apiUrl}> | \`${env.project}\` |`);
    }
    expect(readme).toContain('options(basedosdadosSDK.environment = "staging")');
    expect(readme).toContain('Sys.setenv(BASEDOSDADOS_API_URL = "http://127.0.0.1:8787")');
    // The quick start shows the list and get functions, and the condition a missing dataset gives.
    expect(readme).toContain('page <- list_datasets(q = "Censo")');
    expect(readme).toMatch(/get_dataset\("br_ibge_pib", locale = "en"\),\n {2}bd_not_found = function\(e\) NULL/);
  });

  it('is deterministic', async () => {
    expect((await emit(compiled.ir)).files).toEqual(result.files);
  });
});

describe('emitR refuses what would break the package', () => {
  it('renames an export that would mask an attached function', async () => {
    const r = await emit(await specWith('format'));
    expect(file(r, 'NAMESPACE')).toContain('export(format_catalogue)');
  });

  it('shortens an over-long name the same way every time, so its help page path stays portable', async () => {
    const long = `get${'VeryLongName'.repeat(8)}`;
    const r = await emit(await specWith(long));
    const name = /^export\((get_very\w+)\)$/m.exec(file(r, 'NAMESPACE'))![1]!;
    expect(name.length).toBeLessThanOrEqual(60);
    expect(name).toMatch(/_[0-9a-f]{4}$/);
    expect(r.files.some((f) => f.path === `man/${name}.Rd`)).toBe(true);
    expect(file(await emit(await specWith(long)), 'NAMESPACE')).toBe(file(r, 'NAMESPACE'));
  });

  it('refuses a name in the runtime\'s bd_ prefix', async () => {
    const r = await emit(await specWith('bdStatus'));
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ rule: 'bdgen/r-name', severity: 'error' }));
  });

  it('refuses an old argument that is not an R name, and an effect the runtime does not have', async () => {
    const aliases = 'x-bd-aliases: {r: [{name: old_a, target: getA, parameters: [{name: _x, ignored: "no"}, {name: y, effect: reauth}]}]}';
    const r = await emit(await specWith('getA', aliases));
    const problems = r.diagnostics.filter((d) => d.rule === 'bdgen/r-unsupported').map((d) => d.message);
    expect(problems).toEqual([
      'the old argument `_x` of old_a is not a syntactic R name.',
      'the R runtime has no alias effect reauth (it has split_table, query_from_file).',
    ]);
  });

  it('refuses a package name R does not accept', async () => {
    const ir = await specWith('getA');
    const r = await emit({ ...ir, packages: { ...ir.packages, r: { name: 'bad_name' } } });
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ rule: 'bdgen/r-package', severity: 'error' }));
  });
});

describe('the R runtime\'s contract (runtime-contract.ts) against the runtime\'s code', () => {
  /** The runtime's R code, comments removed (a `#` after a blank or at a line start; `#` inside a pattern stays). */
  const code = (prefix: string) => [...runtime].filter(([path]) => path.startsWith(prefix) && path.endsWith('.R'))
    .map(([, text]) => text.split('\n').map((line) => line.replace(/(^|\s)#.*$/, '')).join('\n')).join('\n');
  /** Packages called as `pkg::`, outside string literals. */
  const used = (text: string) => new Set([...text.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(/\b([A-Za-z][A-Za-z0-9.]*)::/g)].map((m) => m[1]!));

  /** Packages the runtime loads only when installed: named on a line that asks requireNamespace(). */
  const optional = () => [...new Set(code('R/').split('\n').filter((line) => line.includes('requireNamespace'))
    .flatMap((line) => [...line.matchAll(/"([A-Za-z][A-Za-z0-9.]*)"/g)].map((q) => q[1]!)))];

  it('imports exactly the packages the runtime calls unguarded', () => {
    expect(new Set(optional())).toEqual(new Set(['dplyr', 'dbplyr', 'magrittr', 'nanoparquet', 'arrow']));
    const unguarded = [...used(code('R/'))].filter((p) => !optional().includes(p));
    expect(new Set(R_IMPORTS.map((p) => p.name))).toEqual(new Set(unguarded));
  });

  it('suggests what the runtime loads when installed and what its tests use', () => {
    const tests = [...used(code('tests/')), 'testthat'].filter((p) => !R_IMPORTS.some((i) => i.name === p));
    expect(new Set(R_SUGGESTS.map((p) => p.name))).toEqual(new Set([...optional(), ...tests]));
  });

  it('exports what the runtime marks @export, with the S3 methods it defines', () => {
    const all = [...runtime].filter(([path]) => path.startsWith('R/')).map(([, text]) => text).join('\n');
    // `@exportS3Method pkg::generic` registers a method when pkg (a Suggests) is loaded.
    const exported = [...all.matchAll(/#' @export(?:S3Method (\w+)::\w+)?\n`?([A-Za-z_.%>]+)`? <- function/g)].map((m) => (m[1] ? `${m[1]}::${m[2]}` : m[2]!));
    const methods = RUNTIME_S3_METHODS.map((m) => `${m.generic}.${m.cls}`);
    expect(new Set(exported)).toEqual(new Set([...RUNTIME_EXPORTS, ...methods]));
  });

  it('reads its environment variables and names its condition classes by the brand of the generated spec record', () => {
    expect(code('R/')).toContain('bd_env_name <- function(spec, setting) paste0(spec$env_prefix, "_", setting)');
    expect(code('R/')).not.toMatch(/"BASEDOSDADOS_|"bd_error"/);
    expect(file(result, 'R/spec.R')).toContain('  short = "bd",\n  env_prefix = "BASEDOSDADOS",\n');
  });

  it('documents each BigQuery export of the runtime on a page it leaves out without data functions', () => {
    const pages = DATA_RUNTIME_PAGES.map((path) => runtime.get(path)!);
    for (const name of DATA_RUNTIME_EXPORTS) expect(pages.some((page) => page.includes(`\\alias{${name.replace(/%/g, '\\%')}}`)), name).toBe(true);
    for (const page of pages) expect(DATA_RUNTIME_EXPORTS.some((name) => page.includes(`\\alias{${name.replace(/%/g, '\\%')}}`))).toBe(true);
  });

  it('names data functions and alias effects the runtime has', () => {
    const all = code('R/');
    for (const name of Object.keys(DATA_RUNTIME_FUNCTIONS)) expect(all).toMatch(new RegExp(`^bd_${name} <- function\\(spec, args`, 'm'));
    for (const effect of Object.keys(ALIAS_EFFECT_FILLS)) expect(all).toMatch(new RegExp(`^    ${effect} = \\{$`, 'm'));
  });
});

describe('emitR on another API\'s spec (tests/specs/fixtures/issue18/r-security.yaml): its own brand, no BigQuery', () => {
  it('names its environment variables and condition classes after the spec, and says nothing of Base dos Dados, BigQuery or billing', async () => {
    const other = await emit((await compileSpec('tests/specs/fixtures/issue18/r-security.yaml')).ir);
    const verbatim = new Set(runtime.values());
    const own = other.files.filter((f) => !verbatim.has(f.contents) && f.path !== 'R/spec.R');
    for (const f of own) expect(f.contents, f.path).not.toMatch(/Base dos Dados|basedosdados|BASEDOSDADOS|\bbd_error\b|\bbd_not_found\b|BigQuery|billing/i);
    expect(file(other, 'R/spec.R')).toContain('  short = "secure_zoo",\n  env_prefix = "SECURE_ZOO",\n');
    const readme = file(other, 'README.md');
    expect(readme).toContain('the environment variable `SECURE_ZOO_API_URL`');
    expect(readme).toContain('secure_zoo_not_found = function(e) NULL');
    expect(readme).toContain('| `basic_auth` | `basic_auth = c(username = "<user>", password = "<password>")` | `SECURE_ZOO_BASIC_AUTH_USERNAME` and `SECURE_ZOO_BASIC_AUTH_PASSWORD` |');
    expect(file(other, 'man/securezoo-package.Rd')).toContain('\\item{\\code{zoo_oauth}}');
    const namespace = file(other, 'NAMESPACE');
    for (const name of DATA_RUNTIME_EXPORTS) expect(namespace).not.toContain(`export(${name.replace('%>%', '"%>%"')})`);
    expect(other.files.map((f) => f.path)).not.toEqual(expect.arrayContaining(['man/set_billing_id.Rd']));
    expect(other.files.map((f) => f.path).filter((p) => DATA_RUNTIME_PAGES.includes(p))).toEqual([]);
  });
});
