import fc from 'fast-check';

/**
 * What kind of run this is, from switches .ci/run sets (see CONTRIBUTING.md, "Node versions").
 * - TEST_QUICK=true: a repeat of the suite on a second Node version, after the full run on the first. It
 *   runs only the suites whose subject goes through something Node provides and a release can change
 *   (./node-suites.ts lists them by what they exercise: HTTP, WebSocket and raw sockets, streams, timers,
 *   crypto, child processes, DNS, ICU, WebAssembly: PGlite, and the pg driver over TCP), and within them
 *   drops repeats of what does not change with Node:
 *   - property tests run a tenth of their examples (the full counts already ran on the first version);
 *   - the database-backed suites run on PGlite only (testDatabases(), ./databases.ts): their PostgreSQL
 *     half tests the server's SQL, locks and transactions. PostgreSQL through the pg driver still runs on
 *     Node 24 in the suites that are about it: server processes (lifecycle, fault-point, faults,
 *     multi-process with Redis) and the read replicas (replicas.test.ts, replica-retry.test.ts).
 * - TEST_EXPECT_NODE_MAJOR=N: the run must be on Node N; tests/node-version.test.ts fails otherwise.
 */
export const quickRun = process.env.TEST_QUICK === 'true';
export const expectedNodeMajor = process.env.TEST_EXPECT_NODE_MAJOR
  ? Number(process.env.TEST_EXPECT_NODE_MAJOR)
  : undefined;

/** The number of examples a property test runs: `full` normally, a tenth (at least 10) in a quick run. */
export function propertyRuns(full: number): number {
  return quickRun ? Math.max(10, Math.ceil(full / 10)) : full;
}

// Properties that do not name a count run fast-check's default (100), or a tenth of it in a quick run.
fc.configureGlobal({ numRuns: propertyRuns(100) });
