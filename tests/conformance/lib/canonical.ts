/** Canonical JSON, the `pick` projection and a readable diff: how results are compared. */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal values print the same in every language. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

type Token = { key: string } | { each: true } | { index: number };

function parsePath(path: string): Token[] {
  const tokens: Token[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d*\])*)$/.exec(part);
    if (!match) throw new Error(`bad pick path ${path}`);
    if (match[1]) tokens.push({ key: match[1] });
    for (const bracket of match[2]!.match(/\[\d*\]/g) ?? []) {
      tokens.push(bracket === '[]' ? { each: true } : { index: Number(bracket.slice(1, -1)) });
    }
  }
  return tokens;
}

function extract(value: unknown, tokens: Token[]): unknown {
  if (tokens.length === 0) return value;
  const [head, ...rest] = tokens as [Token, ...Token[]];
  if ('key' in head) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !(head.key in value)) return undefined;
    const inner = extract((value as Record<string, unknown>)[head.key], rest);
    return inner === undefined ? undefined : { [head.key]: inner };
  }
  if (!Array.isArray(value)) return undefined;
  if ('each' in head) return value.map((v) => extract(v, rest));
  // One element is kept under its index ("[4999]"), so picks of several indices merge.
  return head.index < value.length ? { [`[${head.index}]`]: extract(value[head.index], rest) } : undefined;
}

function merge(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (Array.isArray(a) && Array.isArray(b)) return a.map((v, i) => merge(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = merge(out[k], v);
    return out;
  }
  return b;
}

/** Keeps only the given paths of a result (`count`, `items[].id`, `rows[0]` -> `{rows: {"[0]": ...}}`). */
export function pick(value: unknown, paths: readonly string[] | undefined): unknown {
  if (!paths) return value;
  return paths.reduce<unknown>((acc, path) => merge(acc, extract(value, parsePath(path))), undefined) ?? null;
}

/** A short, line-based diff of two JSON values, for failure reports. */
export function jsonDiff(want: unknown, got: unknown, path = '$', out: string[] = [], limit = 12): string[] {
  if (out.length >= limit) return out;
  if (canonicalJson(want) === canonicalJson(got)) return out;
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length) out.push(`${path}: want ${want.length} elements, got ${got.length}`);
    for (let i = 0; i < Math.min(want.length, got.length); i++) jsonDiff(want[i], got[i], `${path}[${i}]`, out, limit);
    return out;
  }
  if (want && got && typeof want === 'object' && typeof got === 'object' && !Array.isArray(want) && !Array.isArray(got)) {
    const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
    for (const key of [...keys].sort()) {
      jsonDiff((want as Record<string, unknown>)[key], (got as Record<string, unknown>)[key], `${path}.${key}`, out, limit);
    }
    return out;
  }
  out.push(`${path}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  return out;
}
