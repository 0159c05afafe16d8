// BigQuery's `/` raises "division by zero: 1 / 0"; DuckDB's answers NULL, and
// a NULL cannot be told apart from a NULL operand afterwards, so results cannot
// be checked: the division itself is rewritten. Every `a / b` becomes
// `bq_divide(a, b)` (a macro of the engine) on the token stream, before the
// translator sees it. Operands follow BigQuery's precedence: `*`, `/`, `%` and
// `||` bind alike and to the left, tighter than `+`/`-`; unary signs, calls,
// `OVER (...)`, subscripts, field access, CASE ... END and parentheses are one
// operand. A `/` whose operands cannot be found is left as it is.
import { NON_CALL_WORDS, type Token } from './tokenize.js';

const SAME_LEVEL = new Set(['*', '/', '%', '||']);
const UNARY = new Set(['-', '+', '~']);
const TYPED_LITERALS = new Set(['DATE', 'DATETIME', 'TIME', 'TIMESTAMP', 'NUMERIC', 'BIGNUMERIC', 'JSON', 'RANGE']);

const upper = (t: Token | undefined): string => (t && t.type === 'word' ? t.text.toUpperCase() : '');
const isName = (t: Token | undefined): boolean => t !== undefined && (t.type === 'word' || t.type === 'backtick');
const isAtom = (t: Token | undefined): boolean =>
  t !== undefined && ['word', 'backtick', 'number', 'string', 'bytes', 'param', 'positional'].includes(t.type);

export function rewriteDivisions(tokens: readonly Token[]): Token[] {
  // Significant tokens only; operands are ranges [first, last] of indexes into `sig`.
  const sig: Token[] = tokens.filter((t) => t.type !== 'ws' && t.type !== 'comment');
  if (!sig.some((t) => t.type === 'op' && t.text === '/')) return [...tokens];
  const text = (i: number): string => sig[i]?.text ?? '';

  /** Index of the bracket matching the one at i, scanning in `step` direction; -1 when unbalanced. */
  const match = (i: number, step: 1 | -1): number => {
    const open = sig[i]!.text;
    const close = ({ '(': ')', ')': '(', '[': ']', ']': '[' } as Record<string, string>)[open]!;
    let depth = 0;
    for (let k = i; k >= 0 && k < sig.length; k += step) {
      if (sig[k]!.type !== 'op') continue;
      if (sig[k]!.text === open) depth++;
      else if (sig[k]!.text === close && --depth === 0) return k;
    }
    return -1;
  };
  /** CASE ... END: the matching keyword, counting nested CASEs. */
  const matchCase = (i: number, step: 1 | -1): number => {
    let depth = 0;
    for (let k = i; k >= 0 && k < sig.length; k += step) {
      const w = upper(sig[k]);
      if (w === (step === 1 ? 'CASE' : 'END')) depth++;
      else if (w === (step === 1 ? 'END' : 'CASE') && --depth === 0) return k;
    }
    return -1;
  };

  /** Start of the primary that ends at `end` (a call, group, subscript, path...), or -1. */
  const primaryStart = (end: number): number => {
    const t = sig[end];
    if (!t) return -1;
    let start: number;
    if (t.type === 'op' && (t.text === ')' || t.text === ']')) {
      start = match(end, -1);
      if (start < 0) return -1;
      const before = sig[start - 1];
      // A call `f(...)` or `ARRAY[...]` / `x[...]`: the name or base belongs to the operand.
      if (t.text === ')' && isName(before) && !NON_CALL_WORDS.has(upper(before))) start = primaryStart(start - 1);
      else if (t.text === ']' && (isAtom(before) || text(start - 1) === ')' || text(start - 1) === ']')) start = primaryStart(start - 1);
      else if (t.text === ')' && upper(before) === 'OVER') start = primaryStart(start - 2);
    } else if (upper(t) === 'END') {
      start = matchCase(end, -1);
    } else if (isAtom(t)) {
      start = end;
      if (t.type === 'string' && TYPED_LITERALS.has(upper(sig[end - 1]))) start = end - 1;
      else if (isName(t) && upper(sig[end - 1]) === 'OVER') start = primaryStart(end - 2); // f(x) OVER w
    } else return -1;
    if (start < 0) return -1;
    // Field access `a.b`, `f(x).b`.
    if (text(start - 1) === '.' && sig[start - 1]!.type === 'op') return primaryStart(start - 2);
    return start;
  };

  /** Whether the token at i ends an operand (so a sign after it is binary). */
  const endsOperand = (i: number): boolean => {
    const t = sig[i];
    if (!t) return false;
    if (t.type === 'op') return t.text === ')' || t.text === ']';
    if (t.type === 'word') return upper(t) === 'END' || !NON_CALL_WORDS.has(upper(t));
    return true;
  };

  /** First index of the left operand of the `/` at i. */
  const leftStart = (i: number): number => {
    let end = i - 1;
    for (;;) {
      let start = primaryStart(end);
      if (start < 0) return -1;
      while (sig[start - 1]?.type === 'op' && UNARY.has(text(start - 1)) && !endsOperand(start - 2)) start--;
      const op = sig[start - 1];
      if (op?.type === 'op' && SAME_LEVEL.has(op.text) && start - 2 >= 0) {
        end = start - 2;
        continue;
      }
      return start;
    }
  };

  /** Last index of the primary that starts at i (with its postfixes), or -1. */
  const primaryEnd = (i: number): number => {
    const t = sig[i];
    if (!t) return -1;
    let end: number;
    if (t.type === 'op' && t.text === '(') end = match(i, 1);
    else if (upper(t) === 'CASE') end = matchCase(i, 1);
    else if (isAtom(t)) end = i;
    else return -1;
    if (end < 0) return -1;
    if (t.type === 'word' && TYPED_LITERALS.has(upper(t)) && sig[end + 1]?.type === 'string') end++;
    for (;;) {
      const next = sig[end + 1];
      if (next?.type === 'op' && next.text === '.' && isName(sig[end + 2])) end += 2;
      else if (next?.type === 'op' && (next.text === '(' || next.text === '[') && (isAtom(sig[end]) || text(end) === ')' || text(end) === ']')) {
        const close = match(end + 1, 1);
        if (close < 0) return -1;
        end = close;
      } else if (upper(next) === 'OVER' && text(end) === ')') {
        const after = sig[end + 2];
        if (after?.type === 'op' && after.text === '(') {
          const close = match(end + 2, 1);
          if (close < 0) return -1;
          end = close;
        } else if (isName(after)) end += 2;
        else return end;
      } else return end;
    }
  };

  /** Last index of the right operand of the `/` at i. */
  const rightEnd = (i: number): number => {
    let start = i + 1;
    while (sig[start]?.type === 'op' && UNARY.has(text(start))) start++;
    return primaryEnd(start);
  };

  const opensBefore = new Map<Token, number>();
  const closesAfter = new Map<Token, number>();
  const commas = new Set<Token>();
  sig.forEach((t, i) => {
    if (t.type !== 'op' || t.text !== '/') return;
    const from = leftStart(i);
    const to = from < 0 ? -1 : rightEnd(i);
    if (to < 0) return;
    opensBefore.set(sig[from]!, (opensBefore.get(sig[from]!) ?? 0) + 1);
    closesAfter.set(sig[to]!, (closesAfter.get(sig[to]!) ?? 0) + 1);
    commas.add(t);
  });

  const out: Token[] = [];
  const synthetic = (type: Token['type'], value: string, at: number): Token => ({ type, text: value, start: at, end: at });
  for (const t of tokens) {
    for (let n = opensBefore.get(t) ?? 0; n > 0; n--) out.push(synthetic('word', 'bq_divide', t.start), synthetic('op', '(', t.start));
    out.push(commas.has(t) ? { ...t, text: ',' } : t);
    for (let n = closesAfter.get(t) ?? 0; n > 0; n--) out.push(synthetic('op', ')', t.end));
  }
  return out;
}
