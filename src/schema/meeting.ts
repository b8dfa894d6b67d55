import { batchedByContext } from '../read/batch';
import type { Prisma } from '../db/client';
import type { Meeting as MeetingRecord } from '../../generated/prisma/client';
import type { GraphQLContext } from './context';
import { createMeeting, updateMeeting } from '../domain/meetings';
import { getNamedType, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { planMeetingList, readMeetingList, type ListPaging } from '../read/meeting-list';
import { orders, prismaOrderBy } from '../read/orders';
import { siteOf } from '../read/plan-cache';
import { pagesAheadOf, pothosColumnOf } from './actor-pages';
import { idempotencyKeyDescription, writeContext } from './idempotency';
import { builder } from './builder';
import { DatePrecisionEnum, MeetingStatusEnum, ParticipantRoleEnum } from './enums';
import { factEvidence } from './evidence';
import { AnnouncementInput, EvidenceInput } from './inputs';
import { Proposal } from './proposal';
import { capped, listCaps } from './list-caps';

/** Articles and outlets that report a meeting: its evidence's distinct articles and their sources. */
/** Distinct articles and outlets reporting each meeting: one query for all the meetings of a request level. */
const reports = batchedByContext(async (ctx: GraphQLContext, meetingIds: readonly number[]) => {
  const rows = await ctx.prisma.evidence.findMany({
    where: { meetingId: { in: [...meetingIds] } },
    distinct: ['meetingId', 'articleId'],
    select: { meetingId: true, article: { select: { source: true } } },
  });
  const byMeeting = new Map<number, { articles: number; outlets: Set<string> }>();
  for (const row of rows) {
    const counts = byMeeting.get(row.meetingId!) ?? { articles: 0, outlets: new Set<string>() };
    counts.articles += 1;
    counts.outlets.add(row.article.source);
    byMeeting.set(row.meetingId!, counts);
  }
  return new Map(
    meetingIds.map((id) => [
      id,
      { articles: byMeeting.get(id)?.articles ?? 0, outlets: byMeeting.get(id)?.outlets.size ?? 0 },
    ]),
  );
});

export const Meeting = builder.prismaNode('Meeting', {
  id: { field: 'id' },
  description: 'A meeting or round of talks, with who took part in what role.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    summary: t.exposeString('summary', { nullable: true }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime', nullable: true }),
    occurredAtPrecision: t.expose('occurredAtPrecision', { type: DatePrecisionEnum }),
    venue: t.exposeString('venue', { nullable: true }),
    city: t.exposeString('city', { nullable: true }),
    status: t.expose('status', { type: MeetingStatusEnum }),
    reportCount: t.int({
      description: 'Distinct articles that report the meeting (its evidence).',
      select: { id: true },
      resolve: async (meeting, _args, ctx) => (await reports(ctx, meeting.id))!.articles,
    }),
    outletCount: t.int({
      description: 'Distinct outlets (article sources) that report the meeting.',
      select: { id: true },
      resolve: async (meeting, _args, ctx) => (await reports(ctx, meeting.id))!.outlets,
    }),

    participants: t.relation('participants', {
      query: {
        orderBy: prismaOrderBy(
          orders.meetingParticipants,
        ) as Prisma.MeetingParticipantOrderByWithRelationInput[],
        take: listCaps.participants,
      },
      ...capped(listCaps.participants),
    }),
    evidence: t.relation('evidence', factEvidence),
    developments: t.relatedConnection('developments', {
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { sequence: 'desc' } },
    }),
  }),
});

builder.prismaObjectField('Meeting', 'proposals', (t) =>
  t.field({
    type: [Proposal],
    description: 'Proposals discussed at the meeting.',
    select: (_args, _ctx, nestedSelection) => ({
      proposals: {
        orderBy: { proposalId: 'asc' },
        take: listCaps.meetingProposals,
        select: { proposal: nestedSelection() },
      },
    }),
    resolve: (meeting) => meeting.proposals.map((link) => link.proposal),
    ...capped(listCaps.meetingProposals),
  }),
);

builder.prismaObject('MeetingParticipant', {
  name: 'Participant',
  description: 'An actor at a meeting, in a role.',
  fields: (t) => ({
    role: t.expose('role', { type: ParticipantRoleEnum }),
    actor: t.relation('actor'),
    meeting: t.relation('meeting'),
    evidence: t.relation('evidence', {
      description: 'Quotes that name the actor in this role; every role but ATTENDEE has at least one.',
      ...factEvidence,
    }),
  }),
});

const MeetingFilter = builder.inputType('MeetingFilter', {
  fields: (t) => ({
    actorIds: t.nodeIdList({
      for: 'Actor',
      required: false,
      description: 'Meetings in which any of these actors took part.',
    }),
    from: t.field({ type: 'DateTime', required: false, description: 'On or after this date.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'On or before this date.' }),
    statuses: t.field({ type: [MeetingStatusEnum], required: false }),
    venue: t.string({ required: false, description: 'Venue or city contains this text (case-insensitive).' }),
  }),
});

type MeetingFilterShape = typeof MeetingFilter.$inferInput;

function meetingWhere(filter: MeetingFilterShape | null | undefined): Prisma.MeetingWhereInput {
  if (!filter) return {};
  const where: Prisma.MeetingWhereInput[] = [];
  if (filter.actorIds?.length) {
    where.push({
      participants: {
        some: { actorId: { in: [...filter.actorIds] } },
      },
    });
  }
  if (filter.from) where.push({ occurredAt: { gte: filter.from } });
  if (filter.to) where.push({ occurredAt: { lte: filter.to } });
  if (filter.statuses?.length) where.push({ status: { in: filter.statuses } });
  const venue = filter.venue?.trim();
  if (venue) {
    where.push({
      OR: [
        { venue: { contains: venue, mode: 'insensitive' } },
        { city: { contains: venue, mode: 'insensitive' } },
      ],
    });
  }
  return { AND: where };
}

/** Totals read with the list (src/read/meeting-list.ts), by the field's `info`, which its totalCount gets too. */
const listTotals = new WeakMap<GraphQLResolveInfo, number>();

/**
 * The unfiltered list in one statement with its participants, their actors and the actors' pages, when
 * src/read understands the selection; otherwise (a filter, another relation, a computed field) Prisma.
 */
async function handReadMeetings(ctx: GraphQLContext, query: ListPaging, info: GraphQLResolveInfo) {
  const selection = {
    fieldNodes: info.fieldNodes,
    connectionType: getNamedType(info.returnType) as GraphQLObjectType,
    schema: info.schema,
    operation: info.operation,
    fragments: info.fragments,
    variableValues: info.variableValues,
    columnOf: pothosColumnOf,
    site: siteOf(info.path),
    participantsCap: listCaps.participants,
    actorPages: (fieldNodes: Parameters<typeof pagesAheadOf>[1], type: GraphQLObjectType, site: string) =>
      pagesAheadOf(info, fieldNodes, type, site),
  };
  const plan = planMeetingList(selection);
  if (!plan) return null;
  // The planned include is what the hand read reproduces; reading it tells Pothos the query was used (it
  // warns about an unused one outside production).
  void (query as { include?: unknown; select?: unknown }).include;
  const list = await readMeetingList(ctx, plan, query, selection);
  if (list.total !== null) listTotals.set(info, list.total);
  // Shaped like the rows of the planned query for the selected fields (the only ones read).
  return list.rows as unknown as MeetingRecord[];
}

builder.queryFields((t) => ({
  meetings: t.prismaConnection(
    {
      type: 'Meeting',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 20,
      args: { filter: t.arg({ type: MeetingFilter, required: false }) },
      resolve: async (query, _parent, args, ctx, info) =>
        (args.filter == null && (await handReadMeetings(ctx, query as ListPaging, info))) ||
        ctx.prisma.meeting.findMany({
          ...query,
          where: meetingWhere(args.filter),
          orderBy: prismaOrderBy(orders.meetings) as Prisma.MeetingOrderByWithRelationInput[],
        }),
      totalCount: (_parent, args, ctx, info) =>
        listTotals.get(info) ?? ctx.prisma.meeting.count({ where: meetingWhere(args.filter) }),
    },
    { name: 'MeetingConnection' },
  ),
}));

const ParticipantInput = builder.inputType('ParticipantInput', {
  fields: (t) => ({
    actorId: t.nodeId({ for: 'Actor', required: true }),
    role: t.field({ type: ParticipantRoleEnum, required: true }),
    evidence: t.field({
      type: [EvidenceInput],
      required: false,
      description:
        'Quotes naming the actor in this role: required for every role but ATTENDEE, each naming the actor with a cue for the role.',
    }),
  }),
});

const CreateMeetingInput = builder.inputType('CreateMeetingInput', {
  fields: (t) => ({
    title: t.string({ required: true, description: 'A short English title.' }),
    summary: t.string({ required: false }),
    occurredAt: t.field({ type: 'DateTime', required: false }),
    occurredAtPrecision: t.field({ type: DatePrecisionEnum, required: false }),
    venue: t.string({ required: false }),
    city: t.string({ required: false }),
    status: t.field({ type: MeetingStatusEnum, required: true }),
    participants: t.field({ type: [ParticipantInput], required: true }),
    proposalIds: t.nodeIdList({ for: 'Proposal', required: false }),
    evidence: t.field({ type: [EvidenceInput], required: false }),
    development: t.field({
      type: AnnouncementInput,
      required: false,
      description: 'How the live log announces it.',
    }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

const UpdateMeetingInput = builder.inputType('UpdateMeetingInput', {
  fields: (t) => ({
    id: t.nodeId({ for: 'Meeting', required: true }),
    title: t.string({ required: false }),
    summary: t.string({ required: false }),
    occurredAt: t.field({ type: 'DateTime', required: false }),
    occurredAtPrecision: t.field({ type: DatePrecisionEnum, required: false }),
    venue: t.string({ required: false }),
    city: t.string({ required: false }),
    status: t.field({ type: MeetingStatusEnum, required: false }),
    participants: t.field({
      type: [ParticipantInput],
      required: false,
      description: 'Replaces the participants.',
    }),
    proposalIds: t.nodeIdList({
      for: 'Proposal',
      required: false,
      description: 'Replaces the proposals discussed.',
    }),
    evidence: t.field({
      type: [EvidenceInput],
      required: false,
      description: 'Added to the existing evidence.',
    }),
    development: t.field({ type: AnnouncementInput, required: false }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

builder.mutationFields((t) => ({
  createMeeting: t.prismaField({
    authScopes: { scope: 'data:write' },
    type: 'Meeting',
    description: 'Records a meeting and announces it on the live log.',
    args: { input: t.arg({ type: CreateMeetingInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const meeting = await createMeeting(writeContext(ctx, input.idempotencyKey), input);
      return ctx.prisma.meeting.findUniqueOrThrow({ ...query, where: { id: meeting.id } });
    },
  }),
  updateMeeting: t.prismaField({
    authScopes: { scope: 'data:write' },
    type: 'Meeting',
    description: 'Edits a meeting; a change of status is announced on the live log.',
    args: { input: t.arg({ type: UpdateMeetingInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const meeting = await updateMeeting(writeContext(ctx, input.idempotencyKey), input);
      return ctx.prisma.meeting.findUniqueOrThrow({ ...query, where: { id: meeting.id } });
    },
  }),
}));
