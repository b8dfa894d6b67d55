import { queryFromInfo } from '@pothos/plugin-prisma';
import type { DevelopmentKind } from '../../generated/prisma/enums';
import type { Prisma } from '../db/client';
import { recordDevelopment, reviseDevelopment } from '../domain/developments';
import { NotFoundError, ValidationError } from '../domain/errors';
import type { LiveFieldSpec } from '../live/cohorts';
import type { FeedEvent } from '../live/feed';
import { cohortContextOf, type GraphQLContext } from './context';
import { decodeCursor, encodeCursor } from '../cursors';
import { checkedArguments } from './input-plugin';
import { Actor } from './actor';
import { idempotencyKeyDescription, writeContext } from './idempotency';
import { builder } from './builder';
import { DatePrecisionEnum, DevelopmentChangeEnum, DevelopmentKindEnum } from './enums';
import { factEvidence } from './evidence';
import { EvidenceInput } from './inputs';
import { capped, listCaps } from './list-caps';
import { reviewReadScope } from './scopes';

export const Development = builder.prismaNode('Development', {
  id: { field: 'id' },
  description: 'One entry of the live log of negotiation developments.',
  fields: (t) => ({
    cursor: t.string({
      select: { sequence: true },
      resolve: (development) => encodeCursor('sequence', development.sequence),
      description: 'Resume the feed after this entry.',
    }),
    sequence: t.exposeInt('sequence', {
      description: 'Position in the log: gap-free and strictly increasing.',
    }),
    kind: t.expose('kind', { type: DevelopmentKindEnum }),
    change: t.expose('change', { type: DevelopmentChangeEnum }),
    revises: t.relation('revises', {
      nullable: true,
      description: 'The entry this one updates, corrects or retracts.',
    }),
    summary: t.exposeString('summary'),
    occurredAt: t.expose('occurredAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it happened.',
    }),
    occurredAtPrecision: t.expose('occurredAtPrecision', { type: DatePrecisionEnum }),
    reportedAt: t.expose('reportedAt', { type: 'DateTime', description: 'When it was reported.' }),
    reviewedBy: t.exposeString('reviewedBy', {
      nullable: true,
      // Who reviews is the newsroom's business, not the public's: the review queue's scope.
      authScopes: reviewReadScope,
      description:
        'For an accepted candidate: the name of the API key whose editor accepted it (scope review:read).',
    }),
    recordedAt: t.expose('createdAt', { type: 'DateTime', description: 'When this backend recorded it.' }),
    actors: t.field({
      type: [Actor],
      select: (_args, _ctx, nestedSelection) => ({
        actors: {
          orderBy: { actorId: 'asc' },
          take: listCaps.developmentActors,
          select: { actor: nestedSelection() },
        },
      }),
      resolve: (development) => development.actors.map((link) => link.actor),
      ...capped(listCaps.developmentActors),
    }),
    meeting: t.relation('meeting', { nullable: true }),
    proposal: t.relation('proposal', { nullable: true }),
    evidence: t.relation('evidence', factEvidence),
  }),
});

export const DevelopmentFilter = builder.inputType('DevelopmentFilter', {
  description: 'Shared by the developments query and subscription.',
  fields: (t) => ({
    actorIds: t.nodeIdList({
      for: 'Actor',
      required: false,
      description: 'Entries involving any of these actors.',
    }),
    kinds: t.field({ type: [DevelopmentKindEnum], required: false }),
    meetingId: t.nodeId({ for: 'Meeting', required: false }),
    proposalId: t.nodeId({ for: 'Proposal', required: false }),
  }),
});

export interface ParsedDevelopmentFilter {
  actorIds?: number[];
  kinds?: DevelopmentKind[];
  meetingId?: number;
  proposalId?: number;
}

export function parseDevelopmentFilter(
  filter: typeof DevelopmentFilter.$inferInput | null | undefined,
): ParsedDevelopmentFilter {
  if (!filter) return {};
  return {
    actorIds: filter.actorIds?.length ? [...filter.actorIds] : undefined,
    kinds: filter.kinds?.length ? [...filter.kinds] : undefined,
    meetingId: filter.meetingId ?? undefined,
    proposalId: filter.proposalId ?? undefined,
  };
}

export function developmentWhere(filter: ParsedDevelopmentFilter): Prisma.DevelopmentWhereInput {
  return {
    ...(filter.actorIds ? { actors: { some: { actorId: { in: filter.actorIds } } } } : {}),
    ...(filter.kinds ? { kind: { in: filter.kinds } } : {}),
    ...(filter.meetingId ? { meetingId: filter.meetingId } : {}),
    ...(filter.proposalId ? { proposalId: filter.proposalId } : {}),
  };
}

const maxPage = 100;

function pageSize(value: number | null | undefined, name: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > maxPage)
    throw ValidationError.at([name], `must be between 1 and ${maxPage}`);
  return value;
}

builder.queryFields((t) => ({
  developments: t.connection(
    {
      type: Development,
      description:
        'The live log. With first/after it reads forward from a cursor (oldest first); otherwise it returns the latest entries (last, default 20, before a cursor), still in log order.',
      args: { filter: t.arg({ type: DevelopmentFilter, required: false }) },
      extensions: { cursor: 'sequence' },
      resolve: async (_parent, args, ctx, info) => {
        const first = pageSize(args.first, 'first');
        const last = pageSize(args.last, 'last');
        if ((first || args.after) && (last || args.before)) {
          throw ValidationError.at(['last'], 'use first/after or last/before, not both');
        }
        const filter = developmentWhere(parseDevelopmentFilter(args.filter));
        const query = queryFromInfo({ context: ctx, info, path: ['edges', 'node'], typeName: 'Development' });
        const forward = Boolean(first || args.after);
        const take = (forward ? first : last) ?? 20;
        const after = args.after ? decodeCursor('sequence', args.after, ['after']) : undefined;
        const before = args.before ? decodeCursor('sequence', args.before, ['before']) : undefined;
        const rows = await ctx.prisma.development.findMany({
          ...query,
          where: {
            ...filter,
            sequence: forward ? { gt: after ?? 0 } : before !== undefined ? { lt: before } : undefined,
          },
          orderBy: { sequence: forward ? 'asc' : 'desc' },
          take: take + 1,
        });
        const more = rows.length > take;
        const page = rows.slice(0, take);
        if (!forward) page.reverse();
        const edges = page.map((node) => ({ cursor: encodeCursor('sequence', node.sequence), node }));
        return {
          edges,
          pageInfo: {
            hasNextPage: forward ? more : false,
            hasPreviousPage: forward ? false : more,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
          filter,
        };
      },
    },
    {
      name: 'DevelopmentConnection',
      fields: (connection) => ({
        totalCount: connection.int({
          resolve: (result, _args, ctx) =>
            ctx.prisma.development.count({
              where: (result as unknown as { filter: Prisma.DevelopmentWhereInput }).filter,
            }),
        }),
      }),
    },
  ),
}));

const RecordDevelopmentInput = builder.inputType('RecordDevelopmentInput', {
  fields: (t) => ({
    kind: t.field({ type: DevelopmentKindEnum, required: true }),
    summary: t.string({ required: true }),
    occurredAt: t.field({ type: 'DateTime', required: false }),
    occurredAtPrecision: t.field({ type: DatePrecisionEnum, required: false }),
    reportedAt: t.field({ type: 'DateTime', required: false, description: 'Defaults to now.' }),
    actorIds: t.nodeIdList({ for: 'Actor', required: false }),
    meetingId: t.nodeId({ for: 'Meeting', required: false }),
    proposalId: t.nodeId({ for: 'Proposal', required: false }),
    evidence: t.field({ type: [EvidenceInput], required: false }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

const ReviseDevelopmentInput = builder.inputType('ReviseDevelopmentInput', {
  fields: (t) => ({
    developmentId: t.nodeId({ for: 'Development', required: true }),
    change: t.field({
      type: DevelopmentChangeEnum,
      required: true,
      description: 'UPDATE, CORRECTION or RETRACTION.',
    }),
    summary: t.string({ required: false }),
    kind: t.field({ type: DevelopmentKindEnum, required: false }),
    occurredAt: t.field({ type: 'DateTime', required: false }),
    occurredAtPrecision: t.field({ type: DatePrecisionEnum, required: false }),
    evidence: t.field({ type: [EvidenceInput], required: false }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

builder.mutationFields((t) => ({
  recordDevelopment: t.prismaField({
    authScopes: { scope: 'data:write' },
    type: 'Development',
    description: 'Appends a development to the live log.',
    args: { input: t.arg({ type: RecordDevelopmentInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const development = await recordDevelopment(writeContext(ctx, input.idempotencyKey), input);
      return ctx.prisma.development.findUniqueOrThrow({ ...query, where: { id: development.id } });
    },
  }),
  reviseDevelopment: t.prismaField({
    authScopes: { scope: 'data:write' },
    type: 'Development',
    description: 'Updates, corrects or retracts an earlier development by appending a revision to the log.',
    args: { input: t.arg({ type: ReviseDevelopmentInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      if (input.change === 'NEW')
        throw ValidationError.at(['input', 'change'], 'a revision is an UPDATE, CORRECTION or RETRACTION');
      const development = await reviseDevelopment(writeContext(ctx, input.idempotencyKey), {
        ...input,
        change: input.change,
      });
      return ctx.prisma.development.findUniqueOrThrow({ ...query, where: { id: development.id } });
    },
  }),
}));

builder.subscriptionField('developments', (t) =>
  t.prismaField({
    type: 'Development',
    description:
      'Each new entry of the live log, in order, exactly once. Pass the cursor of the last entry you saw as `after` to receive everything since, then live entries, with no gap and no repeat.',
    args: {
      filter: t.arg({ type: DevelopmentFilter, required: false }),
      after: t.arg.string({
        required: false,
        description: 'A cursor from a Development or the developments query.',
      }),
    },
    // `liveCohort`: the live cohort plugin (src/live/cohorts.ts) serves it where installed, executing each
    // entry once for all subscribers with the same document, variables and scopes. `subscribe` is the same
    // stream for one subscriber, for the schema used without the plugin (tests compare the two).
    extensions: { cursor: 'sequence', liveCohort: true },
    subscribe: async (_root, args, ctx, info) => {
      const field = info.parentType.getFields()[info.fieldName];
      const { after, matches } = await developmentsLiveField.prepare(args, ctx, field);
      return ctx.live.events(after, matches) as unknown as AsyncIterable<never>;
    },
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.development.findUniqueOrThrow({
        ...query,
        where: { id: (event as unknown as FeedEvent).id },
      }),
  }),
);

/** How the live plugin reads the subscription's arguments: the same filter and cursor as the query. */
export const developmentsLiveField: LiveFieldSpec<GraphQLContext> = {
  fieldName: 'developments',
  cohortContext: cohortContextOf,
  cursorArgument: 'after',
  async prepare(rawArgs, ctx, field) {
    // The cohort plugin reads the arguments itself: the same checks as every resolver's.
    const args = checkedArguments(field, rawArgs);
    const filter = parseDevelopmentFilter(args.filter as typeof DevelopmentFilter.$inferInput | undefined);
    const after = typeof args.after === 'string' ? decodeCursor('sequence', args.after, ['after']) : null;
    await assertFilterTargetsExist(ctx, filter);
    if (after !== null) {
      const latest = await ctx.prisma.development.findFirst({
        orderBy: { sequence: 'desc' },
        select: { sequence: true },
      });
      if (after > (latest?.sequence ?? 0))
        throw ValidationError.at(['after'], 'the cursor is ahead of the log');
    }
    return { after, matches: (event) => matchesFilter(filter, event) };
  },
};

export function matchesFilter(filter: ParsedDevelopmentFilter, event: FeedEvent): boolean {
  if (filter.kinds && !filter.kinds.includes(event.kind as DevelopmentKind)) return false;
  if (filter.meetingId && event.meetingId !== filter.meetingId) return false;
  if (filter.proposalId && event.proposalId !== filter.proposalId) return false;
  if (filter.actorIds && !event.actorIds.some((actorId) => filter.actorIds!.includes(actorId))) return false;
  return true;
}

/** A filter naming something that does not exist would wait forever in silence; say so instead. */
async function assertFilterTargetsExist(ctx: GraphQLContext, filter: ParsedDevelopmentFilter): Promise<void> {
  const [actors, meeting, proposal] = await Promise.all([
    filter.actorIds
      ? ctx.prisma.actor.findMany({ where: { id: { in: filter.actorIds } }, select: { id: true } })
      : [],
    filter.meetingId
      ? ctx.prisma.meeting.findUnique({ where: { id: filter.meetingId }, select: { id: true } })
      : true,
    filter.proposalId
      ? ctx.prisma.proposal.findUnique({ where: { id: filter.proposalId }, select: { id: true } })
      : true,
  ]);
  const found = new Set(actors.map((actor) => actor.id));
  const missing = (filter.actorIds ?? []).findIndex((actorId) => !found.has(actorId));
  if (missing >= 0)
    throw new NotFoundError('Actor', filter.actorIds![missing], ['filter', 'actorIds', missing]);
  if (!meeting) throw new NotFoundError('Meeting', filter.meetingId!, ['filter', 'meetingId']);
  if (!proposal) throw new NotFoundError('Proposal', filter.proposalId!, ['filter', 'proposalId']);
}
