import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// graphql ships CJS and ESM builds; two copies in one process break `instanceof` checks, so every
// import of it resolves to the one file the libraries use.
const graphqlEntry = require.resolve('graphql').replace(/index\.js$/, 'index.mjs');

export default defineConfig({
  root,
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database-backed suites are heavy; two workers match the machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
