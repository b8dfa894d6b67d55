import { z } from 'zod';
import { write, type DomainContext } from './context';
import { parseDevelopment, recordDevelopmentInTx } from './developments';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { claimForDecision, claimForEdit } from './review-claims';
import { editedProposal, meetingEdits } from './review-edits';
import { idempotentWrite } from './idempotency';
import { createMeetingInTx, parseCreateMeeting } from './meetings';
import { createProposalInTx, parseCreateProposal, parseStance, recordStanceInTx } from './proposals';
import { attachEvidence } from './evidence';
import { meetingDevelopmentKind, readProposed, readQuotes, type ProposedMeeting } from './proposed';
import { eventDate, id, parseInput, text, type DomainInput } from './validation';
import { datePrecision, developmentKind, meetingStatus } from './vocabulary';
import { participantInput, type ParticipantInput } from './claims';

/** An editor's participant: a role other than ATTENDEE needs its own quote, as in every other write. */
const participantEdit = participantInput;

const candidateEdits = {
  /** The candidate's version the editor read: a decision or edit made since then is a CONFLICT. */
  expectedVersion: z.number().int().min(1).optional(),
  developmentKind: developmentKind.optional(),
  summary: text.summary.optional(),
  actorIds: z.array(id).max(50).optional(),
};

const acceptInput = z.object({
  id,
  ...candidateEdits,
  occurredAt: eventDate.nullish(),
  occurredAtPrecision: datePrecision.optional(),
  /** A stance needs the proposal it is about. */
  proposalId: id.optional(),
  /** Edits of a proposed meeting; what is not given is recorded as proposed. */
  status: meetingStatus.optional(),
  city: text.place.nullish(),
  venue: text.place.nullish(),
  participants: z.array(participantEdit).min(1).max(100).optional(),
});
export type AcceptCandidateInput = DomainInput<typeof acceptInput>;

const editInput = z.object({ id, ...candidateEdits, ...meetingEdits });
export type EditCandidateInput = DomainInput<typeof editInput>;

const rejectInput = z.object({
  id,
  note: text.summary.optional(),
  expectedVersion: candidateEdits.expectedVersion,
});
export type RejectCandidateInput = DomainInput<typeof rejectInput>;

/**
 * Accepts a candidate: it becomes a meeting, a proposal, a stance or a plain development, with the
 * candidate's quote as evidence, recorded and announced like any other write, in one transaction.
 */
export async function acceptCandidate(ctx: DomainContext, rawInput: AcceptCandidateInput) {
  const input = parseInput(acceptInput, rawInput);
  return write(ctx, idempotentWrite(ctx, 'acceptCandidate', input), async (tx, log) => {
    const candidate = await claimForDecision(tx, attempt(ctx, input), 'ACCEPTED');
    log.noteCandidate(candidate.id);
    const developmentKind = input.developmentKind ?? candidate.developmentKind;
    const summary = input.summary ?? candidate.summary;
    const actorIds = input.actorIds ?? candidate.actorIds;
    const quotes = readQuotes(candidate.quotes);
    const proposed = readProposed(candidate.proposed);
    // Every quote the candidate rests on, the first one first (older candidates have only `quote`).
    const evidence = (
      quotes.length
        ? quotes
        : [{ articleId: candidate.articleId, quote: candidate.quote, start: candidate.startOffset, end: 0 }]
    )
      .slice(0, 20)
      .map((q) => ({ articleId: q.articleId, quote: q.quote, startOffset: q.start }));
    const article = await tx.article.findUniqueOrThrow({
      where: { id: candidate.articleId },
      select: { publishedAt: true },
    });
    const proposedDate = proposed.meeting?.occurredAt ?? proposed.development?.occurredAt;
    // What was proposed is recorded as it is: a proposal without a date stays without one.
    const occurredAt =
      input.occurredAt !== undefined
        ? input.occurredAt
        : proposed.meeting || proposed.development
          ? proposedDate
            ? new Date(`${proposedDate}T00:00:00Z`)
            : null
          : article.publishedAt;
    const occurredAtPrecision =
      input.occurredAtPrecision ??
      proposed.meeting?.occurredAtPrecision ??
      proposed.development?.occurredAtPrecision ??
      'DAY';
    const announcement = { summary, reportedAt: article.publishedAt ?? undefined, evidence };
    let result: { meetingId?: number; proposalId?: number; stanceId?: number };

    if (candidate.kind === 'CORROBORATION') {
      if (!candidate.meetingId)
        throw new ConflictError(`Candidate ${candidate.id} reports a meeting that was deleted`, [
          'input',
          'id',
        ]);
      const meeting = await tx.meeting.findUniqueOrThrow({
        where: { id: candidate.meetingId },
        select: { status: true },
      });
      await attachEvidence(tx, evidence, { supports: 'MEETING', meetingId: candidate.meetingId }, [
        'input',
        'id',
      ]);
      await recordDevelopmentInTx(
        tx,
        log,
        parseDevelopment({
          kind: meetingDevelopmentKind(meeting.status),
          summary,
          occurredAt,
          occurredAtPrecision,
          reportedAt: article.publishedAt ?? undefined,
          actorIds,
          meetingId: candidate.meetingId,
          evidence,
        }),
      );
      result = { meetingId: candidate.meetingId };
    } else if (
      candidate.kind === 'MEETING' &&
      (developmentKind === 'MEETING_HELD' || developmentKind === 'MEETING_PLANNED')
    ) {
      const meetingFacts = proposed.meeting;
      const participants = meetingParticipants(input, actorIds, meetingFacts);
      if (!participants.length)
        throw ValidationError.at(['input', 'actorIds'], 'a meeting needs at least one participant');
      const status =
        input.status ??
        (input.developmentKind || !meetingFacts
          ? developmentKind === 'MEETING_PLANNED'
            ? 'PLANNED'
            : (meetingFacts?.status ?? 'REPORTED')
          : meetingFacts.status);
      const meeting = await createMeetingInTx(
        tx,
        log,
        parseCreateMeeting({
          title: summary.slice(0, 300),
          status,
          occurredAt,
          occurredAtPrecision,
          city: input.city !== undefined ? input.city : (meetingFacts?.city ?? null),
          venue: input.venue !== undefined ? input.venue : (meetingFacts?.venue ?? null),
          participants,
          evidence,
          development: announcement,
        }),
      );
      result = { meetingId: meeting.id };
    } else if (candidate.kind === 'PROPOSAL' && developmentKind === 'PROPOSAL_TABLED') {
      const proposal = await createProposalInTx(
        tx,
        log,
        parseCreateProposal({
          title: summary.slice(0, 300),
          // The candidate's sentence names each of them (the linker found them there).
          proposers: actorIds.map((actorId) => ({ actorId, evidence })),
          tabledAt: occurredAt,
          tabledAtPrecision: occurredAtPrecision,
          evidence,
          development: announcement,
        }),
      );
      result = { proposalId: proposal.id };
    } else if (
      candidate.kind === 'STANCE' ||
      developmentKind === 'PROPOSAL_ACCEPTED' ||
      developmentKind === 'PROPOSAL_REJECTED'
    ) {
      if (!input.proposalId)
        throw ValidationError.at(
          ['input', 'proposalId'],
          'accepting a stance needs the proposal it is about',
        );
      const [actorId] = actorIds;
      if (!actorId) throw ValidationError.at(['input', 'actorIds'], 'a stance needs the actor who takes it');
      const stance = await recordStanceInTx(
        tx,
        log,
        parseStance({
          proposalId: input.proposalId,
          actorId,
          position:
            developmentKind === 'PROPOSAL_ACCEPTED'
              ? 'ACCEPTS'
              : developmentKind === 'PROPOSAL_REJECTED'
                ? 'REJECTS'
                : 'CONDITIONAL',
          summary,
          asOf: occurredAt ?? new Date(),
          asOfPrecision: occurredAtPrecision,
          evidence,
        }),
      );
      result = { stanceId: stance.id, proposalId: input.proposalId };
    } else {
      await recordDevelopmentInTx(
        tx,
        log,
        parseDevelopment({
          kind: developmentKind,
          summary,
          occurredAt,
          occurredAtPrecision,
          reportedAt: article.publishedAt ?? undefined,
          actorIds,
          evidence,
        }),
      );
      result = {};
    }
    // Every branch above appended exactly one entry to the log: the last one is the candidate's.
    // It records who accepted it, as the candidate does.
    const development = await tx.development.update({
      where: { sequence: log.lastSequence },
      data: { reviewedBy: ctx.writtenBy ?? null },
      select: { id: true },
    });
    await tx.candidate.update({
      where: { id: candidate.id },
      data: {
        status: 'ACCEPTED',
        developmentKind,
        summary,
        actorIds: input.participants ? input.participants.map((p) => p.actorId) : actorIds,
        developmentId: development.id,
      },
    });
    return { candidateId: candidate.id, developmentId: development.id, ...result };
  });
}

/**
 * The participants to record: the editor's list, or the proposed ones (with their roles), or, when the
 * editor only changed the actors, those actors with the role proposed for them (else ATTENDEE).
 */
function meetingParticipants(
  input: { participants?: ParticipantInput[]; actorIds?: number[] },
  actorIds: number[],
  facts: ProposedMeeting | undefined,
): ParticipantInput[] {
  if (input.participants) return input.participants;
  // A proposed role travels with the quotes that state it, so the stored role passes the same check.
  const proposed = new Map(
    facts?.participants.map((p) => [
      p.actorId,
      {
        actorId: p.actorId,
        role: p.role,
        evidence: p.evidence.map((q) => ({ articleId: q.articleId, quote: q.quote, startOffset: q.start })),
      },
    ]),
  );
  if (facts && !input.actorIds) return [...proposed.values()];
  return [...new Set(actorIds)].map(
    (actorId) => proposed.get(actorId) ?? { actorId, role: 'ATTENDEE' as const, evidence: [] },
  );
}

export async function editCandidate(
  ctx: DomainContext,
  rawInput: EditCandidateInput,
): Promise<{ id: number }> {
  const input = parseInput(editInput, rawInput);
  return write(ctx, idempotentWrite(ctx, 'editCandidate', input), async (tx, log) => {
    if (input.actorIds?.length) {
      const found = await tx.actor.count({ where: { id: { in: input.actorIds } } });
      if (found !== new Set(input.actorIds).size)
        throw new NotFoundError('Actor', 'in actorIds', ['input', 'actorIds']);
    }
    await claimForEdit(tx, attempt(ctx, input), {
      developmentKind: input.developmentKind,
      summary: input.summary,
      // The participants are the meeting's actors.
      actorIds: input.participants ? input.participants.map((p) => p.actorId) : input.actorIds,
    });
    // Read after the claim, which holds the row: no concurrent edit of the proposal is lost.
    const { proposed } = await tx.candidate.findUniqueOrThrow({
      where: { id: input.id },
      select: { proposed: true },
    });
    const edited = await editedProposal(tx, proposed, input);
    if (edited) await tx.candidate.update({ where: { id: input.id }, data: { proposed: edited } });
    log.noteCandidate(input.id);
    return { id: input.id };
  });
}

export async function rejectCandidate(
  ctx: DomainContext,
  rawInput: RejectCandidateInput,
): Promise<{ id: number }> {
  const input = parseInput(rejectInput, rawInput);
  return write(ctx, idempotentWrite(ctx, 'rejectCandidate', input), async (tx, log) => {
    await claimForDecision(tx, attempt(ctx, input), 'REJECTED');
    log.noteCandidate(input.id);
    return tx.candidate.update({
      where: { id: input.id },
      data: { reviewNote: input.note ?? null },
      select: { id: true },
    });
  });
}

/** One editor's attempt on a candidate: who (the API key's name) and the version it read. */
function attempt(ctx: DomainContext, input: { id: number; expectedVersion?: number }) {
  return { candidateId: input.id, by: ctx.writtenBy ?? null, expectedVersion: input.expectedVersion };
}

export { acceptCandidateActor, rejectCandidateActor, type AcceptCandidateActorInput } from './review-actors';
