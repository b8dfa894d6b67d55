import type { Prisma } from './client';
import type pg from 'pg';

/**
 * Runs `work` inside the caller's transaction with PostgreSQL's `lock_timeout` set to `ms`, then puts
 * the previous value back, so that only the statements of `work` give up waiting after `ms`; the rest
 * of the transaction (the log counter's row lock, for one) waits as long as it always did.
 */
export async function withLockTimeout<T>(
  tx: Prisma.TransactionClient,
  ms: number,
  work: () => Promise<T>,
): Promise<T> {
  const [{ previous }] = await tx.$queryRaw<{ previous: string }[]>`
    SELECT current_setting('lock_timeout') AS previous, set_config('lock_timeout', ${`${Math.max(1, Math.round(ms))}ms`}, true)`;
  const result = await work();
  await tx.$queryRaw`SELECT set_config('lock_timeout', ${previous}, true)`;
  return result;
}

/** True for PostgreSQL's "canceling statement due to lock timeout" (SQLSTATE 55P03), however Prisma wraps it. */
export function isLockTimeout(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current);) {
    seen.add(current);
    const { code, message, meta, cause } = current as {
      code?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: unknown; code?: unknown };
      cause?: unknown;
    };
    if (code === '55P03' || meta?.code === '55P03') return true;
    if (typeof message === 'string' && /lock timeout/i.test(message)) return true;
    current = meta?.driverAdapterError ?? cause;
  }
  return false;
}

/**
 * Takes transaction-scoped advisory locks on `keys` in `namespace`, in ascending order so that two
 * transactions locking overlapping sets wait for each other instead of deadlocking. They are released at
 * commit or rollback, so Prisma's pool cannot leak them (session locks would stay with a pooled connection).
 */
export async function lockKeysForTransaction(
  tx: Prisma.TransactionClient,
  namespace: string,
  keys: readonly number[],
  mode: 'exclusive' | 'shared' = 'exclusive',
): Promise<void> {
  for (const key of [...new Set(keys)].sort((a, b) => a - b)) {
    if (mode === 'shared')
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock_shared(hashtext(${namespace}), ${key}::int)`;
    else
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${namespace}), ${key}::int)`;
  }
}

/**
 * The lock on an article's quotable text: writes that quote it hold it shared, writes that change what may
 * be quoted (excluded ranges) or remove it (deletion) hold it alone, so a quote is never checked against
 * ranges or a body that another transaction is changing.
 */
export const articleTextLock = 'article-text';

/**
 * Takes the live log's next sequence inside the caller's transaction. The counter row's lock is held until
 * commit, so a later sequence can never become visible before an earlier one.
 */
export async function nextFeedSequence(tx: Prisma.TransactionClient): Promise<number> {
  const [{ value }] = await tx.$queryRaw<{ value: number }[]>`
    UPDATE "FeedCounter" SET "value" = "value" + 1 WHERE "id" = 1 RETURNING "value"`;
  return value;
}

/** The advisory lock key of start-up's one-per-database steps (data migrations, seeding); any fixed number. */
const startupLockKey = 7_402_911_019;

/**
 * Runs `work` while holding a PostgreSQL session advisory lock, so that of several processes starting on
 * one database only one at a time runs it: the second finds the seed (or the data migration) done rather
 * than racing to insert the same rows. The lock lives on a connection of its own, taken from the pool and
 * held for the whole of `work` and closed after; if the process dies, PostgreSQL drops the session and the lock with it.
 * PGlite is one process's own database: nothing to serialise.
 */
export async function withStartupLock<T>(pool: pg.Pool | undefined, work: () => Promise<T>): Promise<T> {
  if (!pool) return work();
  const connection = await pool.connect();
  try {
    // Waiting for another process's seed may take longer than a request's statement timeout.
    await connection.query('SET statement_timeout = 0');
    await connection.query('SELECT pg_advisory_lock($1)', [startupLockKey]);
    try {
      return await work();
    } finally {
      await connection.query('SELECT pg_advisory_unlock($1)', [startupLockKey]);
    }
  } finally {
    // Closed, not returned: its settings are not the pool's any more.
    connection.release(true);
  }
}
