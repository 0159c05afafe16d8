// The bundled catalogue fixture (datalake/fixtures/catalogue.json): its types,
// loading, and the text normalisation used by search and filters.
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

export interface ColumnFixture {
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

export interface TableFixture {
  id: string;
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

export interface DatasetFixture {
  id: string;
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

export interface OrganizationFixture {
  id: string;
  name: string;
  description: string | null;
  website: string | null;
}

export interface ThemeFixture {
  id: string;
  name: string;
  children?: ThemeFixture[];
}

export interface TagFixture {
  id: string;
  name: string;
}

export interface CatalogueFixture {
  organizations: OrganizationFixture[];
  themes: ThemeFixture[];
  tags: TagFixture[];
  datasets: DatasetFixture[];
}

export const DEFAULT_CATALOGUE_PATH = fileURLToPath(new URL('../../fixtures/catalogue.json', import.meta.url));

export function loadCatalogue(path = DEFAULT_CATALOGUE_PATH): CatalogueFixture {
  return JSON.parse(readFileSync(path, 'utf8')) as CatalogueFixture;
}

/** Lower case without accents, so "São Paulo", "sao paulo" and "SAO PAULO" match. */
export function normalizeText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Website slug of an id: `br_ibge_pib` -> `br-ibge-pib`. */
export const slugOf = (id: string): string => id.replaceAll('_', '-');
