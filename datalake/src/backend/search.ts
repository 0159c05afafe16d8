// The backend's dataset search (haystack + Elasticsearch, search_indexes.py and
// search_views.DatasetSearchForm) over the replica's database: one document per
// dataset not under review or excluded, the same filters, facets and order.
// Elasticsearch's analyzers are not reproduced: a word of `q` matches a word of
// the document's text that it begins, accents and case folded, or the same word
// without a plural -s/-es (the text is what templates/search/indexes/v1/dataset_text.txt renders).
import { compareText } from './collation.js';
import type { Database, Row } from './database.js';
import { PyObject } from './properties.js';

export interface SearchDocument {
  dataset: Row;
  /** Folded words of the indexed text. */
  words: string[];
  /** Multi-value keyword fields, as the index stores them. */
  fields: Record<'tag_slug' | 'theme_slug' | 'entity_slug' | 'organization_slug' | 'spatial_coverage', string[]>;
  /** The boolean contains_* fields. */
  contains: Record<string, boolean>;
  updatedAt: number;
}

export interface SearchFilters {
  q?: string;
  theme: string[];
  organization: string[];
  tag: string[];
  observation_level: string[];
  spatial_coverage: string[];
  contains: string[];
}

export const CONTAINS_FACETS = [
  'open_data',
  'closed_data',
  'tables',
  'raw_data_sources',
  'information_requests',
  'direct_download_free',
  'direct_download_paid',
  'temporalcoverage_free',
  'temporalcoverage_paid',
];

const HIDDEN = new Set(['under_review', 'excluded']);
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const wordsOf = (text: unknown): string[] => (typeof text === 'string' ? fold(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '') : []);
const singular = (w: string): string => (w.length > 4 && w.endsWith('es') ? w.slice(0, -2) : w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w);

export function buildIndex(db: Database): SearchDocument[] {
  const slugs = (rows: readonly Row[]): string[] => rows.map((r) => r.slug as string);
  const docs: SearchDocument[] = [];
  for (const d of db.rows('Dataset')) {
    if (HIDDEN.has(db.one('Dataset', d, 'status')?.slug as string)) continue;
    const bySlug = (a: Row, b: Row): number => compareText(a.slug as string, b.slug as string);
    const tables = db.many('Dataset', d, 'tables').sort(bySlug);
    const tags = db.many('Dataset', d, 'tags').sort(bySlug);
    const themes = db.many('Dataset', d, 'themes').sort(bySlug);
    // Dataset has no `organization`, so the template's organization lines render empty.
    const text = [d.slug, d.name, d.description, ...slugs(tables), ...tables.map((t) => t.name), ...tables.map((t) => t.description), ...tags.map((t) => t.name), ...slugs(tags), ...themes.map((t) => t.name), ...slugs(themes)];
    const levels = tables.flatMap((t) => db.many('Table', t, 'observation_levels').sort((a, b) => (a.order as number) - (b.order as number)));
    docs.push({
      dataset: d,
      words: text.flatMap(wordsOf),
      fields: {
        tag_slug: slugs(tags),
        theme_slug: slugs(themes),
        entity_slug: levels.map((l) => db.one('ObservationLevel', l, 'entity')?.slug as string).filter((s) => s !== undefined),
        organization_slug: slugs(db.many('Dataset', d, 'organizations').sort(bySlug)),
        spatial_coverage: d.spatial_coverage as string[],
      },
      contains: Object.fromEntries(CONTAINS_FACETS.map((c) => [c, Boolean(d[`contains_${c}`])])),
      updatedAt: Date.parse(d.updated_at as string),
    });
  }
  return docs;
}

/** Words of q the way haystack's AutoQuery reads them: "quoted phrases", -excluded words, the rest required. */
function parseQuery(q: string): { required: string[][]; excluded: string[][] } {
  const required: string[][] = [];
  const excluded: string[][] = [];
  for (const m of q.matchAll(/(-?)(?:"([^"]*)"|(\S+))/g)) {
    const words = wordsOf(m[2] ?? m[3]);
    if (words.length === 0) continue;
    (m[1] === '-' ? excluded : required).push(words);
  }
  return { required, excluded };
}

/** How often a query word (or phrase) occurs in the document; 0 when it does not. */
function occurrences(doc: SearchDocument, phrase: string[]): number {
  const hits = (word: string, w: string): boolean => word.startsWith(w) || singular(word) === singular(w);
  let n = 0;
  for (let i = 0; i + phrase.length <= doc.words.length; i++) if (phrase.every((w, j) => hits(doc.words[i + j]!, w))) n++;
  return n;
}

/** spatial_coverage: each value is a comma list; an area matches itself and its ancestors (br_sp: br_sp or br); world alone means world. */
function spatialMatches(doc: SearchDocument, values: readonly string[]): boolean {
  const lists = values.map((v) => v.split(','));
  const have = new Set(doc.fields.spatial_coverage);
  if (have.size === 0) return false;
  if (lists.some((l) => l.includes('world'))) return have.has('world');
  return lists.flat().every((area) => {
    const parts = area.split('_');
    return parts.some((_, i) => have.has(parts.slice(0, i + 1).join('_')));
  });
}

/** The documents the search form selects, in the view's order: contains_tables, relevance, updated_at, all descending. */
export function search(docs: readonly SearchDocument[], f: SearchFilters): SearchDocument[] {
  const query = f.q ? parseQuery(f.q) : undefined;
  const scored: Array<{ doc: SearchDocument; score: number }> = [];
  for (const doc of docs) {
    if (!f.contains.every((c) => doc.contains[c] === true)) continue;
    if (!f.tag.every((v) => doc.fields.tag_slug.includes(v))) continue;
    if (!f.theme.every((v) => doc.fields.theme_slug.includes(v))) continue;
    if (!f.observation_level.every((v) => doc.fields.entity_slug.includes(v))) continue;
    if (!f.organization.every((v) => doc.fields.organization_slug.includes(v))) continue;
    if (f.spatial_coverage.length > 0 && !spatialMatches(doc, f.spatial_coverage)) continue;
    let score = 1;
    if (query) {
      const counts = query.required.map((p) => occurrences(doc, p));
      if (query.required.length === 0 || counts.some((c) => c === 0)) continue;
      if (query.excluded.some((p) => occurrences(doc, p) > 0)) continue;
      score = counts.reduce((s, c) => s + Math.log1p(c), 0);
    }
    scored.push({ doc, score });
  }
  scored.sort(
    (a, b) =>
      Number(b.doc.contains.tables) - Number(a.doc.contains.tables) ||
      b.score - a.score ||
      b.doc.updatedAt - a.doc.updatedAt ||
      ((a.doc.dataset.slug as string) < (b.doc.dataset.slug as string) ? -1 : 1),
  );
  return scored.map((s) => s.doc);
}

export type FacetField = keyof SearchDocument['fields'];

/** A terms aggregation: documents per value, most first, then by value; at most `size`. */
export function facetCounts(docs: readonly SearchDocument[], field: FacetField, size: number): Array<{ key: string; count: number }> {
  const counts = new Map<string, number>();
  for (const d of docs) for (const v of new Set(d.fields[field])) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
    .slice(0, size);
}

/** str() of an index CharField holding a property (a UUID), "" (the field's default) when it is None. */
export const indexedText = (value: unknown): string => (value instanceof PyObject ? value.text : value === null || value === undefined ? '' : String(value));
