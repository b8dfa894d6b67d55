import type { TestProject } from 'vitest/node';
import { buildServer } from '../../scripts/build.mjs';
import { hasChromium, launchBrowserServer } from './browser';

const browserTests = /(ticker|review-desk)\.test\.ts$/;

/**
 * Child-process tests run the server as `npm start` does: the bundle in dist/, built once per test run.
 * The browser tests share one Chromium, started here when the run may include one of them (a run given
 * only other files starts none).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildServer();
  const files = process.argv.filter((arg) => arg.endsWith('.test.ts'));
  const wanted =
    hasChromium &&
    process.env.TEST_QUICK !== 'true' &&
    (!files.length || files.some((f) => browserTests.test(f)));
  const server = wanted ? await launchBrowserServer() : null;
  project.provide('chromiumEndpoint', server?.wsEndpoint() ?? null);
  return async () => {
    await server?.close();
  };
}
