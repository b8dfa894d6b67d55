import { z } from 'zod';
import type { DevelopmentKind, MeetingStatus } from '../../generated/prisma/enums';
import { write, type AppendedDevelopments, type DomainContext, type Tx } from './context';
import { appendDevelopment } from './developments';
import { assertIdsExist, listField } from './references';
import { participantInput, uniqueActors, writeParticipants } from './claims';
import { attachEvidence } from './evidence';
import { idempotentWrite } from './idempotency';
import { assertRolesSupported } from './roles';
import { NotFoundError, ValidationError } from './errors';
import {
  announcementInput,
  eventDate,
  evidenceInput,
  id,
  notInFuture,
  parseInput,
  slugify,
  text,
  type DomainInput,
} from './validation';
import { datePrecision, meetingStatus, slug } from './vocabulary';

/** Only a plan (or the planned date of a postponed or cancelled meeting) may lie in the future. */
const heldNotInFuture = (input: { status?: MeetingStatus; occurredAt?: Date | null }) =>
  input.status === 'PLANNED' ||
  input.status === 'POSTPONED' ||
  input.status === 'CANCELLED' ||
  notInFuture(input.occurredAt);

const createMeetingInput = z
  .object({
    slug: slug.optional(),
    title: text.title,
    summary: text.summary.nullish(),
    occurredAt: eventDate.nullish(),
    occurredAtPrecision: datePrecision.default('DAY'),
    venue: text.place.nullish(),
    city: text.place.nullish(),
    status: meetingStatus,
    participants: z.array(participantInput).min(1, 'a meeting needs at least one participant').max(100),
    proposalIds: z.array(id).max(50).default([]),
    evidence: z.array(evidenceInput).max(20).default([]),
    development: announcementInput.nullish(),
    recordDevelopment: z.boolean().default(true),
  })
  .refine((input) => uniqueActors(input.participants), {
    message: 'an actor can take part only once',
    path: ['participants'],
  })
  .refine(heldNotInFuture, { message: 'only a planned meeting may be in the future', path: ['occurredAt'] });
export type CreateMeetingInput = DomainInput<typeof createMeetingInput>;

const updateMeetingInput = z
  .object({
    id,
    title: text.title.optional(),
    summary: text.summary.nullish(),
    occurredAt: eventDate.nullish(),
    occurredAtPrecision: datePrecision.optional(),
    venue: text.place.nullish(),
    city: text.place.nullish(),
    status: meetingStatus.optional(),
    participants: z.array(participantInput).min(1).max(100).optional(),
    proposalIds: z.array(id).max(50).optional(),
    evidence: z.array(evidenceInput).max(20).default([]),
    /** The evidence replaces the meeting's quotes instead of adding to them (a correction). */
    replaceEvidence: z.boolean().default(false),
    development: announcementInput.nullish(),
  })
  .refine((input) => !input.participants || uniqueActors(input.participants), {
    message: 'an actor can take part only once',
    path: ['participants'],
  })
  .refine(heldNotInFuture, { message: 'only a planned meeting may be in the future', path: ['occurredAt'] });
export type UpdateMeetingInput = DomainInput<typeof updateMeetingInput>;

const kindForStatus: Record<MeetingStatus, DevelopmentKind> = {
  HELD: 'MEETING_HELD',
  REPORTED: 'MEETING_HELD',
  PLANNED: 'MEETING_PLANNED',
  // Put off, still to come: announced as a plan whose summary says it was postponed.
  POSTPONED: 'MEETING_PLANNED',
  CANCELLED: 'TALKS_SUSPENDED',
};

export async function createMeeting(
  ctx: DomainContext,
  rawInput: CreateMeetingInput,
): Promise<{ id: number }> {
  const input = parseCreateMeeting(rawInput);
  return write(ctx, idempotentWrite(ctx, 'createMeeting', input), async (tx, log) => ({
    id: (await createMeetingInTx(tx, log, input)).id,
  }));
}

/** The write itself, for callers that compose it into a larger transaction (accepting a candidate). */
export async function createMeetingInTx(
  tx: Tx,
  log: AppendedDevelopments,
  input: z.output<typeof createMeetingInput>,
) {
  await assertIdsExist(
    tx,
    'Actor',
    input.participants.map((participant) => participant.actorId),
    (index) => ['input', 'participants', index, 'actorId'],
  );
  await assertIdsExist(tx, 'Proposal', input.proposalIds, listField(['input', 'proposalIds']));
  await assertRolesSupported(tx, input.participants, ['input', 'participants']);
  const meeting = await tx.meeting.create({
    data: {
      slug: input.slug ?? `${slugify(input.title)}-${Date.now().toString(36)}`,
      title: input.title,
      summary: input.summary ?? null,
      occurredAt: input.occurredAt ?? null,
      occurredAtPrecision: input.occurredAtPrecision,
      venue: input.venue ?? null,
      city: input.city ?? null,
      status: input.status,
      proposals: { createMany: { data: input.proposalIds.map((proposalId) => ({ proposalId })) } },
    },
  });
  await writeParticipants(tx, meeting.id, input.participants, ['input', 'participants']);
  await attachEvidence(tx, input.evidence, { supports: 'MEETING', meetingId: meeting.id }, [
    'input',
    'evidence',
  ]);
  if (input.recordDevelopment) {
    await appendDevelopment(tx, log, {
      kind: kindForStatus[input.status],
      summary: input.development?.summary ?? `${input.title} (${input.status.toLowerCase()})`,
      occurredAt: input.occurredAt ?? null,
      occurredAtPrecision: input.occurredAtPrecision,
      reportedAt: input.development?.reportedAt,
      actorIds: input.participants.map((participant) => participant.actorId),
      meetingId: meeting.id,
      evidence: input.development?.evidence.length ? input.development.evidence : input.evidence,
    });
  }
  return meeting;
}

export function parseCreateMeeting(rawInput: CreateMeetingInput) {
  return parseInput(createMeetingInput, rawInput);
}

/** Edits a meeting. A change of status is news and goes to the live log as an update. */
export async function updateMeeting(
  ctx: DomainContext,
  rawInput: UpdateMeetingInput,
): Promise<{ id: number }> {
  const input = parseInput(updateMeetingInput, rawInput);
  return write(ctx, idempotentWrite(ctx, 'updateMeeting', input), async (tx, log) => {
    const existing = await tx.meeting.findUnique({
      where: { id: input.id },
      include: { participants: true },
    });
    if (!existing) throw new NotFoundError('Meeting', input.id, ['input', 'id']);
    const occurredAt = input.occurredAt === undefined ? existing.occurredAt : input.occurredAt;
    if (
      input.status !== 'PLANNED' &&
      existing.status === 'PLANNED' &&
      input.status &&
      !notInFuture(occurredAt)
    ) {
      throw ValidationError.at(['input', 'occurredAt'], 'only a planned meeting may be in the future');
    }
    if (input.participants) {
      await assertIdsExist(
        tx,
        'Actor',
        input.participants.map((participant) => participant.actorId),
        (index) => ['input', 'participants', index, 'actorId'],
      );
      await assertRolesSupported(tx, input.participants, ['input', 'participants']);
      await tx.meetingParticipant.deleteMany({ where: { meetingId: input.id } });
      await writeParticipants(tx, input.id, input.participants, ['input', 'participants']);
    }
    if (input.proposalIds) {
      await assertIdsExist(tx, 'Proposal', input.proposalIds, listField(['input', 'proposalIds']));
      await tx.meetingProposal.deleteMany({ where: { meetingId: input.id } });
      await tx.meetingProposal.createMany({
        data: input.proposalIds.map((proposalId) => ({ proposalId, meetingId: input.id })),
      });
    }
    const meeting = await tx.meeting.update({
      where: { id: input.id },
      data: {
        title: input.title,
        summary: input.summary,
        occurredAt: input.occurredAt,
        occurredAtPrecision: input.occurredAtPrecision,
        venue: input.venue,
        city: input.city,
        status: input.status,
      },
    });
    if (input.replaceEvidence) await tx.evidence.deleteMany({ where: { meetingId: meeting.id } });
    await attachEvidence(tx, input.evidence, { supports: 'MEETING', meetingId: meeting.id }, [
      'input',
      'evidence',
    ]);
    if ((input.status && input.status !== existing.status) || input.development) {
      const previous = await tx.development.findFirst({
        where: { meetingId: meeting.id },
        orderBy: { sequence: 'desc' },
        select: { id: true },
      });
      const participants = input.participants ?? existing.participants;
      await appendDevelopment(
        tx,
        log,
        {
          kind: kindForStatus[meeting.status],
          summary: input.development?.summary ?? `${meeting.title} (${meeting.status.toLowerCase()})`,
          occurredAt: meeting.occurredAt,
          occurredAtPrecision: meeting.occurredAtPrecision,
          reportedAt: input.development?.reportedAt,
          actorIds: participants.map((participant) => participant.actorId),
          meetingId: meeting.id,
          evidence: input.development?.evidence ?? [],
        },
        // A correction of the meeting is its own entry: it revises the meeting, not an earlier entry.
        input.development?.change === 'CORRECTION'
          ? { change: 'CORRECTION' }
          : { change: previous ? 'UPDATE' : 'NEW', revisesId: previous?.id },
      );
    }
    return { id: meeting.id };
  });
}
