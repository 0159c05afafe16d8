/**
 * `bdgen release` chooses and checks the version from the diff against the
 * last released spec: on a temporary copy of the repository, never this one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRelease } from '../../generators/src/release/index.js';
import { stampSpecText } from '../../generators/src/release/stage.js';
import { copyRepository, listTree, type RepoCopy } from './repo-copy.js';

const FACET_VALUES_END = '        - $ref: "#/components/parameters/ContainsFilter"\n      responses:\n        "200":\n          description: The facet\'s values.';
const REMOVE_CONTAINS = '      responses:\n        "200":\n          description: The facet\'s values.';
const ADD_OPTIONAL = `        - $ref: "#/components/parameters/ContainsFilter"
        - name: note
          in: query
          required: false
          description: A note the backend ignores.
          schema: {type: string}
${REMOVE_CONTAINS}`;

async function release(copy: RepoCopy, args: { version?: string; bump?: string; yes?: boolean }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRelease({ ...args, root: copy.root }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Makes the copy's last release 1.0.0 (today's spec under that version), so a breaking change asks for a major. */
function releasedAsOne(copy: RepoCopy): void {
  const spec = readFileSync(join(copy.root, 'spec/datalake.yaml'), 'utf8');
  writeFileSync(join(copy.root, 'spec/releases/1.0.0.yaml'), stampSpecText(spec, '1.0.0'));
}

describe('bdgen release: the version', () => {
  let copy: RepoCopy;
  beforeEach(async () => {
    copy = await copyRepository();
  });
  afterEach(() => copy.remove());

  it('after 1.0.0, a removed parameter makes --bump auto choose 2.0.0 and refuses --version 1.1.0 with the breaking change', async () => {
    releasedAsOne(copy);
    copy.editSpec(FACET_VALUES_END, REMOVE_CONTAINS);
    await copy.regenerate();

    const auto = await release(copy, { bump: 'auto' });
    expect(auto.err).toBe('');
    expect(auto.out).toMatch(/ 4 version +2\.0\.0: 1 breaking change\(s\) since 1\.0\.0 need at least a major release/);
    expect(auto.code).toBe(0);

    const minor = await release(copy, { version: '1.1.0' });
    expect(minor.code).toBe(1);
    expect(minor.err).toContain('MISSING-VERSION-BUMP: 1.1.0 is lower than 2.0.0');
    // The reason: the change itself, with its pointer.
    expect(minor.err).toMatch(/breaking parameter-removed at \S+: operation listFacetValues: query parameter contains was removed/);
  });

  it('before 1.0.0 a breaking change bumps the minor (docs/diff-rules.md), and a patch is refused', async () => {
    copy.editSpec(FACET_VALUES_END, REMOVE_CONTAINS);
    await copy.regenerate();
    const auto = await release(copy, { bump: 'auto' });
    expect(auto.out).toMatch(/ 4 version +0\.3\.0: 1 breaking change\(s\) since 0\.2\.0/);
    const patch = await release(copy, { version: '0.2.1' });
    expect(patch.code).toBe(1);
    expect(patch.err).toContain('MISSING-VERSION-BUMP: 0.2.1 is lower than 0.3.0');
  });

  it('an added optional parameter is a minor: 1.1.0 after 1.0.0, and --version 1.1.0 is accepted', async () => {
    releasedAsOne(copy);
    copy.editSpec(FACET_VALUES_END, ADD_OPTIONAL);
    await copy.regenerate();
    const auto = await release(copy, { bump: 'auto' });
    expect(auto.out).toMatch(/ 4 version +1\.1\.0: the changes since 1\.0\.0 need at least a minor release/);
    expect(auto.out).not.toMatch(/^ *breaking/m);
    expect((await release(copy, { version: '1.1.0' })).code).toBe(0);
    expect((await release(copy, { version: '1.0.1' })).err).toContain('MISSING-VERSION-BUMP');
  });

  it('a dry run prints the plan and writes nothing', async () => {
    const before = listTree(copy.root);
    const dry = await release(copy, { bump: 'auto' });
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('dry run: nothing was written');
    expect(dry.out).toMatch(/would +build npm pack/);
    expect(listTree(copy.root)).toEqual(before);
  });

  it('refuses stale generated code, listing it, as generate --check does', async () => {
    const file = join(copy.root, 'sdk-ts/src/generated/client.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n// edited by hand\n`);
    const stale = await release(copy, { bump: 'auto' });
    expect(stale.code).toBe(1);
    expect(stale.err).toContain('generated code is stale');
    expect(stale.err).toContain('update sdk-ts/src/generated/client.ts');
  });

  it('refuses a version not newer than the last release, and a malformed one', async () => {
    expect((await release(copy, { version: '0.2.0' })).err).toContain('VERSION-NOT-NEWER');
    const bad = await release(copy, { version: 'v1' });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--version must be X.Y.Z');
  });
});
