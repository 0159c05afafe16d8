/**
 * Builds @basedosdados/sdk (tsup) for the few tests that import the package by
 * name (the published shape, the README example), instead of before every test
 * run: a 9 ms unit test no longer waits ~20 s for a build it does not use.
 *
 * The build is skipped when `sdk-ts/dist` was built from the same sources (a
 * hash of them is kept in node_modules/.cache), and test files running at once in
 * other processes wait for one build instead of racing (a lock folder).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const SDK = resolve('sdk-ts');
/** Outside dist/, which is what npm publishes. */
const STAMP = resolve('node_modules/.cache/bdgen-sdk-sources.sha256');
const LOCK = resolve('node_modules/.cache/bdgen-sdk-build.lock');
const OUTPUTS = ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts'].map((f) => join(SDK, 'dist', f));
/** A lock older than this is a crashed build's: taken over. */
const STALE_LOCK_MS = 5 * 60_000;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

/** What the build reads: the sources and the build configuration. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  const inputs = [...files(join(SDK, 'src')), ...['package.json', 'tsup.config.ts', 'tsconfig.json'].map((f) => join(SDK, f))].sort();
  for (const file of inputs) hash.update(relative(SDK, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const upToDate = (hash: string) => OUTPUTS.every((f) => existsSync(f)) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash;

function takeLock(): boolean {
  mkdirSync(resolve('node_modules/.cache'), { recursive: true });
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Resolves once `sdk-ts/dist` holds a build of the current sources. */
export async function ensureSdkBuilt(): Promise<void> {
  const hash = sourcesHash();
  while (!upToDate(hash)) {
    if (!takeLock()) {
      await sleep(200);
      continue;
    }
    try {
      if (!upToDate(hash)) {
        rmSync(STAMP, { force: true });
        execFileSync(resolve('node_modules/.bin/tsup'), [], { cwd: SDK, stdio: ['ignore', 'ignore', 'inherit'] });
        writeFileSync(STAMP, hash);
      }
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
