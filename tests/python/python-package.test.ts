/**
 * The Python package, driven from the root test command: sets up the project's
 * Python environment (scripts/setup-python.sh), generates the package of the
 * datalake spec and of the tricky fixture spec into a temporary folder, starts
 * the local datalake, and runs the pytest suite of tests/python against them
 * (runtime units, HTTP client on loopback servers, data functions on the
 * datalake, build + fresh-venv install, ruff, mypy --strict).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { compileSpec, emitAll } from '../../generators/src/generate.js';
import { PROJECT_ROOT } from '../../generators/src/paths.js';
import { planChanges, writeOutputs, type OutputPlan } from '../../generators/src/write/write-files.js';

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command without blocking the event loop: the datalake answers from this process. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const SPECS = [
  { name: 'datalake', spec: 'spec/datalake.yaml' },
  { name: 'tricky', spec: 'tests/specs/fixtures/tricky/openapi.yaml' },
] as const;

let scratch: string;
let python: string;
let datalake: Datalake | undefined;
const plans = new Map<string, OutputPlan>();

async function generate(name: string, spec: string): Promise<OutputPlan> {
  const { outputs } = await emitAll(await compileSpec(spec), { languages: ['python'], outDir: join(scratch, name) });
  return outputs[0]!.plan;
}

beforeAll(async () => {
  const setup = await run('bash', ['scripts/setup-python.sh']);
  if (setup.code !== 0) throw new Error(`scripts/setup-python.sh failed:\n${setup.output}`);
  python = setup.output.trim().split('\n').pop()!;
  scratch = mkdtempSync(join(tmpdir(), 'bdgen-python-'));
  for (const { name, spec } of SPECS) {
    const plan = await generate(name, spec);
    writeOutputs([plan]);
    plans.set(name, plan);
  }
  datalake = await startDatalake({ port: 0 });
}, 600_000);

afterAll(async () => {
  await datalake?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** pytest on some files of tests/python, against the generated packages and the datalake. */
async function pytest(...files: string[]): Promise<Run> {
  const args = files.map((f) => (f.startsWith('-') ? f : `tests/python/${f}`));
  return run(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-W', 'error::pytest.PytestUnraisableExceptionWarning', ...args], {
    BDGEN_PY_OUT: join(scratch, 'datalake', 'python'),
    BDGEN_PY_TRICKY_OUT: join(scratch, 'tricky', 'python'),
    BDGEN_DATALAKE_URL: datalake!.url,
    BDGEN_DATALAKE_STORAGE_ENDPOINT: datalake!.storageEndpoint,
    PYTHONDONTWRITEBYTECODE: '1',
  });
}

/** `allowSkips`: tests that need root (a tmpfs) skip elsewhere, their reason printed by pytest's -rs. */
function expectPassed(result: Run, atLeast: number, allowSkips = false): void {
  expect(result.code, result.output).toBe(0);
  const passed = Number(/(\d+) passed/.exec(result.output)?.[1] ?? 0);
  expect(passed, result.output).toBeGreaterThanOrEqual(atLeast);
  expect(result.output).not.toMatch(allowSkips ? /\d+ (failed|error|errors|xfailed)\b/ : /\d+ (failed|error|errors|skipped|xfailed)\b/);
}

describe('the generated Python package', () => {
  it('is byte-identical when generated again', async () => {
    for (const { name, spec } of SPECS) {
      const again = await generate(name, spec);
      expect(again.files).toEqual(plans.get(name)!.files);
      expect(planChanges([again]).changes).toEqual([]);
    }
  });

  it('passes the runtime unit tests (retry, errors, params, pages, types, SQL, file bytes, environments) and the API surface tests', async () => {
    expectPassed(await pytest('test_retry.py', 'test_errors.py', 'test_params.py', 'test_pagination.py', 'test_data_runtime.py', 'test_canonical.py', 'test_canonical_arrow.py', 'test_generated_api.py', 'test_environments.py'), 346);
  }, 60_000);

  it('talks HTTP to loopback servers: retries, Retry-After, error mapping, paging, every body kind, header and cookie parameters byte for byte', async () => {
    expectPassed(await pytest('test_http_client.py', 'test_wire.py'), 72);
  }, 60_000);

  it('answers the GraphQL catalogue functions: the document and variables sent, connections made pages, answers shaped (flatten, pluck, locale), errors typed, retried like a GET', async () => {
    expectPassed(await pytest('test_graphql.py'), 28);
  }, 60_000);

  it('never puts a credential in an error, on any failure path (fake tokens, loopback servers); keeps no cookie jar; sends the spec\'s security schemes as configured', async () => {
    expectPassed(await pytest('test_credentials.py', 'test_auth.py'), 56);
  }, 60_000);

  it('takes from_file=True as basedosdados 2.x did: the service-account key saved in ~/.basedosdados, its token minted by google-auth and carried to BigQuery', async () => {
    expectPassed(await pytest('test_saved_credentials.py'), 10);
  }, 60_000);

  it('follows same-origin redirects only, in the catalogue and in BigQuery; a foreign origin receives nothing', async () => {
    expectPassed(await pytest('test_redirects.py'), 25);
  }, 60_000);

  it('retries a body cut short and types it connection when the tries run out; a success that is not JSON is the server kind', async () => {
    expectPassed(await pytest('test_transport_faults.py'), 8);
  }, 60_000);

  it('never loses or half-writes a download: a full disk (a real tmpfs, and a seam), a folder made read-only or removed, SIGINT and SIGTERM', async () => {
    expectPassed(await pytest('-rs', 'test_download_faults.py'), 7, true);
  }, 120_000);

  it('reads data through google-cloud-bigquery from the local datalake: per-page retry, timeout (per try, in the SDK\'s words) and cancel in flight, input gaps, files, progress, old names; imports the data stack only for a call that reaches BigQuery', async () => {
    expectPassed(await pytest('test_data_functions.py', 'test_data_calls.py', 'test_data_timeouts.py', 'test_aliases.py', 'test_lazy_imports.py'), 74);
  }, 180_000);

  it('reads through the BigQuery Storage Read API (values, dtypes, streams in order, resumed cuts, typed errors, output arrow and polars) and prefetches REST pages (proved by events), converting them to Arrow column by column exactly as the library would', async () => {
    expectPassed(await pytest('test_storage_read.py', 'test_rest_prefetch.py', 'test_rest_arrow.py'), 29);
  }, 300_000);

  it('gives the DataFrame dtypes pandas-gbq gives, for every BigQuery type (pandas-gbq itself on the same rows), and the nullable ones on request', async () => {
    expectPassed(await pytest('test_dtypes.py'), 25);
  }, 120_000);

  it('runs analysts\' scripts for basedosdados 2.x and 1.x with only the import changed, beside PyPI basedosdados 2.0.3 where it reaches the datalake', async () => {
    // PyPI basedosdados pins pandas < 3: its own environment (about a minute the first time).
    const legacy = await run('bash', ['scripts/setup-python.sh', '.venv-basedosdados', 'tests/python/legacy/requirements.txt']);
    expect(legacy.code, legacy.output).toBe(0);
    expectPassed(await pytest('test_legacy_scripts.py'), 8);
  }, 400_000);

  it('builds an sdist and a wheel that install into a fresh venv; ruff and mypy --strict are clean', async () => {
    expectPassed(await pytest('test_package.py'), 9);
  }, 120_000);
});

describe('the pytest files', () => {
  it('are each run by one of the tests above (a file left out would never run in CI)', () => {
    const named = new Set(readFileSync(fileURLToPath(import.meta.url), 'utf8').match(/'test_[a-z0-9_]+\.py'/g)?.map((s) => s.slice(1, -1)));
    const files = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter((f) => /^test_.*\.py$/.test(f));
    expect(files.filter((f) => !named.has(f))).toEqual([]);
  });
});
