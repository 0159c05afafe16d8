/**
 * The Stata package's Python part, driven from the root test command: sets up
 * the project's Python environment, generates the Python and Stata packages of
 * the datalake spec into a temporary folder (the tests run the runtime's source
 * with the generated command table), starts the local datalake and runs the
 * pytest suite of tests/stata against the stand-in sfi (the stand-in's own
 * rules, names, storage types, every command against the datalake, errors and
 * return codes, the old commands, the 2022 package's do-files run through the
 * stand-in's Stata, the conformance runner's protocol), then ruff
 * on the runtime, the stand-in and the runner.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { compileSpec, emitAll } from '../../generators/src/generate.js';
import { PROJECT_ROOT } from '../../generators/src/paths.js';
import { writeOutputs } from '../../generators/src/write/write-files.js';

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

let scratch: string;
let python: string;
let datalake: Datalake | undefined;

beforeAll(async () => {
  const setup = await run('bash', ['scripts/setup-python.sh']);
  if (setup.code !== 0) throw new Error(`scripts/setup-python.sh failed:\n${setup.output}`);
  python = setup.output.trim().split('\n').pop()!;
  scratch = mkdtempSync(join(tmpdir(), 'bdgen-stata-'));
  const { outputs } = await emitAll(await compileSpec('spec/datalake.yaml'), { languages: ['python', 'stata'], outDir: scratch });
  writeOutputs(outputs.map((o) => o.plan));
  datalake = await startDatalake({ port: 0 });
}, 600_000);

afterAll(async () => {
  await datalake?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function pytest(...files: string[]): Promise<Run> {
  return run(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...files.map((f) => `tests/stata/${f}`)], {
    BDGEN_STATA_PY_SRC: join(scratch, 'python', 'src'),
    BDGEN_STATA_PACKAGE: join(scratch, 'stata'),
    BDGEN_DATALAKE_URL: datalake!.url,
    PYTHONDONTWRITEBYTECODE: '1',
  });
}

function expectPassed(result: Run, atLeast: number): void {
  expect(result.code, result.output).toBe(0);
  const passed = Number(/(\d+) passed/.exec(result.output)?.[1] ?? 0);
  expect(passed, result.output).toBeGreaterThanOrEqual(atLeast);
  expect(result.output).not.toMatch(/\d+ (failed|error|errors|skipped|xfailed)\b/);
}

describe('the Stata runtime through the stand-in sfi', () => {
  it('the stand-in refuses what Stata refuses; names, storage types, formats and labels follow Stata’s rules', async () => {
    expectPassed(await pytest('test_standin.py', 'test_standin_commands.py', 'test_stata_names.py', 'test_stata_columns.py'), 86);
  }, 60_000);

  it('lands every command’s result against the local datalake, with the return codes Stata users expect', async () => {
    expectPassed(await pytest('test_runtime_datalake.py', 'test_runtime_catalogue.py', 'test_runtime_errors.py', 'test_runtime_aliases.py'), 40);
  }, 120_000);

  it('runs do-files written for the 2022 package unchanged but for the package name, step by step', async () => {
    expectPassed(await pytest('test_old_dofiles.py'), 4);
  }, 120_000);

  it('the conformance runner speaks the suite’s protocol', async () => {
    expectPassed(await pytest('test_runner_protocol.py'), 1);
  }, 60_000);

  it('ruff is clean on the runtime, the stand-in and the runner', async () => {
    const ruff = join(python, '..', 'ruff');
    const result = await run(ruff, ['check', '--no-cache', '--line-length', '160', 'generators/src/languages/stata/runtime', 'tests/stata', 'tests/conformance/runners/stata']);
    expect(result.code, result.output).toBe(0);
  });
});
