import type { Db, Prisma } from './client';

/**
 * Row leases for the feed poller (src/sources/poller.ts), so that with several server processes on one
 * database exactly one polls a given source at a time, and one request at a time goes to a given host.
 *
 * Why rows and not advisory locks: a session advisory lock belongs to a connection, and Prisma's pool hands
 * out a different connection for each statement; a lease row needs no connection held. A crashed holder's
 * lease simply expires. Each grant increments the row's token (a fencing token): a holder that stalled
 * past its expiry and wakes up finds its token stale at its next write (`fence`) and stops, so the next
 * holder's work is never overwritten. Times are the database's clock, shared by every process; columns
 * are timestamp without time zone holding UTC, as Prisma writes them.
 */

const utcNow = `(now() AT TIME ZONE 'UTC')`;

export interface SourceLease {
  sourceId: number;
  token: bigint;
  owner: string;
}

export class LeaseLostError extends Error {
  constructor(what: string) {
    super(`lease lost: ${what} was granted to another poller`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Takes the lease of one due source (enabled, nextPollAt passed, no live lease), the most overdue first.
 * SKIP LOCKED lets concurrent pollers pass over a row another is granting itself this instant; the outer
 * WHERE re-checks the lease on the row as it is when locked.
 */
export async function claimDueSource(
  prisma: Db,
  owner: string,
  leaseMs: number,
): Promise<SourceLease | null> {
  const rows = await prisma.$queryRawUnsafe<{ id: number; leaseToken: bigint }[]>(
    `UPDATE "Source" SET "leaseOwner" = $1,
        "leaseExpiresAt" = ${utcNow} + ($2::int * interval '1 millisecond'),
        "leaseToken" = "leaseToken" + 1
      WHERE "id" = (
        SELECT "id" FROM "Source"
         WHERE "enabled" AND "nextPollAt" <= ${utcNow}
           AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" <= ${utcNow})
         ORDER BY "nextPollAt", "id" LIMIT 1 FOR UPDATE SKIP LOCKED)
        AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" <= ${utcNow})
      RETURNING "id", "leaseToken"`,
    owner,
    Math.round(leaseMs),
  );
  const [row] = rows;
  return row ? { sourceId: row.id, token: BigInt(row.leaseToken), owner } : null;
}

/** Extends a held lease; false when it was lost (expired and granted again). */
export async function renewSourceLease(prisma: Db, lease: SourceLease, leaseMs: number): Promise<boolean> {
  const count = await prisma.$executeRawUnsafe(
    `UPDATE "Source" SET "leaseExpiresAt" = ${utcNow} + ($3::int * interval '1 millisecond')
      WHERE "id" = $1 AND "leaseToken" = $2::bigint`,
    lease.sourceId,
    lease.token.toString(),
    Math.round(leaseMs),
  );
  return count === 1;
}

/**
 * Inside a write's transaction: fails unless the lease is still this holder's. FOR SHARE holds the row
 * until that transaction ends, so a new grant (an UPDATE of the row) waits for the write to commit: a
 * write either lands while the lease is valid or not at all.
 */
export async function fence(tx: Prisma.TransactionClient, lease: SourceLease): Promise<void> {
  const rows = await tx.$queryRawUnsafe<{ leaseToken: bigint }[]>(
    `SELECT "leaseToken" FROM "Source" WHERE "id" = $1 FOR SHARE`,
    lease.sourceId,
  );
  if (!rows[0] || BigInt(rows[0].leaseToken) !== lease.token)
    throw new LeaseLostError(`source ${lease.sourceId}`);
}

export interface PollOutcome {
  nextPollInMs: number;
  success: boolean;
  error?: string | null;
  etag?: string | null;
  lastModified?: string | null;
  /** When the validators did not come with this answer (an error), keep the stored ones. */
  keepValidators?: boolean;
}

/**
 * Records a poll's outcome and gives the lease back, fenced by the token: a stale holder changes nothing
 * (false). Success resets the failure count; a failure increments it.
 */
export async function finishSourcePoll(
  prisma: Db,
  lease: SourceLease,
  outcome: PollOutcome,
): Promise<boolean> {
  const values: unknown[] = [
    lease.sourceId,
    lease.token.toString(),
    Math.round(Math.min(outcome.nextPollInMs, 2e9)),
  ];
  const parameter = (value: unknown, type: string) => {
    values.push(value);
    return `$${values.length}::${type}`;
  };
  const sets = [
    `"nextPollAt" = ${utcNow} + ($3::int * interval '1 millisecond')`,
    `"leaseOwner" = NULL`,
    `"leaseExpiresAt" = NULL`,
  ];
  if (outcome.success) sets.push(`"lastSuccessAt" = ${utcNow}`, `"consecutiveFailures" = 0`);
  else
    sets.push(
      `"lastError" = ${parameter(outcome.error ?? 'unknown', 'text')}`,
      `"lastErrorAt" = ${utcNow}`,
      `"consecutiveFailures" = "consecutiveFailures" + 1`,
    );
  if (!outcome.keepValidators)
    sets.push(
      `"lastEtag" = ${parameter(outcome.etag ?? null, 'text')}`,
      `"lastModified" = ${parameter(outcome.lastModified ?? null, 'text')}`,
    );
  const count = await prisma.$executeRawUnsafe(
    `UPDATE "Source" SET ${sets.join(', ')} WHERE "id" = $1 AND "leaseToken" = $2::bigint`,
    ...values,
  );
  return count === 1;
}

/** Makes every enabled source due now (the test hook and `pollNow`). */
/** Whether some enabled source is due and unleased: one this process could claim now. */
export async function hasClaimableSource(prisma: Db): Promise<boolean> {
  const rows = await prisma.$queryRawUnsafe<{ found: number }[]>(
    `SELECT 1 AS found FROM "Source"
      WHERE "enabled" AND "nextPollAt" <= ${utcNow}
        AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" <= ${utcNow})
      LIMIT 1`,
  );
  return rows.length > 0;
}

export async function makeAllSourcesDue(prisma: Db): Promise<void> {
  await prisma.$executeRawUnsafe(`UPDATE "Source" SET "nextPollAt" = ${utcNow} WHERE "enabled"`);
}

export interface HostLease {
  host: string;
  token: bigint;
}

/**
 * Takes the host's lease if nobody holds it (or the holder's expired): one request at a time to a host,
 * across processes. Null when another poller holds it; the caller waits and tries again.
 */
export async function tryHostLease(
  prisma: Db,
  host: string,
  owner: string,
  leaseMs: number,
): Promise<HostLease | null> {
  const rows = await prisma.$queryRawUnsafe<{ token: bigint }[]>(
    `INSERT INTO "HostLease" ("host", "owner", "token", "expiresAt")
       VALUES ($1, $2, 1, ${utcNow} + ($3::int * interval '1 millisecond'))
     ON CONFLICT ("host") DO UPDATE SET "owner" = EXCLUDED."owner", "token" = "HostLease"."token" + 1,
       "expiresAt" = EXCLUDED."expiresAt"
     WHERE "HostLease"."expiresAt" <= ${utcNow}
     RETURNING "token"`,
    host,
    owner,
    Math.round(leaseMs),
  );
  return rows[0] ? { host, token: BigInt(rows[0].token) } : null;
}

/** Gives the host back at once (only if still ours). */
export async function releaseHostLease(prisma: Db, lease: HostLease): Promise<void> {
  await prisma.$executeRawUnsafe(
    `UPDATE "HostLease" SET "expiresAt" = ${utcNow} - interval '1 millisecond' WHERE "host" = $1 AND "token" = $2::bigint`,
    lease.host,
    lease.token.toString(),
  );
}
