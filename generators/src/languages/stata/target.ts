/**
 * Stata: a `net install` package (ado-files, SMCL help, the command table and
 * the Python runtime) that calls the generated Python package through Stata
 * 16's Python integration. Its conformance runner runs each command's Python
 * part against a stand-in `sfi` (tests/stata/standin), so it needs the project
 * virtual environment and the generated Python package beside the Stata one.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LanguageTarget } from '../target.js';
import { emitStata } from './emit.js';
import { stataSurface } from './surface.js';

export const stata = {
  id: 'stata' as const,
  displayName: 'Stata',
  defaultRoot: 'out/stata',
  emit: emitStata,
  runtimeDir: 'generators/src/languages/stata/runtime',
  setup: 'scripts/setup-python.sh',
  uses: ['python'],
  surface: stataSurface,
  conformance: {
    missingToolchain: (root) => (existsSync(resolve(root, '.venv/bin/python'))
      ? null
      : 'the project virtual environment .venv is missing: run `bash scripts/setup-python.sh`'),
    command: (root) => ({
      command: resolve(root, '.venv/bin/python'),
      args: ['tests/conformance/runners/stata/runner.py'],
      env: { PYTHONDONTWRITEBYTECODE: '1' },
    }),
  },
  leftovers: /^(__pycache__|\.ruff_cache|\.pytest_cache)$|\.pyc$/,
} satisfies LanguageTarget;
