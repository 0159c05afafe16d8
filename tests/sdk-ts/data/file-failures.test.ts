/**
 * A download whose file cannot be written to the end: a folder made read-only
 * or replaced mid-download, a full disk (a real 64 KiB tmpfs where the machine
 * allows mounting one, and everywhere a writer that fails with ENOSPC). Each
 * is the `filesystem` kind whatever else fails while cleaning up, an existing
 * target keeps its bytes, and the temporary file is removed where the system
 * still allows it (emptied otherwise).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareTarget, writeDownload } from '../../../sdk-ts/src/data/download.js';
import type { WirePage } from '../../../sdk-ts/src/data/query-rows.js';
import { API_SPEC } from '../../../sdk-ts/src/generated/spec.js';
import { rejection as failure } from '../core/helpers/server.js';
import { BaseDosDados, FileSystemError } from '../../../sdk-ts/src/index.js';

const OLD = 'id\n1\n';
const BIG_QUERY = 'SELECT * FROM `basedosdados.br_bd_sintetico.linhas_50000`';
let datalake: Datalake;
let bd: BaseDosDados;
/** Folders (and files) the tests made, removed at the end. */
const made: string[] = [];

beforeAll(async () => {
  datalake = await startDatalake({ port: 0 });
  bd = new BaseDosDados({ bigqueryEndpoint: datalake.url, billingProjectId: 'projeto-de-teste' });
});
afterAll(async () => {
  await datalake?.close();
  for (const path of made) rmSync(path, { recursive: true, force: true });
});

/** A fresh folder holding the old version of the target. */
function folderWithOldFile(): { dir: string; target: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bd-files-'));
  made.push(dir);
  writeFileSync(join(dir, 'linhas.csv'), OLD);
  return { dir, target: join(dir, 'linhas.csv') };
}

/** How this machine can make a folder refuse changes to its entries, or why it cannot. */
function readOnlyFolderMethod(): { lock: (dir: string) => void; unlock: (dir: string) => void } | string {
  if (process.platform === 'win32') return 'Windows has no read-only folders in this sense';
  // chmod is ignored by root; an immutable folder (chattr +i) is refused even to root.
  if (process.getuid?.() !== 0) return { lock: (dir) => chmodSync(dir, 0o555), unlock: (dir) => chmodSync(dir, 0o755) };
  const probe = mkdtempSync(join(tmpdir(), 'bd-chattr-'));
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return { lock: (dir) => execFileSync('chattr', ['+i', dir]), unlock: (dir) => execFileSync('chattr', ['-i', dir]) };
  } catch {
    return 'running as root, and chattr +i is not available here (root ignores chmod)';
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const readOnly = readOnlyFolderMethod();

describe('the folder changes under a running download', () => {
  it.skipIf(typeof readOnly === 'string')(
    `made read-only after the first page: filesystem, the target untouched, the temporary file emptied${typeof readOnly === 'string' ? ` (skipped: ${readOnly})` : ''}`,
    async () => {
      const { lock, unlock } = readOnly as Exclude<typeof readOnly, string>;
      const { dir, target } = folderWithOldFile();
      try {
        const error = await failure(() => bd.download(BIG_QUERY, target, { pageSize: 10_000, onProgress: (p) => { if (p.rows === 10_000) lock(dir); } }));
        expect(error).toBeInstanceOf(FileSystemError);
        expect(error).toMatchObject({ kind: 'filesystem' });
        expect(error.message).toMatch(/^download: cannot move the finished file to .*linhas\.csv: E(PERM|ACCES)/);
        expect(readFileSync(target, 'utf8')).toBe(OLD);
        // The folder refuses the deletion; the temporary file no longer holds the rows.
        const parts = readdirSync(dir).filter((name) => name.endsWith('.part'));
        expect(parts.map((name) => statSync(join(dir, name)).size)).toEqual([0]);
      } finally {
        unlock(dir);
      }
    },
  );

  it('replaced by a file after the first page: filesystem, not the error of the failed cleanup', async () => {
    const { dir, target } = folderWithOldFile();
    const moved = `${dir}.moved`;
    made.push(moved);
    const error = await failure(() =>
      bd.download(BIG_QUERY, target, {
        pageSize: 10_000,
        onProgress: (p) => {
          if (p.rows !== 10_000) return;
          renameSync(dir, moved);
          writeFileSync(dir, 'not a folder');
        },
      }),
    );
    expect(error).toBeInstanceOf(FileSystemError);
    expect(error).toMatchObject({ kind: 'filesystem', reason: 'ENOTDIR' });
    expect(readFileSync(join(moved, 'linhas.csv'), 'utf8')).toBe(OLD);
    expect(readFileSync(dir, 'utf8')).toBe('not a folder');
  });
});

/** Mounts a tmpfs of `kb` KiB on a fresh folder, or says why it cannot. */
function mountTmpfs(kb: number): { dir: string; unmount: () => void } | string {
  if (process.platform !== 'linux') return 'tmpfs needs Linux';
  const dir = mkdtempSync(join(tmpdir(), 'bd-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const why = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim().split('\n')[0];
    return `cannot mount a tmpfs here (${why || 'mount failed'}; it needs root)`;
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const tmpfs = mountTmpfs(64);
afterAll(() => {
  if (typeof tmpfs !== 'string') tmpfs.unmount();
});

describe('a full disk', () => {
  it.skipIf(typeof tmpfs === 'string')(
    `a real 64 KiB tmpfs: filesystem, the old file unchanged, no temporary file${typeof tmpfs === 'string' ? ` (skipped: ${tmpfs})` : ''}`,
    async () => {
      const { dir } = tmpfs as Exclude<typeof tmpfs, string>;
      const target = join(dir, 'linhas.csv');
      writeFileSync(target, OLD);
      const error = await failure(() => bd.download(BIG_QUERY, target, { pageSize: 10_000 }));
      expect(error).toBeInstanceOf(FileSystemError);
      expect(error).toMatchObject({ kind: 'filesystem', reason: 'ENOSPC' });
      expect(readFileSync(target, 'utf8')).toBe(OLD);
      expect(readdirSync(dir)).toEqual(['linhas.csv']);
    },
  );

  it('a writer that fails with ENOSPC (everywhere): filesystem, the old file unchanged, no temporary file', async () => {
    const { dir, target } = folderWithOldFile();
    const prepared = await prepareTarget(target, 'csv', false, API_SPEC.errors);
    let accepted = 0;
    // The disk fills after the first chunk.
    const fullDisk = Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (accepted > 0) return done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
          accepted += chunk.length;
          done();
        },
      }),
      { bytesWritten: 0 },
    );
    const handle = new Proxy(prepared.handle, {
      get: (real, key) => (key === 'createWriteStream' ? () => fullDisk : (Reflect.get(real, key, real) as unknown as { bind?: (t: unknown) => unknown }).bind?.(real) ?? Reflect.get(real, key, real)),
    });
    const columns = [{ name: 'id', type: 'INT64', mode: 'NULLABLE' }];
    async function* pages(): AsyncGenerator<WirePage> {
      for (let page = 0; page < 3; page++) yield { columns, rows: [{ f: [{ v: String(page) }] }], totalRows: 3 };
    }
    const error = await failure(() => writeDownload(pages(), { ...prepared, handle }, { errors: API_SPEC.errors }));
    expect(error).toBeInstanceOf(FileSystemError);
    expect(error).toMatchObject({ kind: 'filesystem', reason: 'ENOSPC' });
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['linhas.csv']);
    expect(existsSync(prepared.temporary)).toBe(false);
  });
});
