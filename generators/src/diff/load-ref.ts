/**
 * Reads a spec for `bdgen diff`: a file path, or a git ref `<rev>:<path>`
 * (`main:spec/datalake.yaml`). A ref's whole folder at that revision is copied
 * out of git into a temporary folder first, so the `$ref`s between its files
 * resolve as they did then. Git runs without a shell: the ref is one argument.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { compileSpec, type CompiledSpec } from '../compile.js';

const run = promisify(execFile);

/** A spec ref that names no file and no readable revision: said in words, never as git's stack. */
export class SpecRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecRefError';
  }
}

const GIT_REF = /^([^:]+):(.+)$/;

export async function loadSpecRef(ref: string, cwd: string = process.cwd()): Promise<CompiledSpec> {
  const file = join(cwd, ref);
  if (existsSync(ref) || existsSync(file)) return compile(existsSync(ref) ? ref : file);
  const parts = GIT_REF.exec(ref);
  if (parts === null) throw new SpecRefError(`${ref} is neither a spec file nor a git ref (<rev>:<path>).`);
  const [, rev, path] = parts as unknown as [string, string, string];
  const folder = await gitCheckoutFolder(rev, path, cwd);
  try {
    return await compile(join(folder.root, folder.specPath));
  } finally {
    rmSync(folder.root, { recursive: true, force: true });
  }
}

function compile(path: string): Promise<CompiledSpec> {
  // A diff reads the surface: checking examples and locating warnings is `validate`'s job.
  return compileSpec(path, { examples: false, locateWarnings: false });
}

async function git(args: readonly string[], cwd: string): Promise<Buffer> {
  try {
    const { stdout } = await run('git', [...args], { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8').trim();
    throw new SpecRefError(`git ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

/** Copies the folder holding `path` at `rev` (paths as `git show` reads them: from the repository's top, or `./` from here). */
async function gitCheckoutFolder(rev: string, path: string, cwd: string): Promise<{ root: string; specPath: string }> {
  if (rev.startsWith('-')) throw new SpecRefError(`${rev} is not a revision.`);
  const top = (await git(['rev-parse', '--show-toplevel'], cwd)).toString('utf8').trim();
  const prefix = (await git(['rev-parse', '--show-prefix'], cwd)).toString('utf8').trim();
  const fromTop = path.startsWith('./') || path.startsWith('../') ? posix.normalize(posix.join(prefix, path)) : path;
  const type = (await git(['cat-file', '-t', `${rev}:${fromTop}`], top)).toString('utf8').trim();
  if (type !== 'blob') throw new SpecRefError(`${rev}:${fromTop} is a ${type}, not a spec file.`);
  const folder = posix.dirname(fromTop);
  const listed = (await git(['ls-tree', '-r', '-z', '--name-only', rev, '--', folder === '.' ? '.' : `${folder}/`], top)).toString('utf8');
  const root = mkdtempSync(join(tmpdir(), 'bdgen-diff-'));
  try {
    for (const name of listed.split('\0').filter(Boolean)) {
      const target = join(root, name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, await git(['cat-file', 'blob', `${rev}:${name}`], top));
    }
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return { root, specPath: fromTop };
}
