/**
 * Proposed facts: what a candidate says happened, in the shape an editor accepts as it is. Built at
 * ingestion from the extractor's output (src/arabic), stored as JSON on the candidate, read back
 * through one zod schema (a row written by an older build fails loudly instead of half-parsing).
 */
import { z } from 'zod';
import type { DatedDevelopment, MeetingCandidate } from '../arabic/candidates';
import type { DevelopmentKind } from '../arabic/developments';
import { datePrecision, meetingStatus, participantRole, proposalStatus, stancePosition } from './vocabulary';

export const storedQuote = z.object({
  articleId: z.number().int(),
  quote: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});
export type StoredQuote = z.infer<typeof storedQuote>;

const precision = datePrecision;
/** A local calendar date, YYYY-MM-DD. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u);

export const proposedMeeting = z.object({
  status: meetingStatus,
  occurredAt: day.nullable(),
  occurredAtPrecision: precision,
  city: z.string().nullable(),
  venue: z.string().nullable(),
  participants: z.array(
    z.object({
      actorId: z.number().int(),
      role: participantRole,
      evidence: z.array(storedQuote),
    }),
  ),
});
export type ProposedMeeting = z.infer<typeof proposedMeeting>;

export const proposedProposal = z.object({
  title: z.string(),
  status: proposalStatus,
  tabledAt: day.nullable(),
  tabledAtPrecision: precision,
  proposers: z.array(z.object({ actorId: z.number().int(), evidence: z.array(storedQuote) })),
  terms: z.array(z.object({ text: z.string(), evidence: z.array(storedQuote) })),
});

export const proposedStance = z.object({
  actorId: z.number().int().nullable(),
  proposalId: z.number().int().nullable(),
  position: stancePosition,
  asOf: day.nullable(),
  asOfPrecision: precision,
  evidence: z.array(storedQuote),
});

export const proposedDevelopment = z.object({
  kind: z.string(),
  summary: z.string(),
  occurredAt: day.nullable(),
  occurredAtPrecision: precision,
  actorIds: z.array(z.number().int()),
});

export const proposedFacts = z.object({
  meeting: proposedMeeting.optional(),
  proposal: proposedProposal.optional(),
  stance: proposedStance.optional(),
  development: proposedDevelopment.optional(),
});
export type ProposedFacts = z.infer<typeof proposedFacts>;

export function readProposed(value: unknown): ProposedFacts {
  return value === null || value === undefined ? {} : proposedFacts.parse(value);
}

export function readQuotes(value: unknown): StoredQuote[] {
  return z.array(storedQuote).parse(value ?? []);
}

const quoteOf = (articleId: number, q: { quote: string; start: number; end: number }): StoredQuote => ({
  articleId,
  quote: q.quote,
  start: q.start,
  end: q.end,
});

export function meetingFacts(articleId: number, meeting: MeetingCandidate): ProposedMeeting {
  return {
    status: meeting.status,
    occurredAt: meeting.occurredAt,
    occurredAtPrecision: meeting.occurredAtPrecision,
    city: meeting.city,
    venue: meeting.venue,
    participants: meeting.participants.map((p) => ({
      actorId: Number(p.actorId),
      role: p.role,
      evidence: p.evidence.map((q) => quoteOf(articleId, q)),
    })),
  };
}

export function meetingQuotes(articleId: number, meeting: MeetingCandidate): StoredQuote[] {
  return meeting.quotes.map((q) => quoteOf(articleId, q));
}

const STANCE_POSITION: Partial<Record<DevelopmentKind, 'ACCEPTS' | 'REJECTS'>> = {
  PROPOSAL_ACCEPTED: 'ACCEPTS',
  PROPOSAL_REJECTED: 'REJECTS',
};

/** The facts a non-meeting development proposes: always the log entry, and a proposal or stance when it is one. */
export function developmentFacts(articleId: number, candidate: DatedDevelopment): ProposedFacts {
  const actorIds = candidate.actorIds.map(Number);
  const quote = [quoteOf(articleId, candidate)];
  const facts: ProposedFacts = {
    development: {
      kind: candidate.developmentKind,
      summary: candidate.quote.slice(0, 300),
      occurredAt: candidate.occurredAt,
      occurredAtPrecision: candidate.occurredAtPrecision,
      actorIds,
    },
  };
  if (candidate.kind === 'PROPOSAL' && candidate.developmentKind === 'PROPOSAL_TABLED') {
    facts.proposal = {
      title: candidate.quote.slice(0, 300),
      status: 'TABLED',
      tabledAt: candidate.occurredAt,
      tabledAtPrecision: candidate.occurredAtPrecision,
      proposers: actorIds.slice(0, 1).map((actorId) => ({ actorId, evidence: quote })),
      terms: [],
    };
  }
  const position = STANCE_POSITION[candidate.developmentKind];
  if (candidate.kind === 'STANCE' && position) {
    facts.stance = {
      actorId: actorIds[0] ?? null,
      proposalId: null,
      position,
      asOf: candidate.occurredAt,
      asOfPrecision: candidate.occurredAtPrecision,
      evidence: quote,
    };
  }
  return facts;
}

/** A meeting's development kind: held (or reported) meetings and the ones still to come. */
export function meetingDevelopmentKind(
  status: ProposedMeeting['status'],
): 'MEETING_HELD' | 'MEETING_PLANNED' {
  return status === 'HELD' || status === 'REPORTED' ? 'MEETING_HELD' : 'MEETING_PLANNED';
}
