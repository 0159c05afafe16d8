// The replica's database: one row per Django model instance, built from the
// sample catalogue (fixtures/catalogue.json) and the engine's table sizes, so
// the REST views, GraphQL and BigQuery all serve the same datasets, tables and
// columns. Rows are keyed by Django field names (models.ts); a foreign key
// holds the related row's UUID, a many-to-many field a list of UUIDs.
import { PROD_PROJECT, type Engine } from '../data/engine.js';
import { SYNTHETIC_COLUMNS, syntheticRows } from '../data/synthetic.js';
import type {
  CatalogueFixture,
  ColumnFixture,
  Coverage,
  CoverageFixture,
  DatasetFixture,
  LookupFixture,
  TableFixture,
  ThemeFixture,
  Translations,
} from '../data/catalogue.js';
import { uuid5 } from './ids.js';
import { LANGUAGES, MODEL_BY_NAME, isRelation, reverseRelations, type ModelName } from './models.js';
import { computeProperties } from './properties.js';

export type Row = Record<string, unknown> & { id: string };

/** Timestamps of lookup rows the fixture gives none for (organizations, themes, tags, ...). */
export const DEFAULT_TIMESTAMP = '2020-01-01T00:00:00+00:00';
export const DEFAULT_STATUS = 'published';
const BIGQUERY_TYPES = ['BIGNUMERIC', 'BOOL', 'BYTES', 'DATE', 'DATETIME', 'FLOAT64', 'GEOGRAPHY', 'INT64', 'JSON', 'NUMERIC', 'RECORD', 'STRING', 'TIME', 'TIMESTAMP'];
/** Which column stands for an observation level's entity (the backend links them by hand; here by the usual key names). */
const ENTITY_COLUMNS: Record<string, string[]> = {
  municipality: ['id_municipio'],
  state: ['id_uf', 'sigla_uf'],
  year: ['ano'],
  month: ['mes'],
  day: ['data'],
  school: ['id_escola'],
  candidate: ['sequencial_candidato'],
};

/** Python's datetime.isoformat() of an aware UTC datetime, which graphene's DateTime writes. */
export function isoUtc(text: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`bad timestamp in the catalogue: ${text}`);
  const iso = date.toISOString();
  const ms = date.getUTCMilliseconds();
  return `${iso.slice(0, 19)}${ms === 0 ? '' : `.${String(ms).padStart(3, '0')}000`}+00:00`;
}

export class Database {
  private readonly rowsByModel = new Map<ModelName, Row[]>();
  private readonly byId = new Map<string, Row>();
  private readonly reverseIndex = new Map<string, Map<string, Row[]>>();

  insert(model: ModelName, row: Row): Row {
    if (this.byId.has(row.id)) throw new Error(`duplicate ${model} id ${row.id}`);
    let rows = this.rowsByModel.get(model);
    if (!rows) this.rowsByModel.set(model, (rows = []));
    rows.push(row);
    this.byId.set(row.id, row);
    return row;
  }

  rows(model: ModelName): readonly Row[] {
    return this.rowsByModel.get(model) ?? [];
  }

  get(id: unknown): Row | undefined {
    return typeof id === 'string' ? this.byId.get(id) : undefined;
  }

  /** A relation of `row` (a field of `model` or a reverse relation onto it): a row, null, or a list of rows. */
  related(model: ModelName, row: Row, name: string): Row | null | Row[] {
    const field = MODEL_BY_NAME.get(model)!.fields.find((f) => f.name === name);
    if (field && isRelation(field)) {
      if (field.kind === 'fk') return this.get(row[name]) ?? null;
      return ((row[name] as string[] | undefined) ?? []).map((id) => this.byId.get(id)!);
    }
    const reverse = reverseRelations(model).find((r) => r.name === name);
    if (!reverse) throw new Error(`${model} has no relation ${name}`);
    const key = `${reverse.from}.${reverse.field.name}`;
    let index = this.reverseIndex.get(key);
    if (!index) {
      index = new Map();
      for (const r of this.rows(reverse.from)) {
        const targets = reverse.field.kind === 'fk' ? [r[reverse.field.name]] : ((r[reverse.field.name] as string[]) ?? []);
        for (const t of targets) if (typeof t === 'string') index.set(t, [...(index.get(t) ?? []), r]);
      }
      this.reverseIndex.set(key, index);
    }
    return index.get(row.id) ?? [];
  }

  /** `related` for a relation known to hold many rows. */
  many(model: ModelName, row: Row, name: string): Row[] {
    const r = this.related(model, row, name);
    return Array.isArray(r) ? r : r === null ? [] : [r];
  }

  one(model: ModelName, row: Row, name: string): Row | null {
    const r = this.related(model, row, name);
    return Array.isArray(r) ? (r[0] ?? null) : r;
  }
}

/** A translated field and its _pt/_en/_es copies; pt is the fixture's text (the default language). */
function translated(field: string, text: string | null | undefined, t: Translations = {}): Record<string, string | null> {
  const out: Record<string, string | null> = { [field]: text ?? null };
  for (const l of LANGUAGES) out[`${field}_${l}`] = l === 'pt' ? (text ?? null) : ((t as Record<string, string | undefined>)[`${field}_${l}`] ?? null);
  return out;
}

/** DateTimeRange columns of a coverage given as YYYY, YYYY-MM or YYYY-MM-DD. */
function rangeColumns(c: Coverage): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [side, text] of [['start', c.start], ['end', c.end]] as const) {
    const [y, m, d] = (text ?? '').split('-').map((p) => (p === '' ? null : Number(p)));
    for (const part of ['year', 'semester', 'quarter', 'month', 'day', 'hour', 'minute', 'second']) out[`${side}_${part}`] = null;
    Object.assign(out, { [`${side}_year`]: y ?? null, [`${side}_month`]: m ?? null, [`${side}_day`]: d ?? null });
  }
  return { ...out, interval: 1 };
}

export function buildDatabase(catalogue: CatalogueFixture, engine: Engine): Database {
  const ns = catalogue.uuid_namespace;
  if (!ns) throw new Error('the catalogue has no uuid_namespace');
  const uuid = (model: string, key: string): string => uuid5(ns, `${model}:${key}`);
  const db = new Database();
  function lookup<T extends LookupFixture>(model: ModelName, key: string, rows: readonly T[] | undefined, extra: (r: T) => Record<string, unknown> = () => ({})): void {
    for (const r of rows ?? []) db.insert(model, { id: uuid(key, r.slug), slug: r.slug, ...translated('name', r.name, r), ...extra(r) });
  }
  const ref = (key: string, slug: string | null | undefined): string | null => (slug ? uuid(key, slug) : null);

  lookup('Status', 'status', catalogue.statuses);
  lookup('EntityCategory', 'entitycategory', catalogue.entity_categories);
  lookup('Entity', 'entity', catalogue.entities, (e) => ({ category: ref('entitycategory', e.category) }));
  lookup('Area', 'area', catalogue.areas, (a) => ({
    administrative_level: a.administrative_level,
    entity: ref('entity', a.entity),
    parent: ref('area', a.parent),
  }));
  lookup('License', 'license', catalogue.licenses, (l) => ({ url: l.url }));
  for (const name of BIGQUERY_TYPES) db.insert('BigQueryType', { id: uuid('bigquerytype', name), name });

  for (const o of catalogue.organizations) {
    db.insert('Organization', {
      id: uuid('organization', o.id),
      slug: o.slug ?? o.id,
      ...translated('name', o.name, o),
      ...translated('description', o.description, o),
      area: ref('area', o.area),
      created_at: DEFAULT_TIMESTAMP,
      updated_at: DEFAULT_TIMESTAMP,
      website: o.website,
      twitter: null,
      facebook: null,
      linkedin: null,
      instagram: null,
      picture: o.picture ?? null,
    });
  }
  const addThemes = (themes: readonly ThemeFixture[]): void => {
    for (const t of themes) {
      db.insert('Theme', { id: uuid('theme', t.id), slug: t.id, ...translated('name', t.name, t), created_at: DEFAULT_TIMESTAMP, updated_at: DEFAULT_TIMESTAMP });
      addThemes(t.children ?? []);
    }
  };
  addThemes(catalogue.themes);
  for (const t of catalogue.tags) db.insert('Tag', { id: uuid('tag', t.id), slug: t.id, ...translated('name', t.name, t), created_at: DEFAULT_TIMESTAMP, updated_at: DEFAULT_TIMESTAMP });

  const status = (slug: string | undefined): string => uuid('status', slug ?? DEFAULT_STATUS);
  const coverage = (owner: Record<string, string>, key: string, areas: readonly string[], cov: CoverageFixture | null, n: number): void => {
    for (const [i, area] of (areas.length > 0 ? areas : [null]).entries()) {
      if (area === null && cov === null) continue;
      const id = uuid('coverage', `${key}:${n}:${i}`);
      db.insert('Coverage', { id, table: null, raw_data_source: null, information_request: null, column: null, ...owner, area: ref('area', area), is_closed: cov?.closed ?? false });
      if (cov) db.insert('DateTimeRange', { id: uuid('datetimerange', `${key}:${n}:${i}`), coverage: id, ...rangeColumns(cov), units: [], is_closed: cov.closed ?? false });
    }
  };
  const update = (owner: Record<string, string>, key: string, u: TableFixture['update_frequency'] | undefined): void => {
    if (!u) return;
    db.insert('Update', {
      id: uuid('update', key),
      entity: ref('entity', u.entity),
      frequency: u.frequency,
      lag: u.lag,
      latest: u.latest === null ? null : isoUtc(u.latest),
      table: null,
      raw_data_source: null,
      information_request: null,
      ...owner,
    });
  };

  const datasets = [...catalogue.datasets, ...(catalogue.datasets_without_tables ?? [])];
  for (const ds of datasets) addDataset(ds);
  resolveDirectories();
  computeProperties(db);
  return db;

  function addDataset(ds: DatasetFixture): void {
    const datasetId = uuid('dataset', ds.id);
    const stamps = { created_at: isoUtc(ds.created_at), updated_at: isoUtc(ds.updated_at) };
    db.insert('Dataset', {
      id: datasetId,
      slug: ds.slug ?? ds.id,
      ...translated('name', ds.name, ds),
      ...translated('description', ds.description, ds),
      organizations: ds.organizations.map((o) => uuid('organization', o)),
      themes: ds.themes.map((t) => uuid('theme', t)),
      tags: ds.tags.map((t) => uuid('tag', t)),
      version: null,
      status: status(ds.status),
      ...stamps,
      page_views: ds.page_views ?? 0,
      usage_guide: ds.usage_guide ?? '',
    });
    for (const [order, s] of (ds.raw_data_sources ?? []).entries()) {
      const key = `${ds.id}.${s.id}`;
      const id = uuid('rawdatasource', key);
      db.insert('RawDataSource', {
        order,
        id,
        ...translated('name', s.name, s),
        ...translated('description', s.description, s),
        url: s.url ?? null,
        dataset: datasetId,
        license: null,
        area_ip_address_required: [],
        ...stamps,
        contains_structured_data: s.contains_structured_data ?? false,
        contains_api: s.contains_api ?? false,
        is_free: s.is_free ?? false,
        requires_registration: s.requires_registration ?? false,
        version: null,
        status: status(s.status),
      });
      coverage({ raw_data_source: id }, `rawdatasource:${key}`, ds.spatial_coverage, s.temporal_coverage ?? null, 0);
      update({ raw_data_source: id }, `rawdatasource:${key}`, s.update_frequency);
      if (s.polled_at) {
        db.insert('Poll', { id: uuid('poll', `rawdatasource:${key}`), entity: null, frequency: null, latest: isoUtc(s.polled_at), raw_data_source: id, information_request: null });
      }
    }
    for (const [order, r] of (ds.information_requests ?? []).entries()) {
      db.insert('InformationRequest', {
        order,
        id: uuid('informationrequest', `${ds.id}.${r.number}`),
        dataset: datasetId,
        version: null,
        status: status(r.status),
        ...stamps,
        origin: r.origin ?? null,
        number: r.number,
        url: r.url ?? null,
        started_at: r.started_at ? isoUtc(r.started_at) : null,
        data_url: null,
        ...translated('observations', r.observations, r),
      });
    }
    for (const [order, t] of ds.tables.entries()) addTable(ds, datasetId, t, order, stamps);
  }

  function addTable(ds: DatasetFixture, datasetId: string, t: TableFixture, order: number, stamps: Record<string, string>): void {
    const key = `${ds.id}.${t.id}`;
    const id = uuid('table', key);
    const synthetic = t.columns === 'synthetic';
    const columns: readonly ColumnFixture[] = synthetic ? SYNTHETIC_COLUMNS : (t.columns as ColumnFixture[]);
    const info = synthetic ? undefined : engine.listTables(PROD_PROJECT, ds.id).find((i) => i.table === t.id);
    db.insert('Table', {
      order,
      id,
      slug: t.slug ?? t.id,
      ...translated('name', t.name, t),
      ...translated('description', t.description, t),
      dataset: datasetId,
      raw_data_source: (t.raw_data_sources ?? []).map((s) => uuid('rawdatasource', `${ds.id}.${s}`)),
      version: null,
      status: status(t.status),
      is_deprecated: false,
      license: ref('license', catalogue.licenses?.find((l) => l.name === t.license)?.slug),
      partner_organization: null,
      is_directory: t.is_directory ?? false,
      ...stamps,
      data_cleaning_description: null,
      data_cleaning_code_url: null,
      auxiliary_files_url: null,
      architecture_url: null,
      source_bucket_name: 'basedosdados',
      uncompressed_file_size: info?.csvBytes ?? null,
      compressed_file_size: null,
      number_rows: synthetic ? (syntheticRows(t.id) ?? null) : (info?.numRows ?? null),
      number_columns: columns.length,
      is_closed: t.is_closed ?? false,
      page_views: 0,
    });
    const coverages: CoverageFixture[] = t.coverages ?? (t.temporal_coverage ? [t.temporal_coverage] : []);
    if (coverages.length === 0) coverage({ table: id }, `table:${key}`, ds.spatial_coverage, null, 0);
    for (const [n, c] of coverages.entries()) coverage({ table: id }, `table:${key}`, ds.spatial_coverage, c, n);
    update({ table: id }, `table:${key}`, t.update_frequency);
    const levels = (t.observation_levels ?? []).map((entity, n) => {
      const levelId = uuid('observationlevel', `${key}:${n}`);
      db.insert('ObservationLevel', { order: n, id: levelId, entity: ref('entity', entity), table: id, raw_data_source: null, information_request: null });
      return { entity, levelId };
    });
    const columnIds: string[] = [];
    for (const [n, c] of columns.entries()) {
      const columnId = uuid('column', `${key}.${c.name}`);
      columnIds.push(columnId);
      db.insert('Column', {
        order: n,
        id: columnId,
        table: id,
        ...translated('name', c.name, c),
        ...translated('name_staging', null),
        bigquery_type: uuid('bigquerytype', c.type),
        ...translated('description', c.description, c),
        covered_by_dictionary: c.dictionary ?? false,
        is_primary_key: c.pk ?? false,
        directory_primary_key: c.directory ?? null,
        measurement_unit: c.unit ?? null,
        contains_sensitive_data: c.sensitive ?? false,
        ...translated('observations', c.observations, c),
        is_in_staging: true,
        is_partition: (c.partition ?? false) || (t.partitions ?? []).includes(c.name),
        observation_level: levels.find((l) => ENTITY_COLUMNS[l.entity]?.includes(c.name))?.levelId ?? null,
        version: null,
        status: null,
        is_closed: false,
      });
      if (c.temporal_coverage) coverage({ column: columnId }, `column:${key}.${c.name}`, [], c.temporal_coverage, 0);
    }
    db.insert('CloudTable', { id: uuid('cloudtable', `${PROD_PROJECT}.${key}`), table: id, columns: columnIds, gcp_project_id: PROD_PROJECT, gcp_dataset_id: ds.id, gcp_table_id: t.id });
  }

  /** `directory` names a column as dataset.table.column; it points at that column's row when the catalogue has it. */
  function resolveDirectories(): void {
    for (const column of db.rows('Column')) {
      const ref = column.directory_primary_key as string | null;
      column.directory_primary_key = ref === null ? null : db.get(uuid('column', ref)) ? uuid('column', ref) : null;
    }
  }
}
