// The bundled catalogue fixture (datalake/fixtures/catalogue.json), the one
// source of the replica's rows and of the BigQuery tables: its types and loading.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';


export type BigQueryType =
  | 'STRING'
  | 'BYTES'
  | 'INT64'
  | 'FLOAT64'
  | 'NUMERIC'
  | 'BIGNUMERIC'
  | 'BOOL'
  | 'DATE'
  | 'DATETIME'
  | 'TIME'
  | 'TIMESTAMP'
  | 'GEOGRAPHY'
  | 'JSON'
  | 'RECORD';

/**
 * modeltranslation's copies the backend replica serves (name_en, description_es, ...);
 * the fixture's untranslated text is Portuguese, the default language.
 */
export interface Translations {
  name_en?: string;
  name_es?: string;
  description_en?: string;
  description_es?: string;
  observations_en?: string;
  observations_es?: string;
}

export interface ColumnFixture extends Translations {
  name: string;
  type: BigQueryType;
  description: string;
  unit?: string | null;
  pk?: boolean;
  partition?: boolean;
  dictionary?: boolean;
  directory?: string | null;
  observations?: string | null;
  sensitive?: boolean;
  required?: boolean;
  gen?: { choice?: Array<string | number | boolean>; range?: [number | string, number | string] };
  /** Backend replica only: the column's own temporal coverage (the table's when absent). */
  temporal_coverage?: Coverage;
}

export interface Coverage {
  start: string | null;
  end: string | null;
}

export interface UpdateFrequency {
  entity: string;
  frequency: number;
  lag: number | null;
  latest: string | null;
}

/** Backend publication status slug (statuses[]); `published` when absent. */
export type StatusSlug = string;

/** A temporal coverage of the backend replica; `closed` ones are for BD Pro subscribers. */
export interface CoverageFixture extends Coverage {
  closed?: boolean;
}

export interface RawDataSourceFixture extends Translations {
  /** Key within the dataset (tables name it in raw_data_sources). */
  id: string;
  name: string;
  description?: string | null;
  url?: string | null;
  is_free?: boolean;
  contains_api?: boolean;
  contains_structured_data?: boolean;
  requires_registration?: boolean;
  status?: StatusSlug;
  temporal_coverage?: Coverage | null;
  update_frequency?: UpdateFrequency;
  /** Last time the source was polled (a Poll row). */
  polled_at?: string;
}

export interface InformationRequestFixture extends Translations {
  number: string;
  url?: string | null;
  origin?: string | null;
  started_at?: string | null;
  observations?: string | null;
  status?: StatusSlug;
}

export interface TableFixture extends Translations {
  id: string;
  /** Backend table slug; the BigQuery table id when absent. */
  slug?: string;
  status?: StatusSlug;
  is_directory?: boolean;
  /** Entity slugs (entities[]) of the table's observation levels, in order. */
  observation_levels?: string[];
  /** Keys of the dataset's raw_data_sources this table comes from. */
  raw_data_sources?: string[];
  /** Backend coverages; one open coverage of temporal_coverage when absent. */
  coverages?: CoverageFixture[];
  name: string;
  description: string;
  /** Which generator of data/seed.ts fills it; the generic one when absent. */
  generator?: string;
  /** Rows the generic generator makes. */
  rows?: number;
  partitions?: string[];
  license?: string | null;
  is_closed?: boolean;
  temporal_coverage: Coverage | null;
  update_frequency: UpdateFrequency;
  /** `synthetic`: the columns of the synthetic tables (data/synthetic.ts). */
  columns: ColumnFixture[] | 'synthetic';
}

export interface DatasetFixture extends Translations {
  id: string;
  /** Backend dataset slug (`pib` for br_ibge_pib). */
  slug?: string;
  status?: StatusSlug;
  page_views?: number;
  usage_guide?: string | null;
  raw_data_sources?: RawDataSourceFixture[];
  information_requests?: InformationRequestFixture[];
  name: string;
  description: string;
  organizations: string[];
  themes: string[];
  tags: string[];
  spatial_coverage: string[];
  created_at: string;
  updated_at: string;
  tables: TableFixture[];
}

export interface OrganizationFixture extends Translations {
  id: string;
  name: string;
  description: string | null;
  website: string | null;
  /** Backend slug; `id` when absent. */
  slug?: string;
  /** Area slug (areas[]): with the slug it makes the full slug, e.g. br_ibge. */
  area?: string | null;
  picture?: string | null;
}

export interface ThemeFixture extends Translations {
  id: string;
  name: string;
  children?: ThemeFixture[];
}

export interface TagFixture extends Translations {
  id: string;
  name: string;
}

/** A row of one of the backend's lookup tables (statuses, entity categories, ...). */
export interface LookupFixture extends Translations {
  slug: string;
  name: string;
}

export interface AreaFixture extends LookupFixture {
  administrative_level: number | null;
  parent?: string;
  /** Entity slug of the area's level (country, state, ...). */
  entity?: string;
}

export interface EntityFixture extends LookupFixture {
  /** entity_categories[] slug. */
  category: string;
}

export interface LicenseFixture extends LookupFixture {
  url: string;
}

export interface CatalogueFixture {
  organizations: OrganizationFixture[];
  themes: ThemeFixture[];
  tags: TagFixture[];
  datasets: DatasetFixture[];
  /** Namespace of the backend replica's UUIDs (uuid5(namespace, "<model>:<key>")). */
  uuid_namespace?: string;
  statuses?: LookupFixture[];
  areas?: AreaFixture[];
  entity_categories?: LookupFixture[];
  entities?: EntityFixture[];
  licenses?: LicenseFixture[];
  /** Datasets the backend lists that have no BigQuery table (a raw data source, an information request); BigQuery does not see them. */
  datasets_without_tables?: DatasetFixture[];
}

export const DEFAULT_CATALOGUE_PATH = fileURLToPath(new URL('../../fixtures/catalogue.json', import.meta.url));

export function loadCatalogue(path = DEFAULT_CATALOGUE_PATH): CatalogueFixture {
  return JSON.parse(readFileSync(path, 'utf8')) as CatalogueFixture;
}
