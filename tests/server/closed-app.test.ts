import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { startTestApp } from '../support/app';

// The suite runs its files one after another in each worker's one module graph (isolate: false in
// tests/vitest.config.ts): a closed app must leave nothing reachable from a module or from the process,
// or every file's databases stay in memory to the end of the run (7-9 GB per worker once, through
// prom-client's GC observer holding an app's registry).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let attempt = 0; attempt < 20 && ref.deref(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    collectGarbage();
  }
  return ref.deref() === undefined;
}

it('lets a closed app, its database and its metrics be collected', async () => {
  const refs = await (async () => {
    const app = await startTestApp('pglite');
    // Touch what a served request touches: the schema, the read engine, the metrics.
    expect(
      (await app.graphql('{ meetings(first: 2) { totalCount edges { node { title } } } }')).errors,
    ).toBeUndefined();
    await app.metrics.registry.metrics();
    const held = {
      app: new WeakRef(app),
      database: new WeakRef(app.database),
      metrics: new WeakRef(app.metrics),
    };
    await app.stop();
    return held;
  })();
  expect(await collected(refs.database), 'the database').toBe(true);
  expect(await collected(refs.metrics), 'the metrics').toBe(true);
  expect(await collected(refs.app), 'the app').toBe(true);
});
