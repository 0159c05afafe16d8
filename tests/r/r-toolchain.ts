/**
 * What the R tests share: running a command, R itself (scripts/setup-r.sh
 * installs it when missing and prepares .r/ for an offline R CMD check),
 * generating an R package from a spec, and building and checking it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileSpec, emitAll } from '../../generators/src/generate.js';
import { writeOutputs } from '../../generators/src/write/write-files.js';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface Run { readonly code: number | null; readonly output: string; readonly stdout: string; readonly ms: number }

export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output, stdout, ms: performance.now() - started }));
  });
}

/** Installs R when missing (scripts/setup-r.sh); the environment R CMD check needs offline (an empty local CRAN, check settings). */
export async function setupR(): Promise<NodeJS.ProcessEnv> {
  const setup = await run('bash', ['scripts/setup-r.sh']);
  if (setup.code !== 0) throw new Error(`scripts/setup-r.sh failed:\n${setup.output}`);
  const state = setup.output.trim().split('\n').pop()!;
  return { R_PROFILE_USER: join(state, 'Rprofile'), R_CHECK_ENVIRON: join(state, 'check.Renviron') };
}

/** Generates the R package of `spec` into `<out>/r` the way `bdgen generate --lang r --out <out>` does; returns its folder. */
export async function generateR(spec: string, out: string): Promise<string> {
  const { outputs } = await emitAll(await compileSpec(resolve(ROOT, spec)), { languages: ['r'], outDir: out });
  writeOutputs(outputs.map((o) => o.plan));
  return join(out, 'r');
}

export interface Checked {
  readonly name: string;
  readonly tarball: string;
  readonly checkLog: string;
  /** testthat's output (tests/testthat.Rout), '' when the tests did not run. */
  readonly testsLog: string;
  readonly buildMs: number;
  readonly checkMs: number;
}

/** `R CMD build` then `R CMD check --no-manual` (plus `extra`) of a package folder, in `scratch`. */
export async function buildAndCheck(folder: string, scratch: string, env: NodeJS.ProcessEnv, extra: readonly string[] = []): Promise<Checked> {
  mkdirSync(scratch, { recursive: true });
  const name = /^Package: (\S+)$/m.exec(readFileSync(join(folder, 'DESCRIPTION'), 'utf8'))![1]!;
  const build = await run('R', ['CMD', 'build', '--no-manual', folder], { cwd: scratch, env });
  if (build.code !== 0) throw new Error(`R CMD build failed:\n${build.output}`);
  const tarball = readdirSync(scratch).find((f) => f.startsWith(`${name}_`) && f.endsWith('.tar.gz'))!;
  const check = await run('R', ['CMD', 'check', '--no-manual', ...extra, tarball], { cwd: scratch, env });
  const checkDir = join(scratch, `${name}.Rcheck`);
  const checkLog = readFileSync(join(checkDir, '00check.log'), 'utf8');
  const testsDir = join(checkDir, 'tests');
  const testsFile = readdirSync(checkDir).includes('tests') ? readdirSync(testsDir).find((f) => /^testthat\.Rout(\.fail)?$/.test(f)) : undefined;
  return { name, tarball: join(scratch, tarball), checkLog, testsLog: testsFile ? readFileSync(join(testsDir, testsFile), 'utf8') : '', buildMs: build.ms, checkMs: check.ms };
}

/** The sections of a check log that end in ERROR or WARNING, and those that end in NOTE. */
export function checkFindings(log: string): { readonly problems: string[]; readonly notes: string[] } {
  const sections = log.split('\n* ').map((s) => s.trim());
  return {
    problems: sections.filter((s) => /\.\.\. (ERROR|WARNING)/.test(s)),
    notes: sections.filter((s) => /\.\.\. NOTE/.test(s)),
  };
}

/** The `N passed, N failed, N skipped` line the runtime's tests/testthat.R prints last. */
export function testthatCounts(log: string): { passed: number; failed: number; skipped: number } | null {
  const line = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(log);
  return line ? { passed: Number(line[1]), failed: Number(line[2]), skipped: Number(line[3]) } : null;
}
