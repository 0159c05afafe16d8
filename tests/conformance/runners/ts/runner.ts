/**
 * The TypeScript conformance runner: the JSON-lines protocol of
 * tests/conformance/README.md over @basedosdados/sdk (its sources, so the
 * runner always tests the code in this checkout).
 *
 * It installs no SIGINT/SIGTERM listener of its own: the interrupt cases test
 * what the SDK does in a process where nobody else listens.
 */
import { createInterface } from 'node:readline';
import { inspect } from 'node:util';
import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';
import {
  BaseDosDados,
  BaseDosDadosError,
  OPERATIONS,
  type BaseDosDadosOptions,
  type DownloadSource,
  type ListFacetValuesParams,
  type PagePromise,
  type QueryRows,
} from '../../../../sdk-ts/src/index.js';

type Args = Record<string, unknown>;
type Mode = 'page' | 'all';
type Call = (bd: BaseDosDados, args: Args, mode: Mode) => Promise<unknown>;

let retry: { initialDelayMs?: number; maxDelayMs?: number } = {};

/** Wire-named query arguments -> the labels the TypeScript method takes, from the generated operation table. */
function params(operation: keyof typeof OPERATIONS, args: Args): Args {
  const out: Args = {};
  for (const param of OPERATIONS[operation].params) {
    if (param.in === 'query' && param.name in args) out[param.label] = args[param.name];
  }
  return out;
}

async function paged(promise: PagePromise<unknown, object>, mode: Mode): Promise<unknown> {
  if (mode === 'page') return (await promise).body;
  const items: unknown[] = [];
  for await (const item of promise) items.push(item);
  return { items };
}

const str = (args: Args, name: string) => args[name] as string;

/** The case's `read: { api, row_restriction?, max_streams? }` (README: the Storage Read API path), set per case. */
interface CaseRead {
  readonly api?: 'storage' | 'rest';
  readonly row_restriction?: string;
  readonly max_streams?: number;
}
let caseRead: CaseRead = {};

/** Data options from wire-named arguments, and the case's read path. */
function dataOptions(a: Args) {
  return {
    ...(a.billing_project_id !== undefined ? { billingProjectId: a.billing_project_id as string } : {}),
    ...(a.environment !== undefined ? { environment: a.environment as 'prod' } : {}),
    ...(a.page_size !== undefined ? { pageSize: a.page_size as number } : {}),
    ...(caseRead.api !== undefined ? { readApi: caseRead.api } : {}),
    ...(caseRead.max_streams !== undefined ? { maxStreams: caseRead.max_streams } : {}),
  };
}

/** The case's row restriction, for a table read or download. */
const rowRestriction = () => (caseRead.row_restriction !== undefined ? { rowRestriction: caseRead.row_restriction } : {});

/** The canonical JSON of a value the SDK returned (README: results in canonical JSON). */
function canonical(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]));
  return value;
}

async function table(rows: QueryRows): Promise<unknown> {
  const all = await rows;
  const columns = await rows.columns();
  return { columns: columns.map((c) => ({ name: c.name, type: c.type })), rows: all.map((row) => columns.map((c) => canonical(row[c.name]))) };
}

/** IR function name -> how this language calls it. */
const DISPATCH: Record<string, Call> = {
  list_datasets: (bd, a, mode) => paged(bd.datasets.list(params('listDatasets', a)), mode),
  get_dataset: (bd, a) => bd.datasets.get(str(a, 'dataset_id'), params('getDataset', a)),
  list_dataset_tables: (bd, a, mode) => paged(bd.tables.list(str(a, 'dataset_id'), params('listDatasetTables', a)), mode),
  get_table: (bd, a) => bd.tables.get(str(a, 'dataset_id'), str(a, 'table_id'), params('getTable', a)),
  list_table_columns: (bd, a, mode) => paged(bd.tables.columns(str(a, 'dataset_id'), str(a, 'table_id'), params('listTableColumns', a)), mode),
  list_table_columns_by_uuid: (bd, a) => bd.tables.columnsByUuid(str(a, 'table_uuid')),
  get_table_stats: (bd) => bd.tables.stats(),
  list_organizations: (bd, a, mode) => paged(bd.organizations.list(params('listOrganizations', a)), mode),
  list_themes: (bd, a, mode) => paged(bd.themes.list(params('listThemes', a)), mode),
  list_tags: (bd, a, mode) => paged(bd.tags.list(params('listTags', a)), mode),
  // Search filters are arrays (`theme: [economia]`), passed as they are.
  search: (bd, a, mode) => paged(bd.search(params('search', a)), mode),
  // The facet is required: a case that leaves it out gets the SDK's ValidationError, as a caller would.
  list_facet_values: (bd, a) => bd.facets.values(params('listFacetValues', a) as unknown as ListFacetValuesParams),
  // A text result (CSV) is passed through as the string the SDK returns.
  export_catalog: (bd, a) => bd.datasets.exportCatalog(params('exportCatalog', a)),
  read_sql: (bd, a) => table(bd.readSql(str(a, 'query'), { ...dataOptions(a), timestamps: 'string' })),
  read_table: (bd, a) => table(bd.readTable(str(a, 'dataset_id'), str(a, 'table_id'), {
    ...dataOptions(a),
    timestamps: 'string',
    ...(a.columns !== undefined ? { columns: a.columns as string[] } : {}),
    ...(a.limit !== undefined ? { limit: a.limit as number } : {}),
    ...rowRestriction(),
  })),
  download: (bd, a) => {
    const source: DownloadSource = a.query !== undefined
      ? { query: str(a, 'query') }
      : {
          datasetId: str(a, 'dataset_id'),
          tableId: str(a, 'table_id'),
          ...(a.columns !== undefined ? { columns: a.columns as string[] } : {}),
          ...(a.limit !== undefined ? { limit: a.limit as number } : {}),
          ...rowRestriction(),
        };
    return bd.download(source, str(a, 'path'), { ...dataOptions(a), ...(a.format !== undefined ? { format: a.format as 'csv' } : {}) });
  },
  estimate_query: (bd, a) => bd.estimateQuery(str(a, 'query'), dataOptions(a)),
};

function withEnv<T>(env: Record<string, string | null>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [key, value] of Object.entries(env)) {
    if (value === null) delete process.env[key];
    else process.env[key] = value;
  }
  return run().finally(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}

/** Credentials a case gives (README: "Credentials, redirects, full disks and interrupts"). */
interface CaseAuth {
  readonly headers?: Record<string, string>;
  readonly token?: string;
}

/**
 * The client of one case: the retry settings, and the case's credentials the
 * documented ways: `headers` on the client; the BigQuery access token through
 * an OAuth2 client on the official BigQuery client, pointed at the local endpoint.
 */
function clientFor(auth: CaseAuth | undefined, args: Args): BaseDosDados {
  const options: { -readonly [K in keyof BaseDosDadosOptions]: BaseDosDadosOptions[K] } = { retry };
  if (auth?.headers) options.headers = auth.headers;
  if (auth?.token !== undefined) {
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: auth.token, expiry_date: Date.now() + 3_600_000 });
    options.bigquery = new BigQuery({
      apiEndpoint: process.env.BASEDOSDADOS_BIGQUERY_ENDPOINT,
      authClient,
      ...(args.billing_project_id !== undefined ? { projectId: args.billing_project_id as string } : {}),
    });
  }
  return new BaseDosDados(options);
}

/** Every rendering of an error and of each cause below it: util.inspect (hidden too), JSON, the stack, String. */
function dump(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    let json: string;
    try {
      json = JSON.stringify(current) ?? '';
    } catch (e) {
      json = `JSON.stringify threw ${(e as Error).message}`;
    }
    parts.push(inspect(current, { depth: Infinity, showHidden: true }), json, String((current as { stack?: unknown }).stack ?? ''), String(current));
  }
  return parts.join('\n');
}

function reply(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function handle(message: { type: string; [key: string]: unknown }): Promise<boolean> {
  if (message.type === 'hello') {
    const settings = (message.settings ?? {}) as { retry?: { initial_delay_ms?: number; max_delay_ms?: number } };
    retry = { initialDelayMs: settings.retry?.initial_delay_ms, maxDelayMs: settings.retry?.max_delay_ms };
    reply({ type: 'hello', language: 'ts', functions: Object.keys(DISPATCH) });
    return true;
  }
  if (message.type === 'bye') return false;
  const id = message.id as string;
  const call = DISPATCH[message.function as string];
  if (!call) {
    reply({ type: 'result', id, ok: false, error: { kind: 'runner_error', message: `not implemented: ${String(message.function)}` } });
    return true;
  }
  const args = (message.args ?? {}) as Args;
  caseRead = (message.read ?? {}) as CaseRead;
  try {
    const result = await withEnv((message.env ?? {}) as Record<string, string | null>, () =>
      call(clientFor(message.auth as CaseAuth | undefined, args), args, (message.mode ?? 'page') as Mode),
    );
    reply({ type: 'result', id, ok: true, result });
  } catch (error) {
    // Any kind of the SDK passes through as it is (redirect, cancelled, filesystem...).
    const kind = error instanceof BaseDosDadosError ? error.kind : 'runner_error';
    reply({ type: 'result', id, ok: false, error: { kind, message: error instanceof Error ? error.message : String(error), dump: dump(error) } });
  }
  return true;
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  if (!(await handle(JSON.parse(line) as { type: string }))) break;
}
lines.close();
