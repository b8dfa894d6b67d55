export declare const root: string;
export declare const serverBundle: string;
/** V8 settings the server runs with wherever it is started (see build.mjs). */
export declare const serverV8Args: readonly string[];
/** Node's arguments before the bundle: `--enable-source-maps` and serverV8Args. */
export declare const serverNodeArgs: readonly string[];
/** Bundles src/main.ts into dist/main.mjs and returns its path. */
export declare function buildServer(): Promise<string>;
