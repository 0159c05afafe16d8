/**
 * Builds many generated packages at once, the way their own tools read them:
 * each root is a `bdgen generate --out <root>` folder. TypeScript: one
 * program type-checks every TS package (the compiler's library files are
 * read once); Python: one process compiles every module and imports every
 * package; R: one Rscript parses every .R file; Stata: the package checker.
 * A root must be inside the repository, so TS packages resolve @types/node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { formatDiagnostic } from '../../generators/src/diagnostics.js';
import { checkStataPackage } from '../../generators/src/languages/stata/check/index.js';

export type BuiltLanguage = 'ts' | 'python' | 'r' | 'stata';

export interface BuildFailure {
  readonly root: string;
  readonly language: BuiltLanguage;
  /** The tool's own words (first lines only). */
  readonly message: string;
}

const REPO = resolve(import.meta.dirname, '../..');
const PYTHON = join(REPO, '.venv/bin/python');

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === '__pycache__' ? [] : filesUnder(path, keep);
    return keep(path) ? [path] : [];
  });
}

const rootOf = (roots: readonly string[], file: string): string | undefined => roots.find((r) => file.startsWith(`${r}${sep}`));
const firstLines = (text: string, n = 6): string => text.trim().split('\n').slice(0, n).join('\n');

/** Every TS package's compiler options, but where it writes: one program holds them all and emits nothing. */
function sharedOptions(tsconfig: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error(`${tsconfig} does not parse`);
  const { rootDir: _rootDir, outDir: _outDir, declaration: _declaration, sourceMap: _sourceMap, ...options } = parsed.options;
  return { ...options, noEmit: true };
}

export function checkTypeScript(roots: readonly string[]): BuildFailure[] {
  const packages = roots.filter((r) => existsSync(join(r, 'ts/tsconfig.json')));
  const groups = new Map<string, { options: ts.CompilerOptions; files: string[] }>();
  for (const root of packages) {
    const options = sharedOptions(join(root, 'ts/tsconfig.json'));
    const key = JSON.stringify(options);
    const group = groups.get(key) ?? { options, files: [] };
    group.files.push(...filesUnder(join(root, 'ts/src'), (p) => p.endsWith('.ts')));
    groups.set(key, group);
  }
  const failures = new Map<string, string[]>();
  for (const { options, files } of groups.values()) {
    const program = ts.createProgram(files, options);
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      const owners = d.file ? [rootOf(packages, d.file.fileName)].filter((r) => r !== undefined) : packages;
      const where = d.file ? `${relative(REPO, d.file.fileName)}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})` : '(program)';
      for (const root of owners.length > 0 ? owners : packages) failures.set(root, [...(failures.get(root) ?? []), `${where}: TS${d.code} ${text}`]);
    }
  }
  return [...failures].map(([root, lines]) => ({ root, language: 'ts', message: firstLines(lines.join('\n')) }));
}

/** Compiles every .py file of each package and imports the package, then forgets it before the next. */
const PYTHON_CHECK = String.raw`
import importlib, json, pathlib, sys
for root in sys.argv[1:]:
    src = pathlib.Path(root, "python", "src")
    problems = []
    for path in sorted(src.rglob("*.py")):
        try:
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        except Exception as error:
            problems.append(f"{path}: {type(error).__name__}: {error}")
    names = [p.name for p in src.iterdir() if (p / "__init__.py").exists()] if src.is_dir() else []
    if not problems:
        sys.path.insert(0, str(src))
        try:
            for name in names:
                importlib.import_module(name)
        except BaseException as error:
            problems.append(f"import: {type(error).__name__}: {error}")
        finally:
            sys.path.remove(str(src))
            for module in [m for m in sys.modules if m.split(".")[0] in names]:
                del sys.modules[module]
    print(json.dumps({"root": root, "problems": problems}))
`;

export function checkPython(roots: readonly string[]): BuildFailure[] {
  const packages = roots.filter((r) => existsSync(join(r, 'python/src')));
  if (packages.length === 0) return [];
  const run = spawnSync(PYTHON, ['-c', PYTHON_CHECK, ...packages], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, maxBuffer: 64 << 20 });
  if (run.status !== 0) return packages.map((root) => ({ root, language: 'python', message: firstLines(`python exited ${run.status}: ${run.stderr}`) }));
  return run.stdout.trim().split('\n').filter(Boolean).flatMap((line) => {
    const { root, problems } = JSON.parse(line) as { root: string; problems: string[] };
    return problems.length > 0 ? [{ root, language: 'python' as const, message: firstLines(problems.join('\n')) }] : [];
  });
}

/** parse() of every .R file; one tab-separated line per file that does not parse. */
const R_CHECK = String.raw`
for (root in commandArgs(TRUE)) {
  for (f in list.files(file.path(root, "r"), pattern = "[.]R$", recursive = TRUE, full.names = TRUE)) {
    msg <- tryCatch({ parse(f, keep.source = FALSE); NULL }, error = function(e) conditionMessage(e))
    if (!is.null(msg)) cat(root, "\t", f, ": ", gsub("[\r\n]+", " ", substr(msg, 1, 300)), "\n", sep = "")
  }
}
`;

export function checkR(roots: readonly string[]): BuildFailure[] {
  const packages = roots.filter((r) => existsSync(join(r, 'r/DESCRIPTION')));
  if (packages.length === 0) return [];
  const run = spawnSync('Rscript', ['--vanilla', '-e', R_CHECK, ...packages], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) return packages.map((root) => ({ root, language: 'r', message: firstLines(`Rscript exited ${run.status}: ${run.stderr}`) }));
  const byRoot = new Map<string, string[]>();
  for (const line of run.stdout.split('\n').filter(Boolean)) {
    const [root, problem] = line.split('\t') as [string, string];
    byRoot.set(root, [...(byRoot.get(root) ?? []), problem]);
  }
  return [...byRoot].map(([root, problems]) => ({ root, language: 'r', message: firstLines(problems.join('\n')) }));
}

export function checkStata(roots: readonly string[]): BuildFailure[] {
  return roots.filter((r) => existsSync(join(r, 'stata'))).flatMap((root) => {
    const files = filesUnder(join(root, 'stata'), () => true).map((path) => ({ path: relative(join(root, 'stata'), path), contents: readFileSync(path, 'utf8') }));
    const problems = checkStataPackage(files);
    return problems.length > 0 ? [{ root, language: 'stata' as const, message: firstLines(problems.map((d) => formatDiagnostic(d)).join('\n')) }] : [];
  });
}

/** Every language's check over every root; the failures, none when all build. */
export function checkBuilds(roots: readonly string[]): BuildFailure[] {
  const absolute = roots.map((r) => resolve(r));
  return [...checkTypeScript(absolute), ...checkPython(absolute), ...checkR(absolute), ...checkStata(absolute)];
}
