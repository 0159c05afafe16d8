/**
 * TypeScript. Its runtime is developed inside the published SDK
 * (`sdk-ts/src/core`, tested in tests/sdk-ts); a package generated with
 * `--out` gets a verbatim copy.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LanguageTarget } from '../target.js';
import { emitTypeScript } from './emit.js';
import { typescriptSurface } from './surface.js';

export const typescript = {
  id: 'ts' as const,
  displayName: 'TypeScript',
  defaultRoot: 'sdk-ts',
  emit: emitTypeScript,
  runtimeDir: 'sdk-ts/src/core',
  surface: typescriptSurface,
  conformance: {
    missingToolchain: (root) => (existsSync(resolve(root, 'node_modules/tsx')) ? null : 'tsx is not installed: run `npm install`'),
    command: () => ({ command: process.execPath, args: ['--import', 'tsx', 'tests/conformance/runners/ts/runner.ts'] }),
  },
  leftovers: /^(node_modules|dist|\.tsbuildinfo)$/,
} satisfies LanguageTarget;
