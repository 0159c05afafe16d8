/**
 * How each language's runner is started. A language whose toolchain is
 * missing fails loudly with what to install; it is never skipped.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LanguageId } from '../../../generators/src/languages/index.js';

export interface RunnerCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Extra environment, beside the datalake's. */
  readonly env?: Record<string, string>;
}

export interface RunnerSpec {
  readonly language: LanguageId;
  /** Why the runner cannot start on this machine, or null when it can. */
  missingToolchain(root: string): string | null;
  command(root: string, outDir: string): RunnerCommand;
}

export const RUNNERS: Partial<Record<LanguageId, RunnerSpec>> = {
  ts: {
    language: 'ts',
    missingToolchain: (root) => (existsSync(resolve(root, 'node_modules/tsx')) ? null : 'tsx is not installed: run `npm install`'),
    command: () => ({ command: process.execPath, args: ['--import', 'tsx', 'tests/conformance/runners/ts/runner.ts'] }),
  },
  python: {
    language: 'python',
    missingToolchain: (root) => (existsSync(resolve(root, '.venv/bin/python'))
      ? null
      : 'the project virtual environment .venv is missing: run `bash scripts/setup-python.sh`'),
    command: (root, outDir) => ({
      command: resolve(root, '.venv/bin/python'),
      args: ['tests/conformance/runners/python/runner.py'],
      env: { PYTHONPATH: resolve(outDir, 'python/src'), PYTHONDONTWRITEBYTECODE: '1' },
    }),
  },
  // No Stata here: the runner runs each command's Python part against the stand-in sfi (tests/stata/standin).
  stata: {
    language: 'stata',
    missingToolchain: (root) => (existsSync(resolve(root, '.venv/bin/python'))
      ? null
      : 'the project virtual environment .venv is missing: run `bash scripts/setup-python.sh`'),
    command: (root, outDir) => ({
      command: resolve(root, '.venv/bin/python'),
      args: ['tests/conformance/runners/stata/runner.py'],
      env: { PYTHONDONTWRITEBYTECODE: '1' },
    }),
  },
};
