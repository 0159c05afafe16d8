// Types of corpus-lib.mjs, for the tests that import it (tests/corpus).
import type ts from 'typescript';

export declare const HTTP_METHODS: readonly string[];
export declare function sha256(bytes: Uint8Array | string): string;
export declare function countOperations(doc: unknown): number;
export declare function parseWarningSummary(text: string): { total: number; byRule: [string, number][] };
export declare function countTsMethods(typescript: typeof ts, fileName: string, text: string): number;
export declare function formatTable(columns: readonly { key: string; title: string; align?: 'right' }[], rows: readonly Record<string, unknown>[]): string;
export declare function seconds(ms: number): string;
export type LanguageKey = 'ts' | 'python' | 'r' | 'stata';
export declare const LANGUAGES: readonly { key: LanguageKey; name: string; unit: string }[];
export interface GenerateOutput {
  written: string[];
  notGenerated: Map<string, string>;
  summary?: { total: number; byRule: [string, number][] };
}
export declare function parseGenerateOutput(stdout: string, stderr: string): GenerateOutput;
export declare function coverageProblem(language: LanguageKey, counts: { count: number; operations: number; skipped?: number }): string | undefined;
export declare function countCell(language: LanguageKey, counts: { count?: number; skipped?: number }): string;
export declare function parseROutput(stdout: string): { problems: string[]; functions?: number };
export declare function checkLogProblems(log: string): string[];
export interface LanguageCell { result: string; count?: number; skipped?: number }
export declare function languageTotals(rows: readonly { operations: number; languages?: Partial<Record<LanguageKey, LanguageCell>> }[]): {
  key: LanguageKey; name: string; unit: string; ok: number; failed: number; count: number; skipped: number; operations: number;
}[];
