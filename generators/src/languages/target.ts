/**
 * A language's target record: everything about a language that is not in its
 * emitter, in one place. Registering a language is one line in `index.ts`.
 */
import type { Emitter } from '../emit/types.js';
import type { IR } from '../ir/types.js';

export interface RunnerCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Extra environment, beside the datalake's. */
  readonly env?: Readonly<Record<string, string>>;
}

/** How the conformance suite starts this language's runner (tests/conformance/README.md). */
export interface ConformanceRunner {
  /** Why the runner cannot start on this machine (with what to run), or null when it can. */
  missingToolchain(root: string): string | null;
  command(root: string, outDir: string): RunnerCommand;
}

export interface LanguageTarget {
  readonly id: string;
  readonly displayName: string;
  /** Output root, relative to the project root, when `--out` is not given. */
  readonly defaultRoot: string;
  readonly emit: Emitter;
  /** Its hand-written runtime, relative to the project root, handed to the emitter as `input.runtime`. */
  readonly runtimeDir?: string;
  /**
   * Files kept outside `runtimeDir` that its runtime ships too (tables shared
   * by every language's tests), by their path in the runtime folder ->
   * their path from the project root.
   */
  readonly runtimeShared?: Readonly<Record<string, string>>;
  /** The script (relative to the project root) that installs what its tests and runner need. */
  readonly setup?: string;
  /** Languages whose generated package this one's package calls (Stata calls Python's): generated with it for its runner. */
  readonly uses?: readonly string[];
  readonly conformance?: ConformanceRunner;
  /**
   * The API-surface listing: one line per public function, class, option and exported name,
   * with its parameters and types as the language's users see them; sorted. The package ships it as `API.txt`.
   */
  readonly surface?: (ir: IR) => string[];
  /** Files its tools leave in generated folders (caches, build output): never pruned, never reported. */
  readonly leftovers: RegExp;
}
