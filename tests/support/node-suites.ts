/**
 * The suites a quick run (TEST_QUICK=true: the repeat of the suite on a second Node version, after the full
 * run on the first; ./run-profile.ts) runs: the ones whose subject goes through something Node itself
 * provides and a Node release can change. Each group says what. The rest (GraphQL semantics, SQL, the domain
 * rules, the review desk's logic, the browser pages) runs the same JavaScript on the same engines either
 * way and is covered by the full run; a file in neither list would be a suite the quick run forgot, so
 * tests/node-suites.test.ts checks that every test file is named here or in `notNodeSensitive`.
 */
export const nodeSensitiveSuites: Record<string, string[]> = {
  'the version check itself: the workers and the processes they start run the expected Node': [
    'node-version',
  ],
  'HTTP: Node http server, fetch/undici, Request/Response, streams, body limits, SSE': [
    'server/protocol',
    'server/stream-caps',
    'server/backpressure',
    'server/health',
    'server/observability',
  ],
  'WebSockets and raw sockets: ws over node:net, upgrade handling, close codes': [
    'server/connection-init',
    'server/ws-adapter-parity',
    'server/socket-caps',
    'live/subscriptions',
  ],
  'child processes, signals and the pg driver over TCP; Redis between processes': [
    'server/lifecycle',
    'server/fault-point',
    'server/faults',
    'live/multi-process',
    'live/transient-failures',
    'server/replicas',
    'db/replica-retry',
  ],
  'the CLIs, run through tsx (its loader hooks follow Node module internals)': [
    'scripts/sources-cli',
    'scripts/admin-api',
  ],
  'crypto (API key hashing and comparison)': ['server/auth'],
  'timers, AbortSignal and AsyncLocalStorage (deadlines, tracing context)': [
    'server/deadlines',
    'server/tracing',
  ],
  'DNS lookups, address parsing (net.BlockList, URL) for the feed poller': [
    'sources/poller-guard',
    'sources/address-guard',
    'sources/poller',
    'domain/urls',
  ],
  'ICU: Unicode normalization, property escapes and segmentation over Arabic text': [
    'arabic/normalize',
    'arabic/tokens',
    'arabic/linker',
    'arabic/candidates',
    'arabic/meetings',
    'arabic/search-terms',
    'arabic/near-duplicates',
    'arabic/seed-linking',
    'arabic/ambiguous-aliases',
    'arabic/gold-eval',
  ],
  'V8 garbage collection: a closed app leaves nothing reachable (each worker runs its files in one module graph)':
    ['server/closed-app'],
  'WebAssembly (PGlite) under the whole API, and BigInt parsing of log positions': [
    'server/api-model',
    'schema/mutations',
    'domain/ingest',
    'read/parity',
    'db/wal-positions-and-replica-config',
  ],
};

/** Every other suite, for the completeness check: what it tests does not depend on the Node version. */
export const notNodeSensitive = [
  'bench/equivalence',
  'domain/articles',
  'domain/concurrent-edits',
  'domain/fact-check',
  'domain/ingest-cli',
  'domain/roles',
  'domain/seed-corrections',
  'live/cohort-context',
  'live/cohort-key',
  'live/review-queue',
  'node-suites',
  'operation/analysis',
  'operation/figures-cache',
  'operation/fuzz',
  'operation/list-caps',
  'operation/merge-work',
  'operation/variable-uses',
  'read/columns',
  'read/hostile-read',
  'read/lint-raw-sql',
  'read/meeting-date-copy',
  'read/plan-cache',
  'read/search',
  'read/sql-snapshots',
  'read/statements',
  'schema/actor-pages',
  'schema/candidate-meetings',
  'schema/codecs',
  'schema/editor-inputs',
  'schema/nested-queries',
  'schema/review-decisions',
  'schema/schema-file',
  'schema/strict-inputs',
  'seeds/seed-data',
  'server/admin-keys',
  'server/client-address',
  'server/cost-limits',
  'server/errors',
  'server/idempotency',
  'server/key-revocation',
  'server/limits',
  'server/metrics-access',
  'server/pages',
  'server/payload-access',
  'server/pothos-errors-are-typed',
  'server/rate-limit',
  'server/read-rate-limit',
  'server/replicas-hostile',
  'server/response-cache-writes',
  'server/response-cache',
  'server/review-access',
  'server/review-desk',
  'server/routes-path',
  'server/start-command',
  'server/startup-lock',
  'server/ticker',
  'soak/checker',
  'sources/backoff',
  'sources/leases',
  'sources/source-mutations',
  'vocabulary',
];

/** vitest `include` globs for a quick run. */
export const quickRunInclude = Object.values(nodeSensitiveSuites)
  .flat()
  .map((suite) => `tests/${suite}.test.ts`);
