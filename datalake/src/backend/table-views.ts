// GET /tables/<uuid>/columns/ and /tables/stats/ (backend/apps/api/v1/views.py)
// and GET /export/catalog/ (views_export.py).
import type { ServerResponse } from 'node:http';
import { RawJson, send, type RequestContext } from '../http.js';
import { compareText } from './collation.js';
import type { Database, Row } from './database.js';
import { temporalCoverage } from './properties.js';
import { sendJson } from './search-views.js';

const HIDDEN = new Set(['under_review', 'excluded']);
const DICTIONARY_SLUGS = new Set(['dicionario', 'dictionary']);
const MB = 1024 * 1024;

/** csv.writer's default (excel) dialect: QUOTE_MINIMAL, doubled quotes, CRLF. */
const csvRow = (cells: ReadonlyArray<string | number>): string =>
  `${cells.map((c) => (/[",\r\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c))).join(',')}\r\n`;

const EXPORT_TEXT = {
  pt: {
    header: [
      'Nome do Conjunto de Dados',
      'Descrição do Conjunto de Dados',
      'Nome Tabela',
      'Descrição Tabela',
      'Disponibilidade dos dados',
      'Número de linhas da tabela',
      'Cobertura temporal (anos e meses que temos dados disponíveis)',
    ],
    closed: 'Parcialmente ou totalmente pago',
    open: 'Totalmente grátis',
    to: ' a ',
  },
  en: {
    header: [
      'Dataset Name',
      'Dataset Description',
      'Table Name',
      'Table Description',
      'Data Availability',
      'Number of rows in the table',
      'Temporal coverage (years and months for which data is available)',
    ],
    closed: 'Partially or totally paid',
    open: 'Totally free',
    to: ' to ',
  },
  es: {
    header: [
      'Nombre del Conjunto de Datos',
      'Descripción del Conjunto de Datos',
      'Nombre de la Tabla',
      'Descripción de la Tabla',
      'Disponibilidad de los datos',
      'Número de filas de la tabla',
      'Cobertura temporal (años y meses para los cuales hay datos disponibles)',
    ],
    closed: 'Parcial o totalmente de pago',
    open: 'Totalmente gratis',
    to: ' a ',
  },
};

export class TableViews {
  constructor(private readonly db: Database) {}

  private statusOf(model: 'Table' | 'Dataset', row: Row): string {
    return (this.db.one(model, row, 'status')?.slug as string | undefined) ?? '';
  }

  /** Tables of datasets and with a status that are not under review or excluded. */
  private publicTables(): Row[] {
    return this.db.rows('Table').filter((t) => !HIDDEN.has(this.statusOf('Table', t)) && !HIDDEN.has(this.statusOf('Dataset', this.db.one('Table', t, 'dataset')!)));
  }

  /** columns_view(table_id=...): the table's columns by `order`; directory keys expanded. */
  columns(ctx: RequestContext, res: ServerResponse, tableId: string): void {
    const table = this.db.rows('Table').find((t) => t.id === tableId);
    const columns = table ? this.db.many('Table', table, 'columns').sort((a, b) => (a.order as number) - (b.order as number)) : [];
    if (columns.length === 0) return sendJson(ctx, res, 404, { error: 'Table not found or has no columns' });
    const body = columns.map((c) => {
      const own = temporalCoverage(this.db, [['Column', [c]]]);
      const directory = this.db.one('Column', c, 'directory_primary_key');
      return {
        id: c.id,
        order: c.order,
        name: c.name,
        description: c.description,
        bigquery_type: { name: (this.db.one('Column', c, 'bigquery_type')?.name as string | undefined) ?? null },
        is_primary_key: c.is_primary_key,
        covered_by_dictionary: c.covered_by_dictionary,
        measurement_unit: c.measurement_unit,
        contains_sensitive_data: c.contains_sensitive_data,
        observations: c.observations,
        temporal_coverage: own.start || own.end ? own : table!.temporal_coverage_from_table,
        directory_primary_key: directory ? this.directoryKey(directory) : null,
      };
    });
    sendJson(ctx, res, 200, body);
  }

  private directoryKey(column: Row): Record<string, unknown> {
    const table = this.db.one('Column', column, 'table')!;
    const dataset = this.db.one('Table', table, 'dataset')!;
    const cloud = this.db.many('Table', table, 'cloud_tables').sort((a, b) => (a.id < b.id ? -1 : 1))[0];
    return {
      id: column.id,
      name: column.name,
      table: {
        id: table.id,
        name: table.name,
        is_closed: table.is_closed,
        uncompressed_file_size: table.uncompressed_file_size,
        dataset: { id: dataset.id, name: dataset.name },
        cloud_table: cloud ? { gcp_table_id: cloud.gcp_table_id, gcp_dataset_id: cloud.gcp_dataset_id, gcp_project_id: cloud.gcp_project_id } : null,
      },
    };
  }

  /** table_stats: treated tables (public, not dictionaries) and their sizes; "recent" is 30 days before now. */
  stats(ctx: RequestContext, res: ServerResponse, now = Date.now()): void {
    const treated = this.publicTables().filter((t) => !DICTIONARY_SLUGS.has(t.slug as string));
    const recent = treated.filter((t) =>
      this.db.many('Table', t, 'updates').some((u) => {
        const entity = this.db.one('Update', u, 'entity')?.slug as string | undefined;
        return u.latest !== null && Date.parse(u.latest as string) >= now - 30 * 86_400_000 && ['month', 'week', 'day'].includes(entity ?? '');
      }),
    );
    const sum = (key: string): number => treated.reduce((s, t) => s + ((t[key] as number | null) ?? 0), 0);
    sendJson(ctx, res, 200, {
      datasets_with_treated_tables: new Set(treated.map((t) => t.dataset)).size,
      total_treated_tables: treated.length,
      updated_last_30_days: recent.length,
      total_size_bytes: sum('uncompressed_file_size'),
      total_rows: sum('number_rows'),
    });
  }

  /** ExportTablesView: one CSV row per public table, by dataset name (ties by table slug here). */
  exportCatalog(ctx: RequestContext, res: ServerResponse): void {
    const asked = ctx.query.getAll('locale').at(-1) ?? 'pt';
    const locale = asked === 'en' || asked === 'es' ? asked : 'pt';
    const text = EXPORT_TEXT[locale];
    const localized = (r: Row, field: string): string => ((r[`${field}_${locale}`] as string | null) || (r[field] as string | null)) ?? '';
    const rows = this.publicTables()
      .map((t) => ({ t, d: this.db.one('Table', t, 'dataset')! }))
      .sort((a, b) => compareText(a.d.name as string, b.d.name as string) || compareText(a.t.slug as string, b.t.slug as string));
    let csv = csvRow(text.header);
    for (const { t, d } of rows) {
      const columns = this.db.many('Table', t, 'columns');
      const closed = [...this.db.many('Table', t, 'coverages'), ...columns.flatMap((c) => this.db.many('Column', c, 'coverages'))].some((c) => c.is_closed);
      const size = t.uncompressed_file_size as number | null;
      const sizeClosed = size !== null && size > 100 * MB && size <= 1000 * MB;
      const { start, end } = t.temporal_coverage as { start: string | null; end: string | null };
      csv += csvRow([
        localized(d, 'name'),
        localized(d, 'description'),
        localized(t, 'name'),
        localized(t, 'description'),
        closed || sizeClosed ? text.closed : text.open,
        (t.number_rows as number | null) ?? '',
        start && end ? `${start}${text.to}${end}` : '',
      ]);
    }
    // RawJson carries any text already encoded; here the CSV.
    send(ctx, res, 200, new RawJson(csv), 'text/csv', { 'Content-Disposition': 'attachment; filename="catalog_bd.csv"' });
  }
}
