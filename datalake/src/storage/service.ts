// The BigQuery Storage Read API of the datalake: a grpc-js server (insecure, on
// loopback) answering CreateReadSession and ReadRows of
// google.cloud.bigquery.storage.v1.BigQueryRead, with the fault rules of scope
// `storage` in front of both. SplitReadStream answers UNIMPLEMENTED.
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  Server,
  ServerCredentials,
  status as GrpcStatus,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from '@grpc/grpc-js';
import type { Engine } from '../data/engine.js';
import type { JobStore } from '../bigquery/jobs.js';
import type { FaultController, FaultDecision } from '../faults.js';
import { arrowBatches } from './batches.js';
import { StorageError, grpcCode, toServiceError } from './errors.js';
import { bigQueryReadService } from './protos.js';
import { SessionStore, streamQuery, type ReadSession, type SessionOptions, type StreamRange } from './sessions.js';

export interface StorageServerOptions extends SessionOptions {
  host: string;
  port: number;
}

export interface StorageHooks {
  faults: FaultController;
  /** Counts one RPC (`storage.CreateReadSession`, `storage.ReadRows`, ...). */
  count(operation: string): void;
  /** Waits `ms` (timers the datalake clears when it closes). */
  delay(ms: number): Promise<void>;
  /** Sees the SELECT each ReadRows call runs (for tests). */
  query?(sql: string): void;
}

export interface StorageServer {
  /** `host:port` */
  endpoint: string;
  port: number;
  sessions: SessionStore;
  close(): Promise<void>;
}

/** Requests are small (names, a field list, a restriction): 4 MiB is plenty and bounds a hostile one. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** How long close() lets streams finish before cutting them. */
const CLOSE_GRACE_MS = 2_000;

type Request = Record<string, any>;

const timestamp = (ms: number): { seconds: string; nanos: number } => ({ seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 });

function sessionMessage(s: ReadSession): Request {
  return {
    name: s.name,
    expire_time: timestamp(s.expireAtMs),
    data_format: 'ARROW',
    arrow_schema: { serialized_schema: Buffer.from(s.schemaBytes) },
    table: s.table,
    read_options: { selected_fields: s.selectedFields, row_restriction: s.rowRestriction },
    streams: s.streams.map((r) => ({ name: r.name })),
    estimated_row_count: String(s.rows),
    estimated_total_bytes_scanned: '0',
  };
}

/** An int64 field of a request (a string with `longs: String`) as a safe integer, or an INVALID_ARGUMENT. */
function integer(value: unknown, name: string): number {
  const n = Number(value ?? 0);
  if (!Number.isSafeInteger(n) || n < 0) throw new StorageError(GrpcStatus.INVALID_ARGUMENT, `${name} must be a non-negative integer.`);
  return n;
}

/** Waits until the client has taken what was written (or is gone); the listeners not fired are removed. */
async function drained(call: ServerWritableStream<Request, Request>): Promise<void> {
  const done = new AbortController();
  const { signal } = done;
  try {
    await Promise.race([once(call, 'drain', { signal }), once(call, 'cancelled', { signal }), once(call, 'close', { signal })]);
  } finally {
    done.abort(); // the race handled every promise: the ones aborted reject unobserved, harmlessly
  }
}

const faultError = (decision: FaultDecision): StorageError =>
  new StorageError(grpcCode(decision.status!), `Injected fault: the datalake answered ${decision.status} as asked by a fault rule.`);

export async function startStorageServer(engine: Engine, jobs: JobStore, options: StorageServerOptions, hooks: StorageHooks): Promise<StorageServer> {
  const sessions = new SessionStore(engine, jobs, options);
  const calls = new Set<ServerWritableStream<Request, Request>>();

  /** Counts the call and applies its fault decision: a delay, then maybe an error to answer. */
  async function enter(method: string, target: string): Promise<FaultDecision> {
    hooks.count(`storage.${method}`);
    const decision = hooks.faults.decide('storage', method, target);
    if (decision.delayMs > 0) await hooks.delay(decision.delayMs);
    return decision;
  }

  async function createReadSession(call: ServerUnaryCall<Request, Request>, callback: sendUnaryData<Request>): Promise<void> {
    try {
      const req = call.request;
      const readSession = (req.read_session ?? {}) as Request;
      const decision = await enter('CreateReadSession', String(readSession.table ?? ''));
      if (decision.status !== undefined) throw faultError(decision);
      const format = String(readSession.data_format ?? 'DATA_FORMAT_UNSPECIFIED');
      if (format !== 'ARROW') throw new StorageError(GrpcStatus.INVALID_ARGUMENT, `Unsupported data format ${format}: the local datalake reads ARROW only.`);
      const readOptions = (readSession.read_options ?? {}) as Request;
      const session = await sessions.create({
        parent: String(req.parent ?? ''),
        table: String(readSession.table ?? ''),
        selectedFields: (readOptions.selected_fields ?? []) as string[],
        rowRestriction: String(readOptions.row_restriction ?? ''),
        maxStreams: integer(req.max_stream_count, 'max_stream_count'),
      });
      if (decision.expireSession) sessions.expireNow(session);
      callback(null, sessionMessage(session));
    } catch (e) {
      callback(toServiceError(e));
    }
  }

  async function readRows(call: ServerWritableStream<Request, Request>): Promise<void> {
    calls.add(call);
    let cancelled = false;
    call.on('cancelled', () => (cancelled = true));
    try {
      const name = String(call.request.read_stream ?? '');
      const decision = await enter('ReadRows', name);
      if (decision.status !== undefined) throw faultError(decision);
      const { session, stream } = sessions.stream(name);
      if (decision.expireSession) sessions.expireNow(session);
      if (sessions.expired(session)) {
        throw new StorageError(
          GrpcStatus.FAILED_PRECONDITION,
          `there was an error operating on '${name}': session expired at ${new Date(session.expireAtMs).toISOString()}`,
        );
      }
      const offset = integer(call.request.offset, 'offset');
      if (offset > stream.rows) throw new StorageError(GrpcStatus.OUT_OF_RANGE, `The offset ${offset} is beyond the end of stream ${name} (${stream.rows} rows).`);
      const cutAfter = decision.cutAfterRows;
      const send = (): Promise<number> => sendRows(call, session, stream, offset, cutAfter, () => cancelled);
      const sent = session.job ? await jobs.withResult(session.job, send) : await send();
      if (cancelled) return;
      if (cutAfter !== undefined) throw new StorageError(GrpcStatus.UNAVAILABLE, 'stream cut');
      call.end();
    } catch (e) {
      if (!cancelled) call.emit('error', toServiceError(e));
    } finally {
      calls.delete(call);
    }
  }

  /** Sends the stream's rows from `offset` (at most `limit`), waiting whenever the client is behind; returns how many it sent. */
  async function sendRows(
    call: ServerWritableStream<Request, Request>,
    session: ReadSession,
    stream: StreamRange,
    offset: number,
    limit: number | undefined,
    isCancelled: () => boolean,
  ): Promise<number> {
    const count = Math.min(stream.rows - offset, limit ?? Infinity);
    if (count <= 0) return 0;
    const conn = await engine.connect();
    let sent = 0;
    try {
      const sql = streamQuery(session, stream, offset, count);
      hooks.query?.(sql);
      for await (const batch of arrowBatches(conn, sql, session.fields, session.schema, session.schemaBytes.length)) {
        if (isCancelled()) break;
        const before = offset + sent;
        sent += batch.rows;
        const message: Request = {
          arrow_record_batch: { serialized_record_batch: Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.length), row_count: String(batch.rows) },
          row_count: String(batch.rows),
          stats: { progress: { at_response_start: before / stream.rows, at_response_end: (offset + sent) / stream.rows } },
          throttle_state: { throttle_percent: 0 },
        };
        if (before === offset) message.arrow_schema = { serialized_schema: Buffer.from(session.schemaBytes) };
        if (!call.write(message)) await drained(call);
        else await nextTurn(); // let other calls and requests in between batches
      }
    } finally {
      engine.release(conn);
    }
    return sent;
  }

  const server = new Server({ 'grpc.max_receive_message_length': MAX_REQUEST_BYTES });
  server.addService(bigQueryReadService(), {
    CreateReadSession: (call: ServerUnaryCall<Request, Request>, callback: sendUnaryData<Request>) => void createReadSession(call, callback),
    ReadRows: (call: ServerWritableStream<Request, Request>) => void readRows(call),
    SplitReadStream: (_call: ServerUnaryCall<Request, Request>, callback: sendUnaryData<Request>) => {
      hooks.count('storage.SplitReadStream');
      callback({ code: GrpcStatus.UNIMPLEMENTED, details: 'SplitReadStream is not implemented by the local datalake.' });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    server.bindAsync(`${host}:${options.port}`, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
  });
  const endpointHost = options.host.includes(':') ? `[${options.host}]` : options.host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      // Streams still running are cut after a grace period, so close never hangs.
      const force = setTimeout(() => server.forceShutdown(), CLOSE_GRACE_MS);
      server.tryShutdown(() => {
        clearTimeout(force);
        sessions.clear();
        resolve();
      });
    }));

  return { endpoint: `${endpointHost}:${port}`, port, sessions, close };
}
