// Source and host leases (src/db/leases.ts): one poller per source at a time, fencing tokens, expiry on a
// crash, one request per host at a time. Two pollers on one database stand for two processes: on
// PostgreSQL each has a database client (connection pool) of its own.
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/client';
import {
  claimDueSource,
  fence,
  finishSourcePoll,
  LeaseLostError,
  releaseHostLease,
  tryHostLease,
  type SourceLease,
} from '../../src/db/leases';
import { applyMigrations } from '../../src/db/migrate';
import { SourcePoller } from '../../src/sources/poller';
import { createTestDatabase, testDatabases, type TestDatabase } from '../support/databases';
import { startFeedServer, type FeedServer } from '../fixtures/feeds/server';

describe.each(testDatabases())('leases on %s', (kind) => {
  let database: TestDatabase;
  let first: Database;
  let second: Database;
  let feeds: FeedServer;

  beforeAll(async () => {
    // A copy of the run's migrated database (tests/support/snapshots.ts): applyMigrations finds it done.
    database = await createTestDatabase(kind, 'migrated');
    first = await openDatabase(database.config);
    await applyMigrations(first);
    // PGlite is one embedded database per client: both pollers share it, as two processes share a server.
    second = kind === 'postgres' ? await openDatabase(database.config) : first;
    feeds = await startFeedServer();
  });
  afterAll(async () => {
    await feeds?.close();
    if (second && second !== first) await second.close();
    await first?.close();
    await database?.drop();
  });

  const reset = async () => {
    await first.prisma.article.deleteMany({ where: { sourceId: { not: null } } });
    await first.prisma.source.deleteMany();
    await first.prisma.hostLease.deleteMany();
  };

  it('two pollers on one database: each source polled by exactly one, one request per host at a time', async () => {
    await reset();
    const count = 6;
    for (let index = 0; index < count; index += 1)
      await first.prisma.source.create({
        data: {
          // The delay makes requests overlap if anything let two through at once.
          feedUrl: `${feeds.origin}/rss.xml?delay=60&n=${index}`,
          name: `مصدر ${index}`,
          fullTextAllowed: false,
          nextPollAt: new Date(Date.now() - 1000),
        },
      });
    const feedsConfig = {
      ...loadConfig({ NODE_ENV: 'test', FEEDS_ALLOW_PRIVATE: 'true', FEEDS_TICK_MS: '600000' }).feeds,
    };
    const logger = pino({ level: 'silent' });
    const pollers = [first, second].map(
      (db, index) =>
        new SourcePoller({
          prisma: db.prisma,
          domain: { prisma: db.prisma, onDevelopmentsCommitted: () => {} },
          feeds: feedsConfig,
          logger,
          owner: `poller-${index}`,
        }),
    );
    const before = feeds.requests.length;
    await Promise.all(pollers.map((poller) => poller.pollNow()));
    const feedRequests = feeds.requests.slice(before).filter((request) => request.path === '/rss.xml');
    // Each source was fetched exactly once (pollNow made them due once; a second poll needs a new lease).
    expect(feedRequests).toHaveLength(count);
    const sources = await first.prisma.source.findMany();
    expect(sources.every((source) => source.lastSuccessAt && source.leaseOwner === null)).toBe(true);
    // All sources share the fixture server's host: never two requests there at once.
    expect(feeds.maxInFlight).toBe(1);
    await Promise.all(pollers.map((poller) => poller.close()));
  });

  it('a crashed holder blocks its source only until the lease expires; its stale token changes nothing', async () => {
    await reset();
    const source = await first.prisma.source.create({
      data: { feedUrl: `${feeds.origin}/crash.xml`, name: 'crash', nextPollAt: new Date(Date.now() - 1000) },
    });
    const crashed = await claimDueSource(first.prisma, 'crashed', 300);
    expect(crashed?.sourceId).toBe(source.id);
    expect(await claimDueSource(second.prisma, 'other', 60_000)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const taken = await claimDueSource(second.prisma, 'other', 60_000);
    expect(taken?.sourceId).toBe(source.id);
    expect(taken!.token).toBe(crashed!.token + 1n);
    // The old holder wakes up: its fence fails and its outcome is not recorded.
    await expect(first.prisma.$transaction((tx) => fence(tx, crashed!))).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    expect(
      await finishSourcePoll(first.prisma, crashed!, { success: false, error: 'late', nextPollInMs: 0 }),
    ).toBe(false);
    expect((await first.prisma.source.findUniqueOrThrow({ where: { id: source.id } })).lastError).toBeNull();
    expect(await finishSourcePoll(second.prisma, taken!, { success: true, nextPollInMs: 60_000 })).toBe(true);
  });

  it('host leases: one holder at a time, released at once or by expiry', async () => {
    await first.prisma.hostLease.deleteMany();
    const held = await tryHostLease(first.prisma, 'news.test', 'a', 300);
    expect(held).not.toBeNull();
    expect(await tryHostLease(second.prisma, 'news.test', 'b', 300)).toBeNull();
    expect(await tryHostLease(second.prisma, 'other.test', 'b', 300)).not.toBeNull();
    await releaseHostLease(first.prisma, held!);
    const next = await tryHostLease(second.prisma, 'news.test', 'b', 300);
    expect(next).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await tryHostLease(first.prisma, 'news.test', 'a', 300)).not.toBeNull();
  });

  it('property: whatever the interleaving of claims, expiries and finishes, one valid holder at most', async () => {
    type Step = { kind: 'claim'; poller: number } | { kind: 'finish'; poller: number } | { kind: 'expire' };
    const step = fc.oneof(
      fc.record({ kind: fc.constant('claim' as const), poller: fc.nat(2) }),
      fc.record({ kind: fc.constant('finish' as const), poller: fc.nat(2) }),
      fc.constant({ kind: 'expire' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps: Step[]) => {
        await reset();
        const source = await first.prisma.source.create({
          data: { feedUrl: `${feeds.origin}/p.xml`, name: 'p', nextPollAt: new Date(Date.now() - 1000) },
        });
        const held: (SourceLease | null)[] = [null, null, null];
        // The model: the last token granted, and whether a lease is live (granted, not expired or finished).
        let granted = 0n;
        let live = false;
        const dbs = [first, second, first];
        for (const current of steps) {
          if (current.kind === 'expire') {
            await first.prisma.source.update({
              where: { id: source.id },
              data: { leaseExpiresAt: new Date(Date.now() - 60_000 - 1) },
            });
            live = false;
          } else if (current.kind === 'claim') {
            const lease = await claimDueSource(dbs[current.poller].prisma, `p${current.poller}`, 60_000);
            if (live) expect(lease).toBeNull();
            else {
              expect(lease?.token).toBe(granted + 1n);
              granted = lease!.token;
              held[current.poller] = lease;
              live = true;
            }
          } else {
            const lease = held[current.poller];
            if (!lease) continue;
            const recorded = await finishSourcePoll(dbs[current.poller].prisma, lease, {
              success: true,
              nextPollInMs: -60_000,
            });
            // Only the holder of the newest token records anything (expired or not: nobody took over).
            expect(recorded).toBe(lease.token === granted);
            if (recorded) live = false;
            held[current.poller] = null;
          }
        }
      }),
      { numRuns: kind === 'postgres' ? 40 : 60 },
    );
  });
});
