import type { Prisma } from './client';

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
