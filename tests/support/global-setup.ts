import { buildServer } from '../../scripts/build.mjs';

// Child-process tests run the server as `npm start` does: the bundle in dist/, built once per test run.
export default async function buildServerBundle(): Promise<void> {
  await buildServer();
}
