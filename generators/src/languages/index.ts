/**
 * The languages bdgen emits: one registration line each. Everything else
 * about a language is in its folder (`languages/<id>/`, its target record)
 * and its templates (`templates/<id>/`).
 */
import { python } from './python/target.js';
import { r } from './r/target.js';
import { stata } from './stata/target.js';
import type { LanguageTarget } from './target.js';
import { typescript } from './ts/target.js';

export const TARGETS = [typescript, python, r, stata] as const satisfies readonly LanguageTarget[];

export type LanguageId = (typeof TARGETS)[number]['id'];
export const LANGUAGE_IDS: readonly LanguageId[] = TARGETS.map((t) => t.id);
export const LANGUAGES = Object.fromEntries(TARGETS.map((t) => [t.id, t])) as unknown as Readonly<Record<LanguageId, LanguageTarget>>;
export const readyLanguages = (): LanguageId[] => [...LANGUAGE_IDS];
export type { LanguageTarget } from './target.js';
