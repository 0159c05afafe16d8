/**
 * Installs each release artifact the way its README says, into an empty place
 * of its own (a fresh npm project, a fresh venv, an empty R library, an
 * unzipped Stata folder), for tests that then call the installed package.
 * Commands run without blocking the event loop: the datalake they call answers
 * from the test's process.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PackageFile } from '../../generators/src/languages/stata/check/index.js';

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly output: string;
}

// What would let an installed package be found somewhere else than where it was installed.
const LEAKY = ['PYTHONPATH', 'VIRTUAL_ENV', 'PYTHONHOME', 'NODE_PATH', 'R_LIBS', 'R_LIBS_USER', 'R_LIBS_SITE'];

/** The test process's environment without the variables that point at the project's own packages. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONNOUSERSITE: '1', PYTHONDONTWRITEBYTECODE: '1', NO_COLOR: '1' };
  for (const name of LEAKY) delete env[name];
  return { ...env, ...extra };
}

export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, output }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a command that must succeed; its output is the failure's message. */
export async function must(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<string> {
  const ran = await run(command, args, options);
  if (ran.code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` exited ${ran.code}:\n${ran.output.slice(-4000)}`);
  return ran.stdout;
}

/** `npm install <tarball>` into an empty project (dependencies from the npm cache, else the registry); returns the project. */
export async function installNpmTarball(tarball: string, scratch: string): Promise<string> {
  const project = join(scratch, 'npm-project');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'release-install-check', private: true, type: 'module' })}\n`);
  await must('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project });
  return project;
}

/** A fresh venv from `python` with the wheel `pip install`ed (its dependencies from pip's cache, else the registry); returns the venv's python. */
export async function installWheel(python: string, wheel: string, scratch: string): Promise<string> {
  const venv = join(scratch, 'venv');
  await must(python, ['-m', 'venv', venv], { cwd: scratch });
  const venvPython = join(venv, 'bin', 'python');
  await must(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', wheel], { cwd: scratch });
  return venvPython;
}

/** `R CMD INSTALL -l <empty library> <tarball>`; returns the library. */
export async function installRTarball(tarball: string, scratch: string): Promise<string> {
  const library = join(scratch, 'r-library');
  mkdirSync(library, { recursive: true });
  await must('R', ['CMD', 'INSTALL', '-l', library, tarball], { cwd: scratch });
  return library;
}

/** Unzips the Stata zip; returns the package folder (the one holding the .pkg) and its files, as `net install` reads them. */
export async function unzipStata(zip: string, scratch: string): Promise<{ folder: string; files: PackageFile[] }> {
  const into = join(scratch, 'stata');
  await must('unzip', ['-q', zip, '-d', into], { cwd: scratch });
  const folders = readdirSync(into).map((f) => join(into, f)).filter((f) => statSync(f).isDirectory());
  const folder = folders.find((f) => readdirSync(f).some((n) => n.endsWith('.pkg')));
  if (folder === undefined) throw new Error(`no folder with a .pkg in ${zip}`);
  const files = readdirSync(folder).filter((f) => statSync(join(folder, f)).isFile()).map((f) => ({ path: relative(folder, join(folder, f)), contents: readFileSync(join(folder, f), 'utf8') }));
  return { folder, files };
}
