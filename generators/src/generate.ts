/**
 * The pipeline's last stages: emit every language, ready to write. Loading,
 * linting and building the IR are `compile.ts` (what the local datalake uses
 * too, without loading any emitter). Each language is emitted on its own: one
 * language's trouble with a spec is its own outcome, never the others'.
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

/** One language's outcome: its files, or the errors that kept it from being written. */
export type LanguageOutcome =
  | { readonly language: LanguageId; readonly ok: true; readonly output: EmittedLanguage; readonly diagnostics: readonly Diagnostic[] }
  | { readonly language: LanguageId; readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Runs each language's emitter on its own: a language whose emitter reports
 * an error (or fails) is that language's outcome and never stops the others.
 */
export async function emitEach(compiled: CompiledSpec, options: EmitOptions): Promise<LanguageOutcome[]> {
  const outcomes: LanguageOutcome[] = [];
  for (const language of options.languages) {
    const target = LANGUAGES[language];
    let result: Awaited<ReturnType<LanguageTarget['emit']>>;
    try {
      const templates = loadTemplates(language, BUILT_IN_TEMPLATES, options.templatesDir);
      result = await target.emit({ ir: compiled.ir, templates, runtime: targetRuntime(target), specName: basename(compiled.spec.rootFile), standalone: options.outDir !== undefined });
    } catch (error) {
      // A bug of one emitter (or a template it cannot render) is that language's failure, said in one paragraph.
      if (error instanceof SpecError) {
        outcomes.push({ language, ok: false, diagnostics: sortDiagnostics(error.diagnostics) });
        continue;
      }
      const message = error instanceof Error ? error.message : String(error);
      outcomes.push({ language, ok: false, diagnostics: [{ severity: 'error', rule: `${language}/emitter-failed`, pointer: '#', message: `the ${target.displayName} emitter failed on this spec: ${message}. This is a bug of bdgen; the other languages are not affected.` }] });
      continue;
    }
    const diagnostics = sortDiagnostics(strictly(locateDiagnostics(compiled.spec, result.diagnostics), options.strict === true));
    if (hasErrors(diagnostics)) {
      outcomes.push({ language, ok: false, diagnostics });
      continue;
    }
    const root = options.outDir ? resolve(options.outDir, language) : resolve(PROJECT_ROOT, target.defaultRoot);
    outcomes.push({ language, ok: true, diagnostics, output: { language, plan: { root, files: result.files, ownedDirs: result.ownedDirs, leftovers: target.leftovers } } });
  }
  return outcomes;
}

/** Every language's emitter; throws `SpecError` if any reports an error, before anything is written (for callers that need them all). */
export async function emitAll(compiled: CompiledSpec, options: EmitOptions): Promise<{ outputs: EmittedLanguage[]; diagnostics: Diagnostic[] }> {
  const outcomes = await emitEach(compiled, options);
  const diagnostics = sortDiagnostics(outcomes.flatMap((o) => o.diagnostics));
  if (hasErrors(diagnostics)) throw new SpecError(diagnostics);
  return { outputs: outcomes.flatMap((o) => (o.ok ? [o.output] : [])), diagnostics };
}
