import { z } from 'zod';
import type { DevelopmentChange } from '../../generated/prisma/enums';
import { nextFeedSequence } from '../db/locks';
import { write, type AppendedDevelopments, type DomainContext, type Tx } from './context';
import { attachEvidence } from './evidence';
import { idempotentWrite } from './idempotency';
import { NotFoundError, ValidationError, type FieldPath } from './errors';
import { assertIdsExist, listField } from './references';
import { eventDate, evidenceInput, id, notInFuture, parseInput, text, type DomainInput } from './validation';
import { datePrecision, developmentKind, revisionChange } from './vocabulary';

export const developmentInput = z
  .object({
    kind: developmentKind,
    summary: text.summary,
    occurredAt: eventDate.nullish(),
    occurredAtPrecision: datePrecision.default('DAY'),
    reportedAt: eventDate.optional(),
    actorIds: z.array(id).max(50).default([]),
    meetingId: id.nullish(),
    proposalId: id.nullish(),
    evidence: z.array(evidenceInput).max(20).default([]),
    externalKey: z.string().trim().min(1).max(200).nullish(),
  })
  .refine((input) => notInFuture(input.reportedAt), {
    message: 'must not be in the future',
    path: ['reportedAt'],
  });
export type DevelopmentInput = DomainInput<typeof developmentInput>;
type ParsedDevelopment = z.output<typeof developmentInput>;

export interface AppendOptions {
  change?: DevelopmentChange;
  revisesId?: number;
}

/**
 * Appends one entry to the live log inside the caller's transaction. The counter row's lock is
 * held until commit, so a later sequence can never become visible before an earlier one.
 */
export async function appendDevelopment(
  tx: Tx,
  log: AppendedDevelopments,
  input: ParsedDevelopment,
  options: AppendOptions = {},
): Promise<{ id: number; sequence: number }> {
  const sequence = await nextFeedSequence(tx);
  const actorIds = [...new Set(input.actorIds)];
  const development = await tx.development.create({
    data: {
      sequence,
      kind: input.kind,
      change: options.change ?? 'NEW',
      revisesId: options.revisesId ?? null,
      summary: input.summary,
      occurredAt: input.occurredAt ?? null,
      occurredAtPrecision: input.occurredAtPrecision,
      reportedAt: input.reportedAt ?? new Date(),
      meetingId: input.meetingId ?? null,
      proposalId: input.proposalId ?? null,
      externalKey: input.externalKey ?? null,
      actors: { createMany: { data: actorIds.map((actorId) => ({ actorId })) } },
    },
    select: { id: true, sequence: true },
  });
  await attachEvidence(tx, input.evidence, { supports: 'DEVELOPMENT', developmentId: development.id }, [
    'input',
    'evidence',
  ]);
  log.note(sequence);
  return development;
}

export async function recordDevelopment(
  ctx: DomainContext,
  rawInput: DevelopmentInput,
): Promise<{ id: number; sequence: number }> {
  const input = parseDevelopment(rawInput);
  return write(ctx, idempotentWrite(ctx, 'recordDevelopment', input), (tx, log) =>
    recordDevelopmentInTx(tx, log, input),
  );
}

export function parseDevelopment(rawInput: DevelopmentInput) {
  return parseInput(developmentInput, rawInput);
}

export async function recordDevelopmentInTx(
  tx: Tx,
  log: AppendedDevelopments,
  input: ParsedDevelopment,
): Promise<{ id: number; sequence: number }> {
  if (input.externalKey) {
    const existing = await tx.development.findUnique({
      where: { externalKey: input.externalKey },
      select: { id: true, sequence: true },
    });
    if (existing) return existing;
  }
  await assertReferencesExist(tx, input);
  return appendDevelopment(tx, log, input);
}

const revisionInput = z.object({
  developmentId: id,
  change: revisionChange,
  summary: text.summary.optional(),
  kind: developmentKind.optional(),
  occurredAt: eventDate.nullish(),
  occurredAtPrecision: datePrecision.optional(),
  /** A correction may also correct who the entry is about; unset keeps the original's actors. */
  actorIds: z.array(id).max(50).optional(),
  evidence: z.array(evidenceInput).max(20).default([]),
});
export type RevisionInput = DomainInput<typeof revisionInput>;

/**
 * Updates, corrects or retracts an earlier development. The log is append-only: the revision is a new
 * entry pointing at the one it revises, so tickers that showed the original learn of the change.
 */
export async function reviseDevelopment(
  ctx: DomainContext,
  rawInput: RevisionInput,
): Promise<{ id: number; sequence: number }> {
  const input = parseInput(revisionInput, rawInput);
  return write(ctx, idempotentWrite(ctx, 'reviseDevelopment', input), async (tx, log) => {
    const original = await tx.development.findUnique({
      where: { id: input.developmentId },
      include: { actors: { select: { actorId: true } } },
    });
    if (!original) throw new NotFoundError('Development', input.developmentId, ['input', 'developmentId']);
    if (input.actorIds) await assertReferencesExist(tx, { actorIds: input.actorIds });
    if (
      input.change !== 'RETRACTION' &&
      !input.summary &&
      !input.kind &&
      input.occurredAt === undefined &&
      !input.actorIds &&
      !input.evidence.length
    ) {
      throw ValidationError.at(
        ['input', 'summary'],
        'an update or correction must change the summary, kind, date, actors or quotes',
      );
    }
    return appendDevelopment(
      tx,
      log,
      {
        kind: input.kind ?? original.kind,
        summary:
          input.summary ??
          (input.change === 'RETRACTION' ? `Retracted: ${original.summary}` : original.summary),
        occurredAt: input.occurredAt === undefined ? original.occurredAt : input.occurredAt,
        occurredAtPrecision: input.occurredAtPrecision ?? original.occurredAtPrecision,
        reportedAt: new Date(),
        actorIds: input.actorIds ?? original.actors.map((actor) => actor.actorId),
        meetingId: original.meetingId,
        proposalId: original.proposalId,
        evidence: input.evidence,
      },
      { change: input.change, revisesId: original.id },
    );
  });
}

/** Checks the actors, meeting and proposal a write points at, naming the field that holds a missing one. */
export async function assertReferencesExist(
  tx: Tx,
  input: { actorIds?: number[]; meetingId?: number | null; proposalId?: number | null },
  prefix: FieldPath = ['input'],
): Promise<void> {
  await assertIdsExist(tx, 'Actor', input.actorIds ?? [], listField([...prefix, 'actorIds']));
  if (input.meetingId) await assertIdsExist(tx, 'Meeting', [input.meetingId], () => [...prefix, 'meetingId']);
  if (input.proposalId)
    await assertIdsExist(tx, 'Proposal', [input.proposalId], () => [...prefix, 'proposalId']);
}
