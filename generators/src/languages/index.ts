/**
 * The languages bdgen targets. Adding one is an emitter, a template folder, a
 * runtime and a conformance runner; this table is the only other place that
 * names them.
 */
import { emitPython } from './python/emit-python.js';
import { emitTypeScript } from './ts/emit-typescript.js';
import type { Emitter } from '../emit/types.js';

export const LANGUAGE_IDS = ['ts', 'python', 'r', 'stata'] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

export interface LanguageTarget {
  readonly id: LanguageId;
  readonly displayName: string;
  /** Output root, relative to the project root, when `--out` is not given. */
  readonly defaultRoot: string;
  /** The emitter; absent while the language is still planned. */
  readonly emit?: Emitter;
  /** Its hand-written runtime, relative to the project root, handed to the emitter as `input.runtime`. */
  readonly runtimeDir?: string;
  /** Where the work to add it is tracked, for the refusal message. */
  readonly plannedIn?: string;
}

export const LANGUAGES: Readonly<Record<LanguageId, LanguageTarget>> = {
  ts: { id: 'ts', displayName: 'TypeScript', defaultRoot: 'sdk-ts', emit: emitTypeScript },
  python: { id: 'python', displayName: 'Python', defaultRoot: 'out/python', emit: emitPython, runtimeDir: 'generators/src/languages/python/runtime' },
  r: { id: 'r', displayName: 'R', defaultRoot: 'out/r', plannedIn: 'a later issue' },
  stata: { id: 'stata', displayName: 'Stata', defaultRoot: 'out/stata', plannedIn: 'a later issue' },
};

export const readyLanguages = (): LanguageId[] => LANGUAGE_IDS.filter((id) => LANGUAGES[id].emit !== undefined);
