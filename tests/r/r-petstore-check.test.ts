/**
 * The R package of a third-party spec (Swagger Petstore 3.0, the golden
 * petstore), under its own brand and with its securitySchemes: R CMD build and
 * R CMD check --no-manual pass offline, its runtime tests included (those of
 * the billing project and the dplyr flow skip: the spec has no data functions).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { GOLDEN_SPECS } from '../golden/specs.mjs';
import { buildAndCheck, checkFindings, generateR, setupR, testthatCounts } from './r-toolchain.js';

let scratch: string | undefined;

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it('passes R CMD check --no-manual with no ERROR and no WARNING, every test passing', async () => {
  const env = await setupR();
  scratch = mkdtempSync(join(tmpdir(), 'bdgen-r-petstore-'));
  const spec = await GOLDEN_SPECS.find((s) => s.name === 'petstore')!.spec();
  const checked = await buildAndCheck(await generateR(spec, join(scratch, 'out')), join(scratch, 'check'), env);
  const { problems, notes } = checkFindings(checked.checkLog);
  for (const note of notes) process.stdout.write(`R CMD check NOTE: ${note}\n`);
  expect(problems, checked.checkLog.slice(-3000)).toEqual([]);
  const counts = testthatCounts(checked.testsLog);
  expect(counts, checked.testsLog.slice(-3000)).not.toBeNull();
  process.stdout.write(`petstore R package testthat: ${counts!.passed} passed, ${counts!.failed} failed, ${counts!.skipped} skipped\n`);
  expect(counts!.failed).toBe(0);
  expect(counts!.passed).toBeGreaterThan(50);
}, 900_000);
