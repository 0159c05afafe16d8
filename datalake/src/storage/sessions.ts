// Read sessions: what CreateReadSession resolves (the table, its columns, the
// row restriction, the row count) and splits into streams, kept until they
// expire. A session reads an immutable source (a catalogue table, or a job's
// result table: never updated nor deleted from) in table order, so a stream's
// rows at an offset are always the same rows. Streams are ranges of the table's
// rows; where the source numbers its rows (DuckDB's rowid of a base table, `id`
// of a synthetic table) a stream reads only its range, so its cost follows the
// rows it returns, not the rows before it.
import { randomBytes } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { ident, qualified, type Engine } from '../data/engine.js';
import { accessDenied, notFound } from '../bigquery/errors.js';
import type { Job, JobStore } from '../bigquery/jobs.js';
import { tableSchema, type SchemaField } from '../bigquery/wire-format.js';
import { PROD_PROJECT } from '../data/engine.js';
import { SYNTHETIC_DATASET, syntheticRows } from '../data/synthetic.js';
import { arrowSchema, duckdbReadType, readFields, serializeSchema, type ReadField } from './arrow-schema.js';
import { StorageError, invalidArgument } from './errors.js';
import { translateRowRestriction } from './restriction.js';
import type { Schema } from 'apache-arrow';

export const LOCATION_ID = 'us';
/** Streams when the client leaves max_stream_count at 0. */
export const DEFAULT_STREAMS = 4;
/** BigQuery's "default system max limit" of max_stream_count (it also bounds the counting query of a restriction). */
export const MAX_STREAMS = 1_000;
/** Most selected_fields entries accepted (BigQuery tables have at most 10,000 columns). */
const MAX_SELECTED_FIELDS = 10_000;
/** DuckDB's row id: a base table's rows numbered from 0 in insertion order (these tables are never updated nor deleted from). */
const ROWID = { column: 'rowid', first: 0 };
/** A row's position in its table, named so no column of a result table is likely to be hidden by it. */
const POSITION = '"__datalake_row_position"';
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,1023}$/;

export interface SessionOptions {
  maxSessionAgeMs: number;
  minRowsPerStream: number;
  maxSessions: number;
  deniedProjects: readonly string[];
}

/** Where a session's rows come from. */
export interface RowSource {
  /** The table or view read. */
  relation: string;
  /** Its columns named as the schema names them (`*`, or `#1 AS "f0_", ...` for a result table). */
  columns: string;
  /** Rows of the table (before any restriction). */
  rows: number;
  /** A column numbering the rows in table order from `first`, when the source has one. */
  numbering?: { column: string; first: number };
}

export interface StreamRange {
  name: string;
  /** First row of the stream in the session's rows (those passing the restriction). */
  start: number;
  rows: number;
  /** The stream's rows [start, end) of the table, when the source numbers its rows. */
  table?: { start: number; end: number };
}

export interface ReadSession {
  id: string;
  name: string;
  table: string;
  expireAtMs: number;
  fields: ReadField[];
  schema: Schema;
  schemaBytes: Uint8Array;
  selectedFields: string[];
  rowRestriction: string;
  source: RowSource;
  /** The select list: each field cast to the layout it is read in. */
  select: string;
  /** The restriction as a DuckDB condition over `t`, or '' when there is none. */
  where: string;
  /** Rows passing the restriction. */
  rows: number;
  streams: StreamRange[];
  /** The job whose result table is read (kept from eviction while a stream is read). */
  job?: Job;
}

export interface CreateRequest {
  parent: string;
  table: string;
  selectedFields: readonly string[];
  rowRestriction: string;
  maxStreams: number;
}

/** `projects/<id>` -> the billing project. */
export function parseParent(parent: string): string {
  const m = /^projects\/([^/]+)$/.exec(parent);
  if (!m || !NAME.test(m[1]!)) throw invalidArgument(`Invalid parent "${parent.slice(0, 120)}": expected projects/<project id>.`);
  return m[1]!;
}

/** `projects/p/datasets/d/tables/t` -> its parts. */
export function parseTable(table: string): { project: string; dataset: string; table: string } {
  const m = /^projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(table);
  if (!m || ![m[1], m[2], m[3]].every((s) => NAME.test(s!))) {
    throw invalidArgument(`Invalid table name "${table.slice(0, 200)}": expected projects/<project>/datasets/<dataset>/tables/<table>.`);
  }
  return { project: m[1]!, dataset: m[2]!, table: m[3]! };
}

/** Contiguous ranges of `rows` rows, as even as can be, stream k before k+1. */
export function splitRows(rows: number, requested: number, minRowsPerStream: number): { start: number; rows: number }[] {
  if (rows === 0) return [];
  return evenRanges(rows, Math.max(1, Math.min(requested > 0 ? requested : DEFAULT_STREAMS, MAX_STREAMS, Math.ceil(rows / Math.max(1, minRowsPerStream)))));
}

/** `count` contiguous ranges of `rows` rows, the first ones a row longer when it does not divide. */
function evenRanges(rows: number, count: number): { start: number; rows: number }[] {
  const base = Math.floor(rows / count);
  const extra = rows % count;
  const ranges: { start: number; rows: number }[] = [];
  let start = 0;
  for (let k = 0; k < count; k++) {
    const n = base + (k < extra ? 1 : 0);
    ranges.push({ start, rows: n });
    start += n;
  }
  return ranges;
}

export class SessionStore {
  private readonly sessions = new Map<string, ReadSession>();

  constructor(
    private readonly engine: Engine,
    private readonly jobs: JobStore,
    private readonly options: SessionOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  async create(request: CreateRequest): Promise<ReadSession> {
    const billing = parseParent(request.parent);
    if (this.options.deniedProjects.includes(billing)) {
      throw accessDenied(`Project ${billing}: User does not have bigquery.readsessions.create permission for project ${billing}.`);
    }
    const ref = parseTable(request.table);
    const { schema, source, job } = await this.resolve(ref.project, ref.dataset, ref.table);
    const fields = selectFields(readFields(schema), request.selectedFields);
    const restriction = request.rowRestriction.trim();
    const where = restriction === '' ? '' : `(${translateRowRestriction(restriction, billing)})`;
    const select = fields.map((f) => `CAST(${ident(f.name)} AS ${duckdbReadType(f)}) AS ${ident(f.name)}`).join(', ');
    const ranges = await this.streamRanges(source, where, request.maxStreams);
    const rows = ranges.reduce((n, r) => n + r.rows, 0);
    const id = randomBytes(12).toString('hex');
    const name = `projects/${billing}/locations/${LOCATION_ID}/sessions/${id}`;
    const arrow = arrowSchema(fields);
    const session: ReadSession = {
      id,
      name,
      table: request.table,
      expireAtMs: this.now() + this.options.maxSessionAgeMs,
      fields,
      schema: arrow,
      schemaBytes: serializeSchema(arrow),
      selectedFields: [...request.selectedFields],
      rowRestriction: request.rowRestriction,
      source,
      select,
      where,
      rows,
      // As BigQuery: no stream when no row is to be read.
      streams: rows === 0 ? [] : ranges.map((r, k) => ({ ...r, name: `${name}/streams/${k}` })),
    };
    if (job) session.job = job;
    this.forgetOld();
    this.sessions.set(id, session);
    return session;
  }

  /** The session and range of a stream name; NOT_FOUND when unknown or forgotten. */
  stream(name: string): { session: ReadSession; stream: StreamRange } {
    const m = /^projects\/[^/]+\/locations\/[^/]+\/sessions\/([0-9a-f]{24})\/streams\/(\d{1,6})$/.exec(name);
    const session = m ? this.sessions.get(m[1]!) : undefined;
    const stream = session?.streams[Number(m?.[2])];
    if (!session || !stream || stream.name !== name) throw new StorageError(GrpcStatus.NOT_FOUND, `Not found: read stream ${name.slice(0, 300)}`);
    return { session, stream };
  }

  expired(session: ReadSession): boolean {
    return this.now() >= session.expireAtMs;
  }

  expireNow(session: ReadSession): void {
    session.expireAtMs = Math.min(session.expireAtMs, this.now());
  }

  clear(): void {
    this.sessions.clear();
  }

  /** Expired sessions go; beyond maxSessions the oldest go too. */
  private forgetOld(): void {
    for (const [id, s] of this.sessions) if (this.expired(s)) this.sessions.delete(id);
    for (const id of this.sessions.keys()) {
      if (this.sessions.size < this.options.maxSessions) break;
      this.sessions.delete(id);
    }
  }

  /**
   * The streams' ranges: min(requested, ceil(table rows / minRowsPerStream)) even
   * ranges of the table's rows. With a restriction, how many rows of each range
   * pass is counted at once (one scan of the table, which also makes DuckDB bind
   * the restriction now), so every stream knows its size.
   */
  private async streamRanges(source: RowSource, where: string, requested: number): Promise<Omit<StreamRange, 'name'>[]> {
    const ranges = splitRows(source.rows, requested, this.options.minRowsPerStream).map((r) => ({ start: r.start, end: r.start + r.rows }));
    if (where === '') return ranges.map((r) => ({ start: r.start, rows: r.end - r.start, ...(source.numbering ? { table: r } : {}) }));
    const n = source.numbering;
    if (!n || ranges.length === 0) {
      // Rows not numbered: the rows that pass, split evenly among as many streams.
      const [row] = await this.count(`SELECT count(*) FROM ${rowsOf(source)} AS t WHERE ${where}`);
      return evenRanges(row![0]!, ranges.length);
    }
    // One scan: each passing row's range, from its position (the first `extra` ranges are a row longer).
    const long = ranges[0]!.end - ranges[0]!.start;
    const extra = ranges.filter((r) => r.end - r.start === long).length;
    const split = extra * long;
    const range = extra === ranges.length ? `${POSITION} // ${long}` : `CASE WHEN ${POSITION} < ${split} THEN ${POSITION} // ${long} ELSE ${extra} + (${POSITION} - ${split}) // ${long - 1} END`;
    const numbered = `(SELECT ${source.columns}, ${n.column} - ${n.first} AS ${POSITION} FROM ${source.relation})`;
    const passing = new Map((await this.count(`SELECT ${range}, count(*) FROM ${numbered} AS t WHERE ${where} GROUP BY ALL`)).map(([k, c]) => [k!, c!]));
    let start = 0;
    return ranges.map((table, k) => {
      const stream = { start, rows: passing.get(k) ?? 0, table };
      start += stream.rows;
      return stream;
    });
  }

  /** The schema and the rows of a catalogue or result table. */
  private async resolve(project: string, dataset: string, table: string): Promise<{ schema: SchemaField[]; source: RowSource; job?: Job }> {
    if (!this.engine.isDataProject(project) && !this.jobs.hasResultDataset(project, dataset)) {
      throw accessDenied(`Dataset ${project}:${dataset}: Permission bigquery.tables.getData denied on dataset ${project}:${dataset} (or it may not exist).`);
    }
    const job = this.jobs.byTable(project, dataset, table);
    if (job) {
      await job.done;
      const result = job.result;
      if (job.error || !result) throw notFound(`Table ${project}:${dataset}.${table}`);
      // Result tables keep DuckDB's column names; the schema's (f0_, ...) are given by position.
      const columns = result.schema.map((f, i) => `#${i + 1} AS ${ident(f.name)}`).join(', ');
      return { schema: result.schema, source: { relation: result.table, columns, rows: result.totalRows, numbering: ROWID }, job };
    }
    if (!this.engine.hasDataset(project, dataset)) throw notFound(`Dataset ${project}:${dataset}`);
    const info = await this.engine.table(project, dataset, table);
    if (!info) throw notFound(`Table ${project}:${dataset}.${table}`);
    const source: RowSource = { relation: qualified(project, dataset, table), columns: '*', rows: info.numRows };
    // A synthetic table's `id` is its row number from 1; staging and dev tables are views without a rowid.
    if (project === PROD_PROJECT && dataset === SYNTHETIC_DATASET && syntheticRows(table) !== undefined) source.numbering = { column: 'id', first: 1 };
    else if (await this.isBaseTable(info.project, info.dataset, info.table)) source.numbering = ROWID;
    return { schema: tableSchema(info.columns), source };
  }

  private async isBaseTable(project: string, dataset: string, table: string): Promise<boolean> {
    const conn = await this.engine.connect();
    try {
      const sql = 'SELECT count(*) FROM duckdb_tables() WHERE database_name = $1 AND schema_name = $2 AND table_name = $3';
      return Number((await conn.runAndReadAll(sql, [project, dataset, table])).getRows()[0]![0]) > 0;
    } finally {
      this.engine.release(conn);
    }
  }

  /** The rows of a counting query over the restriction, as numbers. */
  private async count(sql: string): Promise<number[][]> {
    const conn = await this.engine.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRows().map((row) => row.map((v) => Number(v as bigint)));
    } catch (e) {
      // A restriction DuckDB cannot bind (an unknown column, a type mismatch): the client's error.
      throw invalidArgument(`Invalid row_restriction: ${firstLine((e as Error).message)}`);
    } finally {
      this.engine.release(conn);
    }
  }
}

/** DuckDB's message without its context lines (which quote SQL the client did not write). */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/^[A-Za-z ]*Error: /, '').slice(0, 300);
}

/** The rows [start, end) of the source (all of them without a range), its columns named as the schema does. */
function rowsOf(source: RowSource, range?: { start: number; end: number }): string {
  const n = source.numbering;
  const where = range && n ? ` WHERE ${n.column} >= ${n.first + range.start} AND ${n.column} < ${n.first + range.end}` : '';
  return `(SELECT ${source.columns} FROM ${source.relation}${where})`;
}

/**
 * The SELECT of `count` rows of a stream from its row `offset`, in table order. A
 * scan of one table keeps its insertion order (DuckDB's preserve_insertion_order,
 * on by default), as did the CREATE TABLE AS of a result, so rowid order is the
 * result's order and no ORDER BY (a sort) is needed.
 */
export function streamQuery(session: ReadSession, stream: StreamRange, offset: number, count: number): string {
  const { source, select, where } = session;
  const table = stream.table;
  if (table && where === '') return `SELECT ${select} FROM ${rowsOf(source, { start: table.start + offset, end: table.start + offset + count })} AS t`;
  if (table) return `SELECT ${select} FROM ${rowsOf(source, table)} AS t WHERE ${where} LIMIT ${count} OFFSET ${offset}`;
  return `SELECT ${select} FROM ${rowsOf(source)} AS t${where === '' ? '' : ` WHERE ${where}`} LIMIT ${count} OFFSET ${stream.start + offset}`;
}

/** The selected top-level fields in table order; all of them when none is selected. */
function selectFields(fields: ReadField[], selected: readonly string[]): ReadField[] {
  if (selected.length === 0) return fields;
  if (selected.length > MAX_SELECTED_FIELDS) throw invalidArgument(`Too many selected_fields: ${selected.length}, at most ${MAX_SELECTED_FIELDS}.`);
  const wanted = new Set<string>();
  for (const name of selected) {
    const field = fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
    if (!field) throw invalidArgument(`Invalid selected field: "${name.slice(0, 300)}" is not a column of the table.`);
    wanted.add(field.name);
  }
  return fields.filter((f) => wanted.has(f.name));
}
