// The embedded DuckDB behind the BigQuery face: one attached in-memory catalog per
// Base dos Dados project, one schema per dataset, one table per catalogue table.
// Staging and dev projects hold views of the production tables; synthetic
// `linhas_<n>` tables are views created on first use. Job results are tables of
// their own catalog (RESULTS_CATALOG) under random names, dropped when a job is
// forgotten; queries cannot name that catalog (bigquery/surface.ts), and could
// not guess a name in it if they did.
//
// Once the sample tables are loaded the engine is locked: no file, URL or
// extension can be reached by any query (BigQuery cannot read its caller's
// disk either), nothing spills to disk, and no SET can undo that.
import { randomBytes } from 'node:crypto';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { BigQueryType, CatalogueFixture, ColumnFixture } from './catalogue.js';
import { DUCKDB_COLUMN_TYPE } from '../sql/duckdb-types.js';
import { generateRows, makeMunicipios, type SeedContext } from './seed.js';
import {
  SYNTHETIC_COLUMNS,
  SYNTHETIC_DATASET,
  syntheticColumnBytes,
  syntheticRows,
  syntheticSelect,
} from './synthetic.js';

export const PROD_PROJECT = 'basedosdados';
export const STAGING_PROJECT = 'basedosdados-staging';
export const DEV_PROJECT = 'basedosdados-dev';
export const DATA_PROJECTS: readonly string[] = [PROD_PROJECT, STAGING_PROJECT, DEV_PROJECT];
/** BigQuery location of every dataset and job. */
export const LOCATION = 'US';
/** The in-memory catalog holding job results, one table per job. */
export const RESULTS_CATALOG = '__results';

export { DUCKDB_COLUMN_TYPE } from '../sql/duckdb-types.js';

/** Bytes BigQuery counts per non-NULL value of fixed-size types. */
export const FIXED_BYTES: Partial<Record<BigQueryType, number>> = {
  INT64: 8,
  FLOAT64: 8,
  NUMERIC: 16,
  BIGNUMERIC: 32,
  BOOL: 1,
  DATE: 8,
  DATETIME: 8,
  TIME: 8,
  TIMESTAMP: 8,
};

export interface TableInfo {
  project: string;
  dataset: string;
  table: string;
  columns: readonly ColumnFixture[];
  numRows: number;
  /** Logical bytes of each column (lower-cased name), BigQuery's way (see README). */
  columnBytes: ReadonlyMap<string, number>;
  /** Bytes of the table as uncompressed CSV; null when not computed (synthetic tables). */
  csvBytes: number | null;
  createdMs: number;
}

export const tableKey = (project: string, dataset: string, table: string): string => `${project}\u0000${dataset}\u0000${table}`;
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
export const qualified = (project: string, dataset: string, table: string): string =>
  `${ident(project)}.${ident(dataset)}.${ident(table)}`;

// BigQuery functions that DuckDB spells differently, as macros so the SQL
// translator need not parse arguments.
const MACROS = [
  'CREATE MACRO safe_divide(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a / b END',
  'CREATE MACRO safe_multiply(a, b) AS a * b',
  'CREATE MACRO safe_add(a, b) AS a + b',
  'CREATE MACRO safe_subtract(a, b) AS a - b',
  'CREATE MACRO countif(x) AS CAST(count_if(x) AS BIGINT)',
  'CREATE MACRO logical_and(x) AS bool_and(x)',
  'CREATE MACRO logical_or(x) AS bool_or(x)',
  'CREATE MACRO regexp_contains(s, r) AS regexp_matches(s, r)',
  'CREATE MACRO format_date(f, d) AS strftime(d, f)',
  'CREATE MACRO parse_date(f, s) AS CAST(strptime(s, f) AS DATE)',
  "CREATE MACRO st_geogpoint(x, y) AS CAST('POINT(' || x || ' ' || y || ')' AS GEOMETRY)",
  'CREATE MACRO generate_array(a, b) AS generate_series(a, b), (a, b, step) AS generate_series(a, b, step)',
  // BigQuery's `/` raises on a zero divisor where DuckDB answers NULL; the SQL
  // translator writes every `a / b` as bq_divide(a, b). NULL / 0 stays NULL (error(NULL) is NULL).
  "CREATE MACRO bq_divide(a, b) AS CASE WHEN b = 0 THEN error('division by zero: ' || a || ' / ' || b) ELSE a / b END",
];

export interface EngineOptions {
  /** DuckDB's memory limit in bytes (held results count against it). */
  memoryLimitBytes: number;
}

export class Engine {
  private readonly tables = new Map<string, TableInfo>();
  private readonly datasets = new Map<string, Map<string, number>>();
  private readonly pending = new Map<string, Promise<TableInfo | undefined>>();
  private readonly connections = new Set<DuckDBConnection>();
  private closed = false;
  /** Names an unqualified table name reaches in DuckDB's catalog: its system views (duckdb_tables, pg_class, ...). */
  catalogNames: ReadonlySet<string> = new Set();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly admin: DuckDBConnection,
  ) {}

  static async create(catalogue: CatalogueFixture, seed: number, options: EngineOptions): Promise<Engine> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    const admin = await instance.connect();
    const engine = new Engine(instance, admin);
    try {
      await engine.setUp(catalogue, seed);
      await engine.lock(options);
    } catch (e) {
      engine.close();
      throw e;
    }
    return engine;
  }

  /** After set-up: no external access, no extensions, no spilling, a memory limit, and no way back. */
  private async lock(options: EngineOptions): Promise<void> {
    const limit = Math.max(64, Math.floor(options.memoryLimitBytes / (1024 * 1024)));
    await this.admin.run(
      [
        `SET memory_limit = '${limit}MiB'`,
        "SET temp_directory = ''",
        'SET autoinstall_known_extensions = false',
        'SET autoload_known_extensions = false',
        'SET enable_external_access = false',
        'SET lock_configuration = true',
      ].join(';\n'),
    );
  }

  private async setUp(catalogue: CatalogueFixture, seed: number): Promise<void> {
    const created = Date.parse('2024-01-01T00:00:00Z');
    // DDL is batched into few statements: each round trip to DuckDB costs milliseconds.
    // GLOBAL: every connection made later inherits it (the lock forbids SET afterwards).
    const ddl: string[] = ["SET GLOBAL TimeZone = 'UTC'", `ATTACH ':memory:' AS ${ident(RESULTS_CATALOG)}`, ...MACROS];
    const addDataset = (project: string, dataset: string, createdMs: number): void => {
      ddl.push(`CREATE SCHEMA ${ident(project)}.${ident(dataset)}`);
      this.datasets.get(project)!.set(dataset, createdMs);
    };
    for (const project of DATA_PROJECTS) {
      ddl.push(`ATTACH ':memory:' AS ${ident(project)}`);
      this.datasets.set(project, new Map());
    }
    for (const ds of catalogue.datasets) {
      const createdMs = Date.parse(ds.created_at);
      addDataset(PROD_PROJECT, ds.id, createdMs);
      if (ds.id === SYNTHETIC_DATASET) continue;
      addDataset(STAGING_PROJECT, `${ds.id}_staging`, createdMs);
      addDataset(DEV_PROJECT, ds.id, createdMs);
      addDataset(DEV_PROJECT, `${ds.id}_staging`, createdMs);
    }
    await this.admin.run(ddl.join(';\n'));

    const ctx: SeedContext = { seed, municipios: makeMunicipios(seed) };
    const views: string[] = [];
    for (const ds of catalogue.datasets) {
      if (ds.id === SYNTHETIC_DATASET) continue;
      for (const t of ds.tables) {
        if (t.columns === 'synthetic') continue;
        const info = await this.createSeededTable(ds.id, t.id, t.columns, generateRows(ctx, ds.id, t, t.columns), created);
        for (const [project, dataset] of [
          [STAGING_PROJECT, `${ds.id}_staging`],
          [DEV_PROJECT, ds.id],
          [DEV_PROJECT, `${ds.id}_staging`],
        ] as const) {
          views.push(`CREATE VIEW ${qualified(project, dataset, t.id)} AS SELECT * FROM ${qualified(PROD_PROJECT, ds.id, t.id)}`);
          this.tables.set(tableKey(project, dataset, t.id), { ...info, project, dataset });
        }
      }
    }
    await this.admin.run(views.join(';\n'));
    // The search path is temp.main, memory.main, system.main and system.pg_catalog.
    const reachable = await this.admin.runAndReadAll(
      "SELECT lower(view_name) FROM duckdb_views() WHERE schema_name IN ('main', 'pg_catalog') UNION SELECT lower(table_name) FROM duckdb_tables() WHERE schema_name IN ('main', 'pg_catalog')",
    );
    this.catalogNames = new Set(reachable.getRows().map((r) => String(r[0])));
  }

  /** Loads text rows through a VARCHAR staging table, then casts them into the typed table. */
  private async createSeededTable(
    dataset: string,
    table: string,
    columns: readonly ColumnFixture[],
    rows: ReadonlyArray<ReadonlyArray<string | null>>,
    createdMs: number,
  ): Promise<TableInfo> {
    const stage = `stage_${dataset}_${table}`;
    await this.admin.run(`CREATE TEMP TABLE ${ident(stage)} (${columns.map((c) => `${ident(c.name)} VARCHAR`).join(', ')})`);
    const appender = await this.admin.createAppender(stage, null, 'temp');
    for (const row of rows) {
      for (const cell of row) {
        if (cell === null) appender.appendNull();
        else appender.appendVarchar(cell);
      }
      appender.endRow();
    }
    appender.closeSync();
    const target = qualified(PROD_PROJECT, dataset, table);
    const defs = columns.map((c) => `${ident(c.name)} ${DUCKDB_COLUMN_TYPE[c.type]}${c.required ? ' NOT NULL' : ''}`);
    const casts = columns.map((c) => `CAST(${ident(c.name)} AS ${DUCKDB_COLUMN_TYPE[c.type]})`);
    await this.admin.run(
      `CREATE TABLE ${target} (${defs.join(', ')});\nINSERT INTO ${target} SELECT ${casts.join(', ')} FROM temp.main.${ident(stage)}`,
    );

    // Logical bytes per column: NULL counts 0; STRING 2 + UTF-8 bytes; GEOGRAPHY
    // 16 + 24 per vertex (vertices counted as commas + 1 of the WKT).
    const exprs = columns.map((c) => {
      const col = ident(c.name);
      const fixed = FIXED_BYTES[c.type];
      if (fixed !== undefined) return `CAST(count(${col}) * ${fixed} AS BIGINT)`;
      if (c.type === 'GEOGRAPHY') return `CAST(coalesce(sum(16 + 24 * (length(${col}) - length(replace(${col}, ',', '')) + 1)), 0) AS BIGINT)`;
      return `CAST(coalesce(sum(2 + strlen(${col})), 0) AS BIGINT)`;
    });
    const csv = columns.map((c) => `coalesce(sum(strlen(coalesce(${ident(c.name)}, ''))), 0)`).join(' + ');
    const reader = await this.admin.runAndReadAll(
      `SELECT count(*)::BIGINT, ${exprs.join(', ')}, CAST(${csv || '0'} AS BIGINT) FROM temp.main.${ident(stage)}`,
    );
    const stats = reader.getRows()[0]!.map((v) => Number(v as bigint));
    await this.admin.run(`DROP TABLE temp.main.${ident(stage)}`);
    const numRows = stats[0]!;
    const header = columns.reduce((n, c) => n + c.name.length + 1, 0);
    const info: TableInfo = {
      project: PROD_PROJECT,
      dataset,
      table,
      columns,
      numRows,
      columnBytes: new Map(columns.map((c, i) => [c.name.toLowerCase(), stats[i + 1]!])),
      csvBytes: header + stats[columns.length + 1]! + numRows * columns.length,
      createdMs,
    };
    this.tables.set(tableKey(PROD_PROJECT, dataset, table), info);
    return info;
  }

  isDataProject(project: string): boolean {
    return DATA_PROJECTS.includes(project);
  }

  hasDataset(project: string, dataset: string): boolean {
    return this.datasets.get(project)?.has(dataset) ?? false;
  }

  datasetCreated(project: string, dataset: string): number | undefined {
    return this.datasets.get(project)?.get(dataset);
  }

  listDatasets(project: string): string[] {
    return [...(this.datasets.get(project)?.keys() ?? [])].sort();
  }

  listTables(project: string, dataset: string): TableInfo[] {
    return [...this.tables.values()]
      .filter((t) => t.project === project && t.dataset === dataset)
      .sort((a, b) => a.table.localeCompare(b.table));
  }

  /** The table, creating a synthetic `linhas_<n>` view on first use. */
  async table(project: string, dataset: string, table: string): Promise<TableInfo | undefined> {
    const key = tableKey(project, dataset, table);
    const known = this.tables.get(key);
    if (known) return known;
    const rows = project === PROD_PROJECT && dataset === SYNTHETIC_DATASET ? syntheticRows(table) : undefined;
    if (rows === undefined) return undefined;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = (async () => {
        await this.admin.run(`CREATE VIEW IF NOT EXISTS ${qualified(project, dataset, table)} AS ${syntheticSelect(rows)}`);
        const info: TableInfo = {
          project,
          dataset,
          table,
          columns: SYNTHETIC_COLUMNS,
          numRows: rows,
          columnBytes: syntheticColumnBytes(rows),
          csvBytes: null,
          createdMs: Date.parse('2024-05-01T00:00:00Z'),
        };
        this.tables.set(key, info);
        return info;
      })();
      this.pending.set(key, pending);
      pending.finally(() => this.pending.delete(key)).catch(() => undefined);
    }
    return pending;
  }

  /** Qualified name of a new table for a job's result; random, so that no query can guess another job's. */
  newResultTable(): string {
    return qualified(RESULTS_CATALOG, 'main', `r_${randomBytes(16).toString('hex')}`);
  }

  /** Drops a job's result table, freeing its memory now (a forgotten result waits for no GC). */
  async dropResult(table: string): Promise<void> {
    if (this.closed) return;
    try {
      const conn = await this.connect();
      try {
        await conn.run(`DROP TABLE IF EXISTS ${table}`);
      } finally {
        this.release(conn);
      }
    } catch {
      // The engine is closing: its memory goes with it.
    }
  }

  /** A fresh connection (one per job, so queries run side by side). */
  async connect(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('the datalake is closed');
    const conn = await this.instance.connect();
    this.connections.add(conn);
    return conn;
  }

  release(conn: DuckDBConnection): void {
    if (this.connections.delete(conn)) conn.closeSync();
  }

  /** Runs SQL on the admin connection and returns its rows (tests and tabledata.list use it). */
  async rows(sql: string): Promise<unknown[][]> {
    const reader = await this.admin.runAndReadAll(sql);
    return reader.getRows();
  }

  get adminConnection(): DuckDBConnection {
    return this.admin;
  }

  /** Stops every running query (used when the server closes). */
  interrupt(): void {
    for (const conn of this.connections) {
      try {
        conn.interrupt();
      } catch {
        // already finished
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const conn of this.connections) {
      try {
        conn.interrupt();
      } catch {
        // already finished
      }
      conn.closeSync();
    }
    this.connections.clear();
    this.admin.closeSync();
    this.instance.closeSync();
  }
}
