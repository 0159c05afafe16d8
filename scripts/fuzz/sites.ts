/**
 * Where a mutation can strike in a parsed spec: every value, the texts
 * (descriptions, summaries, titles, enum values, examples), the schema
 * objects, and the names (component schemas, properties, parameters,
 * operation ids). Found by one walk in document order, so a seeded pick is
 * the same on every run.
 */
import { escapePointerToken } from '../../generators/src/diagnostics.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Token = string | number;

export interface Site {
  readonly path: readonly Token[];
  readonly pointer: string;
  readonly node: Json;
  /** For names: a key of a map (`schema`, `property`) or a string field (`field`: a parameter's name, an operationId). */
  readonly kind?: 'schema' | 'property' | 'field';
}

/** mulberry32: small, fast and the same everywhere. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('nothing to pick from');
    return items[Math.floor(this.next() * items.length)]!;
  }
}

const pointerOf = (path: readonly Token[]) => `#${path.map((t) => `/${escapePointerToken(String(t))}`).join('')}`;

function walk(root: Json, visit: (node: Json, path: readonly Token[]) => void): void {
  const stack: { node: Json; path: readonly Token[] }[] = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    visit(node, path);
    if (Array.isArray(node)) for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i]!, path: [...path, i] });
    else if (node && typeof node === 'object') {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ node: node[keys[i]!]!, path: [...path, keys[i]!] });
    }
  }
}

const site = (node: Json, path: readonly Token[], kind?: Site['kind']): Site => ({ path, pointer: pointerOf(path), node, ...(kind ? { kind } : {}) });

/** Every value but the root. */
export function valueSites(root: Json): Site[] {
  const out: Site[] = [];
  walk(root, (node, path) => {
    if (path.length > 0) out.push(site(node, path));
  });
  return out;
}

const TEXT_KEYS = new Set(['description', 'summary', 'title', 'example', 'default']);

/** Strings people write: descriptions, summaries, titles, examples, defaults and enum values. */
export function textSites(root: Json): Site[] {
  const out: Site[] = [];
  walk(root, (node, path) => {
    if (typeof node !== 'string') return;
    const key = path.at(-1);
    if ((typeof key === 'string' && TEXT_KEYS.has(key)) || (typeof key === 'number' && path.at(-2) === 'enum')) out.push(site(node, path));
  });
  return out;
}

const SCHEMA_HOLDERS = new Set(['schema', 'items', 'additionalProperties', 'not']);

/** Schema objects: components' schemas, properties, items, members of allOf/oneOf/anyOf, parameter and media schemas. */
export function schemaSites(root: Json): Site[] {
  const out: Site[] = [];
  walk(root, (node, path) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const key = path.at(-1);
    const parent = path.at(-2);
    const isSchema = (typeof key === 'string' && SCHEMA_HOLDERS.has(key))
      || (parent === 'schemas' && path.at(-3) === 'components')
      || (parent === 'properties' && typeof key === 'string')
      || (typeof key === 'number' && ['allOf', 'oneOf', 'anyOf'].includes(String(parent)));
    if (isSchema) out.push(site(node, path));
  });
  return out;
}

/** Names the generators turn into identifiers: component schemas, properties, parameter names, operation ids. */
export function nameSites(root: Json): Site[] {
  const out: Site[] = [];
  walk(root, (node, path) => {
    const key = path.at(-1);
    const parent = path.at(-2);
    if (parent === 'schemas' && path.at(-3) === 'components' && path.length === 3) out.push(site(node, path, 'schema'));
    else if (parent === 'properties' && typeof key === 'string' && node && typeof node === 'object') out.push(site(node, path, 'property'));
    else if (key === 'name' && typeof node === 'string' && typeof path.at(-2) === 'number' && path.at(-3) === 'parameters') out.push(site(node, path, 'field'));
    else if (key === 'operationId' && typeof node === 'string') out.push(site(node, path, 'field'));
  });
  return out;
}

/** The object or array holding the last token of `path`. */
export function siblingMap(root: Json, path: readonly Token[]): Record<string, Json> {
  let node = root as Record<string, Json>;
  for (const token of path.slice(0, -1)) node = (node as unknown as Record<Token, Json>)[token] as Record<string, Json>;
  return node;
}

export function setAt(root: Json, path: readonly Token[], value: Json): void {
  (siblingMap(root, path) as unknown as Record<Token, Json>)[path.at(-1)!] = value;
}
