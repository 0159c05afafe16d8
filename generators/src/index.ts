/** The generator as a library: each stage, for tests and for other tools. */
export * from './diagnostics.js';
export { loadSpec, type LoadedSpec } from './load/load-spec.js';
export { nodeAtPointer, nodeAtRef, pointerTokens } from './load/pointer.js';
export { validateSpec, LINT_RULES } from './validate/validate-spec.js';
export { bundleSpec } from './ir/bundle.js';
export { buildIR, buildIRFromDocument, type IRResult } from './ir/build-ir.js';
export type * from './ir/types.js';
export { splitWords } from './ir/words.js';
export * from './emit/types.js';
export * from './emit/naming.js';
export { loadTemplates, renderTemplate } from './emit/templates.js';
export { emitTypeScript } from './languages/ts/emit.js';
export { LANGUAGES, LANGUAGE_IDS, readyLanguages, type LanguageId } from './languages/index.js';
export { compileSpec, emitAll } from './generate.js';
export { planChanges, writeOutputs, type OutputPlan, type WriteReport } from './write/write-files.js';
export { buildProgram, runGenerate, runValidate, main, runCommandLine, EXIT_INVALID, EXIT_STALE } from './cli.js';
export { BUNDLED_SPEC, PROJECT_ROOT } from './paths.js';
