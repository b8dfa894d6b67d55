// Read replicas against a real streaming replica (scripts/replica.sh; TEST_REPLICA_URL): queries read
// there, writes and the reads inside them on the primary, and a read that presents a write's log position
// sees that write whatever the replica's lag, over HTTP and graphql-ws, through Prisma and src/read alike,
// from the response cache too, and for live cohorts. Lag is made with pg_wal_replay_pause(), never waited.
import fc from 'fast-check';
import type { FormattedExecutionResult } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { globalId } from '../support/fixtures';
import { until } from '../support/api-model';
import { collect, wsClient } from '../support/graphql-ws';
import { post, rename, renameActor, replicaServerUrl, replicaSuite, type Answer } from '../support/replica';
import { quickRun } from '../support/run-profile';

const primaryServerUrl = process.env.TEST_DATABASE_URL;

const readBoth = /* GraphQL */ `
  query Names($slug: String!) {
    actor(slug: $slug) {
      nameEn
    }
    actors(first: 100) {
      edges {
        node {
          slug
          nameEn
        }
      }
    }
  }
`;
type Names = {
  actor: { nameEn: string } | null;
  actors: { edges: { node: { slug: string; nameEn: string } }[] };
};

/** The actor's name as each read path sees it: src/read's point read and Prisma's connection. */
async function namesOf(
  app: TestApp,
  slug: string,
  extensions?: Record<string, unknown>,
  token?: string | null,
) {
  const answer = await post<Names>(app, { query: readBoth, variables: { slug }, extensions }, { token });
  expect(answer.errors).toBeUndefined();
  return {
    point: answer.data?.actor?.nameEn,
    list: answer.data?.actors.edges.find((edge) => edge.node.slug === slug)?.node.nameEn,
  };
}

describe.skipIf(!replicaServerUrl || !primaryServerUrl)('read replicas (a real streaming replica)', () => {
  const slug = 'replica-probe';
  const suite = replicaSuite(replicaServerUrl, primaryServerUrl, { slug, nameEn: 'First' });

  it('reads on the replica, writes on the primary, and serves a presented position only where it was replayed', async () => {
    const served = suite.app.database.replicas!.served;
    const onReplica = served.replica;
    expect(await namesOf(suite.app, slug)).toEqual({ point: 'First', list: 'First' });
    expect(served.replica).toBe(onReplica + 1);

    await suite.control.pause();
    const lsn = await renameActor(suite.app, suite.actorId, 'Second');
    // Without a position: the paused replica's answer, the old name on both paths (so it was the replica).
    expect(await namesOf(suite.app, slug)).toEqual({ point: 'First', list: 'First' });
    // With the write's position: the primary, since the replica has not replayed it.
    const onPrimary = served.primary;
    expect(await namesOf(suite.app, slug, { readAfterLsn: lsn })).toEqual({
      point: 'Second',
      list: 'Second',
    });
    expect(served.primary).toBe(onPrimary + 1);

    // Replayed: the same position is now served by the replica.
    await suite.control.caughtUp(suite.app);
    const replicaBefore = served.replica;
    expect(await namesOf(suite.app, slug, { readAfterLsn: lsn })).toEqual({
      point: 'Second',
      list: 'Second',
    });
    expect(served.replica).toBe(replicaBefore + 1);

    const metrics = await (await fetch(suite.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/^database_replica_up\{replica="replica-1"\} 1$/m);
    expect(metrics).toMatch(/^database_replica_lag_bytes\{replica="replica-1"\} \d+$/m);
    expect(metrics).toMatch(/^database_reads_routed_total\{source="replica"\} [1-9]\d*$/m);
  });

  it('over graphql-ws too: the mutation answer carries its position, a query presenting it sees the write', async () => {
    const client = wsClient(suite.url, {
      connectionParams: { authorization: `Bearer ${suite.app.adminKey}` },
    });
    try {
      const once = async <T>(
        query: string,
        variables: Record<string, unknown>,
        extensions?: Record<string, unknown>,
      ) => {
        const results: Answer<T>[] = [];
        await new Promise<void>((resolve, reject) =>
          client.subscribe<T>(
            { query, variables, extensions },
            {
              next: (result) => void results.push(result as Answer<T>),
              error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
              complete: resolve,
            },
          ),
        );
        return results[0];
      };
      await suite.control.pause();
      const written = await once<{ updateActor: { nameEn: string } }>(rename, {
        input: { id: globalId('Actor', suite.actorId), nameEn: 'Third' },
      });
      expect(written.data?.updateActor.nameEn).toBe('Third');
      const lsn = written.extensions?.lsn as string;
      expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      const stale = await once<Names>(readBoth, { slug });
      expect(stale.data?.actor?.nameEn).not.toBe('Third');
      const fresh = await once<Names>(readBoth, { slug }, { readAfterLsn: lsn });
      expect(fresh.data?.actor?.nameEn).toBe('Third');
      const refused = await once<Names>(readBoth, { slug }, { readAfterLsn: 'yesterday' });
      expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      // A subscription too refuses a malformed position, with the same typed error.
      const subscribed = await new Promise<FormattedExecutionResult>((resolve, reject) =>
        client.subscribe(
          { query: 'subscription { developments { id } }', extensions: { readAfterLsn: 'later' } },
          { next: resolve, error: reject, complete: () => resolve({}) },
        ),
      );
      expect(subscribed.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'extensions.readAfterLsn',
      });
    } finally {
      await client.dispose();
    }
  });

  it('refuses a position that is malformed or ahead of the database, with BAD_USER_INPUT', async () => {
    for (const readAfterLsn of ['nonsense', '0/', '1/2/3', 42, { lsn: '0/1' }, 'FFFFFFFF/FFFFFFFF']) {
      const answer = await post<Names>(suite.app, {
        query: readBoth,
        variables: { slug },
        extensions: { readAfterLsn },
      });
      expect(answer.data ?? null, JSON.stringify(readAfterLsn)).toBeNull();
      expect(answer.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'extensions.readAfterLsn',
      });
    }
  });

  it('never refills the response cache from a replica that lacks the newest write known to the process', async () => {
    const cached = await startTestApp('postgres', {
      seed: false,
      replicaServerUrls: [replicaServerUrl!],
      env: { RESPONSE_CACHE_TTL_MS: '60000' },
    });
    try {
      const id = (
        await cached.database.prisma.actor.create({ data: { slug, kind: 'STATE', nameEn: 'Cached' } })
      ).id;
      await suite.control.caughtUp(cached);
      expect(await namesOf(cached, slug, undefined, null)).toEqual({ point: 'Cached', list: 'Cached' });
      await suite.control.pause();
      await renameActor(cached, id, 'Written');
      // Anonymous, no position: the cache was dropped by the write, and its refill must include the write.
      const hits = cached.responseCache.hits;
      expect(await namesOf(cached, slug, undefined, null)).toEqual({ point: 'Written', list: 'Written' });
      expect(await namesOf(cached, slug, undefined, null)).toEqual({ point: 'Written', list: 'Written' });
      expect(cached.responseCache.hits).toBe(hits + 1);

      // A write this process has not heard of (another process's, here one made behind the app's back):
      // the client's position drops the cached answer, which is refilled where the write is.
      const elsewhere = await cached.database.prisma.actor.update({
        where: { id },
        data: { nameEn: 'Elsewhere' },
      });
      expect(elsewhere.nameEn).toBe('Elsewhere');
      // No commit hook ran: the cache still has the old answer...
      expect(await namesOf(cached, slug, undefined, null)).toEqual({ point: 'Written', list: 'Written' });
      // ...until a client presents a position at or past that write.
      const { rows } = await cached.database.pool!.query<{ lsn: string }>(
        'SELECT pg_current_wal_lsn()::text AS lsn',
      );
      expect(await namesOf(cached, slug, { readAfterLsn: rows[0].lsn }, null)).toEqual({
        point: 'Elsewhere',
        list: 'Elsewhere',
      });
    } finally {
      await suite.control.caughtUp();
      await cached.stop();
    }
  });

  it('runs a live entry where its commit has been replayed: a paused replica never blanks a delivery', async () => {
    const client = wsClient(suite.url);
    try {
      const subscription = collect<{ developments: { summary: string; actors: { slug: string }[] } }>(
        client,
        'subscription { developments { summary actors { slug } } }',
        {},
        1,
      );
      await until(
        () => suite.app.cohorts.stats.subscribers >= 1,
        10_000,
        () => 'the subscription to register',
      );
      await suite.control.pause();
      const written = await post(suite.app, {
        query: 'mutation($input: RecordDevelopmentInput!) { recordDevelopment(input: $input) { id } }',
        variables: {
          input: {
            kind: 'STATEMENT',
            summary: 'Said while the replica lags',
            actorIds: [globalId('Actor', suite.actorId)],
          },
        },
      });
      expect(written.errors).toBeUndefined();
      const [delivery] = await subscription.done;
      expect(delivery.errors).toBeUndefined();
      expect(delivery.data?.developments).toEqual({
        summary: 'Said while the replica lags',
        actors: [{ slug }],
      });
    } finally {
      await client.dispose();
    }
  });

  it('property: a read presenting the last write position sees that write, whatever the lag (fast-check)', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), name: fc.stringMatching(/^[A-Z][a-z]{1,8}$/) }),
      fc.constant({ kind: 'pause' as const }),
      fc.constant({ kind: 'resume' as const }),
      fc.constant({ kind: 'readOwn' as const }),
      fc.constant({ kind: 'readAny' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        await suite.control.caughtUp(suite.app);
        const start = (
          await suite.app.database.prisma.actor.findUniqueOrThrow({ where: { id: suite.actorId } })
        ).nameEn;
        const written = [start];
        let position: string | null = null;
        for (const current of steps) {
          if (current.kind === 'pause') await suite.control.pause();
          else if (current.kind === 'resume') await suite.control.resume();
          else if (current.kind === 'write') {
            position = await renameActor(suite.app, suite.actorId, current.name);
            written.push(current.name);
          } else {
            const names = await namesOf(
              suite.app,
              slug,
              current.kind === 'readOwn' && position ? { readAfterLsn: position } : undefined,
            );
            if (current.kind === 'readOwn')
              expect(names).toEqual({ point: written.at(-1), list: written.at(-1) });
            // Without a position, any name that was ever written (the replica may lag, never invent).
            else expect(written).toEqual(expect.arrayContaining([names.point, names.list]));
          }
        }
      }),
      { numRuns: quickRun ? 3 : 12 },
    );
  }, 120_000);
});

describe.skipIf(!primaryServerUrl)('read replicas: one that cannot be reached', () => {
  it('is skipped: reads go to the primary, and nothing fails', async () => {
    const app = await startTestApp('postgres', {
      seed: false,
      replicaServerUrls: ['postgres://postgres@127.0.0.1:1/unused'],
    });
    try {
      await app.database.prisma.actor.create({ data: { slug: 'lonely', kind: 'STATE', nameEn: 'Lonely' } });
      expect(await namesOf(app, 'lonely')).toEqual({ point: 'Lonely', list: 'Lonely' });
      expect(app.database.replicas!.positions).toEqual([{ name: 'replica-1', replayed: null }]);
      expect(app.database.replicas!.served.replica).toBe(0);
      await renameActor(app, (await app.database.prisma.actor.findFirstOrThrow()).id, 'Still');
    } finally {
      await app.stop();
    }
  });
});
