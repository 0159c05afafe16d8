// Planning a query: refuse what BigQuery would not run, translate, check the
// tables, prepare in DuckDB (schema, statement type) and bind the parameters.
// Also how DuckDB's errors read as BigQuery's.
import { LIST, StatementType, VARCHAR, listValue, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { LOCATION, type Engine, type TableInfo } from '../data/engine.js';
import { SqlSyntaxError, tokenize } from '../sql/tokenize.js';
import { DUCKDB_TYPE, lineColumn, translateSql, type Translation } from '../sql/translate.js';
import { bytesBilled, bytesProcessed } from './dry-run.js';
import { BigQueryError, accessDenied, invalid, invalidQuery, notFound, resourcesExceeded } from './errors.js';
import { READ_ONLY, UNCHECKED, checkSurface } from './surface.js';
import { schemaField, type SchemaField } from './wire-format.js';

export interface QueryParameter {
  name?: string;
  parameterType?: { type?: string; arrayType?: { type?: string } };
  parameterValue?: { value?: unknown; arrayValues?: Array<{ value?: unknown }> };
}

/** The query settings shared by jobs.query bodies and jobs.insert `configuration.query` (checked by request-fields.ts). */
export interface QueryConfig {
  query?: string;
  useLegacySql?: boolean;
  parameterMode?: string;
  queryParameters?: QueryParameter[];
  defaultDataset?: { projectId?: string; datasetId: string };
  maximumBytesBilled?: string;
  /** BigQuery's own per-job time limit; the datalake's limit caps it. */
  jobTimeoutMs?: number;
}

export interface Plan {
  translation: Translation;
  tables: TableInfo[];
  schema: SchemaField[];
  types: DuckDBType[];
  bytes: number;
  /** The connection the statement runs on (one per job, so jobs run side by side). */
  connection: DuckDBConnection;
  /** Parameter values and their DuckDB types, bound when the statement runs. */
  values: Record<string, DuckDBValue>;
  bindTypes: Record<string, DuckDBType>;
  /** Stops the statement if it is running. */
  interrupt(): void;
  release(): void;
}

/** Parameter values are strings in the API, but the Node client sends numbers and booleans as they are. */
function paramText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

/** DuckDB type of a BigQuery query parameter (scalars and arrays of scalars). */
function parameterDuckType(p: QueryParameter, label: string): string {
  const type = p.parameterType?.type?.toUpperCase();
  if (!type) throw invalid(`Query parameter ${label} has no parameterType.type`);
  if (type === 'ARRAY') {
    const inner = p.parameterType?.arrayType?.type?.toUpperCase();
    const duck = inner ? DUCKDB_TYPE[inner] : undefined;
    if (!duck) throw invalid(`Unsupported array element type for query parameter ${label}: ${inner}`);
    return `${duck}[]`;
  }
  const duck = DUCKDB_TYPE[type];
  if (!duck) throw invalid(`Unsupported type for query parameter ${label}: ${type}`);
  return duck;
}

// Statements DuckDB runs and BigQuery's parser does not know: answered as the
// syntax error BigQuery gives. The lock of the engine stops what they would
// reach anyway; this keeps the answer BigQuery's.
const DUCKDB_ONLY_STATEMENTS = new Set([
  'ATTACH', 'DETACH', 'COPY', 'INSTALL', 'FORCE', 'PRAGMA', 'RESET', 'IMPORT', 'CHECKPOINT', 'USE',
  'VACUUM', 'ANALYZE', 'SUMMARIZE', 'DESCRIBE', 'SHOW', 'PIVOT', 'UNPIVOT', 'EXPLAIN', 'VALUES',
]);
// BigQuery statements (scripting, procedures, exports) that the datalake does not emulate.
const NOT_EMULATED_STATEMENTS = new Set(['SET', 'CALL', 'EXPORT', 'LOAD', 'DECLARE', 'BEGIN', 'EXECUTE']);
// DDL and DML: the datalake is read-only (DuckDB is not asked, so CREATE SECRET
// gets this answer too, not an error of DuckDB's).
const WRITING_STATEMENTS = new Set(['CREATE', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'DROP', 'ALTER', 'TRUNCATE', 'GRANT', 'REVOKE', 'REPLACE']);

/** The first keyword of a statement decides whether BigQuery (and so the datalake) would run it. */
function refuseStatement(sql: string): void {
  const first = tokenize(sql).find((t) => t.type !== 'ws' && t.type !== 'comment' && t.text !== '(');
  if (first?.type !== 'word') return;
  const word = first.text.toUpperCase();
  const at = lineColumn(sql, first.start);
  const where = `at [${at.line}:${at.column}]`;
  if (DUCKDB_ONLY_STATEMENTS.has(word)) throw invalidQuery(`Syntax error: Unexpected keyword ${word} ${where}`);
  if (WRITING_STATEMENTS.has(word)) throw accessDenied(READ_ONLY);
  if (NOT_EMULATED_STATEMENTS.has(word)) throw invalidQuery(`${word} statements are not supported by the local datalake, which runs SELECT queries only ${where}`);
  // BigQuery's pipe syntax starts with FROM; DuckDB's FROM-first queries too, with another meaning.
  if (word === 'FROM') throw invalidQuery(`Pipe syntax and FROM-first queries are not supported by the local datalake; start the query with SELECT or WITH ${where}`);
}

/**
 * Turns a DuckDB error message into BigQuery's: file, URL and extension access
 * refused by the engine's lock is accessDenied; the memory limit is
 * resourcesExceeded; bq_divide's error is BigQuery's division by zero; the rest
 * is invalidQuery, with `[line:column]` of the original SQL when DuckDB shows one.
 */
export function duckdbQueryError(message: string, original: string, translation: Translation): BigQueryError {
  const first = message.split('\n')[0] ?? message;
  if (first.startsWith('Permission Error')) {
    // DuckDB's text names paths of this machine (its home folder, ~/.duckdb): not repeated.
    return accessDenied('the local datalake reads only its own tables; files, URLs and extensions are out of reach of queries, as the caller\'s disk is out of reach of BigQuery.');
  }
  if (first.startsWith('Out of Memory Error')) return resourcesExceeded('the query needs more memory than the local datalake allows (its memory limit).');
  const division = /^Invalid Input Error: (division by zero: .*)$/.exec(first);
  if (division) return invalidQuery(division[1]!);
  const m = /\nLINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!m) return invalidQuery(first);
  const lineNo = Number(m[1]);
  const shown = m[2]!;
  const caret = m[3]!.length - `LINE ${m[1]}: `.length;
  const lines = translation.sql.split('\n');
  const line = lines[lineNo - 1] ?? '';
  let column = caret;
  if (shown.startsWith('...')) {
    const idx = line.indexOf(shown.slice(3).replace(/\.\.\.$/, ''));
    if (idx >= 0) column = idx + caret - 3;
  }
  const lineStart = lines.slice(0, lineNo - 1).reduce((n, l) => n + l.length + 1, 0);
  const at = lineColumn(original, translation.originalOffset(lineStart + Math.max(0, column)));
  return invalidQuery(`${first} at [${at.line}:${at.column}]`);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** BigQuery's limit on GoogleSQL query text; it also bounds the time the translator takes. */
export const MAX_QUERY_CHARS = 1024 * 1024;

/** Translates, resolves tables and prepares the statement; throws BigQueryError. */
export async function planQuery(engine: Engine, projectId: string, config: QueryConfig): Promise<Plan> {
  const sql = config.query;
  if (typeof sql !== 'string' || sql.trim() === '') throw invalid('Query text is empty; specify a query.');
  if (sql.length > MAX_QUERY_CHARS) {
    throw invalidQuery('The query is too large. The maximum standard SQL query length is 1024.00K characters, including comments and white space characters.');
  }
  if (config.useLegacySql === true) {
    throw invalidQuery('Legacy SQL is not supported by the local datalake; set useLegacySql to false.');
  }
  const namedTypes = new Map<string, string>();
  const positionalTypes: string[] = [];
  const named = (config.parameterMode ?? '').toUpperCase() !== 'POSITIONAL';
  (config.queryParameters ?? []).forEach((p, i) => {
    if (named) {
      if (!p.name) throw invalid(`Query parameter ${i + 1} has no name but parameterMode is NAMED`);
      namedTypes.set(p.name.toLowerCase(), parameterDuckType(p, p.name));
    } else positionalTypes.push(parameterDuckType(p, String(i + 1)));
  });

  let translation: Translation;
  try {
    refuseStatement(sql);
    translation = translateSql(sql, {
      defaultProject: projectId,
      defaultDataset: config.defaultDataset,
      namedTypes,
      positionalTypes,
    });
  } catch (e) {
    if (e instanceof SqlSyntaxError) {
      const at = lineColumn(sql, e.offset);
      throw invalidQuery(`${e.message} at [${at.line}:${at.column}]`);
    }
    throw e;
  }

  const tables: TableInfo[] = [];
  for (const ref of translation.tables) {
    const name = `${ref.project}:${ref.dataset}.${ref.table}`;
    if (!engine.isDataProject(ref.project)) {
      throw accessDenied(`Table ${name}: User does not have permission to query table ${name}, or perhaps it does not exist.`);
    }
    if (!engine.hasDataset(ref.project, ref.dataset)) {
      throw notFound(`Dataset ${ref.project}:${ref.dataset} was not found in location ${LOCATION}`);
    }
    const info = await engine.table(ref.project, ref.dataset, ref.table);
    if (!info) throw notFound(`Table ${name} was not found in location ${LOCATION}`);
    tables.push(info);
  }

  const conn = await engine.connect();
  const release = (): void => engine.release(conn);
  try {
    // Before prepare: binding alone would already run what a table function does at bind time.
    const checked = await checkSurface(conn, sql, translation, tables, engine.catalogNames);
    let prepared;
    try {
      prepared = await conn.prepare(translation.sql);
    } catch (e) {
      throw duckdbQueryError((e as Error).message, sql, translation);
    }
    if (prepared.statementType !== StatementType.SELECT) {
      prepared.destroySync();
      throw accessDenied(READ_ONLY);
    }
    if (!checked) {
      // DuckDB's parser refused what its prepare accepted: nothing unchecked runs.
      prepared.destroySync();
      throw invalidQuery(UNCHECKED);
    }
    const schema: SchemaField[] = [];
    const types: DuckDBType[] = [];
    const names = new Set<string>();
    let anonymous = 0;
    for (let i = 0; i < prepared.columnCount; i++) {
      let name = prepared.columnName(i);
      // BigQuery names unaliased expressions f0_, f1_, ...; DuckDB spells the expression.
      if (!IDENTIFIER.test(name)) name = `f${anonymous++}_`;
      const lower = name.toLowerCase();
      if (names.has(lower)) throw invalidQuery(`Duplicate column names in the result are not supported. Found duplicate(s): ${name}`);
      names.add(lower);
      const type = prepared.columnType(i);
      types.push(type);
      schema.push(schemaField(name, type));
    }
    prepared.destroySync();
    const bytes = bytesProcessed(tables, translation.identifiers, translation.selectsStar);
    const maxBilled = config.maximumBytesBilled === undefined ? undefined : Number(config.maximumBytesBilled);
    if (maxBilled !== undefined && Number.isFinite(maxBilled) && bytesBilled(bytes) > maxBilled) {
      throw new BigQueryError(400, 'invalid', `Query exceeded limit for bytes billed: ${maxBilled}. ${bytesBilled(bytes)} or higher required.`);
    }
    // Parameters are bound as text; the translated SQL casts each to its type.
    const values: Record<string, DuckDBValue> = {};
    const bindTypes: Record<string, DuckDBType> = {};
    for (const b of translation.params) {
      const p =
        b.source.kind === 'named'
          ? (config.queryParameters ?? []).find((q) => q.name?.toLowerCase() === (b.source as { name: string }).name)
          : (config.queryParameters ?? [])[b.source.index];
      if (p?.parameterType?.type?.toUpperCase() === 'ARRAY') {
        values[b.duckName] = listValue((p.parameterValue?.arrayValues ?? []).map((v) => paramText(v.value)));
        bindTypes[b.duckName] = LIST(VARCHAR);
      } else {
        values[b.duckName] = paramText(p?.parameterValue?.value);
        bindTypes[b.duckName] = VARCHAR;
      }
    }
    return { translation, tables, schema, types, bytes, connection: conn, values, bindTypes, release, interrupt: () => conn.interrupt() };
  } catch (e) {
    release();
    throw e;
  }
}
