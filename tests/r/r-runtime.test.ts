/**
 * The R runtime, driven from the root test command: installs R when missing
 * (scripts/setup-r.sh), assembles the throwaway package of tests/r/assemble.R,
 * runs R CMD build and R CMD check --no-manual (its testthat tests run offline
 * inside), installs it, then runs every conformance case through the R runner
 * against the local datalake and compares its downloads byte for byte with
 * the TypeScript SDK's.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseDosDados } from '../../sdk-ts/src/index.js';
import { canonicalJson, jsonDiff, pick, sha256 } from '../conformance/lib/canonical.js';
import { loadCases, type Case } from '../conformance/lib/cases.js';
import { fileFacts } from '../conformance/lib/files.js';
import { RunnerProcess, type RunnerReply } from '../conformance/lib/runner-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BILLING = 'projeto-de-teste';

interface Run { readonly code: number | null; readonly output: string; readonly ms: number }

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output, ms: performance.now() - started }));
  });
}

let scratch: string;
let library: string;
let checkLog = '';
let testsLog = '';
const checkEnv: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  const setup = await run('bash', ['scripts/setup-r.sh']);
  if (setup.code !== 0) throw new Error(`scripts/setup-r.sh failed:\n${setup.output}`);
  const state = setup.output.trim().split('\n').pop()!;
  Object.assign(checkEnv, { R_PROFILE_USER: join(state, 'Rprofile'), R_CHECK_ENVIRON: join(state, 'check.Renviron') });
  scratch = mkdtempSync(join(tmpdir(), 'bdgen-r-'));
  const assembled = await run('Rscript', ['tests/r/assemble.R', scratch]);
  if (assembled.code !== 0) throw new Error(`tests/r/assemble.R failed:\n${assembled.output}`);
  const build = await run('R', ['CMD', 'build', '--no-manual', 'basedosdadosSDK'], { cwd: scratch, env: checkEnv });
  if (build.code !== 0) throw new Error(`R CMD build failed:\n${build.output}`);
  const tarball = readdirSync(scratch).find((f) => f.endsWith('.tar.gz'))!;
  const check = await run('R', ['CMD', 'check', '--no-manual', tarball], { cwd: scratch, env: checkEnv });
  checkLog = readFileSync(join(scratch, 'basedosdadosSDK.Rcheck', '00check.log'), 'utf8');
  testsLog = readFileSync(join(scratch, 'basedosdadosSDK.Rcheck', 'tests', 'testthat.Rout' + (check.code === 0 ? '' : '.fail')), 'utf8');
  process.stdout.write(`R CMD build ${(build.ms / 1000).toFixed(1)} s, R CMD check ${(check.ms / 1000).toFixed(1)} s\n`);
  library = join(scratch, 'library');
  mkdirSync(library);
  const install = await run('R', ['CMD', 'INSTALL', '-l', library, tarball], { cwd: scratch });
  if (install.code !== 0) throw new Error(`R CMD INSTALL failed:\n${install.output}`);
}, 600_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('R CMD check --no-manual of the assembled package', () => {
  it('ends with no ERROR and no WARNING (NOTEs are reported)', () => {
    const status = /^Status: (.*)$/m.exec(checkLog)?.[1] ?? 'no status line';
    const notes = checkLog.split('\n* ').filter((section) => /\.\.\. NOTE/.test(section));
    for (const note of notes) process.stdout.write(`R CMD check NOTE: ${note.trim()}\n`);
    expect(checkLog, checkLog.slice(-3000)).not.toMatch(/\.\.\. (ERROR|WARNING)/);
    expect(status).toMatch(/^(OK|\d+ NOTEs?)$/);
  });

  it('runs the runtime testthat tests offline, every one passing', () => {
    const line = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(testsLog);
    expect(line, testsLog.slice(-3000)).not.toBeNull();
    process.stdout.write(`R runtime testthat: ${line![0]}\n`);
    expect(Number(line![2])).toBe(0);
    expect(Number(line![1])).toBeGreaterThan(50);
  });
});

describe('the R conformance runner against the local datalake', () => {
  let datalake: Datalake;
  let runner: RunnerProcess;
  let hello: Extract<RunnerReply, { type: 'hello' }> & { unavailable?: Record<string, string> };
  const cases = loadCases(join(ROOT, 'tests/conformance/cases'));

  beforeAll(async () => {
    datalake = await startDatalake({ port: 0 });
    runner = new RunnerProcess({ command: 'Rscript', args: ['tests/conformance/runners/r/runner.R'] }, ROOT, {
      BDGEN_R_LIBRARY: library, BASEDOSDADOS_API_URL: datalake.url, BASEDOSDADOS_BIGQUERY_ENDPOINT: datalake.url,
      BASEDOSDADOS_BILLING_PROJECT_ID: null, GOOGLE_CLOUD_PROJECT: null, BIGQUERY_EMULATOR_HOST: null, BASEDOSDADOS_ACCESS_TOKEN: null,
    });
    hello = await runner.request({ type: 'hello', settings: { retry: { initial_delay_ms: 5, max_delay_ms: 20 } } }, 60_000) as typeof hello;
  }, 120_000);

  afterAll(async () => {
    await runner?.close();
    await datalake?.close();
  });

  it('says hello with every function of its dispatch table and declares Parquet unavailable', () => {
    expect(hello.type).toBe('hello');
    expect(new Set(hello.functions)).toEqual(new Set(cases.map((c) => c.function)));
    expect(Object.keys(hello.unavailable ?? {})).toEqual(['download/parquet']);
  });

  it('passes every conformance case but the Parquet one', async () => {
    const failures: string[] = [];
    let passed = 0;
    for (const c of cases.filter((one) => !/parquet/.test(one.id))) {
      const problems = await runCase(runner, c, datalake);
      if (problems.length > 0) failures.push(`${c.id}:\n  ${problems.join('\n  ')}`);
      else passed += 1;
    }
    process.stdout.write(`R conformance: ${passed} passed, ${failures.length} failed (Parquet declared unavailable)\n`);
    expect(failures.join('\n')).toBe('');
  }, 600_000);

  it.each([
    ['csv', 'SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha'],
    ['jsonl', 'SELECT * FROM `basedosdados.br_bd_tipos.exemplo` ORDER BY linha'],
    ['csv', 'SELECT * FROM `basedosdados.br_bd_sintetico.linhas_3000` ORDER BY id'],
    ['jsonl', 'SELECT * FROM `basedosdados.br_bd_sintetico.linhas_3000` ORDER BY id'],
  ] as const)('downloads %s byte-identical to the TypeScript SDK: %s', async (format, query) => {
    const folder = mkdtempSync(join(tmpdir(), 'bdgen-r-bytes-'));
    try {
      const bd = new BaseDosDados({ bigqueryEndpoint: datalake.url, billingProjectId: BILLING });
      const ts = await bd.download(query, join(folder, `ts.${format}`), { format, pageSize: 1000 });
      const reply = await runner.request({ type: 'case', id: 'bytes', function: 'download', args: { query, path: join(folder, `r.${format}`), format, billing_project_id: BILLING, page_size: 700 }, mode: 'page', env: {} }, 120_000);
      expect(reply.type === 'result' && reply.ok, JSON.stringify(reply)).toBe(true);
      const r = (reply as { result: { path: string; rows: number } }).result;
      expect(r.rows).toBe(ts.rows);
      expect(sha256(readFileSync(r.path))).toBe(sha256(readFileSync(ts.path)));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});

/** One case as the harness runs it (tests/conformance/harness.ts): faults, stats, pick, files. */
async function runCase(runner: RunnerProcess, c: Case, datalake: Datalake): Promise<string[]> {
  const tmp = mkdtempSync(join(tmpdir(), 'conformance-r-'));
  const args = JSON.parse(JSON.stringify(c.args).replaceAll('{tmp}', tmp)) as Record<string, unknown>;
  datalake.faults.clear();
  if (c.faults) datalake.faults.set(c.faults as never);
  datalake.resetStats();
  let reply: RunnerReply;
  try {
    reply = await runner.request({ type: 'case', id: c.id, function: c.function, args, mode: c.mode, env: c.env }, 120_000);
  } finally {
    datalake.faults.clear();
  }
  const problems: string[] = [];
  try {
    if (reply.type !== 'result') return [`unexpected reply ${JSON.stringify(reply).slice(0, 300)}`];
    if (c.expect.error) {
      if (reply.ok) problems.push(`want error ${c.expect.error}, got a result`);
      else if (reply.error.kind !== c.expect.error) problems.push(`want error ${c.expect.error}, got ${reply.error.kind}: ${reply.error.message}`);
    } else if (!reply.ok) {
      problems.push(`want a result, got error ${reply.error.kind}: ${reply.error.message}`);
    } else {
      const result = reply.result as { rows?: unknown; path?: string; format?: string };
      if (c.expect.result !== undefined) {
        const digested = c.pick && Array.isArray(result.rows) ? { ...result, row_count: result.rows.length, rows_sha256: sha256(canonicalJson(result.rows)) } : result;
        const got = pick(digested, c.pick);
        if (canonicalJson(got) !== canonicalJson(c.expect.result)) problems.push(...jsonDiff(c.expect.result, got));
      }
      if (c.expect.file) {
        const facts = await fileFacts(String(result.path), String(result.format)) as unknown as Record<string, unknown>;
        for (const [key, want] of Object.entries(c.expect.file)) {
          if (canonicalJson(facts[key]) !== canonicalJson(want)) problems.push(`file ${key}: want ${JSON.stringify(want)}, got ${JSON.stringify(facts[key])}`);
        }
      }
    }
    const requests = datalake.stats().requests as Record<string, number>;
    for (const [face, want] of Object.entries(c.expect.requests ?? {})) {
      if (requests[face] !== want) problems.push(`want ${want} ${face} request(s), the datalake saw ${requests[face]}`);
    }
    const left = readdirSync(tmp);
    if (c.expect.files_in_tmp !== undefined && left.length !== c.expect.files_in_tmp) problems.push(`want ${c.expect.files_in_tmp} file(s) left, found ${left.join(', ')}`);
    return problems;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
