import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { quickRunInclude } from './support/node-suites';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// graphql ships CJS (index.js) and ESM (index.mjs) builds. Node resolves every import of it, ESM or not,
// to index.js (the package has no exports map); Vite would pick index.mjs for our sources, and two
// copies break `instanceof` checks. So our sources get the same file Node gives the libraries.
const graphqlEntry = require.resolve('graphql');

export default defineConfig({
  root,
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    // A quick run (TEST_QUICK=true, the repeat on a second Node version) takes the Node-sensitive suites only.
    include: process.env.TEST_QUICK === 'true' ? quickRunInclude : ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Reads the run's switches (TEST_QUICK) and sets fast-check's default number of examples.
    setupFiles: ['tests/support/run-profile.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database-backed suites are heavy; two workers match the machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
    // A worker runs its files one after another in one module graph: the app's modules (Prisma's client,
    // the schema, PGlite) load once per worker, not once per file; loading them, and starting a process per
    // file, was about half of the suite's time. The tests keep no state in modules (no vi.mock, fake timers
    // or spies); every app is built by buildApp with its own database, caches and registries, and a closed
    // app leaves nothing reachable (the process-wide metrics in src/server/metrics.ts once kept every
    // closed app's database, 7-9 GB per worker by the end of a run).
    isolate: false,
    reporters: ['default'],
  },
});
