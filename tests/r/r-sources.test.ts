/**
 * The R sources the emitter writes, for our spec and for the fixtures made to
 * break emitters (tests/specs/fixtures/tricky: keywords as names, a
 * recursive schema; tests/specs/fixtures/hostile: line breaks of every kind,
 * comment and string terminators, `%`, `\`, braces, `@` in every text):
 * every R file parses, every Rd file passes checkRd, roxygen2 reads the
 * comments as the Rd files say, the hostile package passes R CMD check, and
 * its texts come out of R exactly as the spec wrote them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneLine } from '../../generators/src/emit/escape.js';
import { compileSpec } from '../../generators/src/generate.js';
import { rLiteral, rString } from '../../generators/src/languages/r/doc.js';
import { DATA_RUNTIME_EXPORTS, DATA_RUNTIME_PAGES } from '../../generators/src/languages/r/runtime-contract.js';
import { buildAndCheck, checkFindings, generateR, ROOT, run, setupR } from './r-toolchain.js';

const HOSTILE = 'tests/specs/fixtures/hostile/openapi.yaml';
/** The runtime's own help pages (runtime/man/topics.txt), copied into every package. */
const RUNTIME_PAGES = readFileSync(join(ROOT, 'generators/src/languages/r/runtime/man/topics.txt'), 'utf8').trim().split('\n');
const scratch = mkdtempSync(join(tmpdir(), 'bdgen-r-sources-'));
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  env = await setupR();
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each([
  { name: 'datalake', spec: 'spec/datalake.yaml' },
  { name: 'tricky', spec: 'tests/specs/fixtures/tricky/openapi.yaml' },
  { name: 'hostile', spec: HOSTILE },
])('the R package of $name', ({ name, spec }) => {
  it('parses, passes checkRd, and roxygen2 writes the same help pages and NAMESPACE from its comments', async () => {
    const folder = await generateR(spec, join(scratch, name));
    // Without data functions the BigQuery exports of the runtime (and their pages) are left out.
    const hasData = (await compileSpec(spec)).ir.data.functions.length > 0;
    const result = await run('Rscript', ['--vanilla', 'tests/r/check-sources.R', folder, hasData ? '' : DATA_RUNTIME_EXPORTS.join(',')]);
    expect(result.code, result.output).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').pop()!) as { r_files: number; rd_files: number; compared: number; problems: string[] };
    expect(report.problems).toEqual([]);
    expect(report.r_files).toBe(readdirSync(join(folder, 'R')).filter((f) => f.endsWith('.R')).length);
    expect(report.rd_files).toBe(readdirSync(join(folder, 'man')).length);
    // Every page but the runtime's is the emitter's, and each was compared with roxygen2's.
    expect(report.compared).toBe(report.rd_files - RUNTIME_PAGES.length + (hasData ? 0 : DATA_RUNTIME_PAGES.length));
  }, 120_000);
});

describe('the hostile fixture', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await generateR(HOSTILE, join(scratch, 'hostile-check'));
  });

  it('passes R CMD check --no-manual with no ERROR and no WARNING', async () => {
    const checked = await buildAndCheck(folder, join(scratch, 'hostile-build'), env, ['--no-tests']);
    expect(checkFindings(checked.checkLog).problems, checked.checkLog.slice(-3000)).toEqual([]);
  }, 600_000);

  it('keeps every text exactly: help page titles, the parameter record, defaults and examples', async () => {
    const { ir } = await compileSpec(HOSTILE);
    const op = ir.operations[0]!;
    const result = await run('Rscript', ['--vanilla', 'tests/r/hostile-read-back.R', folder]);
    expect(result.code, result.output).toBe(0);
    const got = JSON.parse(result.stdout) as { title: string; params: { name: string; pattern?: string; enum?: string[] }[]; defaults: Record<string, string>; example: string };
    expect(got.title).toBe(oneLine(op.summary));
    expect(got.params.map((p) => p.name)).toEqual(op.params.map((p) => p.name));
    expect(got.params[0]!.pattern).toBe(op.params[0]!.rules.pattern);
    expect(got.params[1]!.enum).toEqual(op.params[1]!.rules.enum);
    expect(got.defaults).toEqual({ mode: op.params[1]!.default, x_trace_id: op.params[2]!.default });
    expect(got.example).toBe(op.params[0]!.example);
  }, 120_000);
});

it('writes each operation\'s pagination and GraphQL document, and each environment\'s catalogue URL, as the IR has them', async () => {
  const { ir } = await compileSpec('spec/datalake.yaml');
  const folder = await generateR('spec/datalake.yaml', join(scratch, 'spec-read-back'));
  const result = await run('Rscript', ['--vanilla', 'tests/r/spec-read-back.R', folder]);
  expect(result.code, result.output).toBe(0);
  const got = JSON.parse(result.stdout) as { operations: Record<string, Record<string, unknown>>; environments: { name: string; api_url: string }[] };
  const path = (p: readonly (string | number)[]) => p.map((step) => (typeof step === 'number' ? { index: step } : { key: step }));
  expect(Object.keys(got.operations)).toEqual(ir.operations.map((op) => op.id));
  expect(ir.operations.filter((op) => op.graphql !== null).length).toBeGreaterThan(5);
  for (const op of ir.operations) {
    const g = op.graphql;
    expect(got.operations[op.id], op.id).toEqual({
      pagination: op.pagination ? { items: op.pagination.items, ...(op.pagination.pageTotal === null ? {} : { page_total: op.pagination.pageTotal }) } : null,
      paginated_field: false,
      graphql: g ? {
        query: g.query, operation_name: g.operationName,
        variables: Object.fromEntries(g.variables.map((v) => [v.variable, v.param])),
        result: path(g.result), exists: g.exists ? path(g.exists) : null,
        connection: g.connection ? { first: g.connection.first, offset: g.connection.offset, default_page_size: g.connection.defaultPageSize } : null,
        pluck: Object.fromEntries(g.pluck.map((p) => [p.field, path(p.path)])),
        locale: g.locale ? { param: g.locale.param, locales: g.locale.locales } : null,
      } : null,
    });
  }
  expect(got.environments.map((e) => [e.name, e.api_url])).toEqual(ir.environments.map((e) => [e.name, e.apiUrl]));
  expect(got.environments.every((e) => e.api_url.startsWith('https://'))).toBe(true);
}, 120_000);

it('keeps the runtime\'s help pages what roxygen2 makes of its comments', async () => {
  await setupR();
  const result = await run('Rscript', ['--vanilla', 'tests/r/runtime-man.R']);
  expect(result.code, result.output).toBe(0);
  expect(result.stdout).toMatch(new RegExp(`^${RUNTIME_PAGES.length} runtime help pages match`));
  expect(RUNTIME_PAGES).toEqual(expect.arrayContaining(['bdplyr.Rd', 'bd_collect.Rd', 'bd_write.Rd', 'bd_driver.Rd']));
}, 120_000);

it('writes strings R reads back exactly (NUL and lone surrogates, which R strings cannot hold, as U+FFFD)', async () => {
  const texts = ['plain', 'a"b\\c', 'line\nbreak\rreturn\ttab', '\u2028\u2029\u0085', 'São Paulo — 😀 中文', '*/ """ ${x} % {', '\u0001\u001f\u007f', 'nul\u0000', 'lone \ud800 surrogate'];
  const file = join(scratch, 'strings.R');
  writeFileSync(file, `cat(jsonlite::toJSON(list(strings = c(${texts.map(rString).join(', ')}), value = ${rLiteral({ a: [1, 2.5], 'b c': 'd', e: true })}), auto_unbox = TRUE, digits = NA))\n`);
  const result = await run('Rscript', ['--vanilla', file]);
  expect(result.code, result.output).toBe(0);
  const got = JSON.parse(result.stdout) as { strings: string[]; value: unknown };
  expect(got.strings).toEqual(texts.map((t) => t.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])/g, '\ufffd')));
  expect(got.value).toEqual({ a: [1, 2.5], 'b c': 'd', e: true });
}, 60_000);
