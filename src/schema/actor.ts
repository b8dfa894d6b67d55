import { normalizeArabic } from '../arabic/normalize';
import { createActor, updateActor } from '../domain/actors';
import type { Prisma } from '../db/client';
import type {
  Actor as ActorRecord,
  Meeting as MeetingRecord,
  MeetingParticipant,
  Proposal as ProposalRecord,
  Stance as StanceRecord,
} from '../../generated/prisma/client';
import type { PageConnectionOf } from './page-edges';
import { readActorWithPages } from '../read/actor-read';
import { actorColumnsAhead, actorPageResolver, pagesAhead } from './actor-pages';
import { idempotencyKeyDescription, writeContext } from './idempotency';
import { builder } from './builder';
import { ActorKindEnum, AliasLanguageEnum, ParticipantRoleEnum } from './enums';
import { evidenceList } from './evidence';
import { EvidenceInput } from './inputs';
import { Meeting } from './meeting';
import { Proposal } from './proposal';
import { Stance } from './stance';
import { capped, listCaps } from './list-caps';

export const Actor = builder.prismaNode('Actor', {
  id: { field: 'id' },
  description:
    'A person, organisation, state, armed group or media outlet that takes part in or reports on the negotiations.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    kind: t.expose('kind', { type: ActorKindEnum }),
    name: t.exposeString('nameEn', { description: 'Display name (English).' }),
    nameEn: t.exposeString('nameEn', { deprecationReason: 'The same column as `name`: use `name`.' }),
    nameAr: t.exposeString('nameAr', { nullable: true }),
    wikidataId: t.exposeString('wikidataId', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    affiliation: t.relation('affiliation', { nullable: true }),
    aliases: t.relation('aliases', {
      query: { orderBy: { id: 'asc' }, take: listCaps.aliases },
      ...capped(listCaps.aliases),
    }),
    members: t.relatedConnection('members', {
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { id: 'asc' } },
    }),
    mentions: t.relation('evidence', {
      description: `Quotes where the actor is named: the first ${listCaps.mentions}.`,
      query: { ...evidenceList, take: listCaps.mentions },
      ...capped(listCaps.mentions),
    }),
  }),
});

// The rows come read ahead with the actor or from the actor page loader, one statement per turn with a LIMIT
// per actor (src/read/actor-pages.ts); ./page-edges.ts builds the edges.
builder.prismaObjectField('Actor', 'meetings', (t) =>
  t.connection(
    {
      type: Meeting,
      description: 'Meetings this actor took part in, latest first; each edge carries the role.',
      resolve: actorPageResolver<PageConnectionOf<MeetingParticipant & { node: MeetingRecord }>>('meetings'),
    },
    {
      name: 'ActorMeetingsConnection',
      fields: (connection) => ({ totalCount: connection.int({ resolve: (result) => result.totalCount }) }),
    },
    {
      name: 'ActorMeetingsEdge',
      fields: (edge) => ({
        role: edge.field({ type: ParticipantRoleEnum, resolve: (participation) => participation.role }),
      }),
    },
  ),
);

builder.prismaObjectField('Actor', 'proposals', (t) =>
  t.connection(
    {
      type: Proposal,
      description: 'Proposals this actor put forward.',
      extensions: { cursor: 'keyPair' },
      resolve: actorPageResolver<PageConnectionOf<{ node: ProposalRecord }>>('proposals'),
    },
    {
      name: 'ActorProposalsConnection',
      fields: (connection) => ({ totalCount: connection.int({ resolve: (result) => result.totalCount }) }),
    },
  ),
);

builder.prismaObjectField('Actor', 'stances', (t) =>
  t.connection(
    {
      type: Stance,
      resolve: actorPageResolver<PageConnectionOf<StanceRecord & { node: StanceRecord }>>('stances'),
    },
    {
      name: 'ActorStancesConnection',
      fields: (connection) => ({ totalCount: connection.int({ resolve: (result) => result.totalCount }) }),
    },
    { name: 'ActorStancesConnectionEdge' },
  ),
);

builder.prismaObject('ActorAlias', {
  description: 'A name under which the actor appears, with the normalized form used for matching.',
  fields: (t) => ({
    text: t.exposeString('text'),
    normalized: t.exposeString('normalized'),
    language: t.expose('language', { type: AliasLanguageEnum }),
    ambiguous: t.exposeBoolean('ambiguous', {
      description:
        'The alias also names others (another actor, a common first name or word): alone it never links.',
    }),
  }),
});

const ActorFilter = builder.inputType('ActorFilter', {
  fields: (t) => ({
    kinds: t.field({ type: [ActorKindEnum], required: false }),
    ids: t.nodeIdList({ for: 'Actor', required: false, description: 'Only these actors.' }),
  }),
});

builder.queryFields((t) => ({
  actors: t.prismaConnection(
    {
      type: 'Actor',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 20,
      args: {
        filter: t.arg({ type: ActorFilter, required: false }),
        search: t.arg.string({
          required: false,
          description: 'Matches names and aliases in Arabic, English or Hebrew transliteration.',
        }),
      },
      resolve: (query, _parent, args, ctx) =>
        ctx.prisma.actor.findMany({
          ...query,
          where: actorWhere(args),
          orderBy: [{ nameEn: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_parent, args, ctx) => ctx.prisma.actor.count({ where: actorWhere(args) }),
    },
    { name: 'ActorConnection' },
  ),
  // A plain field, not `prismaField`: its Prisma query would go unused, and mapping the selection to one
  // costs time on every call. One statement with the pages its selection asks for (src/read/actor-read.ts);
  // other relations load on their own.
  actor: t.field({
    type: Actor,
    nullable: true,
    description: 'One actor, by global id or by slug.',
    args: { id: t.arg.nodeId({ for: 'Actor', required: false }), slug: t.arg.string({ required: false }) },
    resolve: async (_parent, args, ctx, info) => {
      const where = args.id ? { id: args.id } : args.slug ? { slug: args.slug } : null;
      return where
        ? ((await readActorWithPages(
            ctx,
            where,
            pagesAhead(ctx, info),
            actorColumnsAhead(info),
          )) as ActorRecord | null)
        : null;
    },
  }),
}));

function actorWhere(args: {
  filter?: { kinds?: readonly string[] | null; ids?: readonly number[] | null } | null;
  search?: string | null;
}): Prisma.ActorWhereInput {
  const where: Prisma.ActorWhereInput[] = [];
  if (args.filter?.kinds?.length)
    where.push({ kind: { in: args.filter.kinds as Prisma.ActorWhereInput['kind'] as never } });
  if (args.filter?.ids?.length) where.push({ id: { in: [...args.filter.ids] } });
  const search = args.search?.trim();
  if (search) {
    const normalized = normalizeArabic(search);
    where.push({
      OR: [
        { aliases: { some: { normalized: { contains: normalized } } } },
        { nameEn: { contains: search, mode: 'insensitive' } },
      ],
    });
  }
  return { AND: where };
}

const AliasInput = builder.inputType('AliasInput', {
  fields: (t) => ({
    text: t.string({ required: true }),
    language: t.field({ type: AliasLanguageEnum, required: true }),
    ambiguous: t.boolean({
      required: false,
      description: 'Unset: true for a common first name or word, or an alias another actor has too.',
    }),
  }),
});

const AliasAmbiguityInput = builder.inputType('AliasAmbiguityInput', {
  fields: (t) => ({
    text: t.string({ required: true }),
    ambiguous: t.boolean({ required: true }),
  }),
});

const CreateActorInput = builder.inputType('CreateActorInput', {
  fields: (t) => ({
    kind: t.field({ type: ActorKindEnum, required: true }),
    nameEn: t.string({ required: true }),
    nameAr: t.string({ required: false }),
    slug: t.string({ required: false, description: 'Defaults to one made from the English name.' }),
    wikidataId: t.string({ required: false }),
    description: t.string({ required: false }),
    affiliationId: t.nodeId({ for: 'Actor', required: false }),
    aliases: t.field({ type: [AliasInput], required: false }),
    evidence: t.field({ type: [EvidenceInput], required: false, description: 'Quotes that name the actor.' }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

const UpdateActorInput = builder.inputType('UpdateActorInput', {
  fields: (t) => ({
    id: t.nodeId({ for: 'Actor', required: true }),
    kind: t.field({ type: ActorKindEnum, required: false }),
    nameEn: t.string({ required: false }),
    nameAr: t.string({ required: false }),
    wikidataId: t.string({ required: false }),
    description: t.string({ required: false }),
    affiliationId: t.nodeId({ for: 'Actor', required: false }),
    addAliases: t.field({ type: [AliasInput], required: false }),
    removeAliases: t.stringList({ required: false }),
    aliasAmbiguity: t.field({
      type: [AliasAmbiguityInput],
      required: false,
      description:
        'Marks existing aliases (by text, compared normalized) ambiguous or not: an ambiguous alias alone never links an actor.',
    }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

builder.mutationFields((t) => ({
  createActor: t.prismaField({
    authScopes: { scope: 'data:write' },
    type: 'Actor',
    args: { input: t.arg({ type: CreateActorInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const actor = await createActor(writeContext(ctx, input.idempotencyKey), input);
      return ctx.prisma.actor.findUniqueOrThrow({ ...query, where: { id: actor.id } });
    },
  }),
  updateActor: t.prismaField({
    authScopes: { scope: 'data:write' },
    type: 'Actor',
    args: { input: t.arg({ type: UpdateActorInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const actor = await updateActor(writeContext(ctx, input.idempotencyKey), input);
      return ctx.prisma.actor.findUniqueOrThrow({ ...query, where: { id: actor.id } });
    },
  }),
}));
