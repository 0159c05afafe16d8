// datasets.get/list, tables.get/list and tabledata.list: the catalogue tables
// of the engine, and each job's result table under its anonymous dataset.
import { ident, qualified, LOCATION, type Engine, type TableInfo } from '../data/engine.js';
import { accessDenied, invalid, notFound } from './errors.js';
import { decodePageToken, encodePageToken, type Job, type JobStore } from './jobs.js';
import { pageJson, readRowsJson, rowBudget } from './pages.js';
import { countParam } from './request-fields.js';
import type { BigQueryFaceOptions } from './routes.js';
import { BIGQUERY_PREFIX, etag } from './rest.js';
import { tableSchema, timestampFormat, type SchemaField } from './wire-format.js';

export class BigQueryResources {
  constructor(
    readonly engine: Engine,
    private readonly jobs: JobStore,
    private readonly options: BigQueryFaceOptions,
  ) {}

  private checkProject(projectId: string, datasetId: string): void {
    if (!this.engine.isDataProject(projectId) && !this.jobs.hasResultDataset(projectId, datasetId)) {
      throw accessDenied(`Dataset ${projectId}:${datasetId}: Permission bigquery.datasets.get denied on dataset ${projectId}:${datasetId} (or it may not exist).`);
    }
  }

  datasetsList(projectId: string): unknown {
    const datasets = this.engine.listDatasets(projectId).map((d) => ({
      kind: 'bigquery#dataset',
      id: `${projectId}:${d}`,
      datasetReference: { projectId, datasetId: d },
      location: LOCATION,
    }));
    return { kind: 'bigquery#datasetList', etag: etag(), datasets };
  }

  datasetsGet(projectId: string, datasetId: string): unknown {
    this.checkProject(projectId, datasetId);
    const created = this.jobs.hasResultDataset(projectId, datasetId) ? Date.now() : this.engine.datasetCreated(projectId, datasetId);
    if (created === undefined) throw notFound(`Dataset ${projectId}:${datasetId}`);
    return {
      kind: 'bigquery#dataset',
      etag: etag(),
      id: `${projectId}:${datasetId}`,
      selfLink: `${BIGQUERY_PREFIX}/projects/${projectId}/datasets/${datasetId}`,
      datasetReference: { projectId, datasetId },
      creationTime: String(created),
      lastModifiedTime: String(created),
      location: LOCATION,
      type: 'DEFAULT',
    };
  }

  tablesList(projectId: string, datasetId: string): unknown {
    this.checkProject(projectId, datasetId);
    if (!this.engine.hasDataset(projectId, datasetId)) throw notFound(`Dataset ${projectId}:${datasetId}`);
    const tables = this.engine.listTables(projectId, datasetId).map((t) => ({
      kind: 'bigquery#table',
      id: `${projectId}:${datasetId}.${t.table}`,
      tableReference: { projectId, datasetId, tableId: t.table },
      type: 'TABLE',
      creationTime: String(t.createdMs),
    }));
    return { kind: 'bigquery#tableList', etag: etag(), tables, totalItems: tables.length };
  }

  /** A catalogue table, or a job's result table, or notFound. */
  private async resolve(projectId: string, datasetId: string, tableId: string): Promise<{ table?: TableInfo; job?: Job }> {
    this.checkProject(projectId, datasetId);
    const job = this.jobs.byTable(projectId, datasetId, tableId);
    if (job) {
      await job.done;
      if (job.error || !job.result) throw notFound(`Table ${projectId}:${datasetId}.${tableId}`);
      return { job };
    }
    if (!this.engine.hasDataset(projectId, datasetId)) throw notFound(`Dataset ${projectId}:${datasetId}`);
    const table = await this.engine.table(projectId, datasetId, tableId);
    if (!table) throw notFound(`Table ${projectId}:${datasetId}.${tableId}`);
    return { table };
  }

  async tablesGet(projectId: string, datasetId: string, tableId: string): Promise<unknown> {
    const { table, job } = await this.resolve(projectId, datasetId, tableId);
    const fields: SchemaField[] = job ? job.result!.schema : tableSchema(table!.columns);
    const rows = job ? job.result!.totalRows : table!.numRows;
    const bytes = job ? job.bytes : [...table!.columnBytes.values()].reduce((a, b) => a + b, 0);
    const created = String(job ? job.createdMs : table!.createdMs);
    return {
      kind: 'bigquery#table',
      etag: etag(),
      id: `${projectId}:${datasetId}.${tableId}`,
      selfLink: `${BIGQUERY_PREFIX}/projects/${projectId}/datasets/${datasetId}/tables/${tableId}`,
      tableReference: { projectId, datasetId, tableId },
      schema: { fields },
      numBytes: String(bytes),
      numLongTermBytes: '0',
      numRows: String(rows),
      creationTime: created,
      lastModifiedTime: created,
      type: 'TABLE',
      location: LOCATION,
    };
  }

  async tabledataList(projectId: string, datasetId: string, tableId: string, query: URLSearchParams): Promise<unknown> {
    const { table, job } = await this.resolve(projectId, datasetId, tableId);
    const timestamps = timestampFormat(query.get('formatOptions.useInt64Timestamp'), query.get('formatOptions.timestampOutputFormat'));
    const total = job ? job.result!.totalRows : table!.numRows;
    const token = query.get('pageToken');
    const start = token ? decodePageToken(token, total) : (countParam(query, 'startIndex', Number.MAX_SAFE_INTEGER) ?? 0);
    const count = Math.min(countParam(query, 'maxResults') ?? this.options.defaultPageRows, this.options.maxPageRows);
    const body: Record<string, unknown> = { kind: 'bigquery#tableDataList', etag: etag(), totalRows: String(total) };
    const budget = rowBudget(body, { maxPageBytes: this.options.maxPageBytes, timestamps });
    const read = async (source: string, columns: string): Promise<string[]> =>
      start < total && count > 0 ? readRowsJson(this.engine, `SELECT ${columns} FROM ${source} LIMIT ${count} OFFSET ${start}`, budget, timestamps) : [];
    const rows = job
      ? await this.jobs.withResult(job, (result) => read(result.table, '*'))
      : await read(qualified(table!.project, table!.dataset, table!.table), this.selectedColumns(table!, query.get('selectedFields')));
    if (start + rows.length < total && rows.length > 0) body.pageToken = encodePageToken(start + rows.length);
    return pageJson(body, rows);
  }

  /** The `selectedFields` of a catalogue table, in table order, quoted. */
  private selectedColumns(table: TableInfo, selected: string | null): string {
    let columns = table.columns.map((c) => c.name);
    if (selected) {
      const wanted = selected.split(',').map((s) => s.trim()).filter((s) => s !== '');
      for (const w of wanted) {
        if (!columns.some((c) => c.toLowerCase() === w.toLowerCase())) throw invalid(`Invalid field selection ${w.slice(0, 80)}`);
      }
      columns = columns.filter((c) => wanted.some((w) => w.toLowerCase() === c.toLowerCase()));
    }
    return columns.map(ident).join(', ');
  }
}
