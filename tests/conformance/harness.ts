/**
 * `npm run conformance`: every case of cases/ through every language's runner,
 * against one local datalake. See README.md for the protocol.
 *
 *   node --import tsx tests/conformance/harness.ts [--lang ts,python]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { compileSpec, emitAll } from '../../generators/src/generate.js';
import { LANGUAGE_IDS, LANGUAGES, readyLanguages, type LanguageId } from '../../generators/src/languages/index.js';
import { BUNDLED_SPEC, PROJECT_ROOT } from '../../generators/src/paths.js';
import { writeOutputs } from '../../generators/src/write/write-files.js';
import { canonicalJson, jsonDiff, pick, sha256 } from './lib/canonical.js';
import { makeCaseTmp, tmpfsUnavailable, type CaseTmp } from './lib/case-tmp.js';
import { loadCases, type Case } from './lib/cases.js';
import { checkCoverage, irFunctions } from './lib/coverage.js';
import { fileFacts } from './lib/files.js';
import { interruptCase } from './lib/interrupt.js';
import { printMatrix, renderCapabilities, unavailableReason, writeJsonReport, type CaseOutcome, type Outcomes } from './lib/report.js';
import { RunnerProcess, type RunnerReply } from './lib/runner-process.js';
import { dumpProblems } from './lib/secrets.js';

const CASE_TIMEOUT_MS = 120_000;
/** Fast retries for the suite; the policy's shape (attempts, statuses) stays the spec's. */
const SETTINGS = { retry: { initial_delay_ms: 5, max_delay_ms: 20 } };

const write = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { lang: { type: 'string' } } });
  const languages = (values.lang ? values.lang.split(',') : readyLanguages()) as LanguageId[];
  const root = PROJECT_ROOT;
  const outDir = resolve(root, 'out');

  const compiled = await compileSpec(BUNDLED_SPEC);
  const functions = irFunctions(compiled.ir);
  const cases = loadCases(resolve(root, 'tests/conformance/cases'));
  const problems: string[] = [];

  // Every language runs from freshly generated code, with the packages its own calls (Stata's runner imports the Python package).
  const needed = languages.flatMap((l) => [...((LANGUAGES[l]?.uses ?? []) as LanguageId[]), l]);
  const others = [...new Set(needed)].filter((l) => l !== 'ts');
  if (others.length > 0) {
    const { outputs } = await emitAll(compiled, { languages: others, outDir });
    writeOutputs(outputs.map((o) => o.plan));
  }

  const runnable: LanguageId[] = [];
  for (const language of languages) {
    const runner = LANGUAGES[language].conformance;
    if (!runner) problems.push(`no conformance runner for ${language}: add tests/conformance/runners/${language}/ and its command to the language's target record`);
    else {
      const missing = runner.missingToolchain(root);
      if (missing) problems.push(`the ${language} toolchain is missing: ${missing}`);
      else runnable.push(language);
    }
  }

  const datalake = await startDatalake({ port: 0 });
  const outcomes: Outcomes = new Map();
  const implemented = new Map<string, readonly string[]>();
  try {
    for (const language of runnable) {
      const outcome = await runLanguage(language, cases, datalake, outDir, implemented, problems);
      outcomes.set(language, outcome);
    }
  } finally {
    await datalake.close();
  }
  problems.push(...checkCoverage(functions, cases, implemented));

  write('');
  printMatrix(cases, languages, outcomes, write);
  for (const language of languages) {
    for (const c of cases) {
      const outcome = outcomes.get(language)?.get(c.id);
      if (outcome && !outcome.ok && outcome.unavailable === undefined) {
        write(`\nFAIL ${language} ${c.id} (${c.file})`);
        for (const p of outcome.problems) write(`  ${p.replaceAll('\n', '\n  ')}`);
      }
    }
  }
  for (const p of problems) write(`\nPROBLEM ${p}`);

  writeJsonReport(join(outDir, 'conformance.json'), cases, languages, outcomes, problems);
  const allReady = readyLanguages().every((l) => languages.includes(l));
  mkdirSync(resolve(root, 'docs'), { recursive: true });
  if (allReady) writeFileSync(resolve(root, 'docs/capabilities.md'), renderCapabilities(cases, languages, outcomes, [...LANGUAGE_IDS]));

  const failed = [...outcomes.values()].some((byCase) => [...byCase.values()].some((o) => !o.ok && o.unavailable === undefined))
    || languages.some((l) => (outcomes.get(l)?.size ?? 0) < cases.length);
  write(`\nconformance: ${cases.length} cases x ${languages.length} language(s): ${failed || problems.length > 0 ? 'FAILED' : 'all passed'}; report in out/conformance.json`);
  return failed || problems.length > 0 ? 1 : 0;
}

async function runLanguage(
  language: LanguageId,
  cases: readonly Case[],
  datalake: Datalake,
  outDir: string,
  implemented: Map<string, readonly string[]>,
  problems: string[],
): Promise<Map<string, CaseOutcome>> {
  const results = new Map<string, CaseOutcome>();
  const runner = startRunner(language, datalake, outDir);
  try {
    const hello = await sayHello(runner);
    implemented.set(language, hello.functions);
    const unavailable = hello.unavailable ?? {};
    for (const key of Object.keys(unavailable)) {
      if (!cases.some((c) => unavailableReason({ [key]: '' }, c.id) !== undefined)) problems.push(`the ${language} runner declares "${key}" unavailable, which names no case`);
    }
    const declared = Object.keys(unavailable).length;
    write(`${language}: runner ready, ${hello.functions.length} functions${declared > 0 ? `, ${declared} unavailable here: ${Object.entries(unavailable).map(([k, v]) => `${k} (${v})`).join('; ')}` : ''}`);
    for (const c of cases) {
      // A case the runner (or this machine) cannot run is never sent and never counts as passed; it is not a failure either.
      const reason = unavailableReason(unavailable, c.id) ?? (c.tmp?.size_kb !== undefined ? tmpfsUnavailable() : undefined);
      if (reason !== undefined) results.set(c.id, { ok: false, ms: 0, problems: [], unavailable: reason });
      else if (c.interrupt) results.set(c.id, await runInterrupt(language, c, datalake, outDir));
      else results.set(c.id, await runCase(runner, c, datalake));
    }
  } catch (error) {
    problems.push(`the ${language} runner failed: ${(error as Error).message}`);
  } finally {
    await runner.close();
  }
  return results;
}

/** A runner process of `language`, with the environment of README.md. */
function startRunner(language: LanguageId, datalake: Datalake, outDir: string): RunnerProcess {
  return new RunnerProcess(LANGUAGES[language].conformance!.command(PROJECT_ROOT, outDir), PROJECT_ROOT, {
    BASEDOSDADOS_API_URL: datalake.url,
    BASEDOSDADOS_BIGQUERY_ENDPOINT: datalake.url,
    BASEDOSDADOS_BIGQUERY_STORAGE_ENDPOINT: datalake.storageEndpoint,
    BDGEN_OUT: outDir,
    BASEDOSDADOS_BILLING_PROJECT_ID: null,
    GOOGLE_CLOUD_PROJECT: null,
    BIGQUERY_EMULATOR_HOST: null,
  });
}

async function sayHello(runner: RunnerProcess): Promise<Extract<RunnerReply, { type: 'hello' }>> {
  const hello = await runner.request({ type: 'hello', settings: SETTINGS }, 60_000);
  if (hello.type !== 'hello') throw new Error(`expected hello, got ${JSON.stringify(hello)}`);
  return hello;
}

/** Sets the case's faults and {tmp}, runs `send`, then checks what the case expects of the datalake and of {tmp}. */
async function withCaseSetup(c: Case, datalake: Datalake, send: (message: object, tmp: CaseTmp) => Promise<string[]>): Promise<CaseOutcome> {
  const tmp = makeCaseTmp(c);
  const args = JSON.parse(JSON.stringify(c.args).replaceAll('{tmp}', tmp.dir)) as Record<string, unknown>;
  datalake.faults.clear();
  if (c.faults) datalake.faults.set(c.faults as never);
  datalake.resetStats();
  const started = performance.now();
  try {
    const message = { type: 'case', id: c.id, function: c.function, args, mode: c.mode, env: c.env, ...(c.auth ? { auth: c.auth } : {}), ...(c.read ? { read: c.read } : {}) };
    let problems: string[];
    try {
      problems = await send(message, tmp);
    } finally {
      datalake.faults.clear();
    }
    const ms = performance.now() - started;
    problems.push(...datalakeProblems(c, datalake), ...tmpProblems(c, tmp));
    return { ms, ok: problems.length === 0, problems };
  } finally {
    tmp.remove();
  }
}

async function runCase(runner: RunnerProcess, c: Case, datalake: Datalake): Promise<CaseOutcome> {
  return withCaseSetup(c, datalake, async (message) => (await evaluate(c, await runner.request(message, CASE_TIMEOUT_MS))).problems);
}

/** An interrupt case, in a runner process of its own (the signal may end it). */
async function runInterrupt(language: LanguageId, c: Case, datalake: Datalake, outDir: string): Promise<CaseOutcome> {
  const runner = startRunner(language, datalake, outDir);
  try {
    await sayHello(runner);
    return await withCaseSetup(c, datalake, (message, tmp) => interruptCase(runner, c, message, tmp));
  } catch (error) {
    return { ms: 0, ok: false, problems: [`the ${language} runner failed: ${(error as Error).message}`] };
  } finally {
    await runner.close();
  }
}

/** A text result against what the case expects of it. */
function textProblems(want: NonNullable<Case['expect']['text']>, got: unknown): string[] {
  if (typeof got !== 'string') return [`want a text result, got ${canonicalJson(got).slice(0, 200)}`];
  const lines = got === '' ? [] : got.replace(/\r?\n$/, '').split(/\r?\n/);
  const facts = { sha256: sha256(Buffer.from(got, 'utf8')), lines: lines.length, first_line: lines[0] ?? '' };
  return Object.entries(want)
    .filter(([key, value]) => facts[key as keyof typeof facts] !== value)
    .map(([key, value]) => `text ${key}: want ${JSON.stringify(value)}, got ${JSON.stringify(facts[key as keyof typeof facts]).slice(0, 300)}`);
}

/** What the datalake saw: request counts per face, and the values an echo fault quoted back. */
function datalakeProblems(c: Case, datalake: Datalake): string[] {
  const problems: string[] = [];
  const stats = datalake.stats();
  for (const [face, want] of Object.entries(c.expect.requests ?? {})) {
    const got = stats.requests[face as 'metadata' | 'bigquery' | 'storage' | 'foreign'];
    if (got !== want) problems.push(`want ${want} ${face} request(s), the datalake saw ${got}`);
  }
  for (const value of c.expect.echoed ?? []) {
    if (!stats.faults.echoed.some((echoed) => echoed.includes(value))) problems.push(`the datalake never received ${JSON.stringify(value.slice(0, 6))}...: the client did not send the credential the case gave it`);
  }
  return problems;
}

/** What is left in {tmp}: how many files, and the bytes of those the case names. */
function tmpProblems(c: Case, tmp: CaseTmp): string[] {
  const problems: string[] = [];
  const files = tmp.files();
  if (c.expect.files_in_tmp !== undefined && files.length !== c.expect.files_in_tmp) {
    problems.push(`want ${c.expect.files_in_tmp} file(s) left in the download folder, found ${files.length}: ${files.join(', ')}`);
  }
  for (const [name, want] of Object.entries(c.expect.files ?? {})) {
    if (!files.includes(name)) problems.push(`${name} is gone from the download folder`);
    else if (sha256(readFileSync(join(tmp.dir, name))) !== want) problems.push(`${name} changed: want sha256 ${want.slice(0, 12)}..., got ${sha256(readFileSync(join(tmp.dir, name))).slice(0, 12)}...`);
  }
  return problems;
}

/** Picked rows results also offer `row_count` and `rows_sha256`, so a large result is compared without listing it. */
function withDigest(result: unknown): unknown {
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) return result;
  return { ...(result as object), row_count: rows.length, rows_sha256: sha256(canonicalJson(rows)) };
}

async function evaluate(c: Case, reply: RunnerReply): Promise<{ ok: boolean; problems: string[] }> {
  const problems: string[] = [];
  if (reply.type !== 'result' || reply.id !== c.id) return { ok: false, problems: [`unexpected reply ${JSON.stringify(reply).slice(0, 300)}`] };
  const { expect } = c;
  if (expect.error) {
    if (reply.ok) problems.push(`want error ${expect.error}, got a result: ${canonicalJson(reply.result).slice(0, 300)}`);
    else if (reply.error.kind !== expect.error) problems.push(`want error ${expect.error}, got ${reply.error.kind}: ${reply.error.message}`);
    if (!reply.ok) problems.push(...dumpProblems(c, reply.error.dump));
  } else if (!reply.ok) {
    problems.push(`want a result, got error ${reply.error.kind}: ${reply.error.message}`);
  } else {
    if (expect.result !== undefined) {
      const got = pick(c.pick ? withDigest(reply.result) : reply.result, c.pick);
      if (canonicalJson(got) !== canonicalJson(expect.result)) problems.push(...jsonDiff(expect.result, got));
    }
    if (expect.text) problems.push(...textProblems(expect.text, reply.result));
    if (expect.file) {
      const result = reply.result as { path?: string; format?: string };
      if (typeof result.path !== 'string') problems.push('the result has no path of a downloaded file');
      else {
        const facts = await fileFacts(result.path, String(result.format)).catch((e: Error) => ({ error: e.message }));
        if ('error' in facts) problems.push(`cannot read ${result.path}: ${facts.error}`);
        else {
          for (const [key, want] of Object.entries(expect.file)) {
            const got = (facts as unknown as Record<string, unknown>)[key];
            if (canonicalJson(got) !== canonicalJson(want)) problems.push(`file ${key}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
          }
        }
      }
    }
  }
  return { ok: problems.length === 0, problems };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`conformance harness failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
