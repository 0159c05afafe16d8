// Faults of scope `storage` on the Storage Read API (statuses as gRPC codes, a
// stream cut after N rows, a session expired), session expiry and limits,
// stats, and close() stopping the gRPC port.
import { connect } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import type { BigQueryReadClient } from '@google-cloud/bigquery-storage';
import { startDatalake, type Datalake } from '../../datalake/src/index.js';
import { rest } from './helpers.js';
import { EXEMPLO, createSession, decode, linhas, rawClient, readStream, storageClient, type StreamRead, withStorageDatalake } from './storage-client.js';

let dl: Datalake;
let client: BigQueryReadClient;
withStorageDatalake((d, c) => ([dl, client] = [d, c]));
beforeEach(() => {
  dl.faults.clear();
  dl.resetStats();
});

async function failure(p: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: number }).code, details: (e as { details: string }).details };
  }
  throw new Error('no error');
}

describe('fault rules of scope storage', () => {
  it('answers each status as its gRPC code, on the RPC named by method', async () => {
    const statuses = [400, 403, 404, 429, 500, 503, 504];
    dl.faults.set({ rules: [{ scope: 'storage', method: 'ReadRows', status: statuses, fraction: 1 }] });
    const session = await createSession(client, { table: linhas(10) });
    const codes = new Set<number>();
    for (let i = 0; i < 40; i++) codes.add((await failure(readStream(client, session.streams![0]!.name!))).code);
    expect([...codes].sort((a, b) => a - b)).toEqual(
      [status.INVALID_ARGUMENT, status.PERMISSION_DENIED, status.NOT_FOUND, status.RESOURCE_EXHAUSTED, status.INTERNAL, status.UNAVAILABLE, status.DEADLINE_EXCEEDED].sort((a, b) => a - b),
    );
    dl.resetStats();
    dl.faults.set({ rules: [{ scope: 'storage', method: 'CreateReadSession', status: 500, nth: [1] }] });
    expect(await failure(createSession(client, { table: EXEMPLO }))).toMatchObject({ code: status.INTERNAL, details: expect.stringContaining('fault') });
    expect((await createSession(client, { table: EXEMPLO })).streams).toHaveLength(1);
    expect(dl.stats().faults.byStatus).toEqual({ 500: 1 });
  });

  it('cuts a stream after exactly cutAfterRows rows with UNAVAILABLE; a read resumed at that offset loses and repeats nothing', async () => {
    dl.faults.set({ rules: [{ scope: 'storage', method: 'ReadRows', cutAfterRows: 12_345, times: 1 }] });
    const session = await createSession(client, { table: linhas(30_000), maxStreamCount: 1 });
    const stream = session.streams![0]!.name!;
    const read: StreamRead = { batches: [], responses: [], rows: 0 };
    expect(await failure(readStream(client, stream, 0, read))).toEqual({ code: status.UNAVAILABLE, details: 'stream cut' });
    expect(read.rows).toBe(12_345);
    await readStream(client, stream, read.rows, read);
    const ids = [...decode(session.arrowSchema!.serializedSchema as Uint8Array, read.batches).getChild('id')!].map(Number);
    expect(ids).toEqual(Array.from({ length: 30_000 }, (_, i) => i + 1));
  });

  it('expires the session of a call with expireSession: FAILED_PRECONDITION naming the stream and the time', async () => {
    const session = await createSession(client, { table: linhas(10) });
    const stream = session.streams![0]!.name!;
    dl.faults.set({ rules: [{ scope: 'storage', method: 'ReadRows', expireSession: true, times: 1 }] });
    const expired = await failure(readStream(client, stream));
    expect(expired.code).toBe(status.FAILED_PRECONDITION);
    expect(expired.details).toMatch(new RegExp(`^there was an error operating on '${stream}': session expired at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z$`));
    expect((await failure(readStream(client, stream))).code).toBe(status.FAILED_PRECONDITION); // it stays expired
    dl.faults.set({ rules: [{ scope: 'storage', method: 'CreateReadSession', expireSession: true }] });
    const born = await createSession(client, { table: linhas(10) });
    expect((await failure(readStream(client, born.streams![0]!.name!))).code).toBe(status.FAILED_PRECONDITION);
  });

  it('is matched only by scope storage, and leaves REST alone', async () => {
    dl.faults.set({ rules: [{ scope: 'all', status: 500 }] });
    expect((await createSession(client, { table: EXEMPLO })).streams).toHaveLength(1);
    dl.faults.set({ rules: [{ scope: 'storage', status: 500 }] });
    expect((await rest(dl.url, 'GET', '/projects/basedosdados/datasets/br_bd_tipos/tables/exemplo')).status).toBe(200);
    expect((await failure(createSession(client, { table: EXEMPLO }))).code).toBe(status.INTERNAL);
  });

  it('validates the new fields over HTTP like the others', async () => {
    const post = (rules: unknown[]) => fetch(`${dl.url}/__datalake/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) });
    expect((await post([{ scope: 'storage', method: 'ReadRows', cutAfterRows: 5 }])).status).toBe(200);
    expect(dl.faults.config.rules).toEqual([{ scope: 'storage', method: 'ReadRows', cutAfterRows: 5 }]);
    for (const bad of [
      { cutAfterRows: 5 },
      { scope: 'bigquery', expireSession: true },
      { scope: 'storage', cutAfterRows: -1 },
      { scope: 'storage', cutAfterRows: 1.5 },
      { scope: 'storage', expireSession: 'yes' },
      { scope: 'storage', cut: true },
      { scope: 'storage', status: 500, echo: true },
      { scope: 'storage', method: 'CreateReadSession', cutAfterRows: 3 },
      { scope: 'storage' },
      { scope: 'grpc', status: 500 },
    ]) {
      const r = await post([bad]);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(((await r.json()) as { error: string }).error).toMatch(/^rules\[0\]/);
    }
  });
});

describe('sessions', () => {
  it('expire after maxSessionAgeMs, and the oldest go beyond maxReadSessions', async () => {
    const other = await startDatalake({ maxSessionAgeMs: 0, maxReadSessions: 2 });
    const otherClient = storageClient(other);
    try {
      const session = await createSession(otherClient, { table: linhas(10) });
      const expired = await failure(readStream(otherClient, session.streams![0]!.name!));
      expect(expired.code).toBe(status.FAILED_PRECONDITION);
      expect(expired.details).toContain('session expired at');
    } finally {
      await otherClient.close();
      await other.close();
    }
    const capped = await startDatalake({ maxReadSessions: 2 });
    const cappedClient = storageClient(capped);
    try {
      const [first, second, third] = [
        await createSession(cappedClient, { table: linhas(10) }),
        await createSession(cappedClient, { table: linhas(10) }),
        await createSession(cappedClient, { table: linhas(10) }),
      ];
      expect((await failure(readStream(cappedClient, first!.streams![0]!.name!))).code).toBe(status.NOT_FOUND);
      expect((await readStream(cappedClient, second!.streams![0]!.name!)).rows).toBe(10);
      expect((await readStream(cappedClient, third!.streams![0]!.name!)).rows).toBe(10);
    } finally {
      await cappedClient.close();
      await capped.close();
    }
  });
});

describe('stats and lifecycle', () => {
  it('counts every storage call per RPC, and resets with resetStats', async () => {
    const session = await createSession(client, { table: linhas(10) });
    await readStream(client, session.streams![0]!.name!);
    await failure(createSession(client, { table: 'projects/basedosdados/datasets/br_bd_tipos/tables/nao_existe' }));
    const stats = dl.stats();
    expect(stats.requests.storage).toBe(3);
    expect(stats.requests.bigquery).toBe(0);
    expect(stats.operations).toEqual({ 'storage.CreateReadSession': 2, 'storage.ReadRows': 1 });
    const overHttp = (await (await fetch(`${dl.url}/__datalake/stats`)).json()) as { requests: { storage: number } };
    expect(overHttp.requests.storage).toBe(3);
    dl.resetStats();
    expect(dl.stats().requests.storage).toBe(0);
    expect(dl.stats().operations).toEqual({});
  });

  it('ends a call the client cancels with CANCELLED, and serves the next call', async () => {
    // A raw grpc-js client: gax's cancel() of a retrying stream does not reach the call.
    const raw = rawClient(dl);
    try {
      const session = await createSession(client, { table: linhas(1_000_000), maxStreamCount: 1 });
      const call = raw.ReadRows({ read_stream: session.streams![0]!.name!, offset: 0 });
      let responses = 0;
      const outcome = await new Promise<{ code?: number }>((resolve) => {
        call.on('data', () => {
          if (++responses === 1) call.cancel();
        });
        call.on('error', resolve);
        call.on('end', () => resolve({}));
      });
      expect(outcome.code).toBe(status.CANCELLED);
      expect(responses).toBeGreaterThan(0);
    } finally {
      raw.close();
    }
    expect((await readStream(client, (await createSession(client, { table: linhas(10) })).streams![0]!.name!)).rows).toBe(10);
  });

  it('serves the gRPC port on the datalake host and close() stops it', async () => {
    const own = await startDatalake();
    expect(own.storageEndpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    const port = Number(own.storageEndpoint.split(':')[1]);
    expect(port).not.toBe(own.port);
    const reachable = (): Promise<boolean> =>
      new Promise((resolve) => {
        const socket = connect({ host: '127.0.0.1', port }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
    expect(await reachable()).toBe(true);
    await own.close();
    expect(await reachable()).toBe(false);
  });
});
