/**
 * Regenerates every language into a staging folder, from a copy of the spec
 * whose `info.version` is the release's: each emitter then writes the version
 * where its ecosystem reads it (pyproject.toml, DESCRIPTION, the Stata .pkg's
 * version line). What is not generated is stamped here: the TypeScript SDK's
 * hand-written package.json and the Stata .pkg's `Distribution-Date`.
 */
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { compileSpec } from '../compile.js';
import { SpecError } from '../diagnostics.js';
import { emitEach } from '../generate.js';
import { LANGUAGE_IDS, LANGUAGES, type LanguageId } from '../languages/index.js';
import { writeOutputs } from '../write/write-files.js';
import { rebasePlan, SPEC_FILE } from './checks.js';

export interface StagedPackages {
  /** The stamped spec, as it will be kept in spec/releases/. */
  readonly specFile: string;
  /** Each language's package folder in the staging folder. */
  readonly roots: Readonly<Record<LanguageId, string>>;
}

/** The spec's text with `info.version` set, its comments and layout kept. */
export function stampSpecText(text: string, version: string): string {
  const document = parseDocument(text);
  document.setIn(['info', 'version'], version);
  return document.toString({ lineWidth: 0 });
}

/** `YYYYMMDD`, the form Stata's `d Distribution-Date:` line takes. */
export const stataDate = (now: Date): string => now.toISOString().slice(0, 10).replace(/-/g, '');

// What the TypeScript package's folder holds beside its sources that is not its source: never staged.
const TS_NOT_STAGED = /(^|\/)(node_modules|dist)(\/|$)/;

export async function stagePackages(root: string, staging: string, version: string, now: Date): Promise<StagedPackages> {
  const specFile = join(staging, 'datalake.yaml');
  writeFileSync(specFile, stampSpecText(readFileSync(join(root, SPEC_FILE), 'utf8'), version));
  const compiled = await compileSpec(specFile, { locateWarnings: false });
  const outcomes = await emitEach(compiled, { languages: LANGUAGE_IDS });
  const refused = outcomes.filter((o) => !o.ok);
  if (refused.length > 0) throw new SpecError(refused.flatMap((o) => o.diagnostics));

  // The TypeScript SDK is generated into a hand-written package (sdk-ts): stage that package first.
  const tsRoot = join(root, LANGUAGES.ts.defaultRoot);
  cpSync(tsRoot, join(staging, LANGUAGES.ts.defaultRoot), { recursive: true, filter: (path) => !TS_NOT_STAGED.test(relative(tsRoot, path)) });
  // sdk-ts/tsconfig.json extends the project's base config by a relative path.
  cpSync(join(root, 'tsconfig.base.json'), join(staging, 'tsconfig.base.json'));

  const roots = {} as Record<LanguageId, string>;
  for (const outcome of outcomes) {
    if (!outcome.ok) continue;
    const plan = rebasePlan(outcome.output.plan, staging);
    writeOutputs([plan]);
    roots[outcome.language] = plan.root;
  }
  stampPackageJson(roots.ts, version);
  stampStataDate(roots.stata, now);
  return { specFile, roots };
}

function stampPackageJson(folder: string, version: string): void {
  const file = join(folder, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  manifest.version = version;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Adds `d Distribution-Date: YYYYMMDD` after the `d` lines: the date is the release's, not the spec's, so no emitter writes it. */
function stampStataDate(folder: string, now: Date): void {
  const name = readdirSync(folder).find((f) => f.endsWith('.pkg'));
  if (name === undefined) throw new Error(`the Stata package in ${folder} has no .pkg file`);
  const file = join(folder, name);
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => !l.startsWith('d Distribution-Date:'));
  const lastD = lines.map((l) => l.startsWith('d ')).lastIndexOf(true);
  lines.splice(lastD + 1, 0, `d Distribution-Date: ${stataDate(now)}`);
  writeFileSync(file, lines.join('\n'));
}
