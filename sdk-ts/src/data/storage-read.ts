/**
 * Reading a table through the BigQuery Storage Read API (Arrow over gRPC) with
 * the official `BigQueryReadClient`: one read session, its streams read in
 * parallel (each with a small bounded buffer, so memory stays flat) and
 * yielded in stream order, so a result keeps its table order.
 *
 * Faults: a stream cut mid-way (UNAVAILABLE, INTERNAL, RESOURCE_EXHAUSTED, or
 * no message within the per-try timeout) is read again from the last offset
 * read, with the SDK's one retry policy (the count starts over once rows
 * arrive); other gRPC codes become the SDK's typed errors. The call's signal
 * cancels every stream. gax's own retries are switched off: ours resume from
 * the offset, gax's would not.
 */
import { BigQueryReadClient } from '@google-cloud/bigquery-storage';
import { RecordBatchReader, type RecordBatch, type Schema } from 'apache-arrow';
import type { GoogleAuth } from 'google-auth-library';
import { googleAuthLibrary, grpc, type ClientOptions } from 'google-gax';
import { cancelledError, createError, ERROR_KINDS, type ErrorKindSpec } from '../core/errors.js';
import { withRetries, type FailedTry, type RetryPolicy } from '../core/retry.js';
import { untilAborted } from './bigquery.js';

/** Where Google's Storage Read API is; a local one comes from the option or `BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT`. */
export const GOOGLE_STORAGE_ENDPOINT = 'bigquerystorage.googleapis.com:443';

/** A read client for `endpoint` (`host:port`): insecure and without credentials for a local one, else Google's with `auth`. */
export function createReadClient(endpoint: string, auth: GoogleAuth | undefined): BigQueryReadClient {
  if (endpoint === GOOGLE_STORAGE_ENDPOINT) {
    // The BigQuery client's own credentials (one lookup, one token), typed by gax's copy of google-auth-library.
    return new BigQueryReadClient(auth ? ({ auth } as unknown as ClientOptions) : {});
  }
  const at = endpoint.lastIndexOf(':');
  return new BigQueryReadClient({
    apiEndpoint: endpoint.slice(0, at).replace(/^\[|\]$/g, ''),
    port: Number(endpoint.slice(at + 1)),
    sslCreds: grpc.credentials.createInsecure(),
    // No credential lookup (which could probe a metadata server) for a local endpoint.
    authClient: new googleAuthLibrary.PassThroughClient(),
  });
}

/** What to read. */
export interface StorageReadRequest {
  /** `projects/p/datasets/d/tables/t`. */
  readonly table: string;
  /** The billed project. */
  readonly projectId: string;
  readonly selectedFields?: readonly string[] | undefined;
  readonly rowRestriction?: string | undefined;
  readonly maxStreams: number;
  readonly signal?: AbortSignal | undefined;
}

export interface StorageSettings {
  readonly retry: RetryPolicy;
  readonly errors: readonly ErrorKindSpec[];
  /** Per try: CreateReadSession, and each wait for the next message of a stream. */
  readonly timeoutMs: number;
}

/** An open read session. */
export interface StorageSession {
  readonly schema: Schema;
  /** The IPC schema message, put before each batch message to read it. */
  readonly schemaBytes: Uint8Array;
  readonly streams: readonly string[];
  readonly estimatedRows: number;
}

/** gRPC status codes (grpc.status) the reader tells apart. */
const CODE = grpc.status;
/** gRPC codes as HTTP statuses, for the retry policy and the error table. */
const HTTP_STATUS: Partial<Record<number, number>> = {
  [CODE.INVALID_ARGUMENT]: 400, [CODE.PERMISSION_DENIED]: 403, [CODE.UNAUTHENTICATED]: 401, [CODE.NOT_FOUND]: 404,
  [CODE.RESOURCE_EXHAUSTED]: 429, [CODE.INTERNAL]: 500, [CODE.UNAVAILABLE]: 503, [CODE.DEADLINE_EXCEEDED]: 504,
  [CODE.OUT_OF_RANGE]: 400, [CODE.FAILED_PRECONDITION]: 400, [CODE.UNIMPLEMENTED]: 501,
};
const RETRIED_CODES: ReadonlySet<number> = new Set([CODE.UNAVAILABLE, CODE.INTERNAL, CODE.RESOURCE_EXHAUSTED]);

type GrpcError = Error & { code?: number; details?: string };

/** No message within the per-try timeout. */
class MessageTimeout extends Error {}
/** A try that failed after rows arrived: resumed at once, with the retry count started over. */
class ResumeAfterProgress extends Error {
  constructor(readonly failure: unknown) {
    super('stream cut after progress');
  }
}

function classify(error: unknown): FailedTry {
  if (error instanceof MessageTimeout) return { failure: { type: 'timeout' } };
  const code = (error as GrpcError).code;
  if (code !== undefined && RETRIED_CODES.has(code)) return { failure: { type: 'status', status: HTTP_STATUS[code]! } };
  return { failure: null };
}

/** The SDK's typed error for a failed RPC: its kind from the gRPC code; never the call's metadata. */
export function storageError(error: unknown, attempts: number, what: string, settings: StorageSettings, signal?: AbortSignal): unknown {
  if (signal?.aborted) return cancelledError(signal, settings.errors, `BigQuery Storage ${what}`);
  if (error instanceof ResumeAfterProgress) return error;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (error instanceof MessageTimeout)
    return createError(ERROR_KINDS.timeout, `BigQuery Storage ${what} timed out (${settings.timeoutMs} ms per attempt)${tries}`, { attempts }, settings.errors);
  const code = (error as GrpcError).code;
  if (code === undefined) return error;
  const details = (error as GrpcError).details ?? (error as Error).message;
  const message = `BigQuery Storage ${what}: ${details} (gRPC ${CODE[code] ?? code})${tries}`;
  const status = HTTP_STATUS[code];
  let kind: string;
  if (code === CODE.FAILED_PRECONDITION && /session expired/i.test(details))
    return createError(ERROR_KINDS.timeout, `BigQuery Storage ${what}: the read session expired (${details})`, { attempts, status: 400 }, settings.errors);
  else if (code === CODE.INVALID_ARGUMENT || code === CODE.OUT_OF_RANGE) kind = ERROR_KINDS.validation;
  else if (code === CODE.NOT_FOUND) kind = ERROR_KINDS.notFound;
  else if (code === CODE.PERMISSION_DENIED || code === CODE.UNAUTHENTICATED) kind = ERROR_KINDS.accessDenied;
  else if (code === CODE.DEADLINE_EXCEEDED) kind = ERROR_KINDS.timeout;
  else if (code === CODE.RESOURCE_EXHAUSTED) kind = ERROR_KINDS.rateLimited;
  else if (code === CODE.CANCELLED) kind = ERROR_KINDS.cancelled;
  else if (status !== undefined && status >= 500) kind = ERROR_KINDS.server;
  else kind = ERROR_KINDS.unknown;
  // The cause is a plain copy: a gRPC error carries the call's metadata.
  return createError(kind, message, { attempts, ...(status !== undefined ? { status } : {}), cause: Object.assign(new Error(details), { code }) }, settings.errors);
}

/** Opens a read session (CreateReadSession, Arrow), retried with the SDK's policy. */
export async function openSession(client: BigQueryReadClient, request: StorageReadRequest, settings: StorageSettings): Promise<StorageSession> {
  const { signal } = request;
  const session = await withRetries({
    policy: settings.retry,
    signal,
    errors: settings.errors,
    what: 'BigQuery Storage CreateReadSession',
    attempt: async () => {
      const call = client.createReadSession({
        parent: `projects/${request.projectId}`,
        readSession: {
          table: request.table,
          dataFormat: 'ARROW',
          readOptions: {
            ...(request.selectedFields && request.selectedFields.length > 0 ? { selectedFields: [...request.selectedFields] } : {}),
            ...(request.rowRestriction ? { rowRestriction: request.rowRestriction } : {}),
          },
        },
        maxStreamCount: request.maxStreams,
      }, { timeout: settings.timeoutMs, retry: { retryCodes: [] } as never });
      return (await untilAborted(call, signal))[0];
    },
    classify,
    giveUp: (error, attempts) => storageError(error, attempts, 'CreateReadSession', settings, signal),
  });
  const serialized = session.arrowSchema?.serializedSchema;
  const schemaBytes = serialized ? Buffer.from(serialized as Uint8Array) : Buffer.alloc(0);
  const schema = schemaBytes.length > 0 ? RecordBatchReader.from(schemaBytes).open().schema : undefined;
  if (!schema) throw createError(ERROR_KINDS.server, 'BigQuery Storage CreateReadSession answered without an Arrow schema', {}, settings.errors);
  return {
    schema,
    streams: (session.streams ?? []).map((s) => String(s.name)),
    estimatedRows: Number(session.estimatedRowCount ?? 0),
    schemaBytes,
  };
}

/** A bounded queue between one stream's reader and the consumer. */
class BatchQueue {
  readonly #items: RecordBatch[] = [];
  #done = false;
  #error: unknown;
  #wakeConsumer: (() => void) | undefined;
  #wakeProducer: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  /** Resolves once there is room. */
  async push(batch: RecordBatch): Promise<void> {
    this.#items.push(batch);
    this.#wakeConsumer?.();
    while (this.#items.length >= this.capacity && !this.#done) await new Promise<void>((resolve) => (this.#wakeProducer = resolve));
  }

  end(error?: unknown): void {
    this.#done = true;
    this.#error = error;
    this.#wakeConsumer?.();
    this.#wakeProducer?.();
  }

  async *drain(): AsyncGenerator<RecordBatch> {
    for (;;) {
      const item = this.#items.shift();
      if (item) {
        this.#wakeProducer?.();
        yield item;
        continue;
      }
      if (this.#done) {
        if (this.#error !== undefined) throw this.#error;
        return;
      }
      await new Promise<void>((resolve) => (this.#wakeConsumer = resolve));
    }
  }
}

/** Batches each stream may hold ahead of the consumer. */
const BATCHES_AHEAD = 2;

/**
 * The session's record batches, stream after stream, every stream read in
 * parallel. Returning early (a limit, a `break`) or an abort cancels the streams.
 */
export async function* readBatches(client: BigQueryReadClient, session: StorageSession, settings: StorageSettings, signal: AbortSignal | undefined): AsyncGenerator<RecordBatch> {
  const stop = new AbortController();
  const streamSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const queues = session.streams.map(() => new BatchQueue(BATCHES_AHEAD));
  const pumps = session.streams.map((name, k) =>
    readStream(client, name, session.schemaBytes, queues[k]!, settings, streamSignal).then(() => queues[k]!.end(), (error: unknown) => queues[k]!.end(error)));
  try {
    for (const queue of queues) yield* queue.drain();
  } finally {
    stop.abort(new Error('the reader stopped'));
    for (const queue of queues) queue.end();
    await Promise.all(pumps);
  }
}

/** Reads one stream into `queue` from offset 0, resuming after cuts at the last offset read. */
async function readStream(client: BigQueryReadClient, name: string, schemaBytes: Uint8Array, queue: BatchQueue, settings: StorageSettings, signal: AbortSignal): Promise<void> {
  let offset = 0;
  for (;;) {
    try {
      await withRetries({
        policy: settings.retry,
        signal,
        errors: settings.errors,
        what: 'BigQuery Storage ReadRows',
        attempt: async () => {
          const before = offset;
          try {
            await readFrom(client, name, offset, schemaBytes, settings, signal, async (batch, rows) => {
              offset += rows;
              await queue.push(batch);
            });
          } catch (error) {
            if (offset > before && classify(error).failure !== null) throw new ResumeAfterProgress(error);
            throw error;
          }
        },
        classify: (error) => (error instanceof ResumeAfterProgress ? { failure: null } : classify(error)),
        giveUp: (error, attempts) => storageError(error, attempts, 'ReadRows', settings, signal),
      });
      return;
    } catch (error) {
      if (!(error instanceof ResumeAfterProgress) || signal.aborted) throw signal.aborted ? cancelledError(signal, settings.errors, 'BigQuery Storage ReadRows') : error;
    }
  }
}

/** One ReadRows call from `offset`: each message decoded and handed to `onBatch` (which may wait: backpressure). */
async function readFrom(
  client: BigQueryReadClient, name: string, offset: number, schemaBytes: Uint8Array, settings: StorageSettings, signal: AbortSignal,
  onBatch: (batch: RecordBatch, rows: number) => Promise<void>,
): Promise<void> {
  const call = client.readRows({ readStream: name, offset }, { retryRequestOptions: { retries: 0, noResponseRetries: 0 }, retry: { retryCodes: [] } as never });
  // The stream's error reaches the iterator; this listener only keeps it from being unhandled after a cancel.
  call.on('error', () => undefined);
  const onAbort = (): void => call.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  const messages = (call as unknown as AsyncIterable<{ arrowRecordBatch?: { serializedRecordBatch?: Uint8Array; rowCount?: number | string }; rowCount?: number | string }>)[Symbol.asyncIterator]();
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new MessageTimeout()), settings.timeoutMs);
      });
      let next: IteratorResult<{ arrowRecordBatch?: { serializedRecordBatch?: Uint8Array; rowCount?: number | string }; rowCount?: number | string }>;
      const pending = messages.next();
      // Lost the race to the timeout: its rejection (the cancel below) must not go unhandled.
      pending.catch(() => undefined);
      try {
        next = await Promise.race([pending, timeout]);
      } finally {
        clearTimeout(timer);
      }
      if (next.done) return;
      const batchBytes = next.value.arrowRecordBatch?.serializedRecordBatch;
      if (!batchBytes || batchBytes.length === 0) continue;
      const reader = RecordBatchReader.from(Buffer.concat([schemaBytes, batchBytes]));
      for (const batch of reader) await onBatch(batch, batch.numRows);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    call.cancel();
  }
}
