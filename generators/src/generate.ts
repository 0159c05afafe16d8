/**
 * The pipeline, stage by stage: load -> validate -> IR -> emit -> (write).
 * Lint runs once per run. Nothing is written unless every stage and every
 * language succeeded.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { hasErrors, SpecError, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { bundleSpec } from './ir/bundle.js';
import { buildIRFromDocument } from './ir/build-ir.js';
import type { IR } from './ir/types.js';
import { loadRuntime, loadTemplates } from './emit/templates.js';
import { LANGUAGES, type LanguageId, type LanguageTarget } from './languages/index.js';
import { loadSpec, locateDiagnostics, type LoadedSpec, type LoadOptions } from './load/load-spec.js';
import { BUILT_IN_TEMPLATES, PROJECT_ROOT } from './paths.js';
import { strictly, validateSpec } from './validate/validate-spec.js';
import type { OutputPlan } from './write/write-files.js';

export interface CompileOptions extends LoadOptions {
  /** Every warning is an error (`--strict`); examples are then checked too. */
  readonly strict?: boolean;
  /** Run the lint rules (default). A server of an already validated spec (the local datalake) skips them. */
  readonly lint?: boolean;
  /** Check the spec's examples against their schemas (default true; `generate` skips them unless `--strict`). */
  readonly examples?: boolean;
  /** Give warnings a line and column (default true; `generate` only counts them). */
  readonly locateWarnings?: boolean;
}

export interface CompiledSpec {
  readonly spec: LoadedSpec;
  readonly ir: IR;
  /**
   * The bundled document the IR was built from (every `$ref` internal), for tools
   * beside the emitters: the local datalake checks requests against its schemas.
   * Emitters never see it: their only input is the IR.
   */
  readonly document: Record<string, unknown>;
  /** Warnings only: errors throw. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Load, validate and build the IR; throws `SpecError` with every error found. */
export async function compileSpec(specPath: string, options: CompileOptions = {}): Promise<CompiledSpec> {
  const spec = await loadSpec(specPath, { ...(options.allowRemoteRefs ? { allowRemoteRefs: true } : {}), ...(options.limits ? { limits: options.limits } : {}) });
  const lint = options.lint === false ? [] : await validateSpec(spec, options);
  if (hasErrors(lint)) throw new SpecError(lint);
  const document = await bundleSpec(spec);
  const { ir, diagnostics } = buildIRFromDocument(document);
  const strict = options.strict === true;
  const locateAll = strict || options.locateWarnings !== false;
  const located = locateAll ? locateDiagnostics(spec, diagnostics) : [
    ...locateDiagnostics(spec, diagnostics.filter((d) => d.severity === 'error')),
    ...diagnostics.filter((d) => d.severity !== 'error').map((d) => (d.file === undefined && d.pointer !== undefined ? { ...d, file: spec.rootFile } : d)),
  ];
  const all = sortDiagnostics([...lint, ...strictly(located, strict)]);
  if (hasErrors(all)) throw new SpecError(all);
  return { spec, ir, document, diagnostics: all };
}

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
