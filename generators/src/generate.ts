/**
 * The pipeline's last stages: emit every language, ready to write. Loading,
 * linting and building the IR are `compile.ts` (what the local datalake uses
 * too, without loading any emitter). Nothing is written unless every stage
 * and every language succeeded.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { CompiledSpec } from './compile.js';
import { hasErrors, SpecError, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { loadRuntime, loadTemplates } from './emit/templates.js';
import { LANGUAGES, type LanguageId, type LanguageTarget } from './languages/index.js';
import { locateDiagnostics } from './load/load-spec.js';
import { BUILT_IN_TEMPLATES, PROJECT_ROOT } from './paths.js';
import { strictly } from './validate/validate-spec.js';
import type { OutputPlan } from './write/write-files.js';

export { compileSpec, type CompiledSpec, type CompileOptions } from './compile.js';

/** A language's hand-written runtime, as its emitter receives it: its folder's files, then the shared files it ships. */
export function targetRuntime(target: LanguageTarget): ReadonlyMap<string, string> {
  const runtime = new Map(target.runtimeDir ? loadRuntime(resolve(PROJECT_ROOT, target.runtimeDir)) : []);
  for (const [path, from] of Object.entries(target.runtimeShared ?? {})) runtime.set(path, readFileSync(resolve(PROJECT_ROOT, from), 'utf8'));
  return runtime;
}

export interface EmitOptions {
  readonly languages: readonly LanguageId[];
  /** `<out>/<lang>` for every language, each a package of its own; default: each language's place in this project. */
  readonly outDir?: string;
  /** A folder of `<lang>/<template>` files laid over ours. */
  readonly templatesDir?: string;
  readonly strict?: boolean;
}

export interface EmittedLanguage {
  readonly language: LanguageId;
  readonly plan: OutputPlan;
}

/** Runs every language's emitter; throws `SpecError` if any reports an error, before anything is written. */
export async function emitAll(compiled: CompiledSpec, options: EmitOptions): Promise<{ outputs: EmittedLanguage[]; diagnostics: Diagnostic[] }> {
  const outputs: EmittedLanguage[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const language of options.languages) {
    const target = LANGUAGES[language];
    const templates = loadTemplates(language, BUILT_IN_TEMPLATES, options.templatesDir);
    const runtime = targetRuntime(target);
    const result = await target.emit({ ir: compiled.ir, templates, runtime, specName: basename(compiled.spec.rootFile), standalone: options.outDir !== undefined });
    diagnostics.push(...strictly(locateDiagnostics(compiled.spec, result.diagnostics), options.strict === true));
    const root = options.outDir ? resolve(options.outDir, language) : resolve(PROJECT_ROOT, target.defaultRoot);
    outputs.push({ language, plan: { root, files: result.files, ownedDirs: result.ownedDirs, leftovers: target.leftovers } });
  }
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) throw new SpecError(sorted);
  return { outputs, diagnostics: sorted };
}
