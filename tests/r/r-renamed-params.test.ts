/**
 * Issue 18's R naming defects, each with its spec under tests/specs/fixtures/issue18:
 * a parameter named like a call option (`timeout`) and parameters that become
 * one R name (a path and a query `path`; `MaxResults` and `maxResults`) are
 * renamed with a warning instead of refusing the spec, and every value reaches
 * the wire (a loopback server echoes the request).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compileSpec, targetRuntime } from '../../generators/src/generate.js';
import { loadTemplates } from '../../generators/src/emit/templates.js';
import { LANGUAGES } from '../../generators/src/languages/index.js';
import { emitR } from '../../generators/src/languages/r/emit.js';
import { BUILT_IN_TEMPLATES } from '../../generators/src/paths.js';
import { generateR, run, setupR } from './r-toolchain.js';

const FIXTURES = 'tests/specs/fixtures/issue18';
let scratch: string;

async function diagnosticsOf(spec: string) {
  const { ir } = await compileSpec(join(FIXTURES, spec));
  const result = await emitR({ ir, templates: loadTemplates('r', BUILT_IN_TEMPLATES), runtime: targetRuntime(LANGUAGES.r), specName: spec, standalone: true });
  return result.diagnostics;
}

beforeAll(async () => {
  await setupR();
  scratch = mkdtempSync(join(tmpdir(), 'bdgen-r-renamed-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it('renames a parameter named timeout, a path and a query parameter of one name, and two casings of one name, with a warning each', async () => {
  const timeout = await diagnosticsOf('r-timeout-param.yaml');
  expect(timeout.filter((d) => d.severity === 'error')).toEqual([]);
  expect(timeout.map((d) => d.message)).toContain('parameter timeout would be R name `timeout` in arguments of getJob, which the call option `timeout` has; it is `timeout_`.');
  const same = await diagnosticsOf('r-same-name-params.yaml');
  expect(same.filter((d) => d.severity === 'error')).toEqual([]);
  expect(same.filter((d) => d.rule === 'bdgen/name-renamed').map((d) => d.message)).toEqual([
    'parameter path would be R name `path` in arguments of getFile, which parameter path has; it is `path_`.',
    'parameter maxResults would be R name `max_results` in arguments of getFile, which parameter MaxResults has; it is `max_results_`.',
  ]);
});

it('installs both packages, and every value a caller gives reaches the wire', async () => {
  const library = join(scratch, 'library');
  mkdirSync(library);
  const folders = [await generateR(join(FIXTURES, 'r-timeout-param.yaml'), join(scratch, 'timeout')), await generateR(join(FIXTURES, 'r-same-name-params.yaml'), join(scratch, 'same'))];
  const install = await run('R', ['CMD', 'INSTALL', '--no-test-load', '-l', library, ...folders], { cwd: scratch });
  expect(install.code, install.output).toBe(0);
  const result = await run('Rscript', ['--vanilla', 'tests/r/renamed-params.R', library]);
  expect(result.code, result.output).toBe(0);
  const got = JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
  expect(got).toEqual({
    job: { path: '/jobs/j1', query: 'timeout=7' },
    file: { path: '/files/a.txt', query: 'path=q.txt&MaxResults=1&maxResults=2' },
    job_formals: ['id', 'timeout_', 'base_url', 'timeout'],
    file_formals: ['path', 'path_', 'max_results', 'max_results_', 'base_url', 'timeout'],
  });
}, 300_000);
