/**
 * What the hand-written Python runtime (runtime/core and
 * runtime/data) provides, so the emitter can refuse a spec that asks for more
 * instead of emitting calls into nothing.
 */
import type { AliasEffect, IRDataFunction } from '../../ir/types.js';

/** Runtime folders (under `runtime/`) copied verbatim into `src/<package>/_runtime/`. */
export const RUNTIME_FOLDER = 'core/';
/** Copied too, only when the spec has data functions (BigQuery, pandas). */
export const DATA_RUNTIME_FOLDER = 'data/';

/** Each data function the runtime's `data.py` implements, with the arguments it reads (wire names). */
export const DATA_RUNTIME_FUNCTIONS: Readonly<Record<string, { readonly params: readonly string[] }>> = {
  read_sql: { params: ['query', 'billing_project_id', 'environment', 'page_size'] },
  read_table: { params: ['dataset_id', 'table_id', 'columns', 'limit', 'billing_project_id', 'environment', 'page_size'] },
  download: {
    params: ['path', 'query', 'dataset_id', 'table_id', 'columns', 'limit', 'format', 'billing_project_id', 'environment', 'page_size'],
  },
  estimate_query: { params: ['query', 'billing_project_id', 'environment'] },
};

/**
 * The call options every data function reads beside the spec's parameters
 * (runtime/data/calls.py), keyword-only in every generated data function.
 */
export const DATA_CALL_OPTIONS: readonly {
  readonly name: string;
  readonly annotation: string;
  readonly doc: string;
  /** Only for functions that read rows (not estimates). */
  readonly rowsOnly?: boolean;
  /** Only for functions that return a DataFrame. */
  readonly frameOnly?: boolean;
  /** Only for functions that can read a table (they take a `table_id`). */
  readonly tableOnly?: boolean;
}[] = [
  {
    name: 'timeout',
    annotation: 'float | None',
    doc: 'Seconds each try of each BigQuery request (the job insert, each wait for the job, each result page) may take in all; '
      + 'default ``bd.config.timeout``, then 120. The limit is per try: a request is tried as the retry policy says, so it '
      + 'fails after at most its tries times this plus the waits between them; a long query is waited for in as many requests as it needs.',
  },
  { name: 'cancel', annotation: 'threading.Event | None', doc: 'Setting this event stops the call, even in the middle of a request, and cancels the job.' },
  { name: 'progress', annotation: 'bool | None', doc: 'A progress bar on stderr (rows, bytes, rate, ETA); default: shown when stderr is a terminal.', rowsOnly: true },
  {
    name: 'dtypes',
    annotation: 'Literal["pandas-gbq", "nullable"] | None',
    doc: 'The DataFrame\'s dtypes: ``"pandas-gbq"`` (the default, else ``bd.config.dtypes``): what pandas-gbq and basedosdados 2.x give, '
      + 'text as pandas\' own text dtype (``object``; ``str`` on pandas 3); ``"nullable"``: pandas\' nullable dtypes (``string``, '
      + '``Int64``, ``boolean``, ``datetime64[us]`` for every date-time). See the README\'s table.',
    frameOnly: true,
  },
  {
    name: 'read_api',
    annotation: 'Literal["auto", "rest", "storage"] | None',
    doc: 'How rows are read: ``"auto"`` (the default) through the BigQuery Storage Read API (Arrow over gRPC) when its client is '
      + 'installed (the ``bqstorage`` extra), a Storage endpoint is known (Google\'s; for a local BigQuery endpoint, '
      + '``bd.config.bigquery_storage_endpoint``) and the result has at least 100,000 rows, else through REST pages; '
      + '``"storage"`` always through the Storage API (a table read reads the table itself, with no query job); ``"rest"`` never.',
    rowsOnly: true,
  },
  { name: 'max_streams', annotation: 'int | None', doc: 'Storage API streams read at once (default 4); rows keep the table\'s order.', rowsOnly: true },
  {
    name: 'row_restriction',
    annotation: 'str | None',
    doc: 'A BigQuery SQL condition on the table\'s columns (``"sigla = \'SP\'"``): only those rows are read, through the Storage API.',
    rowsOnly: true,
    tableOnly: true,
  },
  {
    name: 'output',
    annotation: 'Literal["pandas", "arrow", "polars"] | None',
    doc: 'The result\'s type: a pandas DataFrame (the default), a ``pyarrow.Table``, or a ``polars.DataFrame`` (the ``polars`` extra).',
    frameOnly: true,
  },
];

/** Why the runtime cannot serve `fn` as the spec describes it, or nothing when it can. */
export function dataFunctionProblems(fn: IRDataFunction): string[] {
  const known = DATA_RUNTIME_FUNCTIONS[fn.name];
  if (!known) {
    return [`the Python runtime has no data function ${fn.name} (it implements ${Object.keys(DATA_RUNTIME_FUNCTIONS).join(', ')}).`];
  }
  return fn.params
    .filter((p) => !known.params.includes(p.name))
    .map((p) => `the Python runtime's ${fn.name} has no parameter ${p.name} (it reads ${known.params.join(', ')}); it would be ignored.`);
}

/**
 * The `x-bd-aliases` effects the runtime implements (runtime/core/aliases.py), each
 * with what it does, in the words of the docstrings and the README (RST backticks).
 */
export const ALIAS_EFFECT_TEXT: Readonly<Partial<Record<AliasEffect, string>>> = {
  credentials_from_file: 'when true, BigQuery is called with the service-account key basedosdados saved in ``~/.basedosdados/credentials/``',
  reauth: 'when true, a fresh credential is fetched before the query',
  bqstorage: 'when true, the rows are read through the BigQuery Storage API (``read_api="storage"``) when it can serve them, else through REST with a warning saying why',
  compression: '``"GZIP"`` gzips the file',
  split_table: 'takes ``"dataset_id.table_id"``',
};

/** Requirements (PEP 508) of every generated package: the HTTP client. */
export const CORE_DEPENDENCIES: readonly string[] = ['httpx>=0.27,<1'];

/** Requirements of the data functions: the official BigQuery client and pandas, with the dtypes they need. */
export const DATA_DEPENDENCIES: readonly string[] = [
  'google-cloud-bigquery>=3.20,<4',
  'google-api-core>=2.11',
  'google-auth>=2.20',
  'requests>=2.31',
  'pandas>=2.1',
  'pyarrow>=15',
  'db-dtypes>=1.2',
  'tqdm>=4.66,<5',
];

/** Extras (`pip install pkg[bqstorage]`): what a data function uses when it is there. */
export const OPTIONAL_DEPENDENCIES: readonly { readonly name: string; readonly requirements: readonly string[] }[] = [
  { name: 'bqstorage', requirements: ['google-cloud-bigquery-storage>=2.24,<3'] },
  { name: 'polars', requirements: ['polars>=1'] },
];

/** The oldest Python the runtime supports (it uses `typing.NotRequired` and `dataclass(slots=True)`). */
export const REQUIRES_PYTHON = '>=3.11';

/**
 * The settings of `<package>.config` (runtime/core/config.py's `Config`), as declared there:
 * part of the package's API surface (tests/generators/diff/surface-runtime.test.ts checks them against the file).
 */
export const CONFIG_SETTINGS: readonly string[] = [
  'billing_project_id: str | None = None',
  'environment: str | None = None',
  'base_url: str | None = None',
  'timeout: float | None = None',
  'retry: Mapping[str, Any] | None = None',
  'headers: dict[str, str] = field(default_factory=dict)',
  'bigquery_endpoint: str | None = None',
  'bigquery_storage_endpoint: str | None = None',
  'credentials: Any = None',
  'auth_headers: Callable[[Any], Mapping[str, str] | None] | None = None',
  'progress: bool | None = None',
  'dtypes: str | None = None',
  'from_file: bool = False',
];

/** The settings only the data functions (BigQuery) read: a package without `x-bd-data` does not document them. */
export const DATA_CONFIG_SETTINGS: ReadonlySet<string> = new Set(['billing_project_id', 'bigquery_endpoint', 'bigquery_storage_endpoint', 'progress', 'dtypes', 'from_file']);
