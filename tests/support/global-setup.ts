import type { TestProject } from 'vitest/node';
import { buildServer } from '../../scripts/build.mjs';
import { hasChromium, launchBrowserServer } from './browser';
import { makeSnapshots } from './snapshots';

const browserTests = /(ticker|review-desk)\.test\.ts$/;

/**
 * Child-process tests run the server as `npm start` does: the bundle in dist/, built once per test run.
 * Test apps start on copies of databases migrated (and seeded) once per run (./snapshots.ts).
 * The browser tests share one Chromium, started here when the run may include one of them (a run given
 * only other files starts none).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const files = process.argv.filter((arg) => arg.endsWith('.test.ts'));
  const wanted =
    hasChromium &&
    process.env.TEST_QUICK !== 'true' &&
    (!files.length || files.some((f) => browserTests.test(f)));
  const [built, snapshots, browser] = await Promise.allSettled([
    buildServer(),
    makeSnapshots(process.env.TEST_DATABASE_URL),
    wanted ? launchBrowserServer() : null,
  ]);
  if (built.status === 'rejected' || snapshots.status === 'rejected' || browser.status === 'rejected') {
    // What did start is stopped: the template databases must not stay behind on the shared server.
    if (snapshots.status === 'fulfilled') await snapshots.value.remove();
    if (browser.status === 'fulfilled') await browser.value?.close();
    throw [built, snapshots, browser].flatMap((result) =>
      result.status === 'rejected' ? [result.reason] : [],
    )[0];
  }
  const made = snapshots.value;
  const server = browser.value;
  project.provide('databaseSnapshots', made.snapshots);
  project.provide('chromiumEndpoint', server?.wsEndpoint() ?? null);
  return async () => {
    await server?.close();
    await made.remove();
  };
}
