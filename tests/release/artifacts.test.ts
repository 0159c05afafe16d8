/**
 * `bdgen release --yes` on a temporary copy of the repository: every
 * package built into dist/<version>/ with the one version stamped, a
 * manifest whose sha256s and sizes are the files', the spec kept in
 * spec/releases/; and a failed build that leaves the copy as it was.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRelease } from '../../generators/src/release/index.js';
import { copyRepository, listTree, type RepoCopy } from './repo-copy.js';

const NOW = new Date('2030-04-05T12:00:00Z');

async function release(copy: RepoCopy, args: { version?: string; bump?: string; yes?: boolean }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRelease({ ...args, root: copy.root, now: NOW }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('bdgen release --yes', () => {
  let copy: RepoCopy;
  let dist: string;
  let run: Awaited<ReturnType<typeof release>>;
  beforeAll(async () => {
    copy = await copyRepository();
    run = await release(copy, { version: '0.2.1', yes: true });
    dist = join(copy.root, 'dist/0.2.1');
  }, 600_000);
  afterAll(() => copy?.remove());

  it('builds every package at the one version into dist/<version>/', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const files = readdirSync(dist).sort();
    expect(files).toEqual(expect.arrayContaining([
      'basedosdados-sdk-0.2.1.tgz',
      'basedosdados_sdk-0.2.1-py3-none-any.whl',
      'basedosdados_sdk-0.2.1.tar.gz',
      'basedosdadosSDK_0.2.1.tar.gz',
      'bdsdk-stata.zip',
      'stata',
      'CHANGELOG.md',
      'manifest.json',
    ]));
    // Inside the artifacts, the version each ecosystem reads.
    const packageJson = execFileSync('tar', ['-xzOf', join(dist, 'basedosdados-sdk-0.2.1.tgz'), 'package/package.json'], { encoding: 'utf8' });
    expect(JSON.parse(packageJson).version).toBe('0.2.1');
    const description = execFileSync('tar', ['-xzOf', join(dist, 'basedosdadosSDK_0.2.1.tar.gz'), 'basedosdadosSDK/DESCRIPTION'], { encoding: 'utf8' });
    expect(description).toMatch(/^Version: 0\.2\.1$/m);
    const pkg = readFileSync(join(dist, 'stata/bdsdk/bdsdk.pkg'), 'utf8');
    expect(pkg).toMatch(/^d Version: 0\.2\.1$/m);
    expect(pkg).toMatch(/^d Distribution-Date: 20300405$/m);
    expect(execFileSync('unzip', ['-Z1', join(dist, 'bdsdk-stata.zip')], { encoding: 'utf8' })).toContain('bdsdk/bdsdk.pkg');
  });

  it('writes a manifest whose sha256 and size are each file\'s', () => {
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as { version: string; files: { path: string; sha256: string; size: number }[] };
    expect(manifest.version).toBe('0.2.1');
    const onDisk = listTree(dist).map((line) => line.split(' ')[0]).filter((p) => p !== 'manifest.json');
    expect(manifest.files.map((f) => f.path)).toEqual(onDisk);
    for (const file of manifest.files) {
      const bytes = readFileSync(join(dist, file.path));
      expect({ path: file.path, sha256: createHash('sha256').update(bytes).digest('hex'), size: statSync(join(dist, file.path)).size }).toEqual(file);
    }
  });

  it('keeps the released spec and a changelog section per package, and the next release diffs against it', async () => {
    const kept = readFileSync(join(copy.root, 'spec/releases/0.2.1.yaml'), 'utf8');
    expect(kept).toMatch(/^  version: 0\.2\.1$/m);
    const changelog = readFileSync(join(copy.root, 'spec/releases/CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('## 0.2.1 (2030-04-05)');
    for (const heading of ['### TypeScript: @basedosdados/sdk 0.2.1', '### Python: basedosdados-sdk 0.2.1', '### R: basedosdadosSDK 0.2.1', '### Stata: bdsdk 0.2.1']) expect(changelog).toContain(heading);
    // The next release starts from this one.
    const again = await release(copy, { bump: 'auto' });
    expect(again.out).toMatch(/ 3 diff +against 0\.2\.1/);
    expect(again.out).toMatch(/ 4 version +0\.2\.2/);
  });

  it('a failed build leaves the repository and the last release as they were', async () => {
    // A hand-written file of the TypeScript SDK that does not compile: the build fails, the freshness check does not see it.
    writeFileSync(join(copy.root, 'sdk-ts/src/core/broken.ts'), 'export const broken: number = ;\n');
    writeFileSync(join(copy.root, 'sdk-ts/src/index.ts'), `${readFileSync(join(copy.root, 'sdk-ts/src/index.ts'), 'utf8')}export * from './core/broken.js';\n`);
    const before = listTree(copy.root);
    const failed = await release(copy, { version: '0.3.0', yes: true });
    expect(failed.code).toBe(2);
    expect(failed.err).toContain('`npm run --silent build` failed');
    expect(failed.err).toContain('the repository and the last release are unchanged');
    expect(listTree(copy.root)).toEqual(before);
    expect(existsSync(join(copy.root, 'dist/0.3.0'))).toBe(false);
  }, 600_000);
});
