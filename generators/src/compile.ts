/**
 * The pipeline's first stages: load -> validate (lint, once) -> IR. What every
 * emitter starts from, and what the local datalake serves (it imports this
 * module alone, so serving loads no emitter).
 */
import { hasErrors, SpecError, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { bundleSpec } from './ir/bundle.js';
import { buildIRFromDocument } from './ir/build-ir.js';
import type { IR } from './ir/types.js';
import { loadSpec, locateDiagnostics, type LoadedSpec, type LoadOptions } from './load/load-spec.js';
import { strictly, validateSpec } from './validate/validate-spec.js';

/** For reading the compiled document's nodes: by JSON pointer (as written), or by a `$ref` (its fragment percent-decoded). */
export { nodeAtPointer, nodeAtRef } from './load/pointer.js';

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
