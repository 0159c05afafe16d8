// Translates the BigQuery standard SQL the clients send into DuckDB SQL.
// Only what differs and matters for the local datalake is rewritten:
//  - table names (`project.dataset.table`, `project`.dataset.table, dataset.table)
//    become "project"."dataset"."table" (one attached DuckDB catalog per project);
//  - other backtick identifiers become double-quoted identifiers;
//  - string literals ("..." is a string in BigQuery, an identifier in DuckDB),
//    escapes, raw and bytes literals become DuckDB literals;
//  - @name and ? parameters become typed DuckDB parameters;
//  - BigQuery type names in CAST/SAFE_CAST and typed literals, SAFE_CAST,
//    `* EXCEPT (...)`, `#` comments;
//  - `a / b` becomes bq_divide(a, b), which raises on a zero divisor like BigQuery.
// Functions with other names or argument orders (SAFE_DIVIDE, COUNTIF, ...) are
// DuckDB macros created by the engine (see data/engine.ts), not rewritten here.
import { DUCKDB_TYPE } from './duckdb-types.js';
import { rewriteDivisions } from './division.js';
import { resolveTableRef, type NameDefaults, type TableRef } from './table-refs.js';
import { NON_CALL_WORDS, SqlSyntaxError, tokenize, type Token } from './tokenize.js';

export { SqlSyntaxError };

export type { TableRef };

export interface ParamBinding {
  /** Name of the DuckDB parameter, without `$`. */
  duckName: string;
  /** The BigQuery parameter: a name (lower-cased) or a 0-based position. */
  source: { kind: 'named'; name: string } | { kind: 'positional'; index: number };
}

export interface TranslateOptions extends NameDefaults {
  /** DuckDB type of each named parameter (keys lower-cased); a reference to a missing one is an error. */
  namedTypes?: ReadonlyMap<string, string>;
  /** DuckDB type of each positional parameter, in order. */
  positionalTypes?: readonly string[];
}

export interface Translation {
  sql: string;
  tables: TableRef[];
  params: ParamBinding[];
  /** Lower-cased identifiers used anywhere in the query (for the dry-run byte rule). */
  identifiers: Set<string>;
  /** True when a `*` or `t.*` selects every column of some table. */
  selectsStar: boolean;
  /** Maps an offset in the translated SQL back to the original SQL. */
  originalOffset(translatedOffset: number): number;
}

export { DUCKDB_TYPE };

const CLAUSE_RESET = new Set([
  'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'QUALIFY', 'WINDOW', 'UNION', 'INTERSECT',
  'SELECT', 'ON', 'USING', 'SET', 'VALUES',
]);
/** Words that may follow a FROM item and are no alias of it. */
const NOT_ALIASES = new Set([
  ...CLAUSE_RESET, 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'OUTER', 'CROSS', 'NATURAL', 'WITH', 'EXCEPT', 'PIVOT', 'UNPIVOT', 'TABLESAMPLE', 'FOR',
]);
const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const quoteString = (value: string): string => `'${value.replaceAll("'", "''")}'`;
function bytesLiteral(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    out += code >= 0x20 && code < 0x7f && ch !== "'" && ch !== '\\' ? ch : `\\x${code.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return `'${out}'::BLOB`;
}

type Clause = 'none' | 'from' | 'call' | 'cast';

export function translateSql(sql: string, options: TranslateOptions): Translation {
  const tokens = rewriteDivisions(tokenize(sql));
  const out: string[] = [];
  let outLength = 0;
  // Pieces of output and where they came from, to map error offsets back.
  const pieceOut: number[] = [];
  const pieceIn: number[] = [];
  const emit = (text: string, from: number): void => {
    pieceOut.push(outLength);
    pieceIn.push(from);
    out.push(text);
    outLength += text.length;
  };

  const tables: TableRef[] = [];
  const params: ParamBinding[] = [];
  const paramByKey = new Map<string, string>();
  const identifiers = new Set<string>();
  const cteNames = new Set<string>();
  let selectsStar = false;
  let positional = 0;

  const clauses: Clause[] = ['none'];
  const setClause = (c: Clause): void => {
    clauses[clauses.length - 1] = c;
  };
  const clause = (): Clause => clauses[clauses.length - 1]!;

  // Indexes of significant tokens (not whitespace or comments), for look-behind/ahead.
  const sig: number[] = [];
  tokens.forEach((t, i) => {
    if (t.type !== 'ws' && t.type !== 'comment') sig.push(i);
  });
  const sigPos = new Map<number, number>();
  sig.forEach((ti, si) => sigPos.set(ti, si));
  const sigAt = (si: number): Token | undefined => (si >= 0 && si < sig.length ? tokens[sig[si]!] : undefined);
  const upper = (t: Token | undefined): string => (t && t.type === 'word' ? t.text.toUpperCase() : '');

  // Names defined by WITH: `name AS (`.
  for (let si = 0; si + 2 < sig.length; si++) {
    const a = sigAt(si)!;
    if ((a.type === 'word' || a.type === 'backtick') && upper(sigAt(si + 1)) === 'AS' && sigAt(si + 2)!.text === '(') {
      cteNames.add((a.value ?? a.text).toLowerCase());
    }
  }

  // `a IS [NOT] DISTINCT FROM b` is a comparison: its FROM opens no FROM clause.
  const opensFrom = (si: number): boolean => upper(sigAt(si)) === 'FROM' && upper(sigAt(si - 1)) !== 'DISTINCT' && clause() !== 'call' && clause() !== 'cast';
  /** Whether the significant token at si names a FROM item (after FROM, JOIN, or a comma of a FROM clause). */
  const fromItemAt = (si: number): boolean =>
    (opensFrom(si - 1) || (upper(sigAt(si - 1)) === 'JOIN' && clause() !== 'call' && clause() !== 'cast') || (sigAt(si - 1)?.text === ',' && clause() === 'from'));

  // BigQuery's `FROM UNNEST(arr) AS x` names the element x; DuckDB's names the row: `AS x(x)` names both.
  const unnestCloses: number[] = [];
  let elementAlias = -1;

  let castTypeNext = false;
  // `x IN UNNEST(arr)` becomes `x IN (SELECT UNNEST(arr))`: depths whose ')' closes one more.
  const extraClose: number[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const si = sigPos.get(i);
    const prev = si === undefined ? undefined : sigAt(si - 1);
    const next = si === undefined ? undefined : sigAt(si + 1);

    if (t.type === 'ws') {
      emit(t.text, t.start);
      i++;
      continue;
    }
    if (t.type === 'comment') {
      emit(t.text.startsWith('#') ? `--${t.text.slice(1)}` : t.text, t.start);
      i++;
      continue;
    }
    if (t.type === 'string') {
      // BigQuery has no file or string FROM items; DuckDB would read a file of that name.
      if (fromItemAt(si!)) throw new SqlSyntaxError(`Syntax error: Unexpected string literal ${t.text}`, t.start);
      emit(quoteString(t.value ?? ''), t.start);
      i++;
      continue;
    }
    if (t.type === 'bytes') {
      emit(bytesLiteral(t.value ?? ''), t.start);
      i++;
      continue;
    }
    if (t.type === 'param' || t.type === 'positional') {
      let key: string;
      let source: ParamBinding['source'];
      let type: string | undefined;
      if (t.type === 'param') {
        const name = (t.value ?? '').toLowerCase();
        key = `n:${name}`;
        source = { kind: 'named', name };
        type = options.namedTypes?.get(name);
        if (type === undefined) throw new SqlSyntaxError(`Query parameter '${t.value}' not found`, t.start);
      } else {
        const index = positional++;
        key = `p:${index}`;
        source = { kind: 'positional', index };
        type = options.positionalTypes?.[index];
        if (type === undefined) throw new SqlSyntaxError(`Positional query parameter ${index + 1} not found`, t.start);
      }
      let duckName = paramByKey.get(key);
      if (duckName === undefined) {
        duckName = `p${params.length}`;
        paramByKey.set(key, duckName);
        params.push({ duckName, source });
      }
      emit(`CAST($${duckName} AS ${type})`, t.start);
      i++;
      continue;
    }
    if (t.text === '(') {
      const w = upper(prev);
      if (w === 'UNNEST' && fromItemAt(si! - 1)) unnestCloses.push(clauses.length + 1);
      if (w === 'CAST' || w === 'SAFE_CAST') clauses.push('cast');
      else if (prev && (prev.type === 'word' || prev.type === 'backtick') && !NON_CALL_WORDS.has(w)) clauses.push('call');
      else clauses.push('none');
      emit(t.text, t.start);
      i++;
      continue;
    }
    if (t.text === ')') {
      if (extraClose.length > 0 && extraClose[extraClose.length - 1] === clauses.length) {
        extraClose.pop();
        emit('))', t.start);
        if (clauses.length > 1) clauses.pop();
        i++;
        continue;
      }
      if (unnestCloses[unnestCloses.length - 1] === clauses.length) {
        unnestCloses.pop();
        const k = upper(next) === 'AS' ? si! + 2 : si! + 1;
        const alias = sigAt(k);
        const named = alias?.type === 'backtick' || (alias?.type === 'word' && (k === si! + 2 || !NOT_ALIASES.has(upper(alias))));
        if (named && sigAt(k + 1)?.text !== '(' && sigAt(k + 1)?.text !== '.') elementAlias = sig[k]!;
      }
      if (clauses.length > 1) clauses.pop();
      emit(t.text, t.start);
      i++;
      continue;
    }
    if (t.text === ',') {
      emit(t.text, t.start);
      i++;
      continue;
    }
    if (t.text === '*' && t.type === 'op') {
      const pw = upper(prev);
      if (pw === 'SELECT' || pw === 'DISTINCT' || pw === 'ALL' || prev?.text === ',' || prev?.text === '.') {
        if (next?.text !== ')') selectsStar = true;
        emit('*', t.start);
        // `* EXCEPT (a, b)` is `* EXCLUDE (a, b)` in DuckDB.
        if (upper(next) === 'EXCEPT' && sigAt(si! + 2)?.text === '(') {
          const exceptToken = next!;
          const exceptIndex = sig[si! + 1]!;
          for (let k = i + 1; k < exceptIndex; k++) emit(tokens[k]!.text, tokens[k]!.start);
          emit('EXCLUDE', exceptToken.start);
          i = exceptIndex + 1;
          continue;
        }
        i++;
        continue;
      }
      emit('*', t.start);
      i++;
      continue;
    }
    if (t.type === 'word' || t.type === 'backtick') {
      const w = upper(t);
      if (t.type === 'word') {
        if (opensFrom(si!)) setClause('from');
        else if (w === 'JOIN') setClause('from');
        else if (CLAUSE_RESET.has(w) && clause() !== 'call') setClause('none');
        else if (w === 'SELECT') setClause('none');
        if (w === 'AS' && clause() === 'cast') {
          castTypeNext = true;
          emit(t.text, t.start);
          i++;
          continue;
        }
        if (castTypeNext) {
          castTypeNext = false;
          const duck = DUCKDB_TYPE[w];
          emit(duck ?? t.text, t.start);
          i++;
          continue;
        }
        if (w === 'UNNEST' && upper(prev) === 'IN' && next?.text === '(') {
          const openIndex = sig[si! + 1]!;
          emit('(SELECT UNNEST', t.start);
          for (let k = i + 1; k < openIndex; k++) emit(tokens[k]!.text, tokens[k]!.start);
          emit('(', tokens[openIndex]!.start);
          clauses.push('call');
          extraClose.push(clauses.length);
          i = openIndex + 1;
          continue;
        }
        if (w === 'SAFE_CAST' && next?.text === '(') {
          emit('TRY_CAST', t.start);
          i++;
          continue;
        }
        // Typed literals: DATETIME '...', TIMESTAMP '...', NUMERIC '...'.
        if (next?.type === 'string' && ['DATETIME', 'TIMESTAMP', 'NUMERIC', 'BIGNUMERIC', 'JSON'].includes(w)) {
          const lit = next;
          const litIndex = sig[si! + 1]!;
          emit(`CAST(${quoteString(lit.value ?? '')} AS ${DUCKDB_TYPE[w]})`, t.start);
          i = litIndex + 1;
          continue;
        }
      }

      // Gather a dotted path: word/backtick ( '.' word/backtick )*, adjacent tokens only.
      const parts: string[] = [];
      const backticked: boolean[] = [];
      let j = i;
      for (;;) {
        const p = tokens[j]!;
        const pieces = p.type === 'backtick' ? (p.value ?? '').split('.') : [p.text];
        for (const piece of pieces) {
          parts.push(piece);
          backticked.push(p.type === 'backtick');
        }
        const dot = tokens[j + 1];
        const after = tokens[j + 2];
        if (dot?.text === '.' && dot.type === 'op' && after && (after.type === 'word' || after.type === 'backtick')) {
          j += 2;
          continue;
        }
        break;
      }
      for (const part of parts) identifiers.add(part.toLowerCase());
      const lastSig = sigPos.get(j);
      const afterPath = lastSig === undefined ? undefined : sigAt(lastSig + 1);
      const tablePosition = afterPath?.text !== '(' && fromItemAt(si!);
      if (tablePosition && (parts.length >= 2 || !cteNames.has(parts[0]!.toLowerCase()))) {
        const ref = resolveTableRef(parts, backticked, options, t.start);
        if (ref) {
          tables.push(ref);
          emit(`${quoteIdent(ref.project)}.${quoteIdent(ref.dataset)}.${quoteIdent(ref.table)}`, t.start);
          i = j + 1;
          continue;
        }
      }
      // Not a table: keep words, turn backtick identifiers into quoted identifiers.
      for (let k = i; k <= j; k++) {
        const p = tokens[k]!;
        if (p.type === 'backtick') emit((p.value ?? '').split('.').map(quoteIdent).join('.'), p.start);
        else emit(p.text, p.start);
      }
      if (i === elementAlias && j === i) emit(`(${t.type === 'backtick' ? quoteIdent(t.value ?? '') : t.text})`, t.end);
      i = j + 1;
      continue;
    }
    emit(t.text, t.start);
    i++;
  }

  const translated = out.join('');
  return {
    sql: translated,
    tables,
    params,
    identifiers,
    selectsStar,
    originalOffset(offset: number): number {
      // Last piece that starts at or before the offset.
      let lo = 0;
      let hi = pieceOut.length - 1;
      let found = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (pieceOut[mid]! <= offset) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (pieceOut.length === 0) return 0;
      const within = offset - pieceOut[found]!;
      const nextIn = found + 1 < pieceIn.length ? pieceIn[found + 1]! : sql.length;
      return Math.min(pieceIn[found]! + within, Math.max(pieceIn[found]!, nextIn - 1));
    },
  };
}

/** 1-based line and column of an offset, as BigQuery prints them: `[line:column]`. */
export function lineColumn(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}
