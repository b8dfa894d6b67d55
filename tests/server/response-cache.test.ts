import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor } from '../../src/domain/actors';
import { recordDevelopment } from '../../src/domain/developments';
import { startTestApp, type TestApp } from '../support/app';

const latest = `{ developments(last: 5) { totalCount edges { node { summary } } } actors(first: 10) { totalCount } }`;

describe('response cache for public queries', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false, env: { RESPONSE_CACHE_TTL_MS: '60000' } });
  });
  afterAll(() => app?.stop());

  const anonymous = (query: string) =>
    app.graphql<{ developments: { totalCount: number }; actors: { totalCount: number } }>(
      query,
      {},
      { authorization: '' },
    );

  it('answers a repeated query from memory, without touching the database', async () => {
    await anonymous(latest);
    app.database.statements.reset();
    const again = await anonymous(latest);
    expect(again.errors).toBeUndefined();
    expect(app.database.statements.count).toBe(0);
    expect(app.responseCache.hits).toBeGreaterThan(0);
  });

  it('executes a query once when many identical requests miss the cache together', async () => {
    app.responseCache.clear();
    app.database.statements.reset();
    await anonymous(latest);
    const once = app.database.statements.count;
    expect(once).toBeGreaterThan(0);
    app.responseCache.clear();
    app.database.statements.reset();
    const answers = await Promise.all(Array.from({ length: 10 }, () => anonymous(latest)));
    expect(answers.every((answer) => answer.errors === undefined)).toBe(true);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.data))).size).toBe(1);
    expect(app.database.statements.count).toBeLessThanOrEqual(once);
  });

  it('never serves an answer older than a committed development', async () => {
    const before = (await anonymous(latest)).data!.developments.totalCount;
    await recordDevelopment(app.domain, { kind: 'STATEMENT', summary: 'cache must see this' });
    const after = await anonymous(latest);
    expect(after.data!.developments.totalCount).toBe(before + 1);
  });

  it('drops cached answers after any other write too', async () => {
    const before = (await anonymous(latest)).data!.actors.totalCount;
    await createActor(app.domain, { kind: 'PERSON', nameEn: 'New Envoy' });
    expect((await anonymous(latest)).data!.actors.totalCount).toBe(before + 1);
  });

  it('drops cached answers when the log shows a write from another process', async () => {
    const before = (await anonymous(latest)).data!.developments.totalCount;
    // A write that this process's domain did not make: only the feed hears of it.
    await recordDevelopment(
      { prisma: app.database.prisma, onDevelopmentsCommitted: () => {} },
      { kind: 'STATEMENT', summary: 'from elsewhere' },
    );
    await app.feed.catchUp();
    expect((await anonymous(latest)).data!.developments.totalCount).toBe(before + 1);
  });

  it('never keeps an answer read before a write that committed while it ran', async () => {
    const count = `{ actors(first: 1) { totalCount } }`;
    const before = (await anonymous(count)).data!.actors.totalCount;
    app.responseCache.clear();
    // The count is read, then held until the write below has committed (and dropped the cache).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let read!: () => void;
    const wasRead = new Promise<void>((resolve) => (read = resolve));
    const original = app.database.prisma;
    app.database.prisma = original.$extends({
      query: {
        actor: {
          async count({ args, query }) {
            const result = await query(args);
            read();
            await held;
            return result;
          },
        },
      },
    }) as unknown as typeof original;
    try {
      const slow = anonymous(count);
      await wasRead;
      app.database.prisma = original;
      await createActor(app.domain, { kind: 'PERSON', nameEn: 'Committed Meanwhile' });
      release();
      // The slow answer is from before the write: it is given to its caller, but not kept for others.
      expect((await slow).data!.actors.totalCount).toBe(before);
      expect((await anonymous(count)).data!.actors.totalCount).toBe(before + 1);
    } finally {
      app.database.prisma = original;
      release();
    }
  });
});
