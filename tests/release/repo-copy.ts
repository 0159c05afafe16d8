/**
 * A temporary copy of the repository for release tests: the spec, its
 * releases, sdk-ts's sources, and every language's generated code written
 * fresh by the generators under test (so the copy starts releasable); the
 * project's node_modules and .venv linked, never copied. The real repository
 * is only read.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { compileSpec } from '../../generators/src/compile.js';
import { emitEach } from '../../generators/src/generate.js';
import { LANGUAGE_IDS } from '../../generators/src/languages/index.js';
import { PROJECT_ROOT } from '../../generators/src/paths.js';
import { rebasePlan } from '../../generators/src/release/checks.js';
import { writeOutputs } from '../../generators/src/write/write-files.js';

export interface RepoCopy {
  readonly root: string;
  /** Edits the copy's spec/datalake.yaml through a text replacement, which must match. */
  editSpec(from: string, to: string): void;
  /** Writes every language's generated code for the copy's spec into the copy. */
  regenerate(): Promise<void>;
  remove(): void;
}

const SKIPPED = /(^|\/)(node_modules|dist)(\/|$)/;

export async function copyRepository(): Promise<RepoCopy> {
  const root = mkdtempSync(join(tmpdir(), 'bdgen-release-'));
  for (const path of ['spec', 'sdk-ts', 'tsconfig.base.json']) {
    cpSync(join(PROJECT_ROOT, path), join(root, path), { recursive: true, filter: (p) => !SKIPPED.test(relative(PROJECT_ROOT, p)) });
  }
  // Only this test's files in the copy's releases: the real CHANGELOG (if any) is not the copy's history.
  rmSync(join(root, 'spec/releases/CHANGELOG.md'), { force: true });
  for (const linked of ['node_modules', '.venv']) {
    if (existsSync(join(PROJECT_ROOT, linked))) symlinkSync(join(PROJECT_ROOT, linked), join(root, linked), 'dir');
  }
  const copy: RepoCopy = {
    root,
    editSpec(from, to) {
      const file = join(root, 'spec/datalake.yaml');
      const text = readFileSync(file, 'utf8');
      if (!text.includes(from)) throw new Error(`the spec has no ${JSON.stringify(from)}`);
      writeFileSync(file, text.replace(from, to));
    },
    async regenerate() {
      const compiled = await compileSpec(join(root, 'spec/datalake.yaml'), { locateWarnings: false });
      for (const outcome of await emitEach(compiled, { languages: LANGUAGE_IDS })) {
        if (!outcome.ok) throw new Error(`${outcome.language} not generated: ${outcome.diagnostics.map((d) => d.message).join('; ')}`);
        writeOutputs([rebasePlan(outcome.output.plan, root)]);
      }
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  await copy.regenerate();
  return copy;
}

/** Every file under `dir` with its size and modification time: to prove a dry run wrote nothing. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isSymbolicLink()) out.push(relative(dir, path));
      else if (entry.isDirectory()) walk(path);
      else out.push(`${relative(dir, path)} ${statSync(path).size}:${statSync(path).mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}
