import type { Db, Prisma } from '../db/client';
import { ConflictError, DomainError, NotFoundError, ServiceUnavailableError } from './errors';

export type Tx = Prisma.TransactionClient;

/** What domain writes need from the outside world; GraphQL, HTTP and sockets stay out. */
export interface DomainContext {
  prisma: Db;
  /** Called once a transaction that appended developments has committed, with its highest sequence. */
  onDevelopmentsCommitted(lastSequence: number): void;
  /** Called after every committed write (to drop cached answers); optional so scripts can leave it out. */
  onCommitted?(): void;
  /** Told of every article ingestion's outcome (for metrics); optional so scripts can leave it out. */
  onArticleIngested?(outcome: 'added' | 'duplicate' | 'failed'): void;
}

/** Sequences appended inside one transaction, announced only after it commits. */
export class AppendedDevelopments {
  private last = 0;
  note(sequence: number): void {
    this.last = Math.max(this.last, sequence);
  }
  get lastSequence(): number {
    return this.last;
  }
}

/**
 * Runs one write in one transaction. Everything it creates, including its entries in the live log,
 * commits together or not at all; the feed hears about it only after commit.
 */
export async function write<T>(
  ctx: DomainContext,
  work: (tx: Tx, log: AppendedDevelopments) => Promise<T>,
): Promise<T> {
  const log = new AppendedDevelopments();
  let result: T;
  try {
    // The feed counter's row lock serialises writers that append to the log, so allow for a queue.
    result = await ctx.prisma.$transaction((tx) => work(tx, log), { maxWait: 10_000, timeout: 20_000 });
  } catch (error) {
    throw translateDatabaseError(error);
  }
  ctx.onCommitted?.();
  if (log.lastSequence > 0) ctx.onDevelopmentsCommitted(log.lastSequence);
  return result;
}

/** Maps Prisma's known failures onto domain errors; anything else stays unexpected. */
export function translateDatabaseError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown })?.code;
  const meta = (error as { meta?: Record<string, unknown> })?.meta;
  if (code === 'P2002') {
    const target =
      meta?.target ?? (meta?.driverAdapterError as { cause?: { constraint?: unknown } })?.cause?.constraint;
    return new ConflictError(`A record with the same ${describeTarget(target)} already exists`);
  }
  if (code === 'P2003') return new NotFoundError('Referenced record', 'in input');
  if (code === 'P2025') return new NotFoundError('Record', 'in input');
  if (isConnectionFailure(error)) return new ServiceUnavailableError();
  return error;
}

function describeTarget(target: unknown): string {
  if (Array.isArray(target)) return target.join(', ');
  if (target && typeof target === 'object' && 'fields' in target)
    return String((target as { fields: unknown }).fields);
  return typeof target === 'string' ? target : 'key';
}

export function isConnectionFailure(error: unknown): boolean {
  const text = `${(error as { code?: unknown })?.code ?? ''} ${(error as Error)?.message ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|P1001|P1017|DatabaseNotReachable|Connection terminated|connect ENOENT|terminating connection/i.test(
    text,
  );
}
