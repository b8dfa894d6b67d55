import type { Db, Prisma } from '../db/client';
import { translateDatabaseError } from '../db/errors';
import {
  claimIdempotencyKey,
  defaultIdempotencyWaitMs,
  pruneExpiredIdempotencyKeys,
  recordIdempotentResponse,
  type IdempotencyRequest,
  type IdempotentWrite,
  type ReplayableResult,
} from './idempotency';

export type Tx = Prisma.TransactionClient;
type Work<T> = (tx: Tx, log: AppendedDevelopments) => Promise<T>;

/** What domain writes need from the outside world; GraphQL, HTTP and sockets stay out. */
export interface DomainContext {
  prisma: Db;
  /** Called once a transaction that appended developments has committed, with its highest sequence. */
  onDevelopmentsCommitted(lastSequence: number): void;
  /** Called after every committed write (to drop cached answers); optional so scripts can leave it out. */
  onCommitted?(): void;
  /** Told of every article ingestion's outcome (for metrics); optional so scripts can leave it out. */
  onArticleIngested?(outcome: 'added' | 'duplicate' | 'failed'): void;
  /** Called after a source was added or changed, so the poller looks at it now (src/sources/poller.ts). */
  onSourcesChanged?(): void;
  /** How long a retry waits for a concurrent attempt with the same idempotency key (default 5 s). */
  idempotencyWaitMs?: number;
  /**
   * The caller's idempotency key for this one write, set per call by the API (see ./idempotency.ts);
   * writes that honour it pass `idempotentWrite(ctx, operation, input)` to `write`.
   */
  idempotency?: IdempotencyRequest | null;
  /**
   * Who is writing, by the API key's name, set per call by the API: review decisions record it
   * (`reviewedBy`). Scripts that write directly leave it out.
   */
  writtenBy?: string | null;
  /**
   * Called once a transaction that created, edited or decided candidates has committed, with their ids
   * (the review desk's live queue); optional so scripts can leave it out.
   */
  onCandidatesChanged?(candidateIds: number[]): void;
  /** Told of failures off the request path (pruning expired idempotency keys); optional for scripts. */
  onBackgroundError?(error: unknown): void;
}

/** Sequences appended inside one transaction, announced only after it commits. */
export class AppendedDevelopments {
  private last = 0;
  private readonly candidates = new Set<number>();
  note(sequence: number): void {
    this.last = Math.max(this.last, sequence);
  }
  get lastSequence(): number {
    return this.last;
  }
  /** A candidate this transaction created, edited or decided, announced to reviewers after commit. */
  noteCandidate(candidateId: number): void {
    this.candidates.add(candidateId);
  }
  get changedCandidates(): number[] {
    return [...this.candidates];
  }
}

/**
 * Runs one write in one transaction. Everything it creates, including its entries in the live log,
 * commits together or not at all; the feed hears about it only after commit.
 *
 * With an idempotent write, the key is claimed first in that same transaction and the result stored
 * with it before commit: a retry (same caller, key and input) gets the stored result and writes
 * nothing, the same key with other input is refused (see ./idempotency.ts).
 */
export async function write<T>(ctx: DomainContext, work: Work<T>): Promise<T>;
export async function write<T extends ReplayableResult>(
  ctx: DomainContext,
  idempotent: IdempotentWrite | null,
  work: Work<T>,
): Promise<T>;
export async function write<T>(
  ctx: DomainContext,
  ...args: [Work<T>] | [IdempotentWrite | null, Work<T>]
): Promise<T> {
  const [idempotent, work] = args.length === 1 ? [null, args[0]] : args;
  const log = new AppendedDevelopments();
  let result: T;
  try {
    // The feed counter's row lock serialises writers that append to the log, so allow for a queue.
    result = await ctx.prisma.$transaction(
      async (tx) => {
        if (!idempotent) return work(tx, log);
        const claim = await claimIdempotencyKey(
          tx,
          idempotent,
          ctx.idempotencyWaitMs ?? defaultIdempotencyWaitMs,
        );
        if (claim.kind === 'replay') return claim.response as T;
        const value = await work(tx, log);
        await recordIdempotentResponse(tx, claim.id, value as ReplayableResult);
        return value;
      },
      { maxWait: 10_000, timeout: 20_000 },
    );
  } catch (error) {
    throw translateDatabaseError(error);
  }
  ctx.onCommitted?.();
  if (log.lastSequence > 0) ctx.onDevelopmentsCommitted(log.lastSequence);
  if (log.changedCandidates.length) ctx.onCandidatesChanged?.(log.changedCandidates);
  if (idempotent) pruneExpiredIdempotencyKeys(ctx.prisma, (error) => ctx.onBackgroundError?.(error));
  return result;
}
