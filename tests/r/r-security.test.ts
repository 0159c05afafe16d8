/**
 * Authentication in the generated R package (docs/architecture.md,
 * "Authentication"), through a package generated from
 * tests/specs/fixtures/issue18/r-security.yaml: its testthat tests
 * (tests/r/security/) call every scheme kind against a loopback server.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateR, run, setupR, testthatCounts } from './r-toolchain.js';

let scratch: string;
let library: string;

beforeAll(async () => {
  await setupR();
  scratch = mkdtempSync(join(tmpdir(), 'bdgen-r-security-'));
  library = join(scratch, 'library');
  mkdirSync(library);
  const folder = await generateR('tests/specs/fixtures/issue18/r-security.yaml', join(scratch, 'out'));
  const install = await run('R', ['CMD', 'INSTALL', '--no-test-load', '-l', library, folder], { cwd: scratch });
  if (install.code !== 0) throw new Error(`R CMD INSTALL failed:\n${install.output}`);
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it('sends each scheme the spec declares, as the docs say, and no credential reaches a condition', async () => {
  const result = await run('Rscript', ['--vanilla', 'tests/r/run-testthat.R', library, 'securezoo', 'tests/r/security']);
  const counts = testthatCounts(result.output);
  expect(counts, result.output.slice(-4000)).not.toBeNull();
  process.stdout.write(`R security tests: ${counts!.passed} passed, ${counts!.failed} failed, ${counts!.skipped} skipped\n`);
  expect(counts!.failed, result.output.slice(-4000)).toBe(0);
  expect(counts!.skipped).toBe(0);
  expect(counts!.passed).toBe(15);
  expect(result.code).toBe(0);
}, 300_000);
