import { z } from 'zod';
import { write, type DomainContext } from './context';
import { appendDevelopment } from './developments';
import { attachEvidence } from './evidence';
import { NotFoundError } from './errors';
import { evidenceInput, id, parseInput, text } from './validation';

// Stances are history and are never overwritten by a new position; a stance that was recorded wrongly
// is corrected or retracted, and the live log says so, so that tickers showing it learn of the change.

const correctStanceInput = z.object({
  stanceId: id,
  summary: text.summary.nullish(),
  /** Replaces the stance's quotes. */
  evidence: z.array(evidenceInput).min(1).max(20),
  /** What the log entry says; defaults to the stance's summary. */
  note: text.summary.optional(),
});
export type CorrectStanceInput = z.input<typeof correctStanceInput>;

export async function correctStance(ctx: DomainContext, rawInput: CorrectStanceInput) {
  const input = parseInput(correctStanceInput, rawInput);
  return write(ctx, async (tx, log) => {
    const stance = await tx.stance.findUnique({
      where: { id: input.stanceId },
      include: { actor: { select: { nameEn: true } }, proposal: { select: { title: true } } },
    });
    if (!stance) throw new NotFoundError('Stance', input.stanceId, ['input', 'stanceId']);
    await tx.evidence.deleteMany({ where: { stanceId: stance.id } });
    await attachEvidence(tx, input.evidence, { supports: 'STANCE', stanceId: stance.id }, [
      'input',
      'evidence',
    ]);
    const summary = input.summary === undefined ? stance.summary : input.summary;
    await tx.stance.update({ where: { id: stance.id }, data: { summary } });
    await appendDevelopment(
      tx,
      log,
      {
        kind: 'STATEMENT',
        summary:
          input.note ??
          `Corrected: ${summary ?? `${stance.actor.nameEn} ${stance.position.toLowerCase()} ${stance.proposal.title}`}`,
        occurredAt: stance.asOf,
        occurredAtPrecision: stance.asOfPrecision,
        actorIds: [stance.actorId],
        proposalId: stance.proposalId,
        evidence: input.evidence,
      },
      { change: 'CORRECTION' },
    );
    return stance;
  });
}

const retractStanceInput = z.object({ stanceId: id, reason: text.summary });
export type RetractStanceInput = z.input<typeof retractStanceInput>;

/** Removes a stance that no quote supports, and logs the retraction. */
export async function retractStance(ctx: DomainContext, rawInput: RetractStanceInput) {
  const input = parseInput(retractStanceInput, rawInput);
  return write(ctx, async (tx, log) => {
    const stance = await tx.stance.findUnique({
      where: { id: input.stanceId },
      include: { actor: { select: { nameEn: true } }, proposal: { select: { title: true } } },
    });
    if (!stance) throw new NotFoundError('Stance', input.stanceId, ['input', 'stanceId']);
    await tx.stance.delete({ where: { id: stance.id } });
    return appendDevelopment(
      tx,
      log,
      {
        kind: 'STATEMENT',
        summary: `Retracted: ${stance.actor.nameEn} ${stance.position.toLowerCase()} ${stance.proposal.title} (${input.reason})`,
        occurredAt: stance.asOf,
        occurredAtPrecision: stance.asOfPrecision,
        actorIds: [stance.actorId],
        proposalId: stance.proposalId,
        evidence: [],
      },
      { change: 'RETRACTION' },
    );
  });
}
