// Bundles the server into dist/main.mjs for `npm start`: plain Node then runs it, without the TypeScript
// loader in every process (about 110 MB less resident memory, bench/speed-work.md, "The server runs as a bundle"). Packages stay in
// node_modules; only our sources (and the generated Prisma client) are bundled. Takes well under a second.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverBundle = path.join(root, 'dist/main.mjs');

/**
 * V8 settings the server runs with, wherever it is started (`npm start` in package.json, the test and soak
 * processes, the bench; tests/server/start-command.test.ts checks package.json says the same). A young
 * generation of 64 MB semi-spaces instead of V8's 16: a cold nested read allocates a few MB of short-lived
 * objects (rows parsed from JSON, graphql-js results), and with 16 MB scavenges ran often enough to be a
 * fifth of the server's CPU and promoted objects that then needed full collections; with 64 MB, server CPU
 * per nested read fell 8.6-9.9 -> 6.8-7.8 ms in three alternating pairs (bench/speed-work.md, "A larger
 * young generation"). The cost is memory: up to about 100 MB more resident.
 */
export const serverV8Args = ['--max-semi-space-size=64'];
/** Node's arguments before the bundle: source maps for readable stacks in logs, and the V8 settings. */
export const serverNodeArgs = ['--enable-source-maps', ...serverV8Args];

export async function buildServer() {
  await build({
    entryPoints: [path.join(root, 'src/main.ts')],
    outfile: serverBundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  return serverBundle;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildServer();
