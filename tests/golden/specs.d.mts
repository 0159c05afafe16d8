export declare const GOLDEN_SPECS: readonly { readonly name: string; readonly spec: string }[];
