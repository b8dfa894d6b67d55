// Which failures of a replica's statement are retried on the primary (src/db/replica-retry.ts), on the
// error objects a real server and the real drivers make: pg's own, and @prisma/adapter-pg's
// DriverAdapterError around them. The retries themselves, on a real replica, are in
// tests/server/replicas-hostile.test.ts; this needs only the primary (and runs in the quick run too).
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicaAbandoned, ReplicaWatch, replicaFailure } from '../../src/db/replica-retry';
import { createTestDatabase, type TestDatabase } from '../support/databases';

const serverAvailable = Boolean(process.env.TEST_DATABASE_URL);

/** What `work` threw (it must throw). */
async function thrown(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe.skipIf(!serverAvailable)('replica failures: which are the replica’s', () => {
  let database: TestDatabase;
  let serverUrl: string;
  let admin: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    serverUrl = (database.config as { url: string }).url;
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  /**
   * The same failure through pg and through the Prisma adapter, each on a pool of one connection (whose
   * server process `before` is given, to set it up or end it).
   */
  async function bothWays(sql: string, before?: (session: pg.Pool, pid: number) => Promise<void>) {
    const errors: unknown[] = [];
    for (const via of ['pg', 'prisma'] as const) {
      const session = new pg.Pool({ connectionString: serverUrl, max: 1 });
      session.on('error', () => {});
      const { rows } = await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await before?.(session, rows[0].pid);
      const adapter: SqlDriverAdapter = await new PrismaPg(session).connect();
      errors.push(
        await thrown(() =>
          via === 'pg' ? session.query(sql) : adapter.queryRaw({ sql, args: [], argTypes: [] }),
        ),
      );
      await session.end().catch(() => {});
    }
    return errors;
  }
  const withTimeout = (session: pg.Pool) => session.query('SET statement_timeout = 20').then(() => {});
  const endedAfter50ms = async (_session: pg.Pool, pid: number) => {
    setTimeout(() => void admin.query('SELECT pg_terminate_backend($1)', [pid]), 50);
  };

  it('the statement’s own failures are not: bad input, our statement timeout', async () => {
    for (const error of await bothWays(`SELECT 'x'::int`)) expect(replicaFailure(error)).toBeNull();
    const timedOut = await bothWays('SELECT pg_sleep(1)', withTimeout);
    for (const error of timedOut) {
      expect(String((error as Error).message) + JSON.stringify(error)).toMatch(/statement timeout/);
      expect(replicaFailure(error)).toBeNull();
    }
  });

  it('a connection the server ends, or a server that refuses, is the replica’s (unavailable)', async () => {
    // The session is ended by the server while its statement runs (57P01, as a fast shutdown does).
    const ended = await bothWays('SELECT pg_sleep(5)', endedAfter50ms);
    for (const error of ended) expect(replicaFailure(error)).toBe('unavailable');
    const refused = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/test' });
    refused.on('error', () => {});
    const refusedAdapter = await new PrismaPg(refused).connect();
    expect(replicaFailure(await thrown(() => refused.query('SELECT 1')))).toBe('unavailable');
    expect(
      replicaFailure(
        await thrown(() => refusedAdapter.queryRaw({ sql: 'SELECT 1', args: [], argTypes: [] })),
      ),
    ).toBe('unavailable');
    await refused.end();
    // A client whose connection died: pg refuses it any further statement.
    const dead = new pg.Client({ connectionString: serverUrl });
    dead.on('error', () => {});
    await dead.connect();
    const { rows } = await dead.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(replicaFailure(await thrown(() => dead.query('SELECT 1')))).toBe('unavailable');
  });

  it('40001 is a conflict (on a hot standby, always one with recovery): the SQLSTATE a real server gives', async () => {
    // A serialization failure on the primary carries the same code a recovery conflict does; the real
    // recovery conflict is made on a replica in tests/server/replicas-hostile.test.ts.
    const [a, b] = [
      new pg.Client({ connectionString: serverUrl }),
      new pg.Client({ connectionString: serverUrl }),
    ];
    await a.connect();
    await b.connect();
    try {
      await a.query('CREATE TABLE replica_retry_probe (n int)');
      for (const client of [a, b]) await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      await a.query('SELECT count(*) FROM replica_retry_probe');
      await b.query('SELECT count(*) FROM replica_retry_probe');
      await a.query('INSERT INTO replica_retry_probe VALUES (1)');
      await b.query('INSERT INTO replica_retry_probe VALUES (2)');
      await a.query('COMMIT');
      const error = await thrown(() => b.query('COMMIT'));
      expect((error as { code?: string }).code).toBe('40001');
      expect(replicaFailure(error)).toBe('conflict');
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('property: however a real error is wrapped (causes, Prisma’s meta), it is judged the same (fast-check)', async () => {
    const real = [
      ...(await bothWays(`SELECT 'x'::int`)),
      ...(await bothWays('SELECT pg_sleep(1)', withTimeout)),
      ...(await bothWays('SELECT pg_sleep(5)', endedAfter50ms)),
      new ReplicaAbandoned(),
    ];
    const wrapping = fc.array(fc.constantFrom('cause', 'meta'), { maxLength: 4 });
    fc.assert(
      fc.property(fc.constantFrom(...real), wrapping, (error, layers) => {
        let wrapped: unknown = error;
        for (const layer of layers)
          wrapped =
            layer === 'cause'
              ? new Error('wrapped', { cause: wrapped })
              : Object.assign(new Error('prisma'), { code: 'P2010', meta: { driverAdapterError: wrapped } });
        expect(replicaFailure(wrapped)).toBe(replicaFailure(error));
      }),
    );
  });
});

describe('ReplicaWatch: a statement waiting on a replica that is taken out', () => {
  it('is given up at once (ReplicaAbandoned), and its late result handed back, not lost', async () => {
    const watch = new ReplicaWatch();
    let finish: (value: string) => void = () => {};
    const late: string[] = [];
    const waiting = watch.guard(new Promise<string>((resolve) => (finish = resolve)), (value) =>
      late.push(value),
    );
    const answered = watch.guard(Promise.resolve('now'));
    expect(await answered).toBe('now');
    watch.markDown();
    await expect(waiting).rejects.toBeInstanceOf(ReplicaAbandoned);
    expect(watch.up).toBe(false);
    finish('later');
    await new Promise((resolve) => setImmediate(resolve));
    expect(late).toEqual(['later']);
    // Back up: statements run there again, and a failure of their own is theirs.
    watch.markUp();
    await expect(watch.guard(Promise.reject(new Error('bad input')))).rejects.toThrow('bad input');
  });
});
