import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import type { Db } from '../db/client';
import { isLockTimeout, withLockTimeout } from '../db/locks';
import type { DomainContext, Tx } from './context';
import { IdempotencyKeyInUseError, IdempotencyKeyReusedError, type FieldPath } from './errors';
import { parseInput } from './validation';

/** How long a key is remembered: a retry within a day gets the first result, after that it writes anew. */
export const idempotencyKeyTtlMs = 24 * 60 * 60 * 1000;
/** How long a retry waits for a concurrent first attempt with the same key before IDEMPOTENCY_KEY_IN_USE. */
export const defaultIdempotencyWaitMs = 5_000;
/** Expired keys are deleted at most this often per process, after a write commits. */
const pruneIntervalMs = 60_000;

// Printable ASCII without spaces (UUIDs, ULIDs, hashes): a key of spaces, or " k" beside "k", is a
// client bug that would otherwise deduplicate writes the client meant as different, or miss a retry.
const idempotencyKey = z
  .string()
  .regex(
    /^[\x21-\x7e]{1,255}$/,
    'must be 1 to 255 printable ASCII characters without spaces (a UUID, for example)',
  );

/** A key as the caller sent it, and whose it is. */
export interface IdempotencyRequest {
  /** The caller the key belongs to (`apikey:<id>`): the same key from two callers is two writes. */
  owner: string;
  key: string;
  /** Where the key was sent, for error paths. */
  field: FieldPath;
}

/** What one idempotent write is compared on: the mutation and its parsed input (ids as numbers, defaults applied). */
export interface IdempotentWrite {
  request: IdempotencyRequest;
  operation: string;
  input: unknown;
}

/** What an idempotent write may return: plain values, so a retry gets exactly what the first call got. */
export type ReplayableResult = { [key: string]: string | number | boolean | null | undefined };

/** The request for a key sent with a mutation, or null when none was sent; a malformed key is bad input. */
export function idempotencyRequest(
  owner: string,
  key: string | null | undefined,
  field: FieldPath = ['input', 'idempotencyKey'],
): IdempotencyRequest | null {
  if (key === null || key === undefined) return null;
  return { owner, key: parseInput(idempotencyKey, key, field), field };
}

/** SHA-256 of the canonical JSON (RFC 8785: sorted keys, one number form) of the operation and its input. */
export function requestHash(operation: string, input: unknown): string {
  const canonical = canonicalize({ operation, input });
  if (canonical === undefined) throw new TypeError(`${operation}: input has no JSON form`);
  return createHash('sha256').update(canonical).digest('hex');
}

export type Claim = { kind: 'claimed'; id: number } | { kind: 'replay'; response: unknown };

/**
 * Takes the key inside the write's own transaction, before the write does anything. The insert waits
 * on a concurrent first attempt's uncommitted row (PostgreSQL's unique index makes it), for at most
 * `waitMs`: when that attempt commits the retry replays its response, when it rolls back (or the
 * process dies) the retry owns the key and writes. Nothing is left behind by a write that failed.
 */
export async function claimIdempotencyKey(
  tx: Tx,
  write: IdempotentWrite,
  waitMs: number,
  now = Date.now(),
): Promise<Claim> {
  const { owner, key, field } = write.request;
  const hash = requestHash(write.operation, write.input);
  // Another round only when the row went away under us: expired and deleted here, or pruned meanwhile.
  for (let round = 0; round < 3; round += 1) {
    const inserted = await withLockTimeout(tx, waitMs, () =>
      tx.idempotencyKey.createManyAndReturn({
        data: [{ owner, key, operation: write.operation, requestHash: hash }],
        skipDuplicates: true,
        select: { id: true },
      }),
    ).catch((error: unknown) => {
      throw isLockTimeout(error) ? new IdempotencyKeyInUseError(field) : error;
    });
    if (inserted.length) return { kind: 'claimed', id: inserted[0].id };
    const stored = await tx.idempotencyKey.findUnique({ where: { owner_key: { owner, key } } });
    if (!stored) continue;
    if (stored.createdAt.getTime() <= now - idempotencyKeyTtlMs) {
      await tx.idempotencyKey.deleteMany({ where: { id: stored.id } });
      continue;
    }
    if (stored.operation !== write.operation || stored.requestHash !== hash)
      throw new IdempotencyKeyReusedError(field);
    return { kind: 'replay', response: stored.response };
  }
  throw new IdempotencyKeyInUseError(field);
}

/** Stores the write's result with its key, in the same transaction, for retries to replay. */
export async function recordIdempotentResponse(
  tx: Tx,
  claimId: number,
  response: ReplayableResult,
): Promise<void> {
  await tx.idempotencyKey.update({ where: { id: claimId }, data: { response } });
}

const lastPrune = new WeakMap<Db, number>();

/**
 * Deletes keys older than a day, at most once a minute per client and off the write's path (the
 * createdAt index makes it one short range delete). Claims ignore expired rows anyway, so a prune that
 * fails or comes late only costs storage.
 */
export function pruneExpiredIdempotencyKeys(
  prisma: Db,
  onError: (error: unknown) => void,
  now = Date.now(),
): void {
  if (now - (lastPrune.get(prisma) ?? 0) < pruneIntervalMs) return;
  lastPrune.set(prisma, now);
  prisma.idempotencyKey
    .deleteMany({ where: { createdAt: { lte: new Date(now - idempotencyKeyTtlMs) } } })
    .catch(onError);
}

/** The idempotent form of a write of `operation` with its parsed input, when the caller sent a key. */
export function idempotentWrite(
  ctx: Pick<DomainContext, 'idempotency'>,
  operation: string,
  input: unknown,
): IdempotentWrite | null {
  return ctx.idempotency ? { request: ctx.idempotency, operation, input } : null;
}
