import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(root, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

describe('bdgen generate', () => {
  it('writes every implemented language and prints what it wrote', async () => {
    const out = tempDir();
    const run = await runCli('generate', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('TypeScript ->');
    expect(run.stdout).toContain('Python ->');
    expect(run.stdout).toMatch(/create .*ts\/src\/generated\/client\.ts/);
    const files = Object.keys(snapshot(out));
    expect(run.stdout).toMatch(new RegExp(`bdgen: ${files.length} file\\(s\\) written, 0 unchanged`));
    // With --out, TypeScript is a package of its own: manifest, tsconfig, README, entry point, the runtime copied verbatim.
    expect(files.filter((f) => f.startsWith('ts/') && !f.startsWith('ts/src/core/'))).toEqual([
      'ts/API.txt', 'ts/README.md', 'ts/package.json', 'ts/src/generated/client.ts', 'ts/src/generated/errors.ts', 'ts/src/generated/index.ts',
      'ts/src/generated/models.ts', 'ts/src/generated/schema.ts', 'ts/src/generated/spec.ts', 'ts/src/index.ts', 'ts/tsconfig.json',
    ]);
    expect(files.filter((f) => f.startsWith('ts/src/core/'))).toContain('ts/src/core/http.ts');
    expect(readFileSync(join(out, 'ts/src/core/http.ts'), 'utf8')).toBe(readFileSync('sdk-ts/src/core/http.ts', 'utf8'));
    expect(files).toContain('python/pyproject.toml');
  });

  it('writes every language it can when one cannot be generated, reports that one on its own and exits 2', async () => {
    const overlay = tempDir('bdgen-broken-stata-');
    mkdirSync(join(overlay, 'stata'));
    // A Stata template its checker refuses (no `version 16`): Stata's own failure, not TypeScript's, Python's or R's.
    writeFileSync(join(overlay, 'stata/command.ado.hbs'), 'program define {{name}}, rclass\n{{syntax}}\n    {{setup}}\n    python: import {{runtime}}; {{runtime}}.main("{{table}}", "{{name}}")\nend\n');
    const out = tempDir();
    const run = await runCli('generate', '--lang', 'ts,python,r,stata', '--out', out, '--templates', overlay);
    expect(run.code).toBe(2);
    expect(readdirSync(out).sort()).toEqual(['python', 'r', 'ts']);
    expect(run.stdout).toContain('TypeScript ->');
    expect(run.stdout).toContain('R ->');
    expect(run.stderr).toMatch(/bdgen: Stata not generated: \d+ error\(s\)/);
    expect(run.stderr).toContain('bdgen/stata-check');
    expect(run.stderr).toContain('Stata not generated (see above); the other languages were written.');
    // --check reports the same failure and exits 2 even when the others are up to date.
    const check = await runCli('generate', '--lang', 'ts,stata', '--out', out, '--templates', overlay, '--check');
    expect(check.code).toBe(2);
    expect(check.stdout).toContain('generated code is up to date');
    // Only Stata asked, and Stata fails: nothing at all is written.
    const alone = tempDir();
    const only = await runCli('generate', '--lang', 'stata', '--out', alone, '--templates', overlay);
    expect(only.code).toBe(2);
    expect(only.stderr).toContain('no language could be generated; nothing was written.');
    expect(readdirSync(alone)).toEqual([]);
  });

  it('generates only the languages asked for', async () => {
    const out = tempDir();
    expect((await runCli('generate', '--lang', 'python', '--out', out)).code).toBe(0);
    expect(readdirSync(out)).toEqual(['python']);
  });

  it('is deterministic: a second run changes no byte, and so does a run from another folder', async () => {
    const first = tempDir();
    const second = tempDir();
    await runCli('generate', '--out', first);
    const again = await runCli('generate', '--out', first);
    expect(again.stdout).toMatch(/ 0 file\(s\) written, \d+ unchanged/);
    const cwd = process.cwd();
    process.chdir(tempDir());
    try {
      await runCli('generate', '--spec', join(cwd, 'spec/datalake.yaml'), '--out', second);
    } finally {
      process.chdir(cwd);
    }
    expect(snapshot(second)).toEqual(snapshot(first));
  });

  it('--check passes right after generating, and fails listing each stale or stray file', async () => {
    const out = tempDir();
    await runCli('generate', '--out', out);
    expect((await runCli('generate', '--out', out, '--check')).code).toBe(0);

    writeFileSync(join(out, 'ts/src/generated/client.ts'), '// edited by hand\n');
    rmSync(join(out, 'ts/src/generated/models.ts'));
    writeFileSync(join(out, 'ts/src/generated/stray.ts'), '');
    const stale = await runCli('generate', '--out', out, '--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/update +.*client\.ts/);
    expect(stale.stderr).toMatch(/create +.*models\.ts/);
    expect(stale.stderr).toMatch(/delete +.*stray\.ts/);
    expect(readFileSync(join(out, 'ts/src/generated/client.ts'), 'utf8')).toBe('// edited by hand\n');
  });

  it('--check passes on the TypeScript SDK committed in this repository', async () => {
    const run = await runCli('generate', '--check', '--lang', 'ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('--templates lays a user template over ours', async () => {
    const overlay = tempDir();
    mkdirSync(join(overlay, 'ts'));
    cpSync('templates/ts/index.ts.hbs', join(overlay, 'ts/index.ts.hbs'));
    writeFileSync(join(overlay, 'ts/index.ts.hbs'), `${readFileSync('templates/ts/index.ts.hbs', 'utf8')}export const FORK = true;\n`);
    const out = tempDir();
    const run = await runCli('generate', '--out', out, '--templates', overlay);
    expect(run.code).toBe(0);
    expect(readFileSync(join(out, 'ts/src/generated/index.ts'), 'utf8')).toMatch(/export const FORK = true;\n$/);
  });

  it('refuses an unknown language, writing nothing', async () => {
    const out = tempDir();
    const refused = await runCli('generate', '--lang', 'ts,cobol', '--out', out);
    expect(refused.code).toBe(2);
    expect(readdirSync(out)).toEqual([]);
    const run = await runCli('generate', '--lang', 'cobol');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown language cobol');
  });

  it('says in one line why it cannot write (--out under a file), with exit 2 and no stack trace', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a folder');
    const run = await runCli('generate', '--lang', 'ts', '--out', join(file, 'out'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^bdgen: cannot write the generated files: ENOTDIR: not a directory/m);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('bdgen validate', () => {
  it('accepts the bundled spec under --strict, with no warning', async () => {
    const run = await runCli('validate', '--strict');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/spec\/datalake\.yaml is valid \(--strict\): no warnings\./);
  });

  it('reports documentation problems as warnings counted by rule, and as errors under --strict', async () => {
    const dir = tempDir();
    const spec = join(dir, 'spec.yaml');
    writeFileSync(spec, [
      'openapi: 3.1.0', 'info: {title: Loose, version: "v2"}', 'paths:', '  /a:', '    get:',
      '      responses: {"200": {description: ok, content: {application/json: {schema: {type: integer}, example: "not a number"}}}}',
    ].join('\n'));
    const loose = await runCli('validate', '--spec', spec);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toMatch(/warning \[bdgen\/operation-id-derived\]/);
    expect(loose.stdout).toMatch(/is valid: \d+ warning\(s\) \(.*\)\.$/);
    expect(loose.stdout).toContain('no-invalid-media-type-examples 1');
    expect(loose.stdout).toContain('bdgen/version-not-semver 1');
    const strict = await runCli('validate', '--spec', spec, '--strict');
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/error \[no-invalid-media-type-examples\]/);
  });
});

describe('bdgen serve', () => {
  it('says which paths it serves (the backend replica\'s), answers the Host names of its address and of --allow-host, and refuses others', async () => {
    const { spawn } = await import('node:child_process');
    const { request } = await import('node:http');
    const child = spawn(process.execPath, ['generators/bin/bdgen.mjs', 'serve', '--port', '0', '--allow-host', 'lago.test', '--query-timeout-ms', '5000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let printed = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          printed += chunk.toString();
          // The banner is whole once its last line is out.
          const found = /http:\/\/127\.0\.0\.1:\d+/.exec(printed);
          if (found && printed.includes('not official statistics')) resolve(found[0]);
        });
        child.on('exit', (code) => reject(new Error(`bdgen serve exited ${code}: ${printed}`)));
      });
      expect(printed).toContain(`${url}/graphql, ${url}/api/v1/graphql`);
      expect(printed).toContain(`${url}/search/, /facet_values/, /tables/<uuid>/columns/, /tables/stats/, /export/catalog/`);
      expect(printed).not.toMatch(/\/datasets|metadata API/);
      const port = Number(new URL(url).port);
      const status = (host: string) => new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/search/?page_size=1', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(await status(`127.0.0.1:${port}`)).toBe(200);
      expect(await status(`lago.test:${port}`)).toBe(200);
      expect(await status(`evil.example:${port}`)).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);

  it('refuses a time limit that is not a positive integer', async () => {
    const run = await runCli('serve', '--port', '0', '--query-timeout-ms', '-3');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--query-timeout-ms must be a positive integer, got -3.');
  });
});
