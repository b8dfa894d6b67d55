import { z } from 'zod';
import type { Prisma } from '../db/client';
import { participantInput } from './claims';
import type { Tx } from './context';
import { NotFoundError, ValidationError } from './errors';
import { loadQuotedArticles, resolveEvidence } from './evidence';
import { readProposed, type ProposedMeeting } from './proposed';
import { assertRolesSupported } from './roles';
import { eventDate, text } from './validation';
import { datePrecision, meetingStatus } from './vocabulary';

/**
 * An editor's changes to a proposed meeting, saved on the candidate without deciding it (editCandidate),
 * so that another editor, or the same one later, sees and accepts them. The same checks as a recorded
 * meeting's: a role other than ATTENDEE needs a quote that names the actor with a cue for the role.
 */
export const meetingEdits = {
  status: meetingStatus.optional(),
  occurredAt: eventDate.nullish(),
  occurredAtPrecision: datePrecision.optional(),
  city: text.place.nullish(),
  participants: z.array(participantInput).min(1).max(100).optional(),
};
type MeetingEdits = z.output<z.ZodObject<typeof meetingEdits>>;

/** The candidate's proposed facts with the edits applied, or undefined when none touch the meeting. */
export async function editedProposal(
  tx: Tx,
  proposedJson: unknown,
  edits: MeetingEdits,
): Promise<Prisma.InputJsonValue | undefined> {
  const touched = (Object.keys(meetingEdits) as (keyof MeetingEdits)[]).filter(
    (key) => edits[key] !== undefined,
  );
  if (!touched.length) return undefined;
  const proposed = readProposed(proposedJson);
  if (!proposed.meeting)
    throw ValidationError.at(
      ['input', touched[0]],
      'only a proposed meeting has a status, date, city and participants',
    );
  const meeting: ProposedMeeting = { ...proposed.meeting };
  if (edits.status) meeting.status = edits.status;
  if (edits.occurredAt !== undefined)
    meeting.occurredAt = edits.occurredAt ? edits.occurredAt.toISOString().slice(0, 10) : null;
  if (edits.occurredAtPrecision) meeting.occurredAtPrecision = edits.occurredAtPrecision;
  if (edits.city !== undefined) meeting.city = edits.city ?? null;
  if (edits.participants) {
    const field = ['input', 'participants'];
    const actorIds = new Set(edits.participants.map((p) => p.actorId));
    if ((await tx.actor.count({ where: { id: { in: [...actorIds] } } })) !== actorIds.size)
      throw new NotFoundError('Actor', 'in participants', field);
    await assertRolesSupported(tx, edits.participants, field);
    const articles = await loadQuotedArticles(
      tx,
      edits.participants.flatMap((p) => p.evidence),
    );
    meeting.participants = edits.participants.map((p, index) => ({
      actorId: p.actorId,
      role: p.role,
      evidence: resolveEvidence(articles, p.evidence, [...field, index, 'evidence']).map((q) => ({
        articleId: q.articleId,
        quote: q.quote,
        start: q.startOffset,
        end: q.endOffset,
      })),
    }));
  }
  return { ...proposed, meeting } as Prisma.InputJsonValue;
}
