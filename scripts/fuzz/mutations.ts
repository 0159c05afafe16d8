/**
 * Seeded mutations of a parsed OpenAPI spec, one kind at a time: each takes
 * the spec (a JSON value, mutated in place) and a random source, and returns
 * what it did in a few words, plus any file it adds beside or outside the
 * spec's folder. The same seed gives the same mutant.
 */
import { escapePointerToken } from '../../generators/src/diagnostics.js';
import { PROTOTYPE_KEYS } from '../../generators/src/load/prototype-keys.js';
import { type Json, type Rng, type Site, nameSites, schemaSites, setAt, siblingMap, textSites, valueSites } from './sites.js';

export const MUTATION_KINDS = ['delete', 'type-swap', 'huge-text', 'unicode-text', 'reserved-name', 'near-name', 'ref-cycle', 'ref-outside', 'huge-name'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutant {
  readonly did: string;
  /** Files to write, by path relative to the spec's folder (`../x` lands outside it); a value of null is a symlink to `link`. */
  readonly files?: ReadonlyMap<string, string | { readonly link: string }>;
}

/** Each language's reserved words and names its runtime or its users' code cannot take. */
export const RESERVED_NAMES: Readonly<Record<string, readonly string[]>> = {
  typescript: ['class', 'delete', 'await', 'default', 'enum', 'interface', 'then', 'prototype', 'undefined', 'arguments'],
  python: ['class', 'def', 'None', 'lambda', 'self', 'from', 'import', 'async', 'match', 'print', 'cls', 'kwargs'],
  r: ['if', 'function', 'TRUE', 'NULL', 'NA_integer_', 'Inf', 'NaN', '...', '..1', 'repeat', 'T', 'c', 'list'],
  stata: ['_all', '_n', '_N', '_b', 'byte', 'int', 'long', 'float', 'double', 'in', 'if', 'using', 'with', 'strL'],
  object: ['__proto__', ...PROTOTYPE_KEYS.slice(0, 6)],
};

/** Text that breaks naive writers: bidi controls, NUL, ESC, NEL, line separators, lone surrogates, comment and string enders. */
const HOSTILE_PIECES = [
  '\u202e\u2066rtl\u2069\u202c', '\u0000', '\u001b[31m', '\u0085', '\u2028\u2029', '\ud800', '\udfff', '\ufeff', '\u200d', 'e\u0301',
  '😀', '*/', '"""', '-->', '${x}', '`', '\\', '%', '{', '}', '\r\n', '\t', 'é', '\u00a0', '#\'', '@export', '`r` `"', '{stata "x"}',
];

/** Names that differ from `name` only in case or punctuation. */
export function nearNames(name: string): string[] {
  const words = name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  const lower = words.map((w) => w.toLowerCase());
  return [...new Set([
    name.toUpperCase(), name.toLowerCase(), name.charAt(0).toUpperCase() + name.slice(1), lower.join('_'), lower.join('-'), lower.join('.'),
    lower.join(' '), lower.join(''), `${name}_`, `_${name}`, lower.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join(''),
  ])].filter((n) => n !== name && n !== '');
}

const TYPES: readonly Json[] = ['string', 'integer', 'number', 'boolean', 'array', 'object', 'null', ['string', 'null'], ['integer', 'object'], 'nonsense', 7, null];
const VALUES_OF_OTHER_TYPES: readonly Json[] = [42, -1.5, true, null, 'text', [], {}, [1, 'two'], { nested: { deeper: [] } }, ''];

const schemaRef = (name: string) => `#/components/schemas/${encodeURIComponent(escapePointerToken(name))}`;

function components(spec: Record<string, Json>): Record<string, Json> {
  const c = ((spec.components ??= {}) as Record<string, Json>);
  c.schemas ??= {};
  return c.schemas as Record<string, Json>;
}

/** Renames `from` to `to` inside the map at `site.path`, keeping its place; a schema's `$ref`s follow it. */
function rename(spec: Json, site: Site, to: string): void {
  if (site.kind === 'field') {
    setAt(spec, site.path, to);
    return;
  }
  const map = siblingMap(spec, site.path);
  const from = site.path.at(-1) as string;
  const entries = Object.entries(map).map(([k, v]): [string, Json] => [k === from ? to : k, v]);
  for (const key of Object.keys(map)) delete map[key];
  for (const [k, v] of entries) Object.defineProperty(map, k, { value: v, enumerable: true, writable: true, configurable: true });
  if (site.kind === 'schema') {
    const old = schemaRef(from);
    const walk = (node: Json): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        if ((node as Record<string, Json>).$ref === old || (node as Record<string, Json>).$ref === `#/components/schemas/${escapePointerToken(from)}`) (node as Record<string, Json>).$ref = schemaRef(to);
        Object.values(node).forEach(walk);
      }
    };
    walk(spec);
  }
}

/** Points a random schema site (else the first operation's answer) at `ref`. */
function pointSomewhereAt(spec: Json, rng: Rng, ref: string): string {
  const sites = schemaSites(spec);
  const site = sites.length > 0 ? rng.pick(sites) : undefined;
  if (!site) return 'no schema to point';
  setAt(spec, site.path, { $ref: ref });
  return `#/${site.path.map((t) => escapePointerToken(String(t))).join('/')}`;
}

const CYCLES: Readonly<Record<string, (ref: (n: string) => string) => Record<string, unknown>>> = {
  'self $ref': (r) => ({ FzA: { $ref: r('FzA') } }),
  'pair of $refs': (r) => ({ FzA: { $ref: r('FzB') }, FzB: { $ref: r('FzA') } }),
  'array of itself': (r) => ({ FzA: { type: 'array', items: { $ref: r('FzA') } } }),
  'union and array ring': (r) => ({ FzA: { oneOf: [{ $ref: r('FzB') }, { type: 'string' }] }, FzB: { type: 'array', items: { $ref: r('FzA') } } }),
  'union ring': (r) => ({ FzA: { anyOf: [{ $ref: r('FzB') }, { type: 'string' }] }, FzB: { oneOf: [{ $ref: r('FzA') }, { type: 'integer' }] } }),
  'allOf of itself': (r) => ({ FzA: { allOf: [{ $ref: r('FzA') }, { type: 'object' }] } }),
  'object recursion': (r) => ({ FzA: { type: 'object', properties: { next: { $ref: r('FzA') }, list: { type: 'array', items: { $ref: r('FzA') } } } } }),
  'map of itself': (r) => ({ FzA: { type: 'object', additionalProperties: { $ref: r('FzA') } } }),
  'nullable self': (r) => ({ FzA: { oneOf: [{ $ref: r('FzA') }, { type: 'null' }] } }),
};

const OUTSIDE = 'Thing: {type: object, properties: {stolen: {type: string, description: OUTSIDE-TEXT}}}\n';

export const MUTATIONS: Readonly<Record<MutationKind, (spec: Json, rng: Rng) => Mutant>> = {
  delete(spec, rng) {
    const site = rng.pick(valueSites(spec));
    const parent = siblingMap(spec, site.path) as Record<string, Json> | Json[];
    const key = site.path.at(-1)!;
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key as string];
    return { did: `deleted ${site.pointer}` };
  },
  'type-swap'(spec, rng) {
    const withType = schemaSites(spec).filter((s) => typeof s.node === 'object' && s.node !== null && 'type' in (s.node as object));
    if (withType.length > 0 && rng.next() < 0.6) {
      const site = rng.pick(withType);
      const type = rng.pick(TYPES);
      (site.node as Record<string, Json>).type = type;
      return { did: `type ${JSON.stringify(type)} at ${site.pointer}` };
    }
    const site = rng.pick(valueSites(spec));
    const value = rng.pick(VALUES_OF_OTHER_TYPES);
    setAt(spec, site.path, structuredClone(value));
    return { did: `${JSON.stringify(value)} at ${site.pointer}` };
  },
  'huge-text'(spec, rng) {
    const site = rng.pick(textSites(spec));
    const unit = rng.pick(['x', 'é', 'line\n', '😀', 'a b ']);
    const text = unit.repeat(Math.ceil(rng.pick([50_000, 200_000, 1_000_000]) / unit.length));
    setAt(spec, site.path, text);
    return { did: `${text.length.toLocaleString('en-US')} characters of ${JSON.stringify(unit)} at ${site.pointer}` };
  },
  'unicode-text'(spec, rng) {
    const sites = textSites(spec);
    const hits: string[] = [];
    for (let i = 0; i < 3; i++) {
      const site = rng.pick(sites);
      const pieces = Array.from({ length: 4 }, () => rng.pick(HOSTILE_PIECES));
      setAt(spec, site.path, `${String(site.node)}${pieces.join('')}`);
      hits.push(site.pointer);
    }
    return { did: `hostile text at ${hits.join(', ')}` };
  },
  'reserved-name'(spec, rng) {
    const language = rng.pick(Object.keys(RESERVED_NAMES));
    const name = rng.pick(RESERVED_NAMES[language]!);
    const site = rng.pick(nameSites(spec));
    rename(spec, site, name);
    return { did: `${site.kind} ${site.pointer} named ${JSON.stringify(name)} (${language})` };
  },
  'near-name'(spec, rng) {
    const site = rng.pick(nameSites(spec).filter((s) => s.kind !== 'field'));
    if (!site) return { did: 'no name to copy' };
    const from = site.path.at(-1) as string;
    const near = nearNames(from);
    const to = near.length > 0 ? rng.pick(near) : `${from}_`;
    const map = siblingMap(spec, site.path) as Record<string, Json>;
    map[to] = structuredClone(map[from]!);
    return { did: `${site.kind} ${JSON.stringify(to)} beside ${site.pointer}` };
  },
  'ref-cycle'(spec, rng) {
    const kind = rng.pick(Object.keys(CYCLES));
    const root = spec as Record<string, Json>;
    const across = rng.next() < 0.25;
    if (across) {
      // The same cycle through a second file: each refers to the other's schema.
      Object.assign(components(root), { FzA: { $ref: './cycle.json#/FzB' } });
      const where = pointSomewhereAt(spec, rng, schemaRef('FzA'));
      return { did: `a cycle across files from ${where}`, files: new Map([['cycle.json', JSON.stringify({ FzB: { type: 'array', items: { $ref: './openapi.json#/components/schemas/FzA' } } })]]) };
    }
    Object.assign(components(root), CYCLES[kind]!(schemaRef) as Record<string, Json>);
    return { did: `${kind} from ${pointSomewhereAt(spec, rng, schemaRef('FzA'))}` };
  },
  'ref-outside'(spec, rng) {
    const way = rng.pick(['parent folder', 'absolute path', 'file URL', 'remote URL', 'symlink', 'encoded traversal', 'deep traversal']);
    const files = new Map<string, string | { link: string }>([['../outside.yaml', OUTSIDE]]);
    const target: Record<string, string> = {
      'parent folder': '../outside.yaml#/Thing',
      'absolute path': '/etc/passwd#/Thing',
      'file URL': 'file:///etc/passwd',
      'remote URL': 'http://127.0.0.1:9/outside.yaml#/Thing',
      symlink: './inside.yaml#/Thing',
      'encoded traversal': '%2e%2e/outside.yaml#/Thing',
      'deep traversal': 'sub/../../outside.yaml#/Thing',
    };
    if (way === 'symlink') files.set('inside.yaml', { link: '../outside.yaml' });
    return { did: `${way} $ref at ${pointSomewhereAt(spec, rng, target[way]!)}`, files };
  },
  'huge-name'(spec, rng) {
    const site = rng.pick(nameSites(spec));
    const unit = rng.pick(['n', 'é', 'Ab_', '😀']);
    const name = unit.repeat(Math.ceil(rng.pick([10_050, 40_000]) / unit.length));
    rename(spec, site, name);
    return { did: `${site.kind} ${site.pointer} renamed to ${name.length.toLocaleString('en-US')} characters of ${JSON.stringify(unit)}` };
  },
};
