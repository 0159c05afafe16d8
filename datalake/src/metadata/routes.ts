// The catalogue (metadata) API of spec/datalake.yaml, served from the bundled
// fixture and the engine's table statistics. Requests are matched and validated
// against the spec's own paths and parameter schemas.
import type { ServerResponse } from 'node:http';
import type { Engine } from '../data/engine.js';
import { PROD_PROJECT } from '../data/engine.js';
import { SYNTHETIC_COLUMNS, SYNTHETIC_DATASET, syntheticRows } from '../data/synthetic.js';
import { send, type RequestContext } from '../http.js';
import type { Spec, SpecOperation } from '../spec/load.js';
import {
  normalizeText,
  slugOf,
  type CatalogueFixture,
  type ColumnFixture,
  type Coverage,
  type DatasetFixture,
  type TableFixture,
  type ThemeFixture,
} from './catalogue.js';
import { ParameterValidator, type InvalidParam } from './validate.js';

const PROBLEM = 'application/problem+json';
const PROBLEM_BASE = 'https://basedosdados.org/problems';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  request_id?: string;
  invalid_params?: InvalidParam[];
  /** Only in an injected `echo` fault: every request header, as a careless server quotes them. */
  request_headers?: Record<string, string>;
}

export function sendProblem(ctx: RequestContext, res: ServerResponse, problem: Omit<Problem, 'request_id' | 'instance'>, headers: Record<string, string> = {}): void {
  const instance = ctx.query.size > 0 ? `${ctx.path}?${ctx.query.toString()}` : ctx.path;
  send(ctx, res, problem.status, { ...problem, instance, request_id: ctx.id }, PROBLEM, headers);
}

/** The problem an injected fault answers on a metadata route. */
export function faultProblem(status: number, retryAfter: number): Omit<Problem, 'request_id' | 'instance'> {
  if (status === 429) return { type: `${PROBLEM_BASE}/rate-limited`, title: 'Too many requests', status, detail: `slow down; retry after ${retryAfter} seconds (injected fault)` };
  if (status === 503) return { type: `${PROBLEM_BASE}/unavailable`, title: 'Service unavailable', status, detail: 'injected fault' };
  if (status >= 500) return { type: `${PROBLEM_BASE}/server`, title: 'Internal server error', status, detail: 'injected fault' };
  return { type: `${PROBLEM_BASE}/client`, title: 'Request failed', status, detail: 'injected fault' };
}

interface ThemeNode {
  id: string;
  slug: string;
  name: string;
  children: ThemeNode[];
}

interface SearchItem {
  type: 'dataset' | 'table';
  dataset: DatasetFixture;
  table?: TableFixture;
  /** Normalised text fields for matching. */
  name: string;
  text: string;
  tags: string;
}

const page = <T>(items: readonly T[], pageNo: number, pageSize: number): { page: number; page_size: number; count: number; page_total: number; items: T[] } => ({
  page: pageNo,
  page_size: pageSize,
  count: items.length,
  page_total: Math.ceil(items.length / pageSize),
  items: items.slice((pageNo - 1) * pageSize, pageNo * pageSize),
});

const byName = (a: { name: string }, b: { name: string }): number => normalizeText(a.name).localeCompare(normalizeText(b.name));

export class MetadataFace {
  private readonly validator: ParameterValidator;
  private readonly themes = new Map<string, ThemeNode>();
  private readonly themeParents = new Map<string, string>();
  private readonly topThemes: ThemeNode[] = [];
  private readonly datasets: DatasetFixture[];
  private readonly items: SearchItem[] = [];

  constructor(
    private readonly spec: Spec,
    private readonly catalogue: CatalogueFixture,
    private readonly engine: Engine,
  ) {
    this.validator = new ParameterValidator(spec);
    const build = (t: ThemeFixture, parent?: string): ThemeNode => {
      const node: ThemeNode = { id: t.id, slug: slugOf(t.id), name: t.name, children: [] };
      this.themes.set(t.id, node);
      if (parent) this.themeParents.set(t.id, parent);
      node.children = (t.children ?? []).map((c) => build(c, t.id)).sort(byName);
      return node;
    };
    this.topThemes = catalogue.themes.map((t) => build(t)).sort(byName);
    // Newest first, as listDatasets promises; ties by id for a stable order.
    this.datasets = [...catalogue.datasets].sort((a, b) => b.created_at.localeCompare(a.created_at) || a.id.localeCompare(b.id));
    const tagNames = new Map(catalogue.tags.map((t) => [t.id, t.name]));
    for (const ds of this.datasets) {
      const tags = normalizeText(ds.tags.map((t) => `${t} ${tagNames.get(t) ?? ''}`).join(' '));
      this.items.push({ type: 'dataset', dataset: ds, name: normalizeText(`${ds.id} ${ds.name}`), text: normalizeText(ds.description), tags });
      for (const t of ds.tables) {
        this.items.push({ type: 'table', dataset: ds, table: t, name: normalizeText(`${t.id} ${t.name}`), text: normalizeText(t.description), tags });
      }
    }
  }

  handle(ctx: RequestContext, res: ServerResponse): void {
    const candidates = this.spec.operations.filter((op) => op.regex.test(ctx.path));
    if (candidates.length === 0) {
      sendProblem(ctx, res, { type: `${PROBLEM_BASE}/not-found`, title: 'Not found', status: 404, detail: `no route for ${ctx.path}` });
      return;
    }
    const op = candidates.find((o) => o.method === ctx.method || (ctx.method === 'HEAD' && o.method === 'GET'));
    if (!op) {
      sendProblem(
        ctx,
        res,
        { type: `${PROBLEM_BASE}/method-not-allowed`, title: 'Method not allowed', status: 405, detail: `${ctx.method} is not allowed on ${ctx.path}` },
        { Allow: candidates.map((o) => o.method).join(', ') },
      );
      return;
    }
    const match = op.regex.exec(ctx.path)!;
    const pathValues: Record<string, string> = {};
    for (const [i, name] of op.pathParams.entries()) {
      try {
        pathValues[name] = decodeURIComponent(match[i + 1]!);
      } catch {
        const reason = 'is not a valid percent-encoded path segment';
        sendProblem(ctx, res, {
          type: `${PROBLEM_BASE}/validation`,
          title: 'Invalid parameter',
          status: 400,
          detail: `${name} ${reason}`,
          invalid_params: [{ name, in: 'path', reason, pointer: op.parameters.find((p) => p.name === name)?.schemaPointer ?? '#' }],
        });
        return;
      }
    }
    const { values, errors } = this.validator.validate(op, pathValues, ctx.query);
    if (errors.length > 0) {
      sendProblem(ctx, res, {
        type: `${PROBLEM_BASE}/validation`,
        title: 'Invalid parameter',
        status: 400,
        detail: errors.map((e) => `${e.name} ${e.reason}`).join('; '),
        invalid_params: errors,
      });
      return;
    }
    const result = this.operation(op, values);
    if ('problem' in result) sendProblem(ctx, res, result.problem);
    else send(ctx, res, 200, result.body);
  }

  private operation(op: SpecOperation, v: Record<string, unknown>): { body: unknown } | { problem: Omit<Problem, 'request_id' | 'instance'> } {
    const pageNo = (v.page as number | undefined) ?? 1;
    const pageSize = (v.page_size as number | undefined) ?? 10;
    const notFound = (detail: string): { problem: Omit<Problem, 'request_id' | 'instance'> } => ({
      problem: { type: `${PROBLEM_BASE}/not-found`, title: 'Not found', status: 404, detail },
    });
    const datasetId = v.dataset_id as string | undefined;
    const tableId = v.table_id as string | undefined;
    const ds = datasetId === undefined ? undefined : this.catalogue.datasets.find((d) => d.id === datasetId);
    switch (op.operationId) {
      case 'listDatasets': {
        const matches = this.datasets.filter((d) => this.datasetMatchesFilters(d, v) && (v.q === undefined || this.datasetMatchesText(d, v.q as string)));
        return { body: page(matches.map((d) => this.datasetView(d)), pageNo, pageSize) };
      }
      case 'getDataset':
        return ds ? { body: this.datasetView(ds) } : notFound(`dataset ${datasetId} does not exist`);
      case 'listDatasetTables': {
        if (!ds) return notFound(`dataset ${datasetId} does not exist`);
        const tables = [...ds.tables].sort((a, b) => a.id.localeCompare(b.id)).map((t) => this.tableView(ds, t));
        return { body: page(tables, pageNo, pageSize) };
      }
      case 'getTable':
      case 'listTableColumns': {
        if (!ds) return notFound(`dataset ${datasetId} does not exist`);
        const table = this.findTable(ds, tableId!);
        if (!table) return notFound(`table ${datasetId}.${tableId} does not exist`);
        if (op.operationId === 'getTable') return { body: this.tableView(ds, table) };
        return { body: page(this.columnsOf(table).map((c) => this.columnView(table, c)), pageNo, pageSize) };
      }
      case 'listOrganizations': {
        const orgs = [...this.catalogue.organizations].sort(byName).map((o) => ({ id: o.id, slug: slugOf(o.id), name: o.name, description: o.description, website: o.website }));
        return { body: page(orgs, pageNo, pageSize) };
      }
      case 'listThemes':
        return { body: page(this.topThemes, pageNo, pageSize) };
      case 'listTags': {
        const tags = [...this.catalogue.tags].sort(byName).map((t) => ({ id: t.id, slug: slugOf(t.id), name: t.name }));
        return { body: page(tags, pageNo, pageSize) };
      }
      case 'search':
        return { body: this.search(v, pageNo, pageSize) };
      default:
        return notFound(`operation ${op.operationId} is not served by the local datalake`);
    }
  }

  /** Catalogue tables, plus any synthetic `linhas_<n>` of the synthetic dataset. */
  private findTable(ds: DatasetFixture, tableId: string): TableFixture | undefined {
    const listed = ds.tables.find((t) => t.id === tableId);
    if (listed) return listed;
    const rows = ds.id === SYNTHETIC_DATASET ? syntheticRows(tableId) : undefined;
    if (rows === undefined) return undefined;
    const model = ds.tables[0]!;
    return { ...model, id: tableId, name: `Tabela sintética de ${rows} linhas`, description: `Tabela sintética de ${rows} linhas.` };
  }

  private columnsOf(table: TableFixture): readonly ColumnFixture[] {
    return table.columns === 'synthetic' ? SYNTHETIC_COLUMNS : table.columns;
  }

  // --- views -------------------------------------------------------------------

  private themeView(id: string): ThemeNode | undefined {
    return this.themes.get(id);
  }

  private datasetView(d: DatasetFixture): unknown {
    const coverages = d.tables.map((t) => t.temporal_coverage).filter((c): c is Coverage => c !== null);
    const starts = coverages.map((c) => c.start).filter((s): s is string => s !== null).sort();
    const ends = coverages.map((c) => c.end).filter((s): s is string => s !== null).sort();
    return {
      id: d.id,
      slug: slugOf(d.id),
      name: d.name,
      description: d.description,
      organizations: d.organizations
        .map((id) => this.catalogue.organizations.find((o) => o.id === id))
        .filter((o) => o !== undefined)
        .map((o) => ({ id: o.id, slug: slugOf(o.id), name: o.name, description: o.description, website: o.website })),
      themes: d.themes.map((id) => this.themeView(id)).filter((t) => t !== undefined),
      tags: d.tags
        .map((id) => this.catalogue.tags.find((t) => t.id === id))
        .filter((t) => t !== undefined)
        .map((t) => ({ id: t.id, slug: slugOf(t.id), name: t.name })),
      temporal_coverage: coverages.length === 0 ? null : { start: starts[0] ?? null, end: ends[ends.length - 1] ?? null },
      spatial_coverage: d.spatial_coverage,
      n_tables: d.tables.length,
      created_at: d.created_at,
      updated_at: d.updated_at,
    };
  }

  private tableView(d: DatasetFixture, t: TableFixture): unknown {
    const columns = this.columnsOf(t);
    const synthetic = t.columns === 'synthetic';
    const info = synthetic ? undefined : this.engineInfo(d.id, t.id);
    return {
      id: t.id,
      dataset_id: d.id,
      slug: slugOf(t.id),
      name: t.name,
      description: t.description,
      bigquery_table: `${PROD_PROJECT}.${d.id}.${t.id}`,
      number_rows: synthetic ? (syntheticRows(t.id) ?? 0) : (info?.numRows ?? 0),
      number_columns: columns.length,
      uncompressed_file_size: info?.csvBytes ?? null,
      compressed_file_size: null,
      partitions: t.partitions ?? [],
      temporal_coverage: t.temporal_coverage,
      license: t.license ?? null,
      is_closed: t.is_closed ?? false,
      update_frequency: t.update_frequency,
    };
  }

  private engineInfo(dataset: string, table: string): { numRows: number; csvBytes: number | null } | undefined {
    return this.engine.listTables(PROD_PROJECT, dataset).find((t) => t.table === table);
  }

  private columnView(t: TableFixture, c: ColumnFixture): unknown {
    return {
      name: c.name,
      description: c.description,
      bigquery_type: c.type,
      measurement_unit: c.unit ?? null,
      is_primary_key: c.pk ?? false,
      is_partition: (c.partition ?? false) || (t.partitions ?? []).includes(c.name),
      covered_by_dictionary: c.dictionary ?? false,
      directory_primary_key: c.directory ?? null,
      observations: c.observations ?? null,
      contains_sensitive_data: c.sensitive ?? false,
    };
  }

  // --- filters and search ---------------------------------------------------

  /** A theme and its descendants, so filtering by `economia` also finds `financas`. */
  private themeFamily(id: string): Set<string> {
    const out = new Set<string>([id]);
    const walk = (node: ThemeNode | undefined): void => {
      for (const c of node?.children ?? []) {
        out.add(c.id);
        walk(c);
      }
    };
    walk(this.themes.get(id));
    return out;
  }

  private datasetMatchesFilters(d: DatasetFixture, v: Record<string, unknown>): boolean {
    if (v.organization !== undefined && !d.organizations.includes(v.organization as string)) return false;
    if (v.tag !== undefined && !d.tags.includes(v.tag as string)) return false;
    if (v.theme !== undefined) {
      const family = this.themeFamily(v.theme as string);
      if (!d.themes.some((t) => family.has(t))) return false;
    }
    return true;
  }

  private datasetMatchesText(d: DatasetFixture, q: string): boolean {
    const tokens = normalizeText(q).split(/\s+/).filter((t) => t !== '');
    const items = this.items.filter((i) => i.dataset === d);
    return tokens.every((tok) => items.some((i) => i.name.includes(tok) || i.text.includes(tok) || i.tags.includes(tok)));
  }

  private search(v: Record<string, unknown>, pageNo: number, pageSize: number): unknown {
    const tokens = v.q === undefined ? [] : normalizeText(v.q as string).split(/[\s\-_.,;:]+/).filter((t) => t !== '');
    const scored: Array<{ item: SearchItem; score: number }> = [];
    for (const item of this.items) {
      if (!this.datasetMatchesFilters(item.dataset, v)) continue;
      let score = 0;
      let all = true;
      for (const tok of tokens) {
        const s = (item.name.includes(tok) ? 3 : 0) + (item.tags.includes(tok) ? 2 : 0) + (item.text.includes(tok) ? 1 : 0);
        if (s === 0) all = false;
        score += s;
      }
      if (all) scored.push({ item, score: score + (item.type === 'dataset' ? 0.5 : 0) });
    }
    scored.sort((a, b) => b.score - a.score || a.item.dataset.id.localeCompare(b.item.dataset.id) || (a.item.table?.id ?? '').localeCompare(b.item.table?.id ?? ''));

    // Aggregations count matches per organization, tag and theme (a theme also counts its children's matches).
    const counts = { themes: new Map<string, number>(), organizations: new Map<string, number>(), tags: new Map<string, number>() };
    const bump = (m: Map<string, number>, id: string): void => {
      m.set(id, (m.get(id) ?? 0) + 1);
    };
    for (const { item } of scored) {
      const d = item.dataset;
      d.organizations.forEach((o) => bump(counts.organizations, o));
      d.tags.forEach((t) => bump(counts.tags, t));
      const themes = new Set<string>();
      for (let t of d.themes) {
        themes.add(t);
        while (this.themeParents.has(t)) {
          t = this.themeParents.get(t)!;
          themes.add(t);
        }
      }
      themes.forEach((t) => bump(counts.themes, t));
    }
    const buckets = (m: Map<string, number>, name: (id: string) => string): Array<{ id: string; name: string; count: number }> =>
      [...m].map(([id, count]) => ({ id, name: name(id), count })).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
    const results = scored.map(({ item }) => ({
      type: item.type,
      dataset_id: item.dataset.id,
      table_id: item.table?.id ?? null,
      name: item.table?.name ?? item.dataset.name,
      description: item.table?.description ?? item.dataset.description,
      organizations: item.dataset.organizations,
      themes: item.dataset.themes,
      tags: item.dataset.tags,
    }));
    return {
      ...page(results, pageNo, pageSize),
      aggregations: {
        themes: buckets(counts.themes, (id) => this.themes.get(id)?.name ?? id),
        organizations: buckets(counts.organizations, (id) => this.catalogue.organizations.find((o) => o.id === id)?.name ?? id),
        tags: buckets(counts.tags, (id) => this.catalogue.tags.find((t) => t.id === id)?.name ?? id),
      },
    };
  }
}
