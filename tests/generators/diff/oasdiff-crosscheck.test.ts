/**
 * The oasdiff cross-check (scripts/oasdiff-crosscheck.ts) over every spec pair,
 * against the pinned oasdiff. When .tools/bin/oasdiff is missing the setup
 * script installs it from the Go module proxy; an install that fails fails the
 * test (it never skips).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const oasdiff = join(root, '.tools/bin/oasdiff');
const pairs = join(root, 'tests/specs/diff-pairs');

async function crossCheck(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/oasdiff-crosscheck.ts', ...args], { cwd: root, maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** A pairs folder holding one of the repository's pairs, under a name no explanation mentions. */
function onePair(from: string, as: string): string {
  const dir = tempDir('bdgen-oasdiff-pairs-');
  mkdirSync(join(dir, as));
  for (const file of ['old.yaml', 'new.yaml']) cpSync(join(pairs, from, file), join(dir, as, file));
  return dir;
}

describe('oasdiff cross-check', () => {
  beforeAll(async () => {
    // The stamp check makes this quick when the pinned binary is there; a failed install throws here.
    await run('bash', [join(root, 'scripts/setup-go-tools.sh'), 'oasdiff'], { cwd: root });
    expect(existsSync(oasdiff)).toBe(true);
  }, 600_000);

  it('every pair of tests/specs/diff-pairs agrees with oasdiff 1.39.0 or is explained in docs/diff-rules.md', async () => {
    const result = await crossCheck();
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('bdgen diff against oasdiff 1.39.0');
    expect(result.stdout).toMatch(/\| oasdiff-operation-removed\s+\| breaking \| breaking \| yes\s+\|/);
    expect(result.stdout).toMatch(/\| oasdiff-optional-parameter-added\s+\| minor\s+\| minor\s+\| yes\s+\|/);
    expect(result.stdout).toMatch(/\| oasdiff-x-bd-error-renamed\s+\| breaking \| none\s+\| no\s+\|/);
    expect(result.stdout).toMatch(/\| oasdiff-identical\s+\| none\s+\| none\s+\| yes\s+\|/);
    expect(result.stdout).toMatch(/\d+ pairs: \d+ agree, \d+ disagree, 0 unexplained\./);
    expect(result.stdout).not.toContain('UNEXPLAINED');
    expect(result.code).toBe(0);
  }, 120_000);

  it('exits 1 on a disagreement the rules do not explain, naming both verdicts', async () => {
    const dir = onePair('oasdiff-response-optional-field-removed', 'unexplained-field-removed');
    const result = await crossCheck('--pairs', dir);
    expect(result.stdout).toMatch(/\| unexplained-field-removed\s+\| breaking \| minor\s+\| no\s+\|/);
    expect(result.stdout).toContain('response-optional-property-removed:INFO');
    expect(result.stdout).toContain('UNEXPLAINED');
    expect(result.code).toBe(1);
  }, 60_000);

  it('exits 1 on an explanation whose pair no longer disagrees', async () => {
    const dir = onePair('oasdiff-operation-removed', 'agreeing');
    const rules = join(dir, 'rules.md');
    writeFileSync(rules, '# Rules\n\n## Cross-check with oasdiff\n\n| pair | bdgen | oasdiff | why |\n| --- | --- | --- | --- |\n| `agreeing` | breaking | none | An outdated reason. |\n');
    const result = await crossCheck('--pairs', dir, '--rules', rules);
    expect(result.stdout).toMatch(/\| agreeing\s+\| breaking \| breaking \| yes\s+\|/);
    expect(result.stdout).toContain('STALE explanation: agreeing (bdgen breaking, oasdiff none)');
    expect(result.code).toBe(1);
  }, 60_000);

  it('exits 2 with the setup command when the oasdiff binary is not there', async () => {
    const result = await crossCheck('--oasdiff', join(tempDir(), 'oasdiff'));
    expect(result.stderr).toContain('run: bash scripts/setup-go-tools.sh oasdiff');
    expect(result.code).toBe(2);
  }, 60_000);
});
