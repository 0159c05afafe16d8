// Synthetic tables of any size: `basedosdados.br_bd_sintetico.linhas_<n>` has n
// rows computed from DuckDB's range(), created as a view the first time a query,
// tables.get or tabledata.list names it. Every value is a function of `id`, so
// tests can check results against DuckDB's own computation.
import type { ColumnFixture } from './catalogue.js';
import { UFS } from './seed.js';

export const SYNTHETIC_DATASET = 'br_bd_sintetico';
export const SYNTHETIC_TABLE = /^linhas_([1-9][0-9]{0,9}|0)$/;
/** Above this a name is not a synthetic table (keeps a typo from starting a huge scan). */
export const SYNTHETIC_MAX_ROWS = 2_000_000_000;

export const SYNTHETIC_COLUMNS: readonly ColumnFixture[] = [
  { name: 'id', type: 'INT64', description: 'Número da linha, de 1 a n', pk: true, required: true },
  { name: 'sigla_uf', type: 'STRING', description: 'Uma das 27 siglas de UF, em ciclo' },
  { name: 'quantidade', type: 'INT64', description: '(id * 31) % 1000' },
  { name: 'valor', type: 'FLOAT64', description: '((id * 7919) % 100000) / 100' },
  { name: 'data', type: 'DATE', description: "DATE '2000-01-01' + id % 9000 dias" },
  { name: 'ativo', type: 'BOOL', description: 'id % 3 = 0' },
];

/** Number of rows of a synthetic table name, or undefined when it is not one. */
export function syntheticRows(table: string): number | undefined {
  const m = SYNTHETIC_TABLE.exec(table);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= SYNTHETIC_MAX_ROWS ? n : undefined;
}

/** The SELECT behind `linhas_<n>`. */
export function syntheticSelect(rows: number): string {
  const siglas = UFS.map((u) => `'${u.sigla}'`).join(', ');
  return `SELECT
    range + 1 AS id,
    [${siglas}][((range + 1) % 27) + 1] AS sigla_uf,
    ((range + 1) * 31) % 1000 AS quantidade,
    (((range + 1) * 7919) % 100000) / 100.0 AS valor,
    CAST(DATE '2000-01-01' + CAST((range + 1) % 9000 AS INTEGER) AS DATE) AS data,
    (range + 1) % 3 = 0 AS ativo
  FROM range(${rows})`;
}

/** Logical bytes per column (BigQuery's sizes: 8 per INT64/FLOAT64/DATE, 1 per BOOL, 2 + length per STRING). */
export function syntheticColumnBytes(rows: number): Map<string, number> {
  return new Map([
    ['id', 8 * rows],
    ['sigla_uf', 4 * rows],
    ['quantidade', 8 * rows],
    ['valor', 8 * rows],
    ['data', 8 * rows],
    ['ativo', rows],
  ]);
}
