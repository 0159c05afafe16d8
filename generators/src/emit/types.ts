/** What emitters take and give: pure functions from IR (+ templates) to files. */
import type { Diagnostic } from '../diagnostics.js';
import type { IR } from '../ir/types.js';

export interface GeneratedFile {
  /** Path relative to the language's output root, with `/` separators. */
  readonly path: string;
  readonly contents: string;
}

export interface EmitResult {
  readonly files: readonly GeneratedFile[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Folders (relative to the output root) that hold only generated files: the
   * writer deletes files in them that are no longer emitted.
   */
  readonly ownedDirs: readonly string[];
}

/** The templates (`*.hbs`, by name without extension) of one language. */
export interface TemplateSet {
  readonly language: string;
  readonly templates: ReadonlyMap<string, string>;
}

export interface EmitInput {
  readonly ir: IR;
  readonly templates: TemplateSet;
  /** Spec file name, quoted in the "generated" header (a name, not a path, so output is the same on every machine). */
  readonly specName: string;
  /**
   * Whether the output root is a package of its own (`--out`), rather than
   * this repository's place for the language (where `sdk-ts` keeps its
   * hand-written package files).
   */
  readonly standalone: boolean;
  /** The language's hand-written runtime (its target's `runtimeDir`), by path relative to that folder. */
  readonly runtime: ReadonlyMap<string, string>;
}

export type Emitter = (input: EmitInput) => Promise<EmitResult>;
