/**
 * The published shape of @basedosdados/sdk, built by tsup (tests/build-sdk.ts,
 * only when its sources changed): ESM + CJS + .d.ts, importable both ways,
 * type-checked from a user's program, and clean under @arethetypeswrong/cli. Also compiles the generated code of a fixture
 * spec full of keywords against the runtime.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSdkBuilt } from '../build-sdk.js';
import { tempDir } from '../generators/helpers.js';

const bin = (name: string) => resolve('node_modules/.bin', name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd: string, args: string[], cwd = process.cwd()) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });

describe('@basedosdados/sdk package', () => {
  beforeAll(ensureSdkBuilt, 120_000);

  it('builds ESM, CJS and both declaration files', () => {
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) {
      expect(existsSync(resolve('sdk-ts/dist', file)), file).toBe(true);
    }
  });

  it('type-checks its own sources, generated code included', () => {
    expect(() => run(bin('tsc'), ['--noEmit', '-p', 'sdk-ts'])).not.toThrow();
  });

  it('type-checks a user program importing the built package as ESM and as CJS', () => {
    expect(() => run(bin('tsc'), ['-p', 'tests/sdk-ts/consumer'])).not.toThrow();
  });

  it('loads with import and with require, exposing the same API', () => {
    const report = JSON.parse(run(process.execPath, ['tests/sdk-ts/consumer/smoke.mjs'])) as Record<string, unknown>;
    expect(report.esmKeys).toEqual(report.cjsKeys);
    expect(report.esmKeys).toEqual(expect.arrayContaining(['BaseDosDados', 'NotFoundError', 'PagePromise', 'SPEC_VERSION']));
    expect(report.esmClient).toBe('function');
    expect(report.cjsClient).toBe('function');
    expect(report.version).toBe('0.2.0');
  });

  it.each([
    ['the repository README', 'README.md', '## Using the TypeScript SDK'],
    ['the package README (its npm page)', 'sdk-ts/README.md', '## Quick start'],
  ])('type-checks the TypeScript example of %s against the built package', (_name, file, heading) => {
    const readme = readFileSync(file, 'utf8');
    const section = readme.slice(readme.indexOf(heading));
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toContain('bd.search(');
    const dir = tempDir();
    writeFileSync(join(dir, 'readme.mts'), example!);
    writeFileSync(join(dir, 'tsconfig.json'), readFileSync('tests/sdk-ts/consumer/tsconfig.json', 'utf8').replace(/"files": \[[^\]]*\]/, '"files": ["readme.mts"]'));
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
    expect(() => run(bin('tsc'), ['-p', dir])).not.toThrow();
  });

  it('packs its README, which documents every call of the SDK', () => {
    const [pack] = JSON.parse(run(npm, ['pack', '--dry-run', '--json', '-w', '@basedosdados/sdk'])) as { files: { path: string }[] }[];
    const files = pack!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']));
    const readme = readFileSync('sdk-ts/README.md', 'utf8');
    // Every resource method of the generated client is in the package README's table.
    const client = readFileSync('sdk-ts/src/generated/client.ts', 'utf8');
    const methods = [...client.matchAll(/^  ([a-z][A-Za-z]*)\((?!private)[^)]*\): (?:Promise|PagePromise)/gm)].map((m) => m[1]!);
    expect(methods.length).toBeGreaterThan(10);
    for (const method of methods) expect(readme, `sdk-ts/README.md documents ${method}`).toContain(`.${method}(`);
    for (const fn of ['readSql', 'readTable', 'download', 'estimateQuery']) expect(readme).toContain(`bd.${fn}(`);
  });

  it('passes @arethetypeswrong/cli on the packed tarball', () => {
    const output = run(bin('attw'), ['--pack', 'sdk-ts', '--format', 'json']);
    const result = JSON.parse(output) as { analysis: { problems: unknown[] } };
    expect(result.analysis.problems).toEqual([]);
  }, 60_000);
});

describe('generated code of the tricky fixture', () => {
  it('compiles against the runtime (keywords renamed, recursive types, quoted keys)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'src'));
    cpSync('tests/golden/tricky/ts/src/generated', join(dir, 'src/generated'), { recursive: true });
    symlinkSync(resolve('sdk-ts/src/core'), join(dir, 'src/core'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: resolve('tsconfig.base.json'), compilerOptions: { typeRoots: [resolve('node_modules/@types')] }, include: ['src'] }));
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    expect(() => run(bin('tsc'), ['--noEmit', '-p', dir])).not.toThrow();
  });
});
