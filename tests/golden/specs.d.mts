/** `spec()` gives the spec's path (a corpus spec is fetched on first use). */
export declare const GOLDEN_SPECS: readonly { readonly name: string; readonly spec: () => string }[];
