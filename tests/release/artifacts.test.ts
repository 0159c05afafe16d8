/**
 * `bdgen release --yes` on a temporary copy of the repository: every
 * package built into dist/<version>/ with the one version stamped, a
 * manifest whose sha256s and sizes are the files', the spec kept in
 * spec/releases/; each artifact installed in a clean environment and called
 * against the local datalake; and a failed build that leaves the copy as it was.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatalake, type Datalake } from '@basedosdados/datalake';
import { formatDiagnostic } from '../../generators/src/diagnostics.js';
import { checkStataPackage } from '../../generators/src/languages/stata/check/index.js';
import { PROJECT_ROOT } from '../../generators/src/paths.js';
import { projectPython } from '../../generators/src/release/artifacts.js';
import { runRelease } from '../../generators/src/release/index.js';
import { cleanEnv, installNpmTarball, installRTarball, installWheel, must, unzipStata } from './install-artifacts.js';
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

  it('each package\'s README, as shipped in its artifact, names the files of this release to install', () => {
    const readmes = {
      ts: execFileSync('tar', ['-xzOf', join(dist, 'basedosdados-sdk-0.2.1.tgz'), 'package/README.md'], { encoding: 'utf8' }),
      python: execFileSync('unzip', ['-p', join(dist, 'basedosdados_sdk-0.2.1-py3-none-any.whl'), 'basedosdados_sdk-0.2.1.dist-info/METADATA'], { encoding: 'utf8' }),
      r: execFileSync('tar', ['-xzOf', join(dist, 'basedosdadosSDK_0.2.1.tar.gz'), 'basedosdadosSDK/README.md'], { encoding: 'utf8' }),
      stata: readFileSync(join(dist, 'stata/bdsdk/README.md'), 'utf8'),
    };
    const named: Record<string, string[]> = {};
    for (const [language, text] of Object.entries(readmes)) {
      const section = /^## Install from a release\n([\s\S]*?)(?=^## )/m.exec(text)?.[1] ?? '';
      // The hand-written TypeScript README says <version>; the generated ones the version itself.
      const paths = [...section.replaceAll('<version>', '0.2.1').matchAll(/dist\/0\.2\.1\/([^\s"`]+)/g)].map((m) => m[1]!);
      named[language] = paths.filter((p) => existsSync(join(dist, p)));
      expect(paths, `${language}: ${section}`).toEqual(named[language]);
    }
    expect(named).toEqual({
      ts: ['manifest.json', 'basedosdados-sdk-0.2.1.tgz'],
      python: ['basedosdados_sdk-0.2.1-py3-none-any.whl'],
      r: ['basedosdadosSDK_0.2.1.tar.gz'],
      stata: ['basedosdados_sdk-0.2.1-py3-none-any.whl'],
    });
    expect(readmes.stata).toContain('net install bdsdk, from(');
    expect(readmes.stata).toContain('`bdsdk-stata.zip`');
  });

  // Each artifact as its README says to install it, in a place of its own, then one catalogue call to the local datalake.
  describe('each artifact installed in a clean environment', () => {
    const PIB = { dataset_id: 'br_ibge_pib', slug: 'pib', name: 'Produto Interno Bruto dos municípios' };
    let datalake: Datalake;
    let scratch: string;
    let venvPython: string | undefined;
    beforeAll(async () => {
      datalake = await startDatalake({ port: 0 });
      scratch = mkdtempSync(join(tmpdir(), 'bdgen-release-install-'));
    });
    afterAll(async () => {
      await datalake?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it('the npm tarball: npm install into an empty project, then datasets.get', async () => {
      const project = await installNpmTarball(join(dist, 'basedosdados-sdk-0.2.1.tgz'), scratch);
      const script = [
        "import { BaseDosDadosClient } from '@basedosdados/sdk';",
        "const d = await new BaseDosDadosClient({ baseUrl: process.argv[1] }).datasets.get('br_ibge_pib');",
        "const from = import.meta.resolve('@basedosdados/sdk/package.json');",
        "const { version } = JSON.parse(await (await import('node:fs/promises')).readFile(new URL(from), 'utf8'));",
        'console.log(JSON.stringify({ version, from, dataset_id: d.dataset_id, slug: d.slug, name: d.name }));',
      ].join('\n');
      const said = JSON.parse(await must('node', ['--input-type=module', '-e', script, datalake.url], { cwd: project }));
      expect(said).toEqual({ version: '0.2.1', from: `file://${project}/node_modules/@basedosdados/sdk/package.json`, ...PIB });
    }, 300_000);

    it('the wheel: pip install into a fresh venv, then get_dataset', async () => {
      venvPython = await installWheel(projectPython(copy.root), join(dist, 'basedosdados_sdk-0.2.1-py3-none-any.whl'), scratch);
      const script = [
        'import importlib.metadata as md, json, sys, basedosdados_sdk as bd',
        'd = bd.get_dataset("br_ibge_pib", base_url=sys.argv[1])',
        'print(json.dumps({"version": md.version("basedosdados-sdk"), "from": bd.__file__, "dataset_id": d["dataset_id"], "slug": d["slug"], "name": d["name"]}))',
      ].join('\n');
      const { from, ...said } = JSON.parse(await must(venvPython, ['-c', script, datalake.url], { cwd: scratch })) as { from: string };
      expect(said).toEqual({ version: '0.2.1', ...PIB });
      expect(from.startsWith(join(scratch, 'venv/lib/'))).toBe(true);
      expect(from.endsWith('/site-packages/basedosdados_sdk/__init__.py')).toBe(true);
    }, 300_000);

    it('the R tarball: R CMD INSTALL into an empty library, then get_dataset', async () => {
      const library = await installRTarball(join(dist, 'basedosdadosSDK_0.2.1.tar.gz'), scratch);
      const script = [
        'a <- commandArgs(TRUE)',
        'library(basedosdadosSDK, lib.loc = a[1])',
        'd <- get_dataset("br_ibge_pib", base_url = a[2])',
        'cat(as.character(packageVersion("basedosdadosSDK", lib.loc = a[1])), find.package("basedosdadosSDK"), d$dataset_id, d$slug, d$name, sep = "\\n")',
      ].join('\n');
      const said = (await must('Rscript', ['-e', script, library, datalake.url], { cwd: scratch })).trim().split('\n');
      expect(said).toEqual(['0.2.1', join(library, 'basedosdadosSDK'), PIB.dataset_id, PIB.slug, PIB.name]);
    }, 300_000);

    it('the Stata zip: unzipped, the package checker passes, and bd_get_dataset answers through the installed wheel', async () => {
      const { folder, files } = await unzipStata(join(dist, 'bdsdk-stata.zip'), scratch);
      expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['bdsdk.pkg', 'stata.toc', 'bd_get_dataset.ado']));
      expect(checkStataPackage(files).map((d) => formatDiagnostic(d))).toEqual([]);
      // The stand-in plays Stata; the Python it runs the commands with is the fresh venv holding the released wheel.
      expect(venvPython, 'the wheel test installs the Python package the Stata commands call').toBeDefined();
      const noSources = mkdtempSync(join(scratch, 'no-python-sources-'));
      const report = await must(venvPython!, [join(PROJECT_ROOT, 'tests/stata/standin/stata_batch.py'), folder, noSources], {
        cwd: scratch, env: cleanEnv({ BASEDOSDADOS_API_URL: datalake.url }), input: 'bd_get_dataset, dataset_id(br_ibge_pib)\n',
      });
      const batch = JSON.parse(report.trim().split('\n').pop()!) as { rc: number; steps: { rc: number; output: string[] }[] };
      expect(batch.rc).toBe(0);
      expect(batch.steps.map((s) => s.output)).toEqual([['(1 dataset)', `  ${PIB.dataset_id}  ${PIB.name}`]]);
    }, 300_000);
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
