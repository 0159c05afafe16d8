/**
 * Builds each staged package into its ecosystem's artifact with that
 * ecosystem's own tool: `npm pack`, `python -m build`, `R CMD build`, and the
 * Stata folder plus a zip of it for `net install`.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { LanguageId } from '../languages/index.js';
import { stataFolderName, stataZipName } from './artifact-names.js';

const run = promisify(execFile);

/** A build tool failed: which, and the end of what it said. */
export class BuildError extends Error {}

async function tool(command: string, args: readonly string[], cwd: string): Promise<void> {
  try {
    await run(command, [...args], { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    const said = `${e.stderr ?? ''}${e.stdout ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new BuildError(`\`${command} ${args.join(' ')}\` failed in ${cwd}:\n${said || e.message}`);
  }
}

/** The project's Python (its .venv, where `build` and hatchling are), else the system's. */
export function projectPython(root: string): string {
  const venv = join(root, '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

export interface BuiltArtifacts {
  /** Each language's artifacts, by path relative to the artifacts folder. */
  readonly byLanguage: Readonly<Record<LanguageId, readonly string[]>>;
}

const newFiles = (dir: string, before: ReadonlySet<string>): string[] => readdirSync(dir).filter((f) => !before.has(f)).sort();

export async function buildArtifacts(roots: Readonly<Record<LanguageId, string>>, out: string, python: string): Promise<BuiltArtifacts> {
  mkdirSync(out, { recursive: true });
  const byLanguage = {} as Record<LanguageId, string[]>;

  let before = new Set(readdirSync(out));
  // tsup and npm come from the project's node_modules: the staging folder sits inside the project.
  await tool('npm', ['run', '--silent', 'build'], roots.ts);
  await tool('npm', ['pack', '--silent', '--pack-destination', out], roots.ts);
  byLanguage.ts = newFiles(out, before);

  before = new Set(readdirSync(out));
  // No isolation: the build backend (hatchling) is the project's, so building needs no network.
  await tool(python, ['-m', 'build', '--no-isolation', '--sdist', '--wheel', '--outdir', out, roots.python], roots.python);
  byLanguage.python = newFiles(out, before);

  before = new Set(readdirSync(out));
  await tool('R', ['CMD', 'build', '--no-build-vignettes', '--no-manual', roots.r], out);
  byLanguage.r = newFiles(out, before);

  byLanguage.stata = await packStata(roots.stata, out);
  return { byLanguage };
}

/** `stata/<name>/` (the folder `net install <name>, from(...)` reads) and `<name>-stata.zip` of it. */
async function packStata(root: string, out: string): Promise<string[]> {
  const pkg = readdirSync(root).find((f) => f.endsWith('.pkg'));
  if (pkg === undefined) throw new BuildError(`the Stata package in ${root} has no .pkg file.`);
  const name = basename(pkg, '.pkg');
  const folder = join(out, stataFolderName(name));
  cpSync(root, folder, { recursive: true, filter: (path) => !/(__pycache__|\.pyc$|\.ruff_cache|\.pytest_cache)/.test(path) });
  const zip = stataZipName(name);
  // -X: no extra file attributes (owner ids, times beyond the DOS ones), so the zip depends on its files.
  await tool('zip', ['-r', '-q', '-X', join(out, zip), name], dirname(folder));
  return [...readdirSync(folder).sort().map((f) => `${stataFolderName(name)}/${f}`), zip];
}
