// A small tokenizer for BigQuery standard SQL: just enough lexical structure to
// rewrite names, literals and parameters for DuckDB without a full parser.

export type TokenType =
  | 'ws'
  | 'comment'
  | 'string'
  | 'bytes'
  | 'backtick'
  | 'word'
  | 'param'
  | 'positional'
  | 'number'
  | 'op';

export interface Token {
  type: TokenType;
  /** The raw text in the source. */
  text: string;
  start: number;
  end: number;
  /** Decoded value of string, bytes and backtick tokens; the name of a @param. */
  value?: string;
}

/** Words after which `(` opens a subquery or a list rather than a function call. */
export const NON_CALL_WORDS = new Set([
  'FROM', 'JOIN', 'IN', 'EXISTS', 'AS', 'ON', 'USING', 'AND', 'OR', 'NOT', 'SELECT', 'WHERE',
  'UNION', 'ALL', 'DISTINCT', 'INTERSECT', 'EXCEPT', 'WITH', 'THEN', 'ELSE', 'WHEN', 'CASE',
  'BY', 'HAVING', 'LATERAL', 'RECURSIVE', 'OVER', 'IS', 'LIKE', 'BETWEEN', 'ANY', 'SOME',
]);

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '?': '?',
  '"': '"',
  "'": "'",
  '`': '`',
};

/** Decodes the escapes of a BigQuery quoted literal body (not raw). */
function unescape(body: string, offset: number): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) throw new SqlSyntaxError('Illegal escape sequence: \\', offset + i);
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const hexLen = next === 'x' || next === 'X' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(i + 2, i + 2 + hexLen);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) {
        throw new SqlSyntaxError(`Illegal escape sequence: \\${next}${hex}`, offset + i);
      }
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + hexLen;
      continue;
    }
    const oct = body.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(oct)) {
      out += String.fromCharCode(parseInt(oct, 8));
      i += 3;
      continue;
    }
    throw new SqlSyntaxError(`Illegal escape sequence: \\${next}`, offset + i);
  }
  return out;
}

const WORD_START = /[A-Za-z_\u00C0-\uFFFF]/;
const WORD_CHAR = /[A-Za-z0-9_\u00C0-\uFFFF]/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (type: TokenType, start: number, end: number, value?: string): void => {
    const token: Token = { type, text: sql.slice(start, end), start, end };
    if (value !== undefined) token.value = value;
    tokens.push(token);
  };
  while (i < sql.length) {
    const start = i;
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      while (i < sql.length && /\s/.test(sql[i]!)) i++;
      push('ws', start, i);
      continue;
    }
    if ((ch === '-' && sql[i + 1] === '-') || ch === '#') {
      while (i < sql.length && sql[i] !== '\n') i++;
      push('comment', start, i);
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw new SqlSyntaxError('Unclosed comment', start);
      i = close + 2;
      push('comment', start, i);
      continue;
    }
    // String and bytes literals with optional r/b prefixes, single or triple quoted.
    const prefix = /^(?:[rR][bB]?|[bB][rR]?)?(?='|")/.exec(sql.slice(i, i + 3));
    if (prefix && (prefix[0].length > 0 || ch === "'" || ch === '"')) {
      const p = prefix[0].toLowerCase();
      const raw = p.includes('r');
      const bytes = p.includes('b');
      let q = i + p.length;
      const quote = sql[q]!;
      const triple = sql.slice(q, q + 3) === quote.repeat(3);
      const delim = triple ? quote.repeat(3) : quote;
      q += delim.length;
      const bodyStart = q;
      let bodyEnd = -1;
      while (q < sql.length) {
        if (sql[q] === '\\') {
          q += 2;
          continue;
        }
        if (!triple && sql[q] === '\n') break;
        if (sql.startsWith(delim, q)) {
          bodyEnd = q;
          break;
        }
        q++;
      }
      if (bodyEnd < 0) throw new SqlSyntaxError('Unclosed string literal', start);
      const body = sql.slice(bodyStart, bodyEnd);
      i = bodyEnd + delim.length;
      push(bytes ? 'bytes' : 'string', start, i, raw ? body : unescape(body, bodyStart));
      continue;
    }
    if (ch === '`') {
      let q = i + 1;
      let value = '';
      for (; q < sql.length && sql[q] !== '`'; q++) {
        if (sql[q] === '\\' && q + 1 < sql.length) {
          value += unescape(sql.slice(q, q + 2), q);
          q++;
        } else value += sql[q];
      }
      if (q >= sql.length) throw new SqlSyntaxError('Unclosed identifier literal', start);
      i = q + 1;
      push('backtick', start, i, value);
      continue;
    }
    if (ch === '@' && sql[i + 1] !== '@') {
      i++;
      if (sql[i] === '`') {
        const close = sql.indexOf('`', i + 1);
        if (close < 0) throw new SqlSyntaxError('Unclosed identifier literal', start);
        const name = sql.slice(i + 1, close);
        i = close + 1;
        push('param', start, i, name);
        continue;
      }
      while (i < sql.length && WORD_CHAR.test(sql[i]!)) i++;
      if (i === start + 1) throw new SqlSyntaxError('Syntax error: Unexpected "@"', start);
      push('param', start, i, sql.slice(start + 1, i));
      continue;
    }
    if (ch === '?') {
      i++;
      push('positional', start, i);
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(?:0[xX][0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/.exec(sql.slice(i))!;
      i += m[0].length;
      push('number', start, i);
      continue;
    }
    if (WORD_START.test(ch)) {
      while (i < sql.length && WORD_CHAR.test(sql[i]!)) i++;
      push('word', start, i);
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (['<=', '>=', '<>', '!=', '||', '<<', '>>', '=>'].includes(two)) {
      i += 2;
      push('op', start, i);
      continue;
    }
    i++;
    push('op', start, i);
  }
  return tokens;
}
