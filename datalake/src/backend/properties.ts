// The models' @property values (backend/apps/api/v1/models.py), computed once
// per row and stored under the property's name. graphene serves them as
// GenericScalar, which hands the Python value to json.dumps unchanged: a UUID,
// a datetime or a model instance cannot be encoded there (by reading:
// graphene-django 3.0.0's view answers 500), so such values are PyObject here.
import { compareText } from './collation.js';
import type { Database, Row } from './database.js';
import { LANGUAGES, type ModelName } from './models.js';

/** A Python object json.dumps cannot encode; `text` is its str() (what the search index stores). */
export class PyObject {
  constructor(
    readonly pythonType: string,
    readonly text: string,
  ) {}
}

/** A property that raises when read; GraphQL reports it as the field's error. */
export class PropertyError extends Error {}

const HIDDEN_STATUSES = new Set(['under_review', 'excluded']);
const DICTIONARY_SLUGS = new Set(['dicionario', 'dictionary']);
const MB = 1024 * 1024;

interface DateText {
  at: number;
  text: string | null;
  type: 'open' | 'closed';
}

export type Resources = ReadonlyArray<readonly [ModelName, readonly Row[]]>;

const coveragesOf = (db: Database, resources: Resources): Row[] => resources.flatMap(([model, rows]) => rows.flatMap((r) => db.many(model, r, 'coverages')));

function extend(side: { since?: DateText; until?: DateText }, dt: Row): void {
  const s = rangeEnd(dt, 'start');
  const e = rangeEnd(dt, 'end');
  if (s && (!side.since || s.at < side.since.at)) side.since = s;
  if (e && (!side.until || e.at > side.until.at)) side.until = e;
}

/** get_temporal_coverage: the earliest start and latest end of the resources' date ranges. */
export function temporalCoverage(db: Database, resources: Resources): { start: string | null; end: string | null } {
  const span: { since?: DateText; until?: DateText } = {};
  for (const cov of coveragesOf(db, resources)) for (const dt of db.many('Coverage', cov, 'datetime_ranges')) extend(span, dt);
  return { start: span.since?.text ?? null, end: span.until?.text ?? null };
}

export function computeProperties(db: Database): void {
  const statusSlug = (model: ModelName, row: Row): string | undefined => db.one(model, row, 'status')?.slug as string | undefined;
  const visible = (model: ModelName) => (row: Row): boolean => !HIDDEN_STATUSES.has(statusSlug(model, row) ?? '');
  const byOrder = (a: Row, b: Row): number => (a.order as number) - (b.order as number);
  const coverages = (resources: Resources): Row[] => coveragesOf(db, resources);
  const temporal = (resources: Resources): { start: string | null; end: string | null } => temporalCoverage(db, resources);

  /** get_full_temporal_coverage: open and closed steps, or None. */
  const fullTemporal = (resources: Resources): Array<{ date: string | null; type: string }> | null => {
    const open: { since?: DateText; until?: DateText } = {};
    const paid: { since?: DateText; until?: DateText } = {};
    for (const cov of coverages(resources)) for (const dt of db.many('Coverage', cov, 'datetime_ranges')) extend(cov.is_closed ? paid : open, dt);
    const step = (d: DateText | undefined, type: string): { date: string | null; type: string } => ({ date: d?.text ?? null, type });
    if (open.since && paid.since && paid.until) return [step(open.since, 'open'), step(paid.since, 'open'), step(paid.until, 'closed')];
    if (open.since && open.until && paid.until) return [step(open.since, 'open'), step(open.until, 'open'), step(paid.until, 'closed')];
    if (open.since && open.until) return [step(open.since, 'open'), step(open.until, 'open')];
    if (paid.since && paid.until) return [step(paid.since, 'closed'), step(paid.until, 'closed')];
    return null;
  };

  const areas = (resources: Resources): Row[] => coverages(resources).map((c) => db.one('Coverage', c, 'area')).filter((a): a is Row => a !== null);
  /** Column's spatial properties fall back to its table's when the column has no coverage of its own. */
  const setSpatial = (row: Row, resources: Resources, fallback?: Resources): void => {
    const found = areas(resources);
    const used = found.length === 0 && fallback ? areas(fallback) : found;
    row.spatial_coverage = spatialOf(used);
    for (const l of LANGUAGES) row[`spatial_coverage_name_${l}`] = spatialNamesOf(used, l);
  };
  const latest = (rows: readonly Row[]): PyObject | null =>
    latestOf(rows.map((r) => r.latest as string | null).map((d) => (d === null ? null : new PyObject('datetime', d.replace('T', ' ')))));

  for (const o of db.rows('Organization')) {
    const area = db.one('Organization', o, 'area');
    o.full_slug = area ? `${area.slug as string}_${o.slug as string}` : o.slug;
    o.has_picture = Boolean(o.picture);
  }
  for (const c of db.rows('CloudTable')) {
    c.gcp_prefix_id = `${c.gcp_project_id as string}.${c.gcp_dataset_id as string}`;
    c.gcp_suffix_id = `${c.gcp_dataset_id as string}.${c.gcp_table_id as string}`;
  }
  for (const dt of db.rows('DateTimeRange')) {
    dt.since_str = rangeEnd(dt, 'start')?.text ?? '';
    dt.until_str = rangeEnd(dt, 'end')?.text ?? '';
    dt.interval_str = dt.interval ? String(dt.interval) : '0';
  }
  for (const s of db.rows('RawDataSource')) {
    s.last_polled_at = latest(db.many('RawDataSource', s, 'polls'));
    s.last_updated_at = latest(db.many('RawDataSource', s, 'updates'));
  }
  for (const t of db.rows('Table')) {
    const size = t.uncompressed_file_size as number | null;
    const columns = db.many('Table', t, 'columns');
    const cloud = db.many('Table', t, 'cloud_tables').sort((a, b) => (a.id < b.id ? -1 : 1))[0];
    const own: Resources = [['Table', [t]]];
    const full = fullTemporal(own) ?? [];
    const anyCoverage = (closed: boolean): boolean => coverages([...own, ['Column', columns]]).some((c) => c.is_closed === closed);
    Object.assign(t, {
      full_slug: t.slug,
      gbq_slug: cloud ? `basedosdados.${cloud.gcp_dataset_id as string}.${cloud.gcp_table_id as string}` : null,
      gbq_dict_slug: cloud ? `basedosdados.${cloud.gcp_dataset_id as string}.dicionario` : null,
      gbq_table_slug: cloud ? cloud.gcp_table_id : null,
      gcs_slug: cloud ? `staging/${cloud.gcp_dataset_id as string}/${cloud.gcp_table_id as string}` : null,
      // The partition columns as Column's default ordering (by name) lists them.
      partitions: columns.filter((c) => c.is_partition).map((c) => c.name as string).sort(compareText).join(', '),
      contains_open_data: anyCoverage(false),
      contains_closed_data: anyCoverage(true) || (size !== null && size > 100 * MB && size <= 1000 * MB),
      contains_direct_download_free: size !== null && size < 100 * MB,
      contains_direct_download_paid: size !== null && size > 100 * MB,
      contains_temporalcoverage_free: full.every((e) => e.type === 'open'),
      contains_temporalcoverage_paid: full.some((e) => e.type === 'closed'),
      temporal_coverage: temporal(own),
      temporal_coverage_from_table: temporal(own),
      full_temporal_coverage: fullTemporal(own),
      neighbors: [],
      last_updated_at: latest(db.many('Table', t, 'updates')),
      published_by_info: [],
      data_cleaned_by_info: [],
      coverage_datetime_units: null,
    });
    setSpatial(t, own);
  }
  for (const c of db.rows('Column')) {
    const table = db.one('Column', c, 'table')!;
    const own = temporal([['Column', [c]]]);
    const fallback = !own.start || !own.end ? (table.temporal_coverage as { start: string | null; end: string | null }) : { start: null, end: null };
    c.temporal_coverage = { start: own.start ?? fallback.start, end: own.end ?? fallback.end };
    setSpatial(c, [['Column', [c]]], [['Table', [table]]]);
    const directory = db.one('Column', c, 'directory_primary_key');
    const directoryCloud = directory ? db.many('Table', db.one('Column', directory, 'table')!, 'cloud_tables')[0] : undefined;
    c.dir_column = directory ? new PyObject('Column', '') : null;
    c.dir_cloud_table = directoryCloud ? new PyObject('CloudTable', '') : null;
  }
  for (const d of db.rows('Dataset')) {
    const allTables = db.many('Dataset', d, 'tables');
    const sources = db.many('Dataset', d, 'raw_data_sources');
    const requests = db.many('Dataset', d, 'information_requests');
    const tables = allTables.filter(visible('Table')).filter((t) => !DICTIONARY_SLUGS.has(t.slug as string)).sort(byOrder);
    const openSources = sources.filter(visible('RawDataSource')).sort(byOrder);
    const openRequests = requests.filter(visible('InformationRequest')).sort(byOrder);
    const resources: Resources = [['Table', allTables], ['RawDataSource', sources], ['InformationRequest', requests]];
    const { start, end } = temporal(resources);
    const firstOrg = db.many('Dataset', d, 'organizations').sort((a, b) => compareText(a.slug as string, b.slug as string))[0];
    const orgArea = firstOrg ? db.one('Organization', firstOrg, 'area') : null;
    const idOf = (r: Row | undefined): PyObject | null => (r ? new PyObject('UUID', r.id) : null);
    const levels = resources.flatMap(([m, rows]) => rows.flatMap((r) => db.many(m, r, 'observation_levels')));
    Object.assign(d, {
      full_slug: !firstOrg
        ? new PropertyError("'NoneType' object has no attribute 'area'")
        : !orgArea
          ? new PropertyError("'NoneType' object has no attribute 'slug'")
          : orgArea.slug !== 'unknown'
            ? `${orgArea.slug as string}_${d.slug as string}`
            : d.slug,
      popularity: (d.page_views as number) < 1 ? 0 : Math.log10(d.page_views as number),
      temporal_coverage: start && end ? `${start} - ${end}` : (start ?? end ?? ''),
      // Entity has no as_search_result in models.py, so this raises as soon as a resource has an observation level.
      entities: levels.length > 0 ? new PropertyError(`'${db.one('ObservationLevel', levels[0]!, 'entity') ? 'Entity' : 'NoneType'}' object has no attribute 'as_search_result'`) : [],
      contains_open_data: tables.some((t) => coverages([['Table', [t]]]).some((c) => !c.is_closed)),
      contains_closed_data: tables.some((t) => t.contains_closed_data),
      contains_direct_download_free: tables.filter((t) => t.contains_direct_download_free).length,
      contains_direct_download_paid: tables.filter((t) => t.contains_direct_download_paid).length,
      contains_temporalcoverage_free: tables.filter((t) => t.contains_temporalcoverage_free).length,
      contains_temporalcoverage_paid: tables.filter((t) => t.contains_temporalcoverage_paid).length,
      contains_tables: tables.length > 0,
      contains_raw_data_sources: openSources.length > 0,
      contains_information_requests: openRequests.length > 0,
      n_tables: tables.length,
      n_raw_data_sources: openSources.length,
      n_information_requests: openRequests.length,
      first_table_id: idOf(tables[0]),
      first_open_table_id: idOf(tables.find((t) => t.contains_open_data)),
      first_closed_table_id: idOf(tables.find((t) => t.contains_closed_data)),
      first_raw_data_source_id: idOf(openSources[0]),
      first_information_request_id: idOf(openRequests[0]),
      table_last_updated_at: latestOf(tables.map((t) => t.last_updated_at as PyObject | null)),
      // `.values("last_polled_at")` names a property, not a column: Django raises FieldError whatever the rows.
      raw_data_source_last_polled_at: new PropertyError("Cannot resolve keyword 'last_polled_at' into field."),
      raw_data_source_last_updated_at: latestOf(openSources.map((s) => s.last_updated_at as PyObject | null)),
    });
    setSpatial(d, resources);
  }
}

/** DateTimeRange.since / since_str (start) and until / until_str (end). */
function rangeEnd(dt: Row, side: 'start' | 'end'): DateText | undefined {
  const y = dt[`${side}_year`] as number | null;
  if (!y) return undefined;
  const m = dt[`${side}_month`] as number | null;
  const d = dt[`${side}_day`] as number | null;
  const at = Date.UTC(y, (m ?? 1) - 1, d ?? 1, (dt[`${side}_hour`] as number | null) ?? 0, (dt[`${side}_minute`] as number | null) ?? 0, (dt[`${side}_second`] as number | null) ?? 0);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const text = m && d ? `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}` : m ? `${String(y).padStart(4, '0')}-${pad(m)}` : String(y).padStart(4, '0');
  return { at, text, type: 'open' };
}

function latestOf(values: ReadonlyArray<PyObject | null>): PyObject | null {
  const present = values.filter((v): v is PyObject => v !== null).sort((a, b) => Date.parse(a.text) - Date.parse(b.text));
  return present[present.length - 1] ?? null;
}

function spatialOf(found: readonly Row[]): string[] {
  const slugs = new Set(found.map((a) => a.slug as string));
  if (slugs.has('world')) return ['world'];
  return [...slugs].filter((s) => !s.split('_').slice(1).some((_, i) => slugs.has(s.split('_').slice(0, i + 1).join('_')))).sort();
}

function spatialNamesOf(found: readonly Row[], locale: string): string[] {
  const bySlug = new Map(found.map((a) => [a.slug as string, a]));
  const kept = spatialOf(found);
  if (kept.length === 1 && kept[0] === 'world') return [{ pt: 'Mundo', en: 'World', es: 'Mundo' }[locale] ?? 'Mundo'];
  return [...new Set(kept.map((s) => (bySlug.get(s)![`name_${locale}`] as string | null) ?? (bySlug.get(s)!.name as string)))].sort();
}
