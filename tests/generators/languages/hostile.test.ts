/**
 * Hostile spec text (tests/specs/fixtures/hostile-code/openapi.yaml: every kind of
 * line break, comment and string enders, quotes, backslashes, backticks,
 * `${`) in the title, summaries, descriptions, parameter and schema docs,
 * enum values, examples and the server URL. The TypeScript package must
 * type-check and the Python package import and pass ruff, and none of the
 * text may become code: no `pwned` identifier, call or throw anywhere.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

const SPEC = resolve('tests/specs/fixtures/hostile-code/openapi.yaml');
// Inside the repository, so the TS package resolves @types/node and undici from its node_modules.
const OUT = resolve('.bdgen-tmp-hostile-test');
const PYTHON = resolve('.venv/bin/python');

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === '__pycache__' ? [] : filesUnder(path, extension);
    return path.endsWith(extension) ? [path] : [];
  });
}

let importName = '';

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  const run = await runCli('generate', '--spec', SPEC, '--lang', 'ts,python', '--out', OUT);
  expect(run.code, run.stderr).toBe(0);
  importName = readdirSync(join(OUT, 'python/src'))[0] ?? '';
}, 120_000);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('hostile text, TypeScript', () => {
  it('type-checks as a package of its own', () => {
    const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', join(OUT, 'ts')], { encoding: 'utf8' });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);

  it('holds the text only in strings and comments: no pwned identifier, no throw in generated code', () => {
    const files = filesUnder(join(OUT, 'ts/src'), '.ts');
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const found: string[] = [];
      const visit = (node: ts.Node) => {
        // Names derived from the title through its words (HostileXThrowNewErrorPwned...Client) are identifiers by design.
        if (ts.isIdentifier(node) && node.text === 'pwned') found.push(`identifier ${node.text} at ${node.pos}`);
        if (ts.isThrowStatement(node) && file.includes('/generated/')) found.push(`throw at ${node.pos}`);
        ts.forEachChild(node, visit);
      };
      visit(source);
      expect(found, file).toEqual([]);
    }
  });

  it('keeps the text in string literals as written', () => {
    const spec = readFileSync(join(OUT, 'ts/src/generated/spec.ts'), 'utf8');
    const source = ts.createSourceFile('spec.ts', spec, ts.ScriptTarget.Latest, true);
    const strings: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteral(node)) strings.push(node.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(strings).toContain('x\nthrow new Error("pwned") */ """ ` ${pwned()} \' \\ --> \r\u2028\u2029');
    expect(strings).toContain('http://127.0.0.1:9/v1?x=*/pwned()/*"""`${pwned()}\'\\-->\n\r\u2028\u2029');
  });

  it('writes JSON that parses and a README whose header comment ends on its own line', () => {
    expect(JSON.parse(readFileSync(join(OUT, 'ts/package.json'), 'utf8')).description).toContain('*/ pwned(); /*');
    JSON.parse(readFileSync(join(OUT, 'ts/tsconfig.json'), 'utf8'));
    const [header] = readFileSync(join(OUT, 'ts/README.md'), 'utf8').split('\n');
    expect(header!.startsWith('<!--')).toBe(true);
    expect(header!.indexOf('-->')).toBe(header!.length - 3);
  });
});

/** Every name the Python modules bind, call or read, by Python's own parser. */
const PYTHON_NAMES = `
import ast, json, pathlib, sys
names = []
for path in pathlib.Path(sys.argv[1]).rglob("*.py"):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.extend(alias.name for alias in node.names)
print(json.dumps(names))
`;

describe('hostile text, Python', () => {
  it('compiles, imports, passes ruff and keeps the text in docstrings and strings', () => {
    const src = join(OUT, 'python/src');
    const env = { ...process.env, PYTHONPATH: src, PYTHONDONTWRITEBYTECODE: '1' };
    expect(spawnSync(PYTHON, ['-m', 'compileall', '-q', src], { encoding: 'utf8' }).status).toBe(0);
    const docs = spawnSync(PYTHON, ['-c', `import json, ${importName} as m; print(json.dumps([m.get_thing.__doc__, m.__doc__, m._spec.DEFAULT_BASE_URL if hasattr(m._spec, "DEFAULT_BASE_URL") else ""]))`], { env, encoding: 'utf8' });
    expect(docs.stderr).toBe('');
    const [getThing, pkg] = JSON.parse(docs.stdout) as string[];
    expect(getThing).toContain('throw new Error("pwned")');
    expect(getThing).toContain('*/ pwned() /* """ pwned() """');
    expect(getThing).toContain("' \" \\ -->");
    expect(pkg).toContain("import os; os.system('pwned')");
    const ruff = spawnSync(resolve('.venv/bin/ruff'), ['check', '--no-cache', '--output-format', 'concise', join(OUT, 'python')], { encoding: 'utf8' });
    expect(ruff.stdout + ruff.stderr).toContain('All checks passed');
  }, 60_000);

  it('binds, calls and imports nothing the text names (pwned, os.system); names derived from the title are words joined by _', () => {
    const run = spawnSync(PYTHON, ['-c', PYTHON_NAMES, join(OUT, 'python/src')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const names = JSON.parse(run.stdout) as string[];
    expect(names.length).toBeGreaterThan(100);
    expect(names.filter((n) => n === 'pwned' || n === 'system')).toEqual([]);
  });

  it('writes a pyproject.toml that parses, the summary on one line', () => {
    const run = spawnSync(PYTHON, ['-c', 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["description"])', join(OUT, 'python/pyproject.toml')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('*/ pwned(); /* """ pwned() """');
  });
});
