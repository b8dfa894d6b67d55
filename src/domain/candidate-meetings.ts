/**
 * One candidate per meeting across articles. A meeting the extractor found in a new article becomes a
 * CORROBORATION of a recorded meeting it matches, or joins a pending candidate about the same meeting
 * (its quotes and parties added), or else a new MEETING candidate. "Same meeting" is the extractor's one
 * rule (`sameMeeting` in src/arabic/meetings.ts); nothing reaches the log until an editor accepts.
 */
import { mergeMeetings, sameMeeting, type MeetingCandidate } from '../arabic';
import type { Tx } from './context';
import { lockKeysForTransaction } from '../db/locks';
import { linkArticle, loadGazetteerIn, roleQuoteProblem, type LinkedArticle } from './roles';
import {
  meetingDevelopmentKind,
  meetingFacts,
  meetingQuotes,
  readProposed,
  readQuotes,
  type ProposedMeeting,
  type StoredQuote,
} from './proposed';

const LOOK_BACK = 200;

const isoDay = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

function summaryOf(meeting: ProposedMeeting, quotes: StoredQuote[]): string {
  return quotes[0]?.quote.slice(0, 300) ?? `Meeting (${meeting.status.toLowerCase()})`;
}

/** A stored proposal as the extractor's shape, so the extractor's merge applies to it. */
function asCandidate(meeting: ProposedMeeting, quotes: StoredQuote[]): MeetingCandidate {
  return { ...meeting, quotes, cueWords: [], confidence: 0 };
}

/**
 * A proposed role must pass the same check as a stored one (src/domain/roles.ts), so that an editor can
 * accept a candidate as it is: a role none of whose quotes names the actor beside its cue is proposed as
 * ATTENDEE, with only the quotes that do support it.
 */
function supportedRoles(meeting: ProposedMeeting, linked: LinkedArticle | undefined): ProposedMeeting {
  if (!linked) return meeting;
  return {
    ...meeting,
    participants: meeting.participants.map((participant) => {
      if (participant.role === 'ATTENDEE') return participant;
      const role = participant.role;
      const evidence = participant.evidence.filter(
        (quote) =>
          roleQuoteProblem(linked, participant.actorId, role, {
            startOffset: quote.start,
            endOffset: quote.end,
          }) === null,
      );
      return evidence.length
        ? { ...participant, evidence }
        : { ...participant, role: 'ATTENDEE', evidence: [] };
    }),
  };
}

export async function proposeMeetings(
  tx: Tx,
  articleId: number,
  meetings: readonly MeetingCandidate[],
): Promise<{ created: number; merged: number; corroborations: number }> {
  const counts = { created: 0, merged: 0, corroborations: 0 };
  // Two articles about one meeting, ingested at once, would each miss the other's uncommitted candidate
  // and propose it twice: the second waits here for the first to commit, then finds and joins it.
  await lockKeysForTransaction(
    tx,
    'meeting-candidates',
    meetings.flatMap((found) => found.participants.map((participant) => Number(participant.actorId))),
  );
  let linked: LinkedArticle | undefined;
  for (const found of meetings) {
    if (found.participants.some((p) => p.role !== 'ATTENDEE') && !linked) {
      const { body } = await tx.article.findUniqueOrThrow({
        where: { id: articleId },
        select: { body: true },
      });
      linked = linkArticle(body, await loadGazetteerIn(tx));
    }
    const proposed = supportedRoles(meetingFacts(articleId, found), linked);
    const quotes = meetingQuotes(articleId, found);
    const actorIds = proposed.participants.map((p) => p.actorId);
    const [first] = quotes;
    const base = {
      articleId,
      developmentKind: meetingDevelopmentKind(proposed.status),
      actorIds,
      cueWords: found.cueWords,
      quote: first.quote,
      startOffset: first.start,
      endOffset: first.end,
      confidence: found.confidence,
      quotes,
    };
    const recorded = await tx.meeting.findMany({
      where: { participants: { some: { actorId: { in: actorIds } } } },
      select: {
        id: true,
        status: true,
        occurredAt: true,
        occurredAtPrecision: true,
        city: true,
        participants: { select: { actorId: true } },
      },
      orderBy: { id: 'desc' },
      take: LOOK_BACK,
    });
    const known = recorded.find((meeting) =>
      sameMeeting({ ...meeting, occurredAt: isoDay(meeting.occurredAt) }, proposed, true),
    );
    if (known) {
      await tx.candidate.create({
        data: {
          ...base,
          kind: 'CORROBORATION',
          meetingId: known.id,
          summary: summaryOf(proposed, quotes),
          proposed: { meeting: proposed },
        },
      });
      counts.corroborations += 1;
      continue;
    }
    const pending = await tx.candidate.findMany({
      where: { status: 'NEEDS_REVIEW', kind: 'MEETING', actorIds: { hasSome: actorIds } },
      orderBy: { id: 'desc' },
      take: LOOK_BACK,
    });
    const match = pending.find((candidate) => {
      const facts = readProposed(candidate.proposed).meeting;
      return facts !== undefined && sameMeeting(facts, proposed, true);
    });
    // The actor locks above cover this article's actors, not the candidate's: another article naming
    // the candidate's other parties may be merging into it now. Lock it and read it again before merging.
    if (match) await lockKeysForTransaction(tx, 'meeting-candidate', [match.id]);
    const same = match
      ? await tx.candidate.findFirst({ where: { id: match.id, status: 'NEEDS_REVIEW' } })
      : null;
    if (same) {
      const facts = readProposed(same.proposed).meeting as ProposedMeeting;
      const known = readQuotes(same.quotes);
      const merged = mergeMeetings(asCandidate(facts, known), asCandidate(proposed, quotes));
      const participants = merged.participants.map((p) => ({
        actorId: Number(p.actorId),
        role: p.role,
        evidence: p.evidence as StoredQuote[],
      }));
      // Only while it still waits for review: one an editor decided meanwhile keeps what was decided, and
      // this report then becomes a candidate of its own (below) rather than vanish into a closed one.
      const { count } = await tx.candidate.updateMany({
        where: { id: same.id, status: 'NEEDS_REVIEW' },
        data: {
          // A new report changes what accepting records: an editor deciding on what they read before is
          // refused (CONFLICT) and sees the merged candidate first.
          version: { increment: 1 },
          actorIds: participants.map((p) => p.actorId),
          quotes: merged.quotes as StoredQuote[],
          proposed: {
            meeting: {
              status: merged.status,
              occurredAt: merged.occurredAt,
              occurredAtPrecision: merged.occurredAtPrecision,
              city: merged.city,
              venue: merged.venue,
              participants,
            },
          },
          developmentKind: meetingDevelopmentKind(merged.status),
        },
      });
      if (count) {
        counts.merged += 1;
        continue;
      }
    }
    await tx.candidate.create({
      data: {
        ...base,
        kind: 'MEETING',
        summary: summaryOf(proposed, quotes),
        proposed: { meeting: proposed },
      },
    });
    counts.created += 1;
  }
  return counts;
}
