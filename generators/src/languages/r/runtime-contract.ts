/**
 * What the hand-written R runtime (runtime/, README.md) provides and needs,
 * so the emitter writes DESCRIPTION and NAMESPACE from one table and
 * refuses a spec that asks for more than the runtime does. A test checks the
 * tables against the runtime's code (tests/generators/languages/r/r-emitter.test.ts).
 */
import type { IRDataFunction } from '../../ir/types.js';

/** Runtime folders (under `runtime/`) and where their files go in the package. */
export const RUNTIME_FOLDERS: Readonly<Record<string, string>> = { 'R/': 'R/', 'man/': 'man/', 'tests/': 'tests/' };

/** The oldest R the runtime supports. */
export const R_DEPENDS = 'R (>= 4.2)';

/**
 * Packages the runtime calls, with what for: as `pkg::fun`, except DBI and
 * methods, whose classes and generics the DBI backend extends (runtime-dbi.R;
 * NAMESPACE imports them, R_NAMESPACE_IMPORTS).
 */
export const R_IMPORTS: readonly { readonly name: string; readonly why: string }[] = [
  { name: 'DBI', why: 'the DBI connection of the dplyr flow: its S4 classes extend DBI\'s, which must exist when the package is installed' },
  { name: 'methods', why: 'S4 classes and methods of the DBI connection' },
  { name: 'httr2', why: 'HTTP requests to the catalogue API and BigQuery' },
  { name: 'curl', why: 'the next BigQuery result page requested while this one is converted (curl\'s multi interface, which httr2 0.2.2 does not expose; httr2 depends on curl)' },
  { name: 'jsonlite', why: 'JSON bodies' },
  { name: 'tibble', why: 'pages and query results as tibbles' },
  { name: 'gargle', why: 'Google credentials (application default or service account)' },
  { name: 'stats', why: 'setNames' },
  { name: 'utils', why: 'the package version in the User-Agent' },
];

/** Packages used when installed: the runtime's tests, and Parquet writers; `data`: only the data functions use it. */
export const R_SUGGESTS: readonly { readonly name: string; readonly version?: string; readonly why: string; readonly data?: true }[] = [
  { name: 'testthat', version: '>= 3.0.0', why: 'the tests' },
  { name: 'webfakes', why: 'HTTP servers on 127.0.0.1 for the tests' },
  { name: 'withr', why: 'the tests' },
  { name: 'nanoparquet', why: 'Parquet downloads', data: true },
  { name: 'arrow', why: 'Parquet downloads, when nanoparquet is not installed', data: true },
  { name: 'dplyr', why: 'the dplyr flow of basedosdados 0.2.3 (bdplyr(), bd_collect(), dplyr::tbl() on bd_driver()); only it needs dplyr', data: true },
  { name: 'dbplyr', why: 'dplyr verbs as BigQuery SQL; its methods are registered when it is loaded', data: true },
  { name: 'magrittr', why: 'the %>% basedosdados 0.2.3 exported (installed with dplyr)', data: true },
];

/** NAMESPACE imports of the runtime (roxygen's lines): DBI's classes and the generics runtime-dbi.R gives methods. */
export const R_NAMESPACE_IMPORTS: readonly string[] = [
  ...['DBIConnection', 'DBIDriver', 'DBIResult'].map((c) => `importClassesFrom(DBI,${c})`),
  ...['dbClearResult', 'dbColumnInfo', 'dbConnect', 'dbDataType', 'dbDisconnect', 'dbFetch', 'dbGetInfo', 'dbGetQuery', 'dbGetRowCount',
    'dbGetStatement', 'dbHasCompleted', 'dbIsValid', 'dbQuoteIdentifier', 'dbQuoteString', 'dbSendQuery'].map((f) => `importFrom(DBI,${f})`),
  'importFrom(methods,new)',
  'importFrom(methods,show)',
];

/** The runtime's exported functions (its own help pages are copied from runtime/man); every name is taken in any package. */
export const RUNTIME_EXPORTS: readonly string[] = [
  'set_billing_id', 'get_billing_id', 'bd_has_next_page', 'bd_next_page', 'bd_collect_pages',
  'bdplyr', 'bd_driver', 'bd_collect', 'bd_write', 'bd_write_csv', 'bd_write_rds', '%>%',
];

/**
 * The runtime exports of BigQuery (the billing project, the dplyr flow), with
 * their help pages: exported only by a package whose spec has data functions
 * (x-bd-data); elsewhere they stay internal and undocumented.
 */
export const DATA_RUNTIME_EXPORTS: readonly string[] = [
  'set_billing_id', 'get_billing_id', 'bdplyr', 'bd_driver', 'bd_collect', 'bd_write', 'bd_write_csv', 'bd_write_rds', '%>%',
];
export const DATA_RUNTIME_PAGES: readonly string[] = ['man/set_billing_id.Rd', 'man/get_billing_id.Rd', 'man/bdplyr.Rd', 'man/bd_driver.Rd', 'man/bd_collect.Rd', 'man/bd_write.Rd', 'man/pipe.Rd'];

/** The runtime's exports of a package: all of them with data functions, else those of the catalogue. */
export const runtimeExports = (hasData: boolean): readonly string[] => (hasData ? RUNTIME_EXPORTS : RUNTIME_EXPORTS.filter((name) => !DATA_RUNTIME_EXPORTS.includes(name)));

/** The data functions' argument naming an environment; when not given, the runtime uses the environment in use. */
export const ENVIRONMENT_PARAM = 'environment';

/**
 * S3 methods the runtime defines for its classes, as NAMESPACE registers them;
 * `pkg::generic` ones (dbplyr's, a Suggests) are registered when pkg is loaded.
 */
export const RUNTIME_S3_METHODS: readonly { readonly generic: string; readonly cls: string }[] = [
  { generic: 'print', cls: 'bd_page' },
  ...['db_connection_describe', 'dbplyr_edition', 'sql_escape_date', 'sql_escape_datetime', 'sql_join_suffix', 'sql_query_fields',
    'sql_query_join', 'sql_query_multi_join', 'sql_query_semi_join', 'sql_translation']
    .map((generic) => ({ generic: `dbplyr::${generic}`, cls: 'BdConnection' })),
];

/**
 * Each data function the runtime implements (`bd_<name>`), with the arguments
 * it reads (wire names) and, when its result is not returned as it is, the
 * runtime function that makes the value (download(): the path, invisibly).
 */
export const DATA_RUNTIME_FUNCTIONS: Readonly<Record<string, { readonly params: readonly string[]; readonly value?: string }>> = {
  read_sql: { params: ['query', 'billing_project_id', 'environment', 'page_size'] },
  read_table: { params: ['dataset_id', 'table_id', 'columns', 'limit', 'billing_project_id', 'environment', 'page_size'] },
  download: { params: ['path', 'query', 'dataset_id', 'table_id', 'columns', 'limit', 'format', 'billing_project_id', 'environment', 'page_size'], value: 'bd_file_value' },
  estimate_query: { params: ['query', 'billing_project_id', 'environment'] },
};

/** The option every data function takes after the spec's parameters (`options$timeout` of `bd_<name>()`). */
export const DATA_CALL_OPTIONS = [
  { name: 'timeout', doc: (pkg: string) => `Seconds each BigQuery request may take, per try (a retried request gets as long again; the whole query may take longer); default 10 s more than the option \`${pkg}.timeout\` (30 s).` },
] as const;

/** The alias effects `bd_alias_effect()` implements, with the target's arguments (wire names) each fills. */
export const ALIAS_EFFECT_FILLS: Readonly<Record<string, readonly string[]>> = {
  split_table: ['dataset_id', 'table_id'],
  query_from_file: ['query'],
};

/**
 * The tibbles basedosdados 0.2.3's metadata functions returned, by old name
 * (runtime-old-shapes.R's bd_old_shape()), with the operations each one
 * reads: an alias of that name and origin returning every item gets its old
 * shape when the spec has them.
 */
export const R_OLD_SHAPES: Readonly<Record<string, { readonly origin: string; readonly shape: string; readonly operations: readonly string[]; readonly doc: string }>> = {
  dataset_search: {
    origin: 'basedosdados 0.2.3',
    shape: 'search_0_2_3',
    operations: ['search', 'listDatasets', 'listDatasetTables'],
    doc: 'a tibble with one row per dataset the full-text search finds, as basedosdados 0.2.3 returned it: `dataset_name` (its BigQuery dataset id, `br_ibge_pib`; NA without tables on BigQuery), `dataset_tables` (a tibble of its tables: `name`, the table id, and `description`), `url` (its page on basedosdados.org) and `title`',
  },
  list_dataset_tables: {
    origin: 'basedosdados 0.2.3',
    shape: 'tables_0_2_3',
    operations: ['listDatasetTables'],
    doc: 'a tibble of every table, as basedosdados 0.2.3 returned it: `name` (the BigQuery table id, `municipio`) and `description`',
  },
};

/** Old result shapes `bd_alias_result()` makes. */
export const ALIAS_RETURNS = ['same', 'legacy_page', 'all_items', 'field', 'pick'] as const;

/** Why the runtime cannot serve `fn` as the spec describes it, or nothing when it can. */
export function dataFunctionProblems(fn: IRDataFunction): string[] {
  const known = DATA_RUNTIME_FUNCTIONS[fn.name];
  if (!known) return [`the R runtime has no data function ${fn.name} (it implements ${Object.keys(DATA_RUNTIME_FUNCTIONS).join(', ')}).`];
  return fn.params
    .filter((p) => !known.params.includes(p.name))
    .map((p) => `the R runtime's ${fn.name} has no argument ${p.name} (it reads ${known.params.join(', ')}); it would be ignored.`);
}

/**
 * The options `<package>.<name>` the runtime reads (`bd_option()` in runtime/R), with what
 * makes a package read one: part of its API surface. `clock` is left out: a hook for the runtime's own tests.
 */
export const R_OPTIONS: readonly { readonly name: string; readonly when?: 'environments' | 'data' | 'security' }[] = [
  { name: 'api_url' }, { name: 'timeout' }, { name: 'headers' }, { name: 'retry' },
  { name: 'environment', when: 'environments' },
  { name: 'bigquery_endpoint', when: 'data' }, { name: 'query_timeout', when: 'data' },
  { name: 'credentials', when: 'security' }, { name: 'auth_headers', when: 'security' },
];
