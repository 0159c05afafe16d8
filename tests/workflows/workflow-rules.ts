/**
 * The project's own rules for its GitHub workflows, beyond what actionlint checks: each rule
 * reads a parsed workflow and returns what breaks it (empty when it holds), so the tests can
 * show a rule both passing on the real files and failing on a broken copy.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
export interface Job {
  permissions?: unknown;
  needs?: string | string[];
  strategy?: { matrix?: Record<string, unknown> };
  steps?: Step[];
}
export interface Workflow {
  on?: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

export function readWorkflows(dir: string): Map<string, Workflow> {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  return new Map(files.map((f) => [f, parse(readFileSync(join(dir, f), 'utf8')) as Workflow]));
}

const steps = (job: Job): Step[] => job.steps ?? [];
const allSteps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap(steps);
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : [job.needs].flat());

/** The test command the README gives (the line `npm test   # run every test`). */
export function readmeTestCommand(readme: string): string {
  const line = readme.split('\n').find((l) => /#\s*run every test/.test(l));
  if (!line) throw new Error('README names no test command (a line commented "run every test")');
  return line.replace(/#.*$/, '').trim();
}

/** The command `.ci/run` runs: its last line that is not a comment, `set` or `cd`. */
export function ciRunCommand(script: string): string {
  const lines = script.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const commands = lines.filter((l) => !/^(set|cd)\s/.test(l));
  const [command] = commands;
  if (commands.length !== 1 || command === undefined) {
    throw new Error(`.ci/run should run one command, found: ${commands.join(' | ')}`);
  }
  return command;
}

/** The check workflow runs the test command itself, exactly, and no other test runner. */
export function testCommandProblems(wf: Workflow, command: string): string[] {
  const runs = allSteps(wf).flatMap((s) => (s.run === undefined ? [] : [s.run.trim()]));
  const problems: string[] = [];
  if (runs.filter((r) => r === command).length !== 1) problems.push(`no step runs exactly \`${command}\``);
  for (const run of runs) {
    if (run !== command && /\b(vitest|scripts\/test\.mjs|npm (run )?test)\b/.test(run)) {
      problems.push(`a step runs tests some other way: \`${run}\``);
    }
  }
  return problems;
}

/** Nothing is granted at the top; every job says what it needs, never write-all. */
export function permissionProblems(wf: Workflow): string[] {
  const problems: string[] = [];
  const top = wf.permissions;
  if (!(typeof top === 'object' && top !== null && Object.keys(top).length === 0)) {
    problems.push('top-level permissions must be {} (each job asks for its own)');
  }
  for (const [id, job] of Object.entries(wf.jobs)) {
    if (typeof job.permissions !== 'object' || job.permissions === null) {
      problems.push(`job ${id} has no explicit permissions map`);
    }
  }
  return problems;
}

const pinnedToSha = /^[^@\s]+@[0-9a-f]{40}$/;
/** Every action is pinned to a full commit SHA; local actions (./) are the repository's own. */
export function pinningProblems(wf: Workflow): string[] {
  return allSteps(wf)
    .flatMap((s) => (s.uses === undefined ? [] : [s.uses]))
    .filter((uses) => !uses.startsWith('./') && !pinnedToSha.test(uses))
    .map((uses) => `${uses} is not pinned to a full commit SHA`);
}

/** A secret reaches a command only through env, never spliced into its text (where it could be echoed). */
export function secretProblems(wf: Workflow): string[] {
  return allSteps(wf)
    .filter((s) => s.run !== undefined && /\$\{\{[^}]*secrets\./.test(s.run))
    .map((s) => `step ${s.name ?? s.run} puts a secret into its command text`);
}

/** The release triggers on tags and on nothing else (no branch push, no pull request). */
export function tagOnlyProblems(wf: Workflow): string[] {
  const on = wf.on as Record<string, Record<string, unknown> | null> | undefined;
  if (typeof on !== 'object' || on === null) return ['`on` must be a map with only push.tags'];
  const problems: string[] = [];
  const events = Object.keys(on);
  if (events.length !== 1 || events[0] !== 'push') problems.push(`triggers on ${events.join(', ')}, not only push`);
  const push = on.push ?? {};
  const filters = Object.keys(push);
  if (filters.length !== 1 || filters[0] !== 'tags') problems.push(`push filters are ${filters.join(', ') || 'none'}, not only tags`);
  const tags = push.tags;
  if (!Array.isArray(tags) || tags.length === 0 || !tags.every((t) => typeof t === 'string' && t.startsWith('v'))) {
    problems.push('push.tags must list v-prefixed tag patterns');
  }
  return problems;
}

const isBuildJob = (job: Job): boolean => steps(job).some((s) => s.uses?.startsWith('actions/upload-artifact@'));
const publishesSomething = (job: Job): boolean =>
  steps(job).some(
    (s) =>
      s.uses?.startsWith('pypa/gh-action-pypi-publish@') ||
      /\bnpm publish\b|\bgh release create\b/.test(s.run ?? ''),
  );

/** Publishing happens only after every build job, and only publishing jobs may mint OIDC tokens or write. */
export function publishOrderProblems(wf: Workflow): string[] {
  const jobs = Object.entries(wf.jobs);
  const builds = jobs.filter(([, j]) => isBuildJob(j)).map(([id]) => id);
  const publishers = jobs.filter(([, j]) => publishesSomething(j));
  const problems: string[] = [];
  if (builds.length === 0) problems.push('no build job uploads an artifact');
  if (publishers.length === 0) problems.push('no job publishes');
  for (const [id, job] of publishers) {
    const missing = builds.filter((b) => !needsOf(job).includes(b));
    if (missing.length > 0) problems.push(`publishing job ${id} does not need ${missing.join(', ')}`);
  }
  for (const [id, job] of jobs) {
    const granted = Object.values((job.permissions ?? {}) as Record<string, string>);
    if (!publishesSomething(job) && granted.includes('write')) problems.push(`job ${id} builds yet may write`);
  }
  return problems;
}

/** The matrix of the release's build job lists every language bdgen generates. */
export function buildLanguages(wf: Workflow): string[] {
  const build = Object.values(wf.jobs).find(isBuildJob);
  const langs = build?.strategy?.matrix?.lang;
  return Array.isArray(langs) ? langs.map(String).sort() : [];
}

/** The commands of every step, for checks on what a workflow runs. */
export function runCommands(wf: Workflow): string[] {
  return allSteps(wf).flatMap((s) => (s.run === undefined ? [] : [s.run]));
}
