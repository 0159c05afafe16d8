/** Shared by the generator tests: run the CLI in-process and capture what it prints. */
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
  let code = 0;
  // Loaded on first use: the CLI pulls in the datalake server, which most tests do not need.
  const { buildProgram } = await import('../../generators/src/cli.js');
  const program = buildProgram({ out: (l) => out.push(l), err: (l) => err.push(l) }, (c) => { code = c; });
  try {
    await program.parseAsync(['node', 'bdgen', ...args]);
  } catch (error) {
    const exitCode = (error as { exitCode?: number }).exitCode;
    if (exitCode === undefined) throw error;
    code = exitCode === 0 ? 0 : 2;
  }
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

export function tempDir(prefix = 'bdgen-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
