/**
 * The GitHub workflows (.github/workflows) are validated, not run here (publishing needs secrets
 * this repository does not have): actionlint, a real parser and checker of workflow files pinned
 * and built from the Go module proxy, must report nothing on every one; the project's own rules
 * (workflow-rules.ts) must hold, and each rule is shown failing on a broken copy.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LANGUAGE_IDS } from '../../generators/src/languages/index.js';
import {
  buildLanguages,
  ciRunCommand,
  permissionProblems,
  pinningProblems,
  publishOrderProblems,
  readmeTestCommand,
  readWorkflows,
  runCommands,
  secretProblems,
  tagOnlyProblems,
  testCommandProblems,
  type Job,
  type Workflow,
} from './workflow-rules.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const workflowsDir = join(root, '.github/workflows');
const workflows = readWorkflows(workflowsDir);
const check = workflows.get('check.yml') as Workflow;
const release = workflows.get('release.yml') as Workflow;
const copy = (wf: Workflow): Workflow => structuredClone(wf);
function job(wf: Workflow, id: string): Job {
  const found = wf.jobs[id];
  if (!found) throw new Error(`no job ${id}`);
  return found;
}

interface Finding {
  message: string;
  filepath: string;
  line: number;
  kind: string;
}

let installed: string | undefined;
const temps: string[] = [];
// A first `go install` from the module proxy builds for minutes on a loaded machine.
const installTimeout = 600_000;

/**
 * The pinned actionlint, installed on first use if it is missing. Called inside each test, so a
 * failed install fails that test (a failing beforeAll would only mark the tests skipped).
 */
function actionlint(): string {
  if (installed) return installed;
  const setup = spawnSync('bash', ['scripts/setup-go-tools.sh', 'actionlint'], { cwd: root, encoding: 'utf8' });
  if (setup.status !== 0) {
    throw new Error(`scripts/setup-go-tools.sh actionlint failed (exit ${setup.status}):\n${setup.stderr}`);
  }
  const binary = join(setup.stdout.trim().split('\n').at(-1) ?? '', 'actionlint');
  const version = spawnSync(binary, ['-version'], { encoding: 'utf8' });
  expect(version.stdout.split('\n')[0]).toBe('v1.7.12');
  installed = binary;
  return binary;
}

/** A folder holding an empty .github/workflows, removed after the tests. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bdgen-actionlint-'));
  temps.push(dir);
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  return dir;
}

/**
 * actionlint knows the inputs of popular actions by tag (actions/checkout@v6; PyPA's action by its
 * release/v1 branch), not by commit SHA: a SHA-pinned action is read at the major tag its
 * `# vX.Y.Z` comment names.
 */
function withTagRefs(text: string): string {
  return text.replace(
    /uses: ([\w.-]+\/[\w.-]+)@[0-9a-f]{40} # v(\d+)(?:\.\d+)*/g,
    (_match, action: string, major: string) =>
      `uses: ${action}@${action === 'pypa/gh-action-pypi-publish' ? 'release/' : ''}v${major}`,
  );
}

/** actionlint's findings as JSON; it exits 0 with none, 1 with some, anything else is a failure to run. */
function lint(cwd: string, files: string[]): Finding[] {
  const result = spawnSync(actionlint(), ['-format', '{{json .}}', ...files], { cwd, encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`actionlint could not run (exit ${result.status ?? result.signal}): ${result.stderr}`);
  }
  const findings = JSON.parse(result.stdout || '[]') as Finding[];
  expect(result.status === 1).toBe(findings.length > 0);
  return findings;
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('actionlint', () => {
  it('finds nothing in any workflow', () => {
    expect([...workflows.keys()]).toEqual(['check.yml', 'release.yml']);
    const files = [...workflows.keys()].map((f) => join('.github/workflows', f));
    expect(lint(root, files)).toEqual([]);
  }, installTimeout);

  it('finds nothing with each pinned action read at its tag, where it knows the inputs', () => {
    const dir = tempDir();
    for (const file of workflows.keys()) {
      const tagged = withTagRefs(readFileSync(join(workflowsDir, file), 'utf8'));
      expect(tagged, `${file}: an action pinned by SHA without its \`# vX.Y.Z\` comment`).not.toMatch(/@[0-9a-f]{40}/);
      writeFileSync(join(dir, '.github/workflows', file), tagged);
    }
    expect(lint(dir, [...workflows.keys()].map((f) => join('.github/workflows', f)))).toEqual([]);
    // The rewrite is what lets actionlint check inputs: a misspelt one is found.
    const misspelt = withTagRefs(readFileSync(join(workflowsDir, 'release.yml'), 'utf8')).replace('packages-dir:', 'package-dir:');
    writeFileSync(join(dir, '.github/workflows/release.yml'), misspelt);
    const findings = lint(dir, ['.github/workflows/release.yml']);
    expect(findings.map((f) => f.kind)).toEqual(['action']);
    expect(findings[0]?.message).toContain('package-dir');
  }, installTimeout);

  it('is a real checker: a broken workflow gets a finding for each defect', () => {
    const dir = tempDir();
    const broken = [
      'on: pull_request',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-24.04',
      '    needs: build', // no job named build (reported at the job, line 3)
      '    steps:',
      '      - uses: actions/checkout@v6',
      '        with:',
      '          fetch-dept: 0', // checkout has fetch-depth, not fetch-dept
      '      - run: echo "${{ github.event.pull_request.nope( }}"', // not an expression
      '',
    ].join('\n');
    writeFileSync(join(dir, '.github/workflows/broken.yml'), broken);
    const findings = lint(dir, ['.github/workflows/broken.yml']);
    const kinds = findings.map((f) => `${f.line}:${f.kind}`).sort();
    expect(kinds).toEqual(['10:expression', '3:job-needs', '9:action']);
    expect(findings.find((f) => f.kind === 'action')?.message).toContain('fetch-dept');
  }, installTimeout);
});

describe('the check workflow (pull requests)', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const command = readmeTestCommand(readme);

  it("runs exactly the README's test command, the one .ci/run runs", () => {
    expect(command).toBe(ciRunCommand(readFileSync(join(root, '.ci/run'), 'utf8')));
    expect(testCommandProblems(check, command)).toEqual([]);
  });

  it('catches a test command that is not the README one', () => {
    const other = copy(check);
    const testStep = job(other, 'check').steps?.find((s) => s.run?.trim() === command);
    if (!testStep) throw new Error('no test step');
    testStep.run = 'npx vitest run';
    expect(testCommandProblems(other, command)).toEqual([
      `no step runs exactly \`${command}\``,
      'a step runs tests some other way: `npx vitest run`',
    ]);
  });

  it('runs on pull requests, checks the committed generated code and posts the spec diff against main', () => {
    expect(Object.keys(check.on as object)).toEqual(['pull_request']);
    const runs = runCommands(check);
    expect(runs).toContain('npx bdgen generate --check --lang ts');
    const summary = runs.find((r) => r.includes('bdgen diff'));
    expect(summary).toContain('npx bdgen diff origin/main:spec/datalake.yaml spec/datalake.yaml');
    expect(summary).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  it('cancels the older run of the same pull request', () => {
    expect(check.concurrency).toEqual({
      group: 'check-${{ github.event.pull_request.number }}',
      'cancel-in-progress': true,
    });
  });
});

describe('the release workflow (tags)', () => {
  it('triggers only on v* tags', () => {
    expect(tagOnlyProblems(release)).toEqual([]);
    const onBranches = copy(release);
    onBranches.on = { push: { tags: ['v*'], branches: ['main'] }, workflow_dispatch: null };
    expect(tagOnlyProblems(onBranches)).toEqual([
      'triggers on push, workflow_dispatch, not only push',
      'push filters are tags, branches, not only tags',
    ]);
  });

  it('builds every language bdgen generates, each with bdgen release', () => {
    expect(buildLanguages(release)).toEqual([...LANGUAGE_IDS].sort());
    const runs = runCommands(release);
    expect(runs).toContain('npx bdgen release --version "$VERSION" --yes');
  });

  it('publishes only after every build job, and only the publishing job may write or mint tokens', () => {
    expect(publishOrderProblems(release)).toEqual([]);
    expect(job(release, 'publish').permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    const early = copy(release);
    delete job(early, 'publish').needs;
    job(early, 'build').permissions = { contents: 'write' };
    expect(publishOrderProblems(early)).toEqual([
      'publishing job publish does not need build',
      'job build builds yet may write',
    ]);
  });
});

describe('every workflow', () => {
  it.each([...workflows.keys()])('%s: explicit permissions per job, none at the top', (file) => {
    expect(permissionProblems(workflows.get(file) as Workflow)).toEqual([]);
  });

  it.each([...workflows.keys()])('%s: actions pinned to commit SHAs, secrets only through env', (file) => {
    const wf = workflows.get(file) as Workflow;
    expect(pinningProblems(wf)).toEqual([]);
    expect(secretProblems(wf)).toEqual([]);
  });

  it('the rules catch a job without permissions, a tag-pinned action and a secret in a command', () => {
    const loose = copy(release);
    delete loose.permissions;
    delete job(loose, 'build').permissions;
    const checkout = job(loose, 'build').steps?.[0];
    if (!checkout) throw new Error('no first step');
    checkout.uses = 'actions/checkout@v6';
    checkout.run = 'echo ${{ secrets.NPM_TOKEN }}';
    expect(permissionProblems(loose)).toEqual([
      'top-level permissions must be {} (each job asks for its own)',
      'job build has no explicit permissions map',
    ]);
    expect(pinningProblems(loose)).toEqual(['actions/checkout@v6 is not pinned to a full commit SHA']);
    expect(secretProblems(loose)).toHaveLength(1);
  });
});
