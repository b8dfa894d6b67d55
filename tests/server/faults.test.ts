import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDevelopment } from '../../src/domain/developments';
import { encodeCursor } from '../../src/cursors';
import { startTestApp, type TestApp } from '../support/app';
import { createTestDatabase, testDatabases, type TestDatabase } from '../support/databases';
import { collect, wsClient } from '../support/graphql-ws';
import { startProxy, startServerProcess, type ServerProcess } from '../support/processes';

const serverUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI && !serverUrl)
  throw new Error('CI must set TEST_DATABASE_URL: database outages are tested against a real PostgreSQL');

const until = async (check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('condition not met in time');
};

describe.skipIf(!serverUrl)('PostgreSQL outage (child process behind a TCP proxy)', () => {
  let database: TestDatabase;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let server: ServerProcess;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const target = new URL((database.config as { url: string }).url);
    proxy = await startProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(target);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    // Without the response cache, so the repeated query must reach the database during the outage.
    server = await startServerProcess({
      DATABASE_URL: viaProxy.toString(),
      SEED_ON_EMPTY: 'false',
      LIVE_POLL_MS: '500',
      RESPONSE_CACHE_TTL_MS: '0',
    });
    base = server.url.replace(/\/graphql$/, '');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await database?.drop();
  });

  const query = async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Both database paths: the Prisma client (developments) and the driver reader (actor, src/read/driver.ts).
      body: JSON.stringify({
        query: `{ developments(last: 1) { edges { node { id } } } actor(slug: "nobody") { name } }`,
      }),
    });
    return (await response.json()) as {
      data?: unknown;
      errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
    };
  };

  it('answers SERVICE_UNAVAILABLE and /ready 503 while the database is unreachable, stays up, and recovers', async () => {
    expect((await query()).errors).toBeUndefined();
    expect((await fetch(`${base}/ready`)).status).toBe(200);

    await proxy.cut();
    const failed = await query();
    expect(failed.errors?.[0]).toMatchObject({
      message: 'The database is unavailable; try again shortly',
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
    expect(failed.errors?.map((error) => [error.path?.[0], error.extensions?.code]).sort()).toEqual([
      ['actor', 'SERVICE_UNAVAILABLE'],
      ['developments', 'SERVICE_UNAVAILABLE'],
    ]);
    expect(JSON.stringify(failed)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|SELECT/);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/database/);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();

    await proxy.restore();
    await until(async () => (await query()).errors === undefined);
    await until(async () => (await fetch(`${base}/ready`)).status === 200);
    expect(server.child.exitCode).toBeNull();
  });
});

describe.each(testDatabases())('a crash between commit and publish loses nothing on %s', (kind) => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false, env: { LIVE_POLL_MS: '200' } });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('delivers developments whose announcement never happened to live and resuming subscribers', async () => {
    const feed = `subscription ($after: String) { developments(after: $after) { sequence summary } }`;
    const before = (await app.database.prisma.feedCounter.findUnique({ where: { id: 1 } }))?.value ?? 0;
    const live = wsClient(url);
    const sub = collect<{ developments: { sequence: number; summary: string } }>(live, feed, {}, 3);
    for (let tries = 0; tries < 300 && app.cohorts.stats.subscribers === 0; tries += 1)
      await new Promise((r) => setTimeout(r, 10));

    // The transaction commits, then the process "dies" before telling the feed: nobody calls announce.
    const silent = { ...app.domain, onDevelopmentsCommitted: () => {} };
    const written = [];
    for (let index = 0; index < 3; index += 1)
      written.push(await recordDevelopment(silent, { kind: 'STATEMENT', summary: `unannounced ${index}` }));

    const results = await sub.done;
    expect(results.map((result) => result.data!.developments.sequence)).toEqual(
      written.map((item) => item.sequence),
    );
    await live.dispose();

    const resumed = wsClient(url);
    const again = await collect<{ developments: { sequence: number; summary: string } }>(
      resumed,
      feed,
      { after: encodeCursor('sequence', before) },
      3,
    ).done;
    expect(again.map((result) => result.data!.developments.summary)).toEqual([
      'unannounced 0',
      'unannounced 1',
      'unannounced 2',
    ]);
    await resumed.dispose();
  });
});
