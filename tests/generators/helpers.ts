/** Shared by the tests: run the CLI in-process and capture what it prints, temporary folders, waiting for an event. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  // Loaded on first use: the CLI pulls in the datalake server, which most tests do not need.
  const { runCommandLine } = await import('../../generators/src/cli.js');
  const code = await runCommandLine(['node', 'bdgen', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

export function tempDir(prefix = 'bdgen-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Resolves once `happened()` is true, however slow the machine: the only
 * deadline is the test's own timeout (a wait never asserts a wall-clock bound).
 */
export async function until(happened: () => boolean): Promise<void> {
  while (!happened()) await new Promise((r) => setTimeout(r, 5));
}
