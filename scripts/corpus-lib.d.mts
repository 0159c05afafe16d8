// Types of corpus-lib.mjs, for the tests that import it (tests/corpus).
import type ts from 'typescript';

export declare const HTTP_METHODS: readonly string[];
export declare function sha256(bytes: Uint8Array | string): string;
export declare function countOperations(doc: unknown): number;
export declare function parseWarningSummary(text: string): { total: number; byRule: [string, number][] };
export declare function countTsMethods(typescript: typeof ts, fileName: string, text: string): number;
export declare function formatTable(columns: readonly { key: string; title: string; align?: 'right' }[], rows: readonly Record<string, unknown>[]): string;
export declare function seconds(ms: number): string;
