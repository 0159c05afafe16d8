/** `bdgen diff OLD NEW [--json]`: files and git refs, text for people and JSON for machines, always exit 0. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';

const pair = (rule: string) => [`tests/specs/diff-pairs/${rule}/old.yaml`, `tests/specs/diff-pairs/${rule}/new.yaml`].map((p) => join(process.cwd(), p)) as [string, string];

describe('bdgen diff', () => {
  it('prints the changes grouped by level, one line each, then the bump, and exits 0 even when breaking', async () => {
    const [oldSpec, newSpec] = pair('security-changed');
    const run = await runCli('diff', oldSpec, newSpec);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'breaking (1):',
      '  [security-changed] #/paths/~1tags/post/security: operation createTag no longer accepts apiKey[] (now bearer[])',
      'minor (1):',
      '  [security-scheme-added] #/components/securitySchemes/bearer: security scheme bearer was added',
      'bump: major',
    ]);
  });

  it('--json prints the SpecDiff', async () => {
    const [oldSpec, newSpec] = pair('alias-removed');
    const run = await runCli('diff', oldSpec, newSpec, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      bump: 'major',
      changes: [{ level: 'breaking', rule: 'alias-removed', pointer: '#/x-bd-aliases/python/0', message: 'python alias run_query was removed', languages: ['python'] }],
    });
  });

  it('says so when nothing changed', async () => {
    const [oldSpec] = pair('summary-changed');
    const run = await runCli('diff', oldSpec, oldSpec);
    expect(run.stdout.split('\n')).toEqual(['no changes', 'bump: none']);
  });

  it('refuses what is neither a file nor a git ref, in words, with exit 2', async () => {
    const [oldSpec] = pair('summary-changed');
    const run = await runCli('diff', oldSpec, 'no-such-spec.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('bdgen: no-such-spec.yaml is neither a spec file nor a git ref (<rev>:<path>).');
  });
});

describe('bdgen diff with git refs', () => {
  const cwd = process.cwd();
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bdgen', '-c', 'user.email=bdgen@127.0.0.1', ...args], { cwd: repo, stdio: 'pipe' }).toString();

  beforeEach(() => {
    // A repository of its own: the spec split in two files, so the ref's $ref must resolve at that revision too.
    repo = tempDir('bdgen-diff-git-');
    git('init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'spec'));
    const [oldSpec, newSpec] = pair('response-field-removed');
    const split = (text: string) => text.replace(/ {4}Tag:\n(?: {6}.*\n)+/, '    Tag:\n      $ref: "./tag.yaml"\n');
    const tagOf = (text: string) => /( {4}Tag:\n(?: {6}.*\n)+)/.exec(text)![1]!.split('\n').slice(1).map((l) => l.slice(6)).join('\n');
    const oldText = readFileSync(oldSpec, 'utf8');
    writeFileSync(join(repo, 'spec/api.yaml'), split(oldText));
    writeFileSync(join(repo, 'spec/tag.yaml'), tagOf(oldText));
    git('add', 'spec');
    git('commit', '-q', '-m', 'old');
    // The working tree holds the new spec: the Tag schema lost its `kind` field.
    writeFileSync(join(repo, 'spec/tag.yaml'), tagOf(readFileSync(newSpec, 'utf8')));
    process.chdir(repo);
  });
  afterEach(() => process.chdir(cwd));

  it('reads the old spec from a revision, its $refs included, and the new one from the working tree', async () => {
    const run = await runCli('diff', 'main:spec/api.yaml', 'spec/api.yaml', '--json');
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      bump: 'major',
      changes: [{ level: 'breaking', rule: 'response-field-removed', pointer: '#/components/schemas/Tag/properties/kind', message: 'field kind of schema Tag was removed' }],
    });
    const same = await runCli('diff', 'main:spec/api.yaml', 'HEAD:./spec/api.yaml');
    expect(same.stdout).toBe('no changes\nbump: none');
  });

  it('says what git said for a revision or a path that does not exist, with exit 2', async () => {
    const noRev = await runCli('diff', 'nope:spec/api.yaml', 'spec/api.yaml');
    expect(noRev.code).toBe(2);
    expect(noRev.stderr).toMatch(/^bdgen: git cat-file failed: .*nope/);
    const folder = await runCli('diff', 'main:spec', 'spec/api.yaml');
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe('bdgen: main:spec is a tree, not a spec file.');
    const option = await runCli('diff', '--output=x:spec/api.yaml', 'spec/api.yaml');
    expect(option.code).toBe(2);
  });
});
