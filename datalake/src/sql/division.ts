// BigQuery's `/` raises "division by zero: 1 / 0"; DuckDB's answers NULL, and
// a NULL cannot be told apart from a NULL operand afterwards, so results cannot
// be checked: the division itself is rewritten. Every `a / b` becomes
// `bq_divide(a, b)` (a macro of the engine) on the token stream, before the
// translator sees it. Operands follow BigQuery's precedence: `*`, `/`, `%` and
// `||` bind alike and to the left, tighter than `+`/`-`; unary signs, calls,
// `OVER (...)`, subscripts, field access, CASE ... END and parentheses are one
// operand. A `/` whose operands cannot be found is left as it is. Linear in
// the query's length (brackets are paired once, chains are remembered), with no
// recursion: the query text is the client's.
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

  // The partner of every bracket and of every CASE / END, or -1.
  const partner = new Int32Array(sig.length).fill(-1);
  const open: number[] = [];
  const cases: number[] = [];
  const CLOSES: Record<string, string> = { ')': '(', ']': '[' };
  sig.forEach((t, i) => {
    const w = upper(t);
    if (t.type === 'op' && (t.text === '(' || t.text === '[')) open.push(i);
    else if (t.type === 'op' && CLOSES[t.text] !== undefined) {
      const j = open.pop();
      if (j !== undefined && sig[j]!.text === CLOSES[t.text]) partner[(partner[j] = i)] = j;
    } else if (w === 'CASE') cases.push(i);
    else if (w === 'END') {
      const j = cases.pop();
      if (j !== undefined) partner[(partner[j] = i)] = j;
    }
  });

  /** Start of the primary that ends at `end` (a call, group, subscript, path...), or -1. */
  const primaryStart = (end: number): number => {
    let k = end;
    for (;;) {
      const t = sig[k];
      if (!t) return -1;
      let start: number;
      if (t.type === 'op' && (t.text === ')' || t.text === ']')) {
        start = partner[k]!;
        if (start < 0) return -1;
        const before = sig[start - 1];
        // A call `f(...)`, `ARRAY[...]` / `x[...]`, `f(x) OVER (...)`: what comes before belongs to the operand.
        if (t.text === ')' && isName(before) && !NON_CALL_WORDS.has(upper(before))) {
          k = start - 1;
          continue;
        }
        if (t.text === ']' && (isAtom(before) || text(start - 1) === ')' || text(start - 1) === ']')) {
          k = start - 1;
          continue;
        }
        if (t.text === ')' && upper(before) === 'OVER') {
          k = start - 2;
          continue;
        }
      } else if (upper(t) === 'END') {
        start = partner[k]!;
        if (start < 0) return -1;
      } else if (isAtom(t)) {
        start = k;
        if (t.type === 'string' && TYPED_LITERALS.has(upper(sig[k - 1]))) start = k - 1;
        else if (isName(t) && upper(sig[k - 1]) === 'OVER') {
          k -= 2; // f(x) OVER w
          continue;
        }
      } else return -1;
      // Field access `a.b`, `f(x).b`.
      if (sig[start - 1]?.type === 'op' && text(start - 1) === '.') {
        k = start - 2;
        continue;
      }
      return start;
    }
  };

  /** Whether the token at i ends an operand (so a sign after it is binary). */
  const endsOperand = (i: number): boolean => {
    const t = sig[i];
    if (!t) return false;
    if (t.type === 'op') return t.text === ')' || t.text === ']';
    if (t.type === 'word') return upper(t) === 'END' || !NON_CALL_WORDS.has(upper(t));
    return true;
  };

  // Operator index -> first index of the chain of same-level operands its left operand ends.
  const chainStart = new Map<number, number>();
  /** First index of the left operand of the `/` at i. */
  const leftStart = (i: number): number => {
    const visited = [i];
    let end = i - 1;
    let result: number;
    for (;;) {
      let start = primaryStart(end);
      if (start < 0) {
        result = -1;
        break;
      }
      while (sig[start - 1]?.type === 'op' && UNARY.has(text(start - 1)) && !endsOperand(start - 2)) start--;
      const op = sig[start - 1];
      if (op?.type === 'op' && SAME_LEVEL.has(op.text) && start - 2 >= 0) {
        const known = chainStart.get(start - 1);
        if (known !== undefined) {
          result = known;
          break;
        }
        visited.push(start - 1);
        end = start - 2;
        continue;
      }
      result = start;
      break;
    }
    for (const v of visited) chainStart.set(v, result);
    return result;
  };

  /** Last index of the primary that starts at i (with its postfixes), or -1. */
  const primaryEnd = (i: number): number => {
    const t = sig[i];
    if (!t) return -1;
    let end: number;
    if (t.type === 'op' && t.text === '(') end = partner[i]!;
    else if (upper(t) === 'CASE') end = partner[i]!;
    else if (isAtom(t)) end = i;
    else return -1;
    if (end < 0) return -1;
    if (t.type === 'word' && TYPED_LITERALS.has(upper(t)) && sig[end + 1]?.type === 'string') end++;
    for (;;) {
      const next = sig[end + 1];
      if (next?.type === 'op' && next.text === '.' && isName(sig[end + 2])) end += 2;
      else if (next?.type === 'op' && (next.text === '(' || next.text === '[') && (isAtom(sig[end]) || text(end) === ')' || text(end) === ']')) {
        if (partner[end + 1]! < 0) return -1;
        end = partner[end + 1]!;
      } else if (upper(next) === 'OVER' && text(end) === ')') {
        const after = sig[end + 2];
        if (after?.type === 'op' && after.text === '(') {
          if (partner[end + 2]! < 0) return -1;
          end = partner[end + 2]!;
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
