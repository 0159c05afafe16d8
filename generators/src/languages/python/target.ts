/** Python: an installable package (PEP 621, hatchling, src layout) with its runtime under `_runtime/`. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LanguageTarget } from '../target.js';
import { emitPython } from './emit.js';
import { pythonSurface } from './surface.js';

export const python = {
  id: 'python' as const,
  displayName: 'Python',
  defaultRoot: 'out/python',
  emit: emitPython,
  runtimeDir: 'generators/src/languages/python/runtime',
  setup: 'scripts/setup-python.sh',
  surface: pythonSurface,
  conformance: {
    missingToolchain: (root) => (existsSync(resolve(root, '.venv/bin/python'))
      ? null
      : 'the project virtual environment .venv is missing: run `bash scripts/setup-python.sh`'),
    command: (root, outDir) => ({
      command: resolve(root, '.venv/bin/python'),
      args: ['tests/conformance/runners/python/runner.py'],
      env: { PYTHONPATH: resolve(outDir, 'python/src'), PYTHONDONTWRITEBYTECODE: '1' },
    }),
  },
  leftovers: /^(__pycache__|\.mypy_cache|\.ruff_cache|\.pytest_cache|dist|build|.*\.egg-info)$|\.pyc$/,
} satisfies LanguageTarget;
