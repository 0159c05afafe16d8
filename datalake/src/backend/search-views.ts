// GET /search/ and GET /facet_values/ (backend/apps/api/v1/search_views.py):
// parameters, the page of results as as_search_result writes them, the
// aggregations, and the errors those views give.
import type { ServerResponse } from 'node:http';
import { RawJson, send, type RequestContext } from '../http.js';
import { compareText } from './collation.js';
import type { Database, Row } from './database.js';
import { djangoServerError } from './django.js';
import { LANGUAGES, type ModelName } from './models.js';
import { pythonJson } from './python-json.js';
import { CONTAINS_FACETS, facetCounts, indexedText, search, type FacetField, type SearchDocument, type SearchFilters } from './search.js';

/** JsonResponse: json.dumps with DjangoJSONEncoder's defaults. */
export const sendJson = (ctx: RequestContext, res: ServerResponse, status: number, body: unknown): void =>
  send(ctx, res, status, new RawJson(pythonJson(body)), 'application/json');

/** int() of a parameter, or the default when Python's int() would refuse it. */
function pyInt(text: string | null, fallback: number): number {
  if (text === null || !/^\s*[+-]?\d+(_\d+)*\s*$/.test(text)) return fallback;
  return Number(text.replaceAll('_', '').trim());
}

/** Elasticsearch's index.max_result_window: from + size beyond it is an error (a 500 from the view). */
const MAX_RESULT_WINDOW = 10_000;
const FACET_MODELS: Array<[FacetField, string, ModelName]> = [
  ['theme_slug', 'themes', 'Theme'],
  ['organization_slug', 'organizations', 'Organization'],
  ['tag_slug', 'tags', 'Tag'],
  ['entity_slug', 'observation_levels', 'Entity'],
  ['spatial_coverage', 'spatial_coverages', 'Area'],
];
const FACET_VALUE_FIELDS: FacetField[] = ['tag_slug', 'theme_slug', 'entity_slug', 'organization_slug', 'spatial_coverage'];

const isLocale = (l: string): boolean => (LANGUAGES as readonly string[]).includes(l);

function filtersOf(query: URLSearchParams, withQ: boolean): SearchFilters {
  return {
    q: withQ ? (query.getAll('q').at(-1) ?? undefined) : undefined,
    theme: query.getAll('theme'),
    organization: query.getAll('organization'),
    tag: query.getAll('tag'),
    observation_level: query.getAll('observation_level'),
    spatial_coverage: query.getAll('spatial_coverage'),
    contains: query.getAll('contains'),
  };
}

export class SearchViews {
  constructor(
    private readonly db: Database,
    private readonly docs: readonly SearchDocument[],
  ) {}

  /** Slug -> row of a model whose names the facets show (a repeated slug: the last row, as a dict() of values() keeps it). */
  private named(model: ModelName): Map<string, Row> {
    return new Map(this.db.rows(model).map((r) => [r.slug as string, r]));
  }

  /** The facet's values with localized names; `fallback` when the locale has no name of its own. */
  private translate(values: Array<{ key: string; count: number }>, model: ModelName, locale: string): Array<Record<string, unknown>> {
    const rows = this.named(model);
    return values.map((v) => {
      const row = rows.get(v.key);
      const localized = (row?.[`name_${locale}`] as string | null | undefined) ?? null;
      return row ? { ...v, name: localized || (row.name as string) || v.key, fallback: localized === null } : { ...v, name: v.key, fallback: true };
    });
  }

  search(ctx: RequestContext, res: ServerResponse): void {
    const q = ctx.query;
    const page = pyInt(q.getAll('page').at(-1) ?? null, 1);
    const pageSize = pyInt(q.getAll('page_size').at(-1) ?? null, 10);
    const locale = q.getAll('locale').at(-1) ?? 'pt';
    const found = search(this.docs, filtersOf(q, true));
    const start = (page - 1) * pageSize;
    // By reading: a locale without name_<locale> fields makes values() raise FieldError once there is
    // something to name; negative slices and pages past Elasticsearch's window fail too.
    if ((found.length > 0 && !isLocale(locale)) || start < 0 || pageSize < 0 || start + pageSize > MAX_RESULT_WINDOW) return djangoServerError(ctx, res);
    const aggregations: Record<string, unknown> = {};
    for (const c of CONTAINS_FACETS) {
      // A terms aggregation of a boolean field: key 1 for true; the view drops the falsy key 0.
      const n = found.filter((d) => d.contains[c]).length;
      aggregations[`contains_${c}`] = n > 0 ? [{ key: 1, count: n }] : [];
    }
    for (const [field, name, model] of FACET_MODELS) aggregations[name] = this.translate(facetCounts(found, field, 6), model, locale);
    sendJson(ctx, res, 200, {
      page,
      page_size: pageSize,
      count: found.length,
      results: found.slice(start, start + pageSize).map((d) => this.result(d, locale)),
      aggregations,
      locale,
    });
  }

  facetValues(ctx: RequestContext, res: ServerResponse): void {
    const q = ctx.query;
    const facet = (q.getAll('facet').at(-1) ?? '').toLowerCase() as FacetField;
    const locale = q.getAll('locale').at(-1) ?? 'pt';
    if (!FACET_VALUE_FIELDS.includes(facet)) {
      const choices = `[${FACET_VALUE_FIELDS.map((f) => `'${f}'`).join(', ')}]`;
      return sendJson(ctx, res, 400, { error: `Facet '${facet}' not available. Choose from: ${choices}` });
    }
    // By reading: without q the form is unbound, never valid, and no_query_found() returns every dataset, unfiltered.
    const found = q.has('q') ? search(this.docs, filtersOf(q, true)) : [...this.docs];
    const values = facetCounts(found, facet, 1000);
    if (values.length > 0 && !isLocale(locale)) return djangoServerError(ctx, res);
    const model = FACET_MODELS.find(([f]) => f === facet)![2];
    sendJson(ctx, res, 200, { facet, values: this.translate(values, model, locale), count: values.length, locale });
  }

  /** as_search_result. */
  private result(doc: SearchDocument, locale: string): Record<string, unknown> {
    const d = doc.dataset;
    const sorted = (name: string): Row[] => this.db.many('Dataset', d, name).sort((a, b) => compareText(a.slug as string, b.slug as string));
    const localized = (r: Row): string | null => (r[`name_${locale}`] as string | null) ?? null;
    const areas = this.named('Area');
    const entities = this.named('Entity');
    const updated = (d.updated_at as string).slice(0, 19);
    return {
      // The index returns a naive datetime (the UTC wall time), which DjangoJSONEncoder writes without an offset.
      updated_at: updated,
      id: d.id,
      slug: d.slug,
      name: localized(d) || d.slug,
      description: (d[`description_${locale}`] as string | null) || null,
      tags: sorted('tags').map((t) => ({ slug: t.slug, name: localized(t) })),
      themes: sorted('themes').map((t) => ({ slug: t.slug, name: localized(t) })),
      entities: doc.fields.entity_slug.map((slug) => ({ slug, name: localized(entities.get(slug)!) })),
      organizations: sorted('organizations').map((o) => ({ id: o.id, slug: o.slug, name: localized(o), picture: (o.picture as string | null) || null })),
      temporal_coverage: [d.temporal_coverage],
      spatial_coverage: doc.fields.spatial_coverage.map((slug) => {
        const area = areas.get(slug);
        return { slug, name: (area && (localized(area) || (area.name as string))) || slug };
      }),
      ...Object.fromEntries(
        ['open_data', 'closed_data', 'tables', 'direct_download_free', 'direct_download_paid', 'temporalcoverage_free', 'temporalcoverage_paid', 'raw_data_sources', 'information_requests'].map(
          (c) => [`contains_${c}`, doc.contains[c]],
        ),
      ),
      n_tables: d.n_tables,
      n_raw_data_sources: d.n_raw_data_sources,
      n_information_requests: d.n_information_requests,
      ...Object.fromEntries(
        ['first_table_id', 'first_open_table_id', 'first_closed_table_id', 'first_raw_data_source_id', 'first_information_request_id'].map((k) => [k, indexedText(d[k])]),
      ),
    };
  }
}
