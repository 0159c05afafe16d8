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

/** Packages the runtime calls (always as `pkg::fun`, so NAMESPACE imports nothing), with what for. */
export const R_IMPORTS: readonly { readonly name: string; readonly why: string }[] = [
  { name: 'httr2', why: 'HTTP requests to the catalogue API and BigQuery' },
  { name: 'jsonlite', why: 'JSON bodies' },
  { name: 'tibble', why: 'pages and query results as tibbles' },
  { name: 'gargle', why: 'Google credentials (application default or service account)' },
  { name: 'stats', why: 'setNames' },
  { name: 'utils', why: 'the package version in the User-Agent' },
];

/** Packages used when installed: the runtime's tests, and Parquet writers. */
export const R_SUGGESTS: readonly { readonly name: string; readonly version?: string; readonly why: string }[] = [
  { name: 'testthat', version: '>= 3.0.0', why: 'the tests' },
  { name: 'webfakes', why: 'HTTP servers on 127.0.0.1 for the tests' },
  { name: 'withr', why: 'the tests' },
  { name: 'nanoparquet', why: 'Parquet downloads' },
  { name: 'arrow', why: 'Parquet downloads, when nanoparquet is not installed' },
];

/** The runtime's exported functions (its own help pages are copied from runtime/man). */
export const RUNTIME_EXPORTS: readonly string[] = ['set_billing_id', 'get_billing_id', 'bd_has_next_page', 'bd_next_page', 'bd_collect_pages'];

/** The environment variable naming the environment in use (runtime-config.R's bd_env_environment): its BigQuery project and catalogue URL. */
export const ENVIRONMENT_VARIABLE = 'BASEDOSDADOS_ENVIRONMENT';

/** The data functions' argument naming an environment; when not given, the runtime uses the environment in use. */
export const ENVIRONMENT_PARAM = 'environment';

/** S3 methods the runtime defines for its classes, as NAMESPACE registers them. */
export const RUNTIME_S3_METHODS: readonly { readonly generic: string; readonly cls: string }[] = [{ generic: 'print', cls: 'bd_page' }];

/** Each data function the runtime implements (`bd_<name>`), with the arguments it reads (wire names). */
export const DATA_RUNTIME_FUNCTIONS: Readonly<Record<string, { readonly params: readonly string[]; readonly visible: boolean }>> = {
  read_sql: { params: ['query', 'billing_project_id', 'environment', 'page_size'], visible: true },
  read_table: { params: ['dataset_id', 'table_id', 'columns', 'limit', 'billing_project_id', 'environment', 'page_size'], visible: true },
  download: { params: ['path', 'query', 'dataset_id', 'table_id', 'columns', 'limit', 'format', 'billing_project_id', 'environment', 'page_size'], visible: false },
  estimate_query: { params: ['query', 'billing_project_id', 'environment'], visible: true },
};

/** The alias effects `bd_alias_effect()` implements, with the target's arguments (wire names) each fills. */
export const ALIAS_EFFECT_FILLS: Readonly<Record<string, readonly string[]>> = {
  split_table: ['dataset_id', 'table_id'],
  query_from_file: ['query'],
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
