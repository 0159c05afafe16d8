#!/usr/bin/env node
/**
 * The one test command (`npm test`, which `.ci/run` calls): it works on a
 * clean clone. It installs what the tests need through the project's own
 * scripts, checks that the committed generated code is not stale, then runs
 * every test. Only Node's standard library is used here, because it runs
 * before `npm install`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();

function step(title, command, args, options = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${title} failed (exit ${result.status ?? result.signal}) after ${seconds} s\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`✓ ${title} (${seconds} s)\n`);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!existsSync(join(root, 'node_modules/.bin/vitest'))) {
  step('install npm dependencies', npm, ['install', '--no-audit', '--no-fund']);
}
step('Python environment (.venv from tests/python/requirements.txt)', 'bash', ['scripts/setup-python.sh']);
step('R and the R packages (Debian r-base-core, r-cran-*; .r/ for an offline R CMD check)', 'bash', ['scripts/setup-r.sh']);
// Only the TypeScript SDK's generated code is committed (out/ is build output, checked by the golden tests).
step('committed generated code is up to date (bdgen generate --check --lang ts)', process.execPath, ['generators/bin/bdgen.mjs', 'generate', '--check', '--lang', 'ts']);
step('type-check generators, datalake, SDK and tests (tsc --noEmit)', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
step('unit, integration and golden tests (vitest)', process.execPath, ['node_modules/vitest/vitest.mjs', 'run']);
step('spec fuzzer slice: 36 seeded mutants (each kind on our spec and each fixture), generated and built in every language (npm run fuzz)', process.execPath, ['--import', 'tsx', 'scripts/fuzz/fuzz.ts', '--no-corpus', '--seed', '1', '--count', '36']);
step('conformance suite, every language (npm run conformance)', process.execPath, ['--import', 'tsx', 'tests/conformance/harness.ts']);
step('real public specs: GitHub, Petstore, Figma, ... in all four languages: tsc; compile, import, ruff; R parse and R CMD check of a few; the Stata checker (npm run corpus)', process.execPath, ['scripts/corpus.mjs']);
process.stdout.write(`\nAll tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
