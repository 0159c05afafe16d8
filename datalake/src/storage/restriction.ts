// read_options.row_restriction: a BigQuery boolean expression over the table's
// columns, translated to DuckDB by the SQL translator. It is pasted into a WHERE
// clause, so anything that could leave that clause is refused first: `;`,
// comments, query parameters, unbalanced parentheses or quotes, subqueries.
import { SqlSyntaxError, tokenize } from '../sql/tokenize.js';
import { translateSql } from '../sql/translate.js';
import { invalidArgument } from './errors.js';

/** Longest row_restriction accepted (characters). */
export const MAX_ROW_RESTRICTION = 10_000;

/** Words that start a query or a clause of one: a subquery, or an escape from the WHERE clause. */
const QUERY_WORDS = new Set(['SELECT', 'FROM', 'WITH', 'UNION', 'INTERSECT', 'EXCEPT', 'LIMIT', 'ORDER', 'GROUP', 'HAVING', 'QUALIFY', 'WINDOW', 'OFFSET', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ATTACH', 'COPY', 'PRAGMA', 'SET', 'CALL', 'EXPORT', 'IMPORT', 'INSTALL', 'LOAD']);

const refuse = (why: string): never => {
  throw invalidArgument(`Invalid row_restriction: ${why}`);
};

/** The DuckDB expression of a row_restriction, or an INVALID_ARGUMENT naming why it is refused. */
export function translateRowRestriction(restriction: string, billingProject: string): string {
  if (restriction.length > MAX_ROW_RESTRICTION) refuse(`it has ${restriction.length} characters, more than ${MAX_ROW_RESTRICTION}`);
  try {
    let depth = 0;
    for (const t of tokenize(restriction)) {
      if (t.type === 'comment') refuse('comments are not allowed');
      if (t.type === 'param' || t.type === 'positional') refuse('query parameters are not allowed');
      if (t.type === 'op' && t.text === ';') refuse("';' is not allowed");
      if (t.type === 'word' && QUERY_WORDS.has(t.text.toUpperCase())) refuse(`${t.text.toUpperCase()} is not allowed: subqueries and other clauses cannot be used`);
      if (t.text === '(') depth++;
      if (t.text === ')' && --depth < 0) refuse('unbalanced parentheses');
    }
    if (depth !== 0) refuse('unbalanced parentheses');
    return translateSql(restriction, { defaultProject: billingProject }).sql;
  } catch (e) {
    if (e instanceof SqlSyntaxError) refuse(e.message);
    throw e;
  }
}
