/**
 * The "today" of issue 20's benchmarks: the packages as they were before the
 * Storage Read API and REST prefetch (commit 17473ec), built in a git worktree
 * outside the repository, beside the same packages generated from the working
 * tree now ("current"). Idempotent: what exists and is current is reused; it
 * says what it made on stderr.
 *
 * - baseline: /tmp/bdgen-baseline (git worktree add --detach ... 17473ec), its
 *   node_modules a symlink to the repository's; its sdk-ts built with tsup
 *   (sdk-ts/dist/index.js), its Python and R packages generated there with its own
 *   bdgen (out/python, out/r), the R one installed into /tmp/bdgen-baseline/r-library.
 * - current: this tree's sdk-ts built with tsup when src is newer than dist; its
 *   Python and R packages generated into a scratch folder (never out/, shared
 *   with other work), the R one installed into a library there.
 *
 * `removeBaseline()` unregisters the worktree (git worktree remove --force).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BASELINE_COMMIT = '17473ec';
export const BASELINE_DIR = '/tmp/bdgen-baseline';
const log = (line) => console.error(`bench/baseline: ${line}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${options.cwd ?? process.cwd()}) exited ${result.status ?? result.signal}\n${result.stderr ?? ''}${result.stdout ?? ''}`.slice(0, 6000));
  return result.stdout ?? '';
}

/** Newest modification time of the files under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * `<tree>/sdk-ts/dist/index.js`, built with tsup when missing or older than its
 * sources; when that build cannot even be imported, the sources themselves
 * (loaded with `node --import tsx`), with a note saying why.
 */
function buildSdk(tree) {
  const entry = join(tree, 'sdk-ts/dist/index.js');
  if (!existsSync(entry) || statSync(entry).mtimeMs < newest(join(tree, 'sdk-ts/src'))) {
    log(`building ${join(tree, 'sdk-ts')} (tsup)...`);
    run(join(tree, 'node_modules/.bin/tsup'), [], { cwd: join(tree, 'sdk-ts') });
  }
  const load = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(entry).href)})`], { encoding: 'utf8' });
  if (load.status === 0) return { sdk: entry, nodeFlags: [] };
  const why = (load.stderr.match(/^\w*Error: .*$/m) ?? ['it fails to load'])[0];
  log(`${entry} cannot be imported (${why}): using ${join(tree, 'sdk-ts/src/index.ts')} through tsx instead`);
  return { sdk: join(tree, 'sdk-ts/src/index.ts'), nodeFlags: ['--import', 'tsx'], note: `sdk-ts/dist (tsup) cannot be imported (${why}); the SDK was loaded from sdk-ts/src through tsx` };
}

/** `bdgen generate --lang python,r --out <out>` with the tree's own bdgen, then R CMD INSTALL of the R package into `<library>`. */
function generateAndInstall(tree, out, library) {
  const stamp = join(out, '.bench-generated');
  const sources = Math.max(newest(join(tree, 'generators/src')), statSync(join(tree, 'spec/datalake.yaml')).mtimeMs);
  if (existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) >= sources && existsSync(join(library, 'basedosdadosSDK'))) return;
  log(`generating python and r packages of ${tree} into ${out}...`);
  rmSync(out, { recursive: true, force: true });
  run(process.execPath, ['generators/bin/bdgen.mjs', 'generate', '--lang', 'python,r', '--out', out], { cwd: tree });
  rmSync(library, { recursive: true, force: true });
  mkdirSync(library, { recursive: true });
  log(`R CMD INSTALL ${join(out, 'r')} into ${library}...`);
  run('R', ['CMD', 'INSTALL', '--no-docs', '--no-multiarch', '--no-test-load', '-l', library, join(out, 'r')], { cwd: out });
  writeFileSync(stamp, String(sources));
}

/** The worktree at BASELINE_COMMIT, added when missing (a stale registration is pruned first). */
function ensureWorktree(root) {
  const head = existsSync(join(BASELINE_DIR, '.git')) ? spawnSync('git', ['rev-parse', 'HEAD'], { cwd: BASELINE_DIR, encoding: 'utf8' }).stdout.trim() : '';
  const want = run('git', ['rev-parse', BASELINE_COMMIT], { cwd: root }).trim();
  if (head !== want) {
    if (existsSync(BASELINE_DIR)) removeBaseline(root);
    run('git', ['worktree', 'prune'], { cwd: root });
    log(`git worktree add --detach ${BASELINE_DIR} ${BASELINE_COMMIT}`);
    run('git', ['worktree', 'add', '--detach', BASELINE_DIR, BASELINE_COMMIT], { cwd: root });
  }
  const modules = join(BASELINE_DIR, 'node_modules');
  if (!existsSync(modules)) symlinkSync(join(root, 'node_modules'), modules);
}

/** Everything both sides need; returns their paths. */
export function prepare(root, scratch) {
  ensureWorktree(root);
  const baselineOut = join(BASELINE_DIR, 'out');
  const baselineLibrary = join(BASELINE_DIR, 'r-library');
  generateAndInstall(BASELINE_DIR, baselineOut, baselineLibrary);
  const currentOut = join(scratch, 'out');
  const currentLibrary = join(scratch, 'r-library');
  generateAndInstall(root, currentOut, currentLibrary);
  return {
    baseline: { ...buildSdk(BASELINE_DIR), python: join(baselineOut, 'python/src'), rLibrary: baselineLibrary, commit: BASELINE_COMMIT },
    current: { ...buildSdk(root), python: join(currentOut, 'python/src'), rLibrary: currentLibrary, commit: run('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).trim() },
  };
}

/** Unregisters and deletes the baseline worktree. */
export function removeBaseline(root) {
  spawnSync('git', ['worktree', 'remove', '--force', BASELINE_DIR], { cwd: root, stdio: 'ignore' });
  rmSync(BASELINE_DIR, { recursive: true, force: true });
  run('git', ['worktree', 'prune'], { cwd: root });
}

// `node bench/lib/baseline.mjs [--remove] [SCRATCH]`: prepares (or removes) and prints what it made.
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(new URL('../..', import.meta.url).pathname).replace(/\/$/, '');
  if (process.argv.includes('--remove')) {
    removeBaseline(root);
    console.log(`removed ${BASELINE_DIR}`);
  } else {
    console.log(JSON.stringify(prepare(root, resolve(process.argv[2] ?? '/tmp/bdgen-bench-current')), null, 1));
  }
}
