/**
 * The orders ruff checks generated code against, so every package is
 * ruff-clean whatever names the spec gives: `__all__` (RUF022) and the
 * members of one `from x import ...` (isort's I001 with `order-by-type`).
 * Both sort by kind of name first (CONSTANT, then Class, then anything else)
 * and then naturally (`Item2` before `Item10`), as ruff does.
 */

const isDigit = (c: string) => c >= '0' && c <= '9';

/** Natural order: runs of digits compare as numbers, anything else by code point (ruff uses the natord crate). */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (isDigit(a[i]!) && isDigit(b[j]!)) {
      let ei = i;
      let ej = j;
      while (ei < a.length && isDigit(a[ei]!)) ei++;
      while (ej < b.length && isDigit(b[ej]!)) ej++;
      const x = BigInt(a.slice(i, ei));
      const y = BigInt(b.slice(j, ej));
      if (x !== y) return x < y ? -1 : 1;
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] !== b[j]) return a[i]! < b[j]! ? -1 : 1;
    i++;
    j++;
  }
  return Math.sign((a.length - i) - (b.length - j));
}

/** ruff's kind of a name: 0 CONSTANT (more than one character, cased, no lowercase), 1 Class (an uppercase first letter), 2 anything else. */
export function nameKind(name: string): 0 | 1 | 2 {
  const cased = name.toLowerCase() !== name.toUpperCase();
  if (name.length > 1 && cased && name === name.toUpperCase()) return 0;
  return /^\p{Lu}/u.test(name) ? 1 : 2;
}

/** RUF022's order of `__all__`: kind, then natural order (case-sensitive). */
export function dunderAllOrder(names: readonly string[]): string[] {
  return [...names].sort((a, b) => nameKind(a) - nameKind(b) || naturalCompare(a, b));
}

/** isort's order within one `from x import ...` (ruff's `order-by-type`): kind, then natural order ignoring case, then case. */
export function isortOrder(names: readonly string[]): string[] {
  return [...names].sort((a, b) => nameKind(a) - nameKind(b) || naturalCompare(a.toLowerCase(), b.toLowerCase()) || naturalCompare(a, b));
}
