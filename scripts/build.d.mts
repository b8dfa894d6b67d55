export declare const root: string;
export declare const serverBundle: string;
/** Bundles src/main.ts into dist/main.mjs and returns its path. */
export declare function buildServer(): Promise<string>;
