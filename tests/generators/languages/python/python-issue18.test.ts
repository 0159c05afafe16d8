/**
 * Issue 18's Python defects, each a minimal spec under tests/specs/fixtures/issue18/:
 * the generated package imports, is clean under its own ruff configuration, and
 * (same-name parameters) sends every argument.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSpec, emitAll } from '../../../../generators/src/generate.js';
import { PROJECT_ROOT } from '../../../../generators/src/paths.js';
import { writeOutputs } from '../../../../generators/src/write/write-files.js';
import { tempDir } from '../../helpers.js';

const PYTHON = join(PROJECT_ROOT, '.venv/bin/python');
const RUFF = join(PROJECT_ROOT, '.venv/bin/ruff');
const scratch = tempDir('bdgen-py18-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Generates a fixture's Python package; returns its folder and import name. */
async function generate(fixture: string): Promise<{ dir: string; importName: string }> {
  const compiled = await compileSpec(join(PROJECT_ROOT, 'tests/specs/fixtures/issue18', `${fixture}.yaml`));
  const { outputs } = await emitAll(compiled, { languages: ['python'], outDir: join(scratch, fixture) });
  const plan = outputs[0]!.plan;
  writeOutputs([plan]);
  const init = plan.files.find((f) => f.path.endsWith('/__init__.py') && !f.path.includes('/_runtime/'))!;
  return { dir: join(scratch, fixture, 'python'), importName: init.path.split('/').slice(-2)[0]! };
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(cwd, 'src'), PYTHONDONTWRITEBYTECODE: '1' } });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Imports the package and runs ruff with the package's own pyproject.toml. */
function expectImportsAndRuffClean(dir: string, importName: string): void {
  const imported = run(PYTHON, ['-c', `import ${importName}`], dir);
  expect(imported.output).toBe('');
  expect(imported.code).toBe(0);
  const ruff = run(RUFF, ['check', '--no-cache', '--config', join(dir, 'pyproject.toml'), '--output-format', 'concise', '.'], dir);
  expect(ruff.output).toContain('All checks passed!');
  expect(ruff.code).toBe(0);
}

describe('issue 18: Python packages of specs that broke them', () => {
  it.each(['python-path-format', 'python-ruff-order', 'python-no-operations', 'python-same-name-params', 'python-auth'])('%s: imports and is ruff-clean', async (fixture) => {
    const { dir, importName } = await generate(fixture);
    expectImportsAndRuffClean(dir, importName);
  }, 60_000);

  it('python-same-name-params: a path, a query and a header parameter named `path` each reach the wire', async () => {
    const { dir, importName } = await generate('python-same-name-params');
    const called = run(PYTHON, [join(PROJECT_ROOT, 'tests/python/issue18/same_name_wire.py'), importName], dir);
    expect(called.code, called.output).toBe(0);
    expect(JSON.parse(called.output)).toEqual({ target: '/files/in-path?path=in-query', header: 'in-header' });
  }, 60_000);

  it('python-ruff-order: __all__ in ruff\'s order (CONSTANT, Class, other; Item2 before Item10)', async () => {
    const { dir, importName } = await generate('python-ruff-order');
    const all = run(PYTHON, ['-c', `import ${importName}.models as m, ${importName}.metadata as f; print(m.__all__, f.__all__)`], dir);
    expect(all.output.trim()).toBe("['XY', 'Abc', 'Item2', 'Item10'] ['get_items_v2', 'get_items_v10', 'get_xy']");
  }, 60_000);

  it('python-auth: the README says, per scheme, its config.credentials entry and its environment variables', async () => {
    const { dir } = await generate('python-auth');
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('| `'));
    const row = (scheme: string) => rows.find((line) => line.startsWith(`| \`${scheme}\` |`)) ?? '';
    expect(row('header_key')).toContain('`"header_key": "<key>"`, sent in the header `X-API-Key` | `AUTH_KINDS_HEADER_KEY`');
    expect(row('query_key')).toContain('sent in the query `api_key` | `AUTH_KINDS_QUERY_KEY`');
    expect(row('cookie_key')).toContain('sent in the cookie `session` | `AUTH_KINDS_COOKIE_KEY`');
    expect(row('basic')).toContain('`AUTH_KINDS_BASIC_USERNAME`, `AUTH_KINDS_BASIC_PASSWORD`');
    expect(row('bearer')).toContain('`AUTH_KINDS_BEARER`');
    expect(row('oauth')).toContain('fetched from `/oauth/token`');
    expect(row('oauth')).toContain('`AUTH_KINDS_OAUTH_CLIENT_ID`, `AUTH_KINDS_OAUTH_CLIENT_SECRET`, `AUTH_KINDS_OAUTH`');
    expect(row('digest')).toContain('only `ak.config.auth_headers` can send it');
    expect(readme).toContain('import authkinds as ak\n\nak.config.credentials = {\n    "header_key": "my-key",');
  }, 60_000);

  it('python-auth: a package of another brand says nothing of Base dos Dados outside its runtime copy', async () => {
    const { dir } = await generate('python-auth');
    const compiled = await compileSpec(join(PROJECT_ROOT, 'tests/specs/fixtures/issue18/python-auth.yaml'));
    const { outputs } = await emitAll(compiled, { languages: ['python'], outDir: join(scratch, 'brand') });
    const own = outputs[0]!.plan.files.filter((f) => !f.path.includes('/_runtime/'));
    expect(own.length).toBeGreaterThan(5);
    for (const f of own) expect(f.contents, f.path).not.toMatch(/BaseDosDados|BASEDOSDADOS|Base dos Dados|basedosdados|\bbd\.|as bd\b|BigQuery|billing/);
    const exceptions = readFileSync(join(dir, 'src/authkinds/exceptions.py'), 'utf8');
    expect(exceptions).toContain('class AuthKindsException(ApiException):');
    expect(exceptions).toContain('class AuthKindsNotFoundException(AuthKindsException):');
    expect(readFileSync(join(dir, 'src/authkinds/_spec.py'), 'utf8')).toContain('ENV_PREFIX = "AUTH_KINDS"');
  }, 60_000);
});
