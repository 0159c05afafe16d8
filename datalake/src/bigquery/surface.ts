// Only the catalogue's tables, BigQuery's functions and UNNEST reach the
// engine. DuckDB parses the translated query (json_serialize_sql: parsing only,
// nothing is bound or run) and every table, function, table function and FROM
// item it names is checked against what the translator resolved and the lists
// of sql/functions.ts; the first one outside them, in the order of the text, is
// refused the way BigQuery refuses it. Held results, DuckDB's catalog and
// settings functions, secrets and query() are thereby out of reach, and their
// names or paths never appear in an answer.
import type { DuckDBConnection } from '@duckdb/node-api';
import { LOCATION, tableKey, type TableInfo } from '../data/engine.js';
import { BIGQUERY_FUNCTIONS, OPERATORS, PARSER_FUNCTIONS, TABLE_FUNCTIONS } from '../sql/functions.js';
import { readSurface, type SurfaceUse } from '../sql/surface.js';
import { tokenize } from '../sql/tokenize.js';
import { lineColumn, type Translation } from '../sql/translate.js';
import { accessDenied, invalidQuery, notFound } from './errors.js';

export const READ_ONLY = 'the local datalake is read-only: only SELECT queries can run.';
export const UNCHECKED = 'the local datalake cannot check this statement, so it does not run it.';
const NAMED = /^[a-z_][a-z0-9_]*$/i;
/** The keyword of a FROM item DuckDB has and BigQuery's grammar does not. */
const FROM_ITEM_KEYWORDS: Record<string, readonly string[]> = { SHOW_REF: ['SUMMARIZE', 'DESCRIBE', 'SHOW'], EXPRESSION_LIST: ['VALUES'] };

/**
 * Whether the statement could be checked: true when every use is allowed;
 * false when DuckDB's parser itself refuses it (the caller's prepare then
 * reports that error before any binding). Throws the refusal otherwise.
 */
export async function checkSurface(
  conn: DuckDBConnection,
  original: string,
  translation: Translation,
  tables: readonly TableInfo[],
  /** Names an unqualified table name would reach in DuckDB's catalog (its system views). */
  catalogNames: ReadonlySet<string>,
): Promise<boolean> {
  const reader = await conn.runAndReadAll('SELECT json_serialize_sql($sql::VARCHAR)', { sql: translation.sql });
  const surface = readSurface(String(reader.getRows()[0]?.[0] ?? ''));
  if (!surface.parsed) {
    if (surface.reason === 'syntax' || surface.reason === 'statements') return false;
    // A SELECT followed by another statement is "not a SELECT" too; prepare names the real fault.
    if (surface.reason === 'notSelect' && (await conn.extractStatements(translation.sql)).count > 1) return false;
    if (surface.reason === 'notSelect') throw accessDenied(READ_ONLY);
    throw invalidQuery(UNCHECKED);
  }
  const resolved = new Set(tables.map((t) => tableKey(t.project, t.dataset, t.table)));
  const at = (offset: number | undefined): string => {
    const where = lineColumn(original, offset === undefined ? 0 : translation.originalOffset(offset));
    return `at [${where.line}:${where.column}]`;
  };
  /** The name as the client wrote it, when it is where DuckDB says. */
  const written = (name: string, offset: number | undefined): string => {
    if (offset === undefined) return name;
    const start = translation.originalOffset(offset);
    const text = original.slice(start, start + name.length);
    return text.toLowerCase() === name.toLowerCase() ? text : name;
  };

  // What BigQuery's grammar rejects comes first, as BigQuery parses before it resolves names.
  const grammar = (u: SurfaceUse): number => (u.kind === 'fromItem' || (u.kind === 'function' && !NAMED.test(u.name)) ? 0 : 1);
  const ordered = [...surface.uses].sort((a, b) => grammar(a) - grammar(b) || (a.offset ?? Infinity) - (b.offset ?? Infinity));
  for (const use of ordered) {
    const refusal = refuse(use, resolved, surface.withNames, catalogNames);
    if (refusal === undefined) continue;
    if (use.kind === 'function' || use.kind === 'tableFunction') {
      const name = written(use.qualifier === '' ? use.name : `${use.qualifier}.${use.name}`, use.offset);
      if (refusal === 'operator') throw invalidQuery(`Syntax error: Unexpected "${use.name}" ${at(use.offset)}`);
      const what = use.kind === 'function' ? 'Function' : 'Table-valued function';
      throw invalidQuery(`${what} not found: ${name} ${at(use.offset)}`);
    }
    if (use.kind === 'table') {
      const name = `${use.catalog}:${use.schema}.${use.table}`;
      if (use.catalog === '' || use.schema === '') {
        throw invalidQuery(`Table name "${use.table}" is not a table of the local datalake (name it as dataset.table, or define it in WITH before it is used) ${at(use.offset)}`);
      }
      throw notFound(`Table ${name} was not found in location ${LOCATION}`);
    }
    const keyword = tokenize(original).find((t) => t.type === 'word' && (FROM_ITEM_KEYWORDS[use.type] ?? []).includes(t.text.toUpperCase()));
    if (keyword) {
      const where = lineColumn(original, keyword.start);
      throw invalidQuery(`Syntax error: Unexpected keyword ${keyword.text.toUpperCase()} at [${where.line}:${where.column}]`);
    }
    throw invalidQuery(`Syntax error: Unexpected ${use.type.toLowerCase().replaceAll('_', ' ')} ${at(use.offset)}`);
  }
  return true;
}

/** Why a use is refused, or undefined when it is allowed. */
function refuse(use: SurfaceUse, resolved: ReadonlySet<string>, withNames: ReadonlySet<string>, catalogNames: ReadonlySet<string>): string | undefined {
  switch (use.kind) {
    case 'function': {
      // DuckDB's parser qualifies some of its own rewrites (ARRAY literals) with `main`.
      if (use.qualifier !== '' && use.qualifier !== 'main') return 'qualified';
      if (OPERATORS.has(use.name) || BIGQUERY_FUNCTIONS.has(use.name) || PARSER_FUNCTIONS.has(use.name)) return undefined;
      return NAMED.test(use.name) ? 'unknown' : 'operator';
    }
    case 'tableFunction':
      return use.qualifier === '' && TABLE_FUNCTIONS.has(use.name) ? undefined : 'unknown';
    case 'table': {
      if (resolved.has(tableKey(use.catalog, use.schema, use.table))) return undefined;
      if (use.catalog === '' && use.schema === '') {
        // A WITH name. Whatever DuckDB's scoping decides, a name that is no view of
        // its catalog cannot resolve to one: out of scope, it is simply not found.
        const name = use.table.toLowerCase();
        return withNames.has(name) && !catalogNames.has(name) ? undefined : 'unqualified';
      }
      return 'unknown';
    }
    case 'fromItem':
      return 'fromItem';
  }
}
