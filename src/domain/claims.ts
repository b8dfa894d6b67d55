import { z } from 'zod';
import type { Tx } from './context';
import { attachEvidence } from './evidence';
import type { FieldPath } from './errors';
import { evidenceInput, id, text } from './validation';
import { participantRole } from './vocabulary';

// A role, a proposer and a term are claims about an actor or a proposal: each carries the quotes that
// make it, stored as evidence of that one link (supports PARTICIPANT, PROPOSER or TERM).

export const claimEvidence = z.array(evidenceInput).max(20).default([]);

export const participantInput = z.object({
  actorId: id,
  role: participantRole,
  evidence: claimEvidence,
});
export type ParticipantInput = z.output<typeof participantInput>;

export const proposerInput = z.object({ actorId: id, evidence: claimEvidence });
export type ProposerInput = z.output<typeof proposerInput>;

/** A term is its text, or its text with the quotes that state it. */
export const termInput = z
  .union([text.summary, z.object({ text: text.summary, evidence: claimEvidence })])
  .transform((term) => (typeof term === 'string' ? { text: term, evidence: [] } : term));
export type TermInput = z.output<typeof termInput>;

export async function writeParticipants(
  tx: Tx,
  meetingId: number,
  participants: readonly ParticipantInput[],
  field: FieldPath,
): Promise<void> {
  for (const [index, participant] of participants.entries()) {
    const row = await tx.meetingParticipant.create({
      data: { meetingId, actorId: participant.actorId, role: participant.role },
      select: { id: true },
    });
    await attachEvidence(tx, participant.evidence, { supports: 'PARTICIPANT', participantId: row.id }, [
      ...field,
      index,
      'evidence',
    ]);
  }
}

export async function writeProposers(
  tx: Tx,
  proposalId: number,
  proposers: readonly ProposerInput[],
  field: FieldPath,
): Promise<void> {
  for (const [index, proposer] of proposers.entries()) {
    const row = await tx.proposalProposer.create({
      data: { proposalId, actorId: proposer.actorId },
      select: { id: true },
    });
    await attachEvidence(tx, proposer.evidence, { supports: 'PROPOSER', proposerId: row.id }, [
      ...field,
      index,
      'evidence',
    ]);
  }
}

export async function writeTerms(
  tx: Tx,
  proposalId: number,
  terms: readonly TermInput[],
  field: FieldPath,
): Promise<void> {
  for (const [index, term] of terms.entries()) {
    const row = await tx.proposalTerm.create({
      data: { proposalId, position: index + 1, text: term.text },
      select: { id: true },
    });
    await attachEvidence(tx, term.evidence, { supports: 'TERM', termId: row.id }, [
      ...field,
      index,
      'evidence',
    ]);
  }
}

export const uniqueActors = (items: readonly { actorId: number }[]) =>
  new Set(items.map((item) => item.actorId)).size === items.length;
