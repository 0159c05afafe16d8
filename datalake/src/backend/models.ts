// The backend's Django models (basedosdados/backend, backend/apps/api/v1/models.py
// and translation.py), as data: the GraphQL schema is generated from this table
// by graphene-django's rules (graphql/schema.ts) and the replica's rows follow it
// (backend/database.ts). Only models the catalogue clients reach are here; a
// field whose model is left out (Pipeline, Account, Analysis, ...) is left out
// with it, as graphene-django omits a relation whose type is not registered.
// Fields are listed in definition order; OrderedModel's `order` comes first
// (its creation counter is older than every field of models.py).

/** Django field classes as graphene-django converts them. */
export type ScalarKind =
  | 'uuid'
  | 'slug'
  | 'char'
  | 'text'
  | 'url'
  | 'int'
  | 'posint'
  | 'bigint'
  | 'float'
  | 'bool'
  | 'datetime'
  | 'date'
  | 'image';

export interface ScalarField {
  name: string;
  kind: ScalarKind;
  /** null=True in Django: nullable in GraphQL. */
  null?: boolean;
  /** Listed in translation.py: modeltranslation adds <name>_pt, _en, _es (always nullable). */
  translated?: boolean;
  /** Django choices (value, label): graphene-django makes an enum of them. */
  choices?: ReadonlyArray<readonly [number, string]>;
}

export interface RelationField {
  name: string;
  kind: 'fk' | 'm2m';
  to: ModelName;
  /** related_name: the reverse relation's name on `to`. */
  relatedName: string;
  null?: boolean;
}

export type ModelField = ScalarField | RelationField;

/** graphql_auto.build_custom_attrs: a `list[str]` hint is [String], `int` Int, `str` String, anything else GenericScalar. */
export type PropertyType = 'generic' | 'string' | 'int' | 'list_string';

export interface ModelDef {
  name: ModelName;
  fields: ModelField[];
  /** Meta.ordering (a leading '-' is descending). */
  ordering: string[];
  /** graphql_nested_filter_fields_whitelist. */
  nestedFilters: string[];
  /** @property members (BaseModel's admin_url is added to every model). */
  properties: Record<string, PropertyType>;
}

export type ModelName =
  | 'Area'
  | 'Coverage'
  | 'License'
  | 'Tag'
  | 'Theme'
  | 'Organization'
  | 'Status'
  | 'Dataset'
  | 'Update'
  | 'Poll'
  | 'Table'
  | 'BigQueryType'
  | 'Column'
  | 'CloudTable'
  | 'RawDataSource'
  | 'InformationRequest'
  | 'EntityCategory'
  | 'Entity'
  | 'ObservationLevel'
  | 'DateTimeRange';

export const isRelation = (f: ModelField): f is RelationField => f.kind === 'fk' || f.kind === 'm2m';

const id: ScalarField = { name: 'id', kind: 'uuid' };
const order: ScalarField = { name: 'order', kind: 'posint' };
const slug: ScalarField = { name: 'slug', kind: 'slug' };
const name: ScalarField = { name: 'name', kind: 'char', translated: true };
const stamps: ScalarField[] = [
  { name: 'created_at', kind: 'datetime' },
  { name: 'updated_at', kind: 'datetime' },
];
const fk = (fieldName: string, to: ModelName, relatedName: string, nullable = true): RelationField => ({
  name: fieldName,
  kind: 'fk',
  to,
  relatedName,
  null: nullable,
});
const m2m = (fieldName: string, to: ModelName, relatedName: string): RelationField => ({ name: fieldName, kind: 'm2m', to, relatedName });
const int = (fieldName: string): ScalarField => ({ name: fieldName, kind: 'int', null: true });
const spatial = { spatial_coverage: 'list_string', spatial_coverage_name_pt: 'list_string', spatial_coverage_name_en: 'list_string', spatial_coverage_name_es: 'list_string' } as const;
const rangeParts = ['year', 'semester', 'quarter', 'month', 'day', 'hour', 'minute', 'second'];
/** Properties without a type hint: GenericScalar. */
const generic = (...names: string[]): Record<string, PropertyType> => Object.fromEntries(names.map((n) => [n, 'generic']));

/** In models.py order, which is the order of the root query fields. */
export const MODELS: readonly ModelDef[] = [
  {
    name: 'Area',
    fields: [
      id,
      slug,
      name,
      { name: 'administrative_level', kind: 'int', null: true, choices: [0, 1, 2, 3, 4, 5].map((n) => [n, String(n)] as const) },
      fk('entity', 'Entity', 'areas'),
      fk('parent', 'Area', 'children'),
    ],
    ordering: ['name'],
    nestedFilters: ['id'],
    properties: {},
  },
  {
    name: 'Coverage',
    fields: [
      id,
      fk('table', 'Table', 'coverages'),
      fk('raw_data_source', 'RawDataSource', 'coverages'),
      fk('information_request', 'InformationRequest', 'coverages'),
      fk('column', 'Column', 'coverages'),
      fk('area', 'Area', 'coverages'),
      { name: 'is_closed', kind: 'bool' },
    ],
    ordering: ['id'],
    nestedFilters: ['id'],
    properties: {},
  },
  { name: 'License', fields: [id, slug, name, { name: 'url', kind: 'url' }], ordering: ['slug'], nestedFilters: ['id'], properties: {} },
  { name: 'Tag', fields: [id, slug, name, ...stamps], ordering: ['slug'], nestedFilters: ['id'], properties: {} },
  { name: 'Theme', fields: [id, slug, name, ...stamps], ordering: ['slug'], nestedFilters: ['id'], properties: {} },
  {
    name: 'Organization',
    fields: [
      id,
      { name: 'slug', kind: 'slug' },
      name,
      { name: 'description', kind: 'text', null: true, translated: true },
      fk('area', 'Area', 'organizations'),
      ...stamps,
      ...['website', 'twitter', 'facebook', 'linkedin', 'instagram'].map((n): ScalarField => ({ name: n, kind: 'url', null: true })),
      { name: 'picture', kind: 'image', null: true },
    ],
    ordering: ['slug'],
    nestedFilters: ['id'],
    properties: { full_slug: 'generic', has_picture: 'generic' },
  },
  { name: 'Status', fields: [id, slug, name], ordering: ['slug'], nestedFilters: ['id'], properties: {} },
  {
    name: 'Dataset',
    fields: [
      id,
      slug,
      name,
      { name: 'description', kind: 'text', null: true, translated: true },
      m2m('organizations', 'Organization', 'datasets'),
      m2m('themes', 'Theme', 'datasets'),
      m2m('tags', 'Tag', 'datasets'),
      int('version'),
      fk('status', 'Status', 'datasets'),
      ...stamps,
      { name: 'page_views', kind: 'bigint' },
      { name: 'usage_guide', kind: 'text', null: true },
    ],
    ordering: ['slug'],
    nestedFilters: ['id', 'slug'],
    properties: {
      ...generic('full_slug', 'popularity', 'temporal_coverage'),
      ...spatial,
      ...generic(
        'entities', 'contains_open_data', 'contains_closed_data', 'contains_direct_download_free', 'contains_direct_download_paid',
        'contains_temporalcoverage_free', 'contains_temporalcoverage_paid', 'contains_tables', 'contains_raw_data_sources',
        'contains_information_requests', 'n_tables', 'n_raw_data_sources', 'n_information_requests', 'first_table_id', 'first_open_table_id',
        'first_closed_table_id', 'first_raw_data_source_id', 'first_information_request_id', 'table_last_updated_at',
        'raw_data_source_last_polled_at', 'raw_data_source_last_updated_at',
      ),
    },
  },
  {
    name: 'Update',
    fields: [
      id,
      fk('entity', 'Entity', 'updates'),
      int('frequency'),
      int('lag'),
      { name: 'latest', kind: 'datetime', null: true },
      fk('table', 'Table', 'updates'),
      fk('raw_data_source', 'RawDataSource', 'updates'),
      fk('information_request', 'InformationRequest', 'updates'),
    ],
    ordering: ['frequency'],
    nestedFilters: ['id'],
    properties: {},
  },
  {
    name: 'Poll',
    fields: [
      id,
      fk('entity', 'Entity', 'polls'),
      int('frequency'),
      { name: 'latest', kind: 'datetime', null: true },
      fk('raw_data_source', 'RawDataSource', 'polls'),
      fk('information_request', 'InformationRequest', 'polls'),
    ],
    ordering: ['frequency'],
    nestedFilters: ['id'],
    properties: {},
  },
  {
    name: 'Table',
    fields: [
      order,
      id,
      slug,
      name,
      { name: 'description', kind: 'text', null: true, translated: true },
      fk('dataset', 'Dataset', 'tables', false),
      m2m('raw_data_source', 'RawDataSource', 'tables'),
      int('version'),
      fk('status', 'Status', 'tables'),
      { name: 'is_deprecated', kind: 'bool' },
      fk('license', 'License', 'tables'),
      fk('partner_organization', 'Organization', 'partner_tables'),
      { name: 'is_directory', kind: 'bool', null: true },
      ...stamps,
      { name: 'data_cleaning_description', kind: 'text', null: true },
      ...['data_cleaning_code_url', 'auxiliary_files_url', 'architecture_url'].map((n): ScalarField => ({ name: n, kind: 'url', null: true })),
      { name: 'source_bucket_name', kind: 'char', null: true },
      ...['uncompressed_file_size', 'compressed_file_size', 'number_rows', 'number_columns'].map((n): ScalarField => ({ name: n, kind: 'bigint', null: true })),
      { name: 'is_closed', kind: 'bool' },
      { name: 'page_views', kind: 'bigint' },
    ],
    ordering: ['slug'],
    nestedFilters: ['id', 'dataset'],
    properties: {
      ...generic(
        'full_slug', 'gbq_slug', 'gbq_dict_slug', 'gbq_table_slug', 'gcs_slug', 'partitions', 'contains_open_data', 'contains_closed_data',
        'contains_direct_download_free', 'contains_direct_download_paid', 'contains_temporalcoverage_free', 'contains_temporalcoverage_paid',
        'temporal_coverage', 'temporal_coverage_from_table', 'full_temporal_coverage',
      ),
      ...spatial,
      ...generic('neighbors', 'last_updated_at', 'published_by_info', 'data_cleaned_by_info'),
      coverage_datetime_units: 'string',
    },
  },
  { name: 'BigQueryType', fields: [id, { name: 'name', kind: 'char' }], ordering: ['name'], nestedFilters: ['id'], properties: {} },
  {
    name: 'Column',
    fields: [
      order,
      id,
      fk('table', 'Table', 'columns', false),
      name,
      { name: 'name_staging', kind: 'char', null: true, translated: true },
      fk('bigquery_type', 'BigQueryType', 'columns'),
      { name: 'description', kind: 'text', null: true, translated: true },
      { name: 'covered_by_dictionary', kind: 'bool', null: true },
      { name: 'is_primary_key', kind: 'bool', null: true },
      fk('directory_primary_key', 'Column', 'columns'),
      { name: 'measurement_unit', kind: 'char', null: true },
      { name: 'contains_sensitive_data', kind: 'bool', null: true },
      { name: 'observations', kind: 'text', null: true, translated: true },
      { name: 'is_in_staging', kind: 'bool' },
      { name: 'is_partition', kind: 'bool' },
      fk('observation_level', 'ObservationLevel', 'columns'),
      int('version'),
      fk('status', 'Status', 'columns'),
      { name: 'is_closed', kind: 'bool' },
    ],
    ordering: ['name'],
    nestedFilters: ['id', 'name'],
    properties: { temporal_coverage: 'generic', ...spatial, dir_column: 'generic', dir_cloud_table: 'generic' },
  },
  {
    name: 'CloudTable',
    fields: [
      id,
      fk('table', 'Table', 'cloud_tables', false),
      m2m('columns', 'Column', 'cloud_tables'),
      ...['gcp_project_id', 'gcp_dataset_id', 'gcp_table_id'].map((n): ScalarField => ({ name: n, kind: 'char' })),
    ],
    ordering: ['id'],
    nestedFilters: ['id', 'gcp_project_id', 'gcp_dataset_id', 'gcp_table_id'],
    properties: { gcp_prefix_id: 'generic', gcp_suffix_id: 'generic' },
  },
  {
    name: 'RawDataSource',
    fields: [
      order,
      id,
      name,
      { name: 'description', kind: 'text', null: true, translated: true },
      { name: 'url', kind: 'url', null: true },
      fk('dataset', 'Dataset', 'raw_data_sources', false),
      fk('license', 'License', 'raw_data_sources'),
      m2m('area_ip_address_required', 'Area', 'raw_data_sources'),
      ...stamps,
      ...['contains_structured_data', 'contains_api', 'is_free', 'requires_registration'].map((n): ScalarField => ({ name: n, kind: 'bool' })),
      int('version'),
      fk('status', 'Status', 'raw_data_sources'),
    ],
    ordering: ['url'],
    nestedFilters: ['id'],
    properties: { last_polled_at: 'generic', last_updated_at: 'generic' },
  },
  {
    name: 'InformationRequest',
    fields: [
      order,
      id,
      fk('dataset', 'Dataset', 'information_requests', false),
      int('version'),
      fk('status', 'Status', 'information_requests'),
      ...stamps,
      { name: 'origin', kind: 'text', null: true },
      { name: 'number', kind: 'char' },
      { name: 'url', kind: 'url', null: true },
      { name: 'started_at', kind: 'datetime', null: true },
      { name: 'data_url', kind: 'url', null: true },
      { name: 'observations', kind: 'text', null: true, translated: true },
    ],
    ordering: ['number'],
    nestedFilters: ['id'],
    properties: {},
  },
  { name: 'EntityCategory', fields: [id, slug, name], ordering: ['slug'], nestedFilters: ['id'], properties: {} },
  { name: 'Entity', fields: [id, slug, name, fk('category', 'EntityCategory', 'entities')], ordering: ['slug'], nestedFilters: ['id'], properties: {} },
  {
    name: 'ObservationLevel',
    fields: [
      order,
      id,
      fk('entity', 'Entity', 'observation_levels'),
      fk('table', 'Table', 'observation_levels'),
      fk('raw_data_source', 'RawDataSource', 'observation_levels'),
      fk('information_request', 'InformationRequest', 'observation_levels'),
    ],
    ordering: ['order'],
    nestedFilters: ['id'],
    properties: {},
  },
  {
    name: 'DateTimeRange',
    fields: [
      id,
      fk('coverage', 'Coverage', 'datetime_ranges', false),
      ...rangeParts.map((p) => int(`start_${p}`)),
      ...rangeParts.map((p) => int(`end_${p}`)),
      int('interval'),
      m2m('units', 'Column', 'datetime_ranges'),
      { name: 'is_closed', kind: 'bool' },
    ],
    ordering: ['id'],
    nestedFilters: ['id'],
    properties: { since_str: 'generic', until_str: 'generic', interval_str: 'generic' },
  },
];

export const MODEL_BY_NAME: ReadonlyMap<ModelName, ModelDef> = new Map(MODELS.map((m) => [m.name, m]));

export interface ReverseRelation {
  /** The related_name, e.g. Dataset.tables. */
  name: string;
  /** The model holding the field, e.g. Table. */
  from: ModelName;
  field: RelationField;
}

/** The reverse relations of a model (ManyToOneRel / ManyToManyRel), in the order of the models and fields that declare them. */
export function reverseRelations(model: ModelName): ReverseRelation[] {
  const out: ReverseRelation[] = [];
  for (const m of MODELS) {
    for (const f of m.fields) if (isRelation(f) && f.to === model) out.push({ name: f.relatedName, from: m.name, field: f });
  }
  return out;
}

export const LANGUAGES = ['pt', 'en', 'es'] as const;
export type Locale = (typeof LANGUAGES)[number];

/** The model's concrete columns: translated fields followed by their _pt/_en/_es copies (modeltranslation). */
export function expandedFields(model: ModelDef): ModelField[] {
  return model.fields.flatMap((f) =>
    !isRelation(f) && f.translated ? [f, ...LANGUAGES.map((l): ScalarField => ({ name: `${f.name}_${l}`, kind: f.kind, null: true }))] : [f],
  );
}
