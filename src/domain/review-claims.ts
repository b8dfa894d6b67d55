import type { Tx } from './context';
import { ConflictError, NotFoundError } from './errors';

/**
 * Optimistic concurrency for the review queue. Every edit and decision is one conditional UPDATE of
 * the candidate's row: it must still wait for review and, when the editor sent the version it read,
 * still be at that version. PostgreSQL re-checks the condition after a concurrent writer commits, so of
 * two editors deciding at once exactly one update matches; the other reads who got there first and is
 * refused with a CONFLICT that names them. Nothing of the refused write is kept (its transaction rolls
 * back with the error).
 */

export type Decision = 'ACCEPTED' | 'REJECTED';

interface Attempt {
  candidateId: number;
  /** The API key's name of the editor; null for scripts writing directly. */
  by: string | null;
  /** The version the editor read, when it sent one. */
  expectedVersion?: number;
}

/** Takes the candidate for a decision: it records who and when, and moves the version on. */
export async function claimForDecision(tx: Tx, attempt: Attempt, decision: Decision) {
  const now = new Date();
  const taken = await tx.candidate.updateMany({
    where: whereStill(attempt),
    data: { status: decision, reviewedAt: now, reviewedBy: attempt.by, version: { increment: 1 } },
  });
  if (taken.count !== 1) await refuse(tx, attempt);
  return tx.candidate.findUniqueOrThrow({ where: { id: attempt.candidateId } });
}

/** Takes the candidate for an edit of its proposed fields (it keeps waiting for review). */
export async function claimForEdit<Data extends object>(tx: Tx, attempt: Attempt, data: Data) {
  const taken = await tx.candidate.updateMany({
    where: whereStill(attempt),
    data: { ...data, editedAt: new Date(), editedBy: attempt.by, version: { increment: 1 } },
  });
  if (taken.count !== 1) await refuse(tx, attempt);
}

function whereStill(attempt: Attempt) {
  return {
    id: attempt.candidateId,
    status: 'NEEDS_REVIEW' as const,
    ...(attempt.expectedVersion === undefined ? {} : { version: attempt.expectedVersion }),
  };
}

/** Says why the conditional update matched nothing: gone, decided (by whom, when) or edited since read. */
async function refuse(tx: Tx, attempt: Attempt): Promise<never> {
  const field = ['input', 'id'];
  // A statement of its own: under READ COMMITTED it sees what the winner committed.
  const current = await tx.candidate.findUnique({
    where: { id: attempt.candidateId },
    select: {
      status: true,
      reviewedBy: true,
      reviewedAt: true,
      editedBy: true,
      editedAt: true,
      version: true,
    },
  });
  if (!current) throw new NotFoundError('Candidate', attempt.candidateId, field);
  if (current.status !== 'NEEDS_REVIEW') {
    const who = current.reviewedBy ? ` by ${current.reviewedBy}` : '';
    const when = current.reviewedAt ? ` at ${current.reviewedAt.toISOString()}` : '';
    throw new ConflictError(
      `Candidate ${attempt.candidateId} was already ${current.status.toLowerCase().replace('_', ' ')}${who}${when}`,
      field,
      {
        status: current.status,
        decidedBy: current.reviewedBy,
        decidedAt: current.reviewedAt?.toISOString() ?? null,
        version: current.version,
      },
    );
  }
  const who = current.editedBy ? ` by ${current.editedBy}` : '';
  const when = current.editedAt ? ` at ${current.editedAt.toISOString()}` : '';
  throw new ConflictError(
    `Candidate ${attempt.candidateId} was edited${who}${when} after you read it (now version ${current.version}, you sent ${attempt.expectedVersion}); reload it and decide again`,
    ['input', 'expectedVersion'],
    {
      status: current.status,
      editedBy: current.editedBy,
      editedAt: current.editedAt?.toISOString() ?? null,
      version: current.version,
    },
  );
}
