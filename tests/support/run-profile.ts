import fc from 'fast-check';

/**
 * What kind of run this is, from switches .ci/run sets (see CONTRIBUTING.md, "Node versions").
 * - TEST_QUICK=true: a repeat of the suite on a second Node version. Property tests run a tenth of their
 *   examples (the full counts already ran on the first version) and the browser test is skipped (Chromium is
 *   exercised on one version only).
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
