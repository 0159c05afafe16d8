/**
 * SIGINT and SIGTERM during a download, in a child process (tsx) reading from
 * the local datalake, which holds the second result page open: once the
 * temporary `.part` file holds the first page, the test sends the signal.
 * - Nobody else listens: the process ends by that signal, as Node's default
 *   would, and no `.part` is left.
 * - The application listens: the download ends with the `cancelled` kind and
 *   cleans up; the process goes on, and the SDK's listeners are gone again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BaseDosDados } from '../../../sdk-ts/src/index.js';

const FIXTURE = resolve('tests/sdk-ts/data/fixtures/interrupted-download.ts');
let datalake: Datalake;
const children: ChildProcess[] = [];
const folders: string[] = [];
const folder = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
};

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
});
afterEach(() => {
  datalake.faults.clear();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  await datalake?.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Waits until a `.part` file in `dir` holds bytes (the first page was written); returns its name. */
async function partWithRows(dir: string, child: ChildProcess): Promise<string> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the download process ended before writing a page');
    const part = readdirSync(dir).find((name) => name.endsWith('.part'));
    if (part && statSync(join(dir, part)).size > 0) return part;
    await pause(10);
  }
}

function run(dir: string, appListens?: NodeJS.Signals): { child: ChildProcess; ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, DATALAKE_URL: datalake.url, DIR: dir, ...(appListens ? { APP_LISTENS: appListens } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  return { child, ended };
}

const holdSecondPage = () => datalake.faults.set({ rules: [{ scope: 'bigquery', path: '/queries/', nth: [2], delayMs: 600_000 }] });

describe.skipIf(process.platform === 'win32')('a signal during a download', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s with nobody else listening: the process ends by it, and no .part is left', async (signal) => {
    holdSecondPage();
    const dir = folder('bd-interrupt-');
    const { child, ended } = run(dir);
    await partWithRows(dir, child);
    child.kill(signal);
    const end = await ended;
    expect(end.signal).toBe(signal);
    expect(end.stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s the application listens to: the download is cancelled and cleaned up, the process goes on', async (signal) => {
    holdSecondPage();
    const dir = folder('bd-interrupt-');
    const { child, ended } = run(dir, signal);
    await partWithRows(dir, child);
    child.kill(signal);
    const end = await ended;
    expect(end.stderr).toBe('');
    expect({ code: end.code, signal: end.signal }).toEqual({ code: 0, signal: null });
    const report = JSON.parse(end.stdout) as { outcome: object; heard: number; before: Record<string, number>; during: Record<string, number>; after: Record<string, number> };
    expect(report.outcome).toEqual({ ok: false, kind: 'cancelled', cause: `AbortError: interrupted by ${signal}` });
    expect(report.heard).toBe(1);
    expect(report.during).toEqual({ SIGINT: report.before.SIGINT! + 1, SIGTERM: report.before.SIGTERM! + 1, exit: report.before.exit! + 1 });
    expect(report.after).toEqual(report.before);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the listeners of a download', () => {
  it('are added once for any number of downloads, and removed when the last one ends', async () => {
    const bd = new BaseDosDados({ bigqueryEndpoint: datalake.url, billingProjectId: 'projeto-de-teste' });
    const events = ['SIGINT', 'SIGTERM', 'exit'] as const;
    const count = () => events.map((e) => process.listenerCount(e));
    const before = count();
    const dir = folder('bd-listeners-');
    const first = bd.download('SELECT 1 AS x', join(dir, 'a.csv'));
    const second = bd.download('SELECT 2 AS x', join(dir, 'b.csv'));
    expect(count()).toEqual(before.map((n) => n + 1));
    await Promise.all([first, second]);
    expect(count()).toEqual(before);
    // A download that fails removes them too.
    await expect(bd.download('SELEC 1', join(dir, 'c.csv'))).rejects.toMatchObject({ kind: 'invalid_query' });
    expect(count()).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.csv']);
  });
});
