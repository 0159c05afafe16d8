/**
 * Runs one language's driver (drivers/call-*) over a plan's calls and reads
 * its JSON lines. Every child is tracked so afterAll can end those still
 * running when a test fails or times out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language, PlannedCall, SpecPlan } from './call-plan.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

export interface CallOutcome {
  readonly operation: string;
  readonly ok: boolean;
  readonly returned?: string;
  readonly error?: { readonly kind: string; readonly status: number | null; readonly message: string };
}

export interface DriverRun {
  readonly outcomes: readonly CallOutcome[];
  readonly exitCode: number | null;
  /** What the driver printed besides its JSON lines (an install log, a traceback), for a failure's message. */
  readonly stderr: string;
  /** How long the driver ran (installing its package and every call), for the report only. */
  readonly seconds: number;
}

const running = new Set<ChildProcess>();

function command(language: Language, callsFile: string): [string, string[]] {
  switch (language) {
    case 'ts':
      return [process.execPath, ['--import', 'tsx', join(here, 'drivers', 'call-ts.ts'), callsFile]];
    case 'python':
      return [join(root, '.venv', 'bin', 'python'), [join(here, 'drivers', 'call_python.py'), callsFile]];
    case 'r':
      return ['Rscript', [join(here, 'drivers', 'call_r.R'), callsFile]];
  }
}

/** What a driver reads: where its package is, what it is called, the base URL, and the calls in language-neutral form. */
function driverInput(language: Language, plan: SpecPlan, packageDir: string, baseUrl: string): object {
  const calls = plan.calls.map((c: PlannedCall) => ({
    operation: c.operation,
    ...(language === 'r' ? {} : { function: c.function[language] }),
    args: c.args,
    ...(c.body === undefined ? {} : { body: c.body }),
  }));
  return { package: packageDir, client: plan.tsClient, import: plan.pythonImport, baseUrl, calls };
}

export async function runDriver(language: Language, plan: SpecPlan, outDir: string, baseUrl: string): Promise<DriverRun> {
  const callsFile = join(outDir, `calls-${language}.json`);
  writeFileSync(callsFile, JSON.stringify(driverInput(language, plan, join(outDir, language), baseUrl)));
  const [program, args] = command(language, callsFile);
  // Credentials only through the environment variables the docs name for each scheme.
  const env = { ...process.env, ...plan.env };
  const started = performance.now();
  const child = spawn(program, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exitCode = await new Promise<number | null>((done) => {
    child.once('error', (error) => {
      stderr += `\n${error.message}`;
      done(null);
    });
    child.once('close', (code) => done(code));
  });
  running.delete(child);
  const outcomes = stdout.split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l) as CallOutcome);
  return { outcomes, exitCode, stderr, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

/** Ends every driver still running (afterAll), and waits for each to exit. */
export async function stopDrivers(): Promise<void> {
  await Promise.all([...running].map((child) => new Promise<void>((done) => {
    child.once('close', () => done());
    child.kill('SIGTERM');
  })));
  running.clear();
}
