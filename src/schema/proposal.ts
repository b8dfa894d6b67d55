import type { Prisma } from '../db/client';
import { createProposal, updateProposal } from '../domain/proposals';
import { ValidationError } from '../domain/errors';
import { idempotencyKeyDescription, writeContext } from './idempotency';
import { builder } from './builder';
import { DatePrecisionEnum, ProposalStatusEnum } from './enums';
import { factEvidence } from './evidence';
import { AnnouncementInput, EvidenceInput } from './inputs';
import { Actor } from './actor';
import { Meeting } from './meeting';
import { capped, listCaps } from './list-caps';

export const Proposal = builder.prismaNode('Proposal', {
  id: { field: 'id' },
  description: 'A proposal on the table, its terms, its versions and where each actor stands on it.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    summary: t.exposeString('summary', { nullable: true }),
    status: t.expose('status', { type: ProposalStatusEnum }),
    tabledAt: t.expose('tabledAt', { type: 'DateTime', nullable: true }),
    tabledAtPrecision: t.expose('tabledAtPrecision', { type: DatePrecisionEnum }),
    proposers: t.field({
      type: [Actor],
      select: (_args, _ctx, nestedSelection) => ({
        proposers: {
          orderBy: { actorId: 'asc' },
          take: listCaps.proposers,
          select: { actor: nestedSelection() },
        },
      }),
      resolve: (proposal) => proposal.proposers.map((link) => link.actor),
      ...capped(listCaps.proposers),
    }),
    terms: t.relation('terms', {
      query: { orderBy: { position: 'asc' }, take: listCaps.terms },
      ...capped(listCaps.terms),
    }),
    revises: t.relation('revises', {
      nullable: true,
      description: 'The earlier version this proposal revises.',
    }),
    versions: t.relation('revisions', {
      description: 'Later versions that revise this proposal, oldest first.',
      query: { orderBy: { id: 'asc' }, take: listCaps.versions },
      ...capped(listCaps.versions),
    }),
    stances: t.relation('stances', {
      description: 'Dated stances of actors, newest first: an actor can change its position.',
      query: { orderBy: [{ asOf: 'desc' }, { id: 'desc' }], take: listCaps.stances },
      ...capped(listCaps.stances),
    }),
    meetings: t.field({
      type: [Meeting],
      select: (_args, _ctx, nestedSelection) => ({
        meetings: {
          orderBy: { meetingId: 'asc' },
          take: listCaps.proposalMeetings,
          select: { meeting: nestedSelection() },
        },
      }),
      resolve: (proposal) => proposal.meetings.map((link) => link.meeting),
      ...capped(listCaps.proposalMeetings),
    }),
    evidence: t.relation('evidence', factEvidence),
    developments: t.relatedConnection('developments', {
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { sequence: 'desc' } },
    }),
  }),
});

builder.prismaObject('ProposalTerm', {
  name: 'ProposalTerm',
  fields: (t) => ({
    position: t.exposeInt('position'),
    text: t.exposeString('text'),
    evidence: t.relation('evidence', { description: 'Quotes that state this term.', ...factEvidence }),
  }),
});

builder.prismaObject('ProposalProposer', {
  name: 'Proposer',
  description: 'An actor who put a proposal forward, with the quotes that say so.',
  fields: (t) => ({
    actor: t.relation('actor'),
    evidence: t.relation('evidence', factEvidence),
  }),
});

builder.prismaObjectField('Proposal', 'proposedBy', (t) =>
  t.relation('proposers', {
    description: 'The proposers with the evidence of each (the same actors as `proposers`).',
    query: { orderBy: { actorId: 'asc' }, take: listCaps.proposers },
    ...capped(listCaps.proposers),
  }),
);

const ProposerInput = builder.inputType('ProposerInput', {
  fields: (t) => ({
    actorId: t.nodeId({ for: 'Actor', required: true }),
    evidence: t.field({ type: [EvidenceInput], required: false, description: 'Quotes that say so.' }),
  }),
});

/** `proposerIds` (no evidence) and `proposers` (with evidence) name one list of proposers. */
function toProposers(
  ids: readonly number[] | null | undefined,
  items: readonly (typeof ProposerInput.$inferInput)[] | null | undefined,
) {
  return [
    ...(ids ?? []).map((actorId) => ({ actorId })),
    ...(items ?? []).map((item) => ({ actorId: item.actorId, evidence: item.evidence ?? [] })),
  ];
}

const TermInput = builder.inputType('TermInput', {
  fields: (t) => ({
    text: t.string({ required: true }),
    evidence: t.field({ type: [EvidenceInput], required: false, description: 'Quotes that state the term.' }),
  }),
});

/** `terms` (text only) and `termsWithEvidence` are two spellings of one ordered list: one of them, or neither. */
function toTerms(
  texts: readonly string[] | null | undefined,
  items: readonly (typeof TermInput.$inferInput)[] | null | undefined,
) {
  if (texts && items)
    throw ValidationError.at(['input', 'termsWithEvidence'], 'give terms or termsWithEvidence, not both');
  if (items) return items.map((item) => ({ text: item.text, evidence: item.evidence ?? [] }));
  return texts ?? undefined;
}

const ProposalFilter = builder.inputType('ProposalFilter', {
  fields: (t) => ({
    statuses: t.field({ type: [ProposalStatusEnum], required: false }),
    actorIds: t.nodeIdList({
      for: 'Actor',
      required: false,
      description: 'Proposals put forward by, or with a stance of, any of these actors.',
    }),
  }),
});

function proposalWhere(
  filter: typeof ProposalFilter.$inferInput | null | undefined,
): Prisma.ProposalWhereInput {
  if (!filter) return {};
  const where: Prisma.ProposalWhereInput[] = [];
  if (filter.statuses?.length) where.push({ status: { in: filter.statuses } });
  if (filter.actorIds?.length) {
    const actorIds = [...filter.actorIds];
    where.push({
      OR: [
        { proposers: { some: { actorId: { in: actorIds } } } },
        { stances: { some: { actorId: { in: actorIds } } } },
      ],
    });
  }
  return { AND: where };
}

builder.queryFields((t) => ({
  proposals: t.prismaConnection(
    {
      type: 'Proposal',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 20,
      args: { filter: t.arg({ type: ProposalFilter, required: false }) },
      resolve: (query, _parent, args, ctx) =>
        ctx.prisma.proposal.findMany({
          ...query,
          where: proposalWhere(args.filter),
          orderBy: [{ tabledAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
        }),
      totalCount: (_parent, args, ctx) => ctx.prisma.proposal.count({ where: proposalWhere(args.filter) }),
    },
    { name: 'ProposalConnection' },
  ),
}));

const CreateProposalInput = builder.inputType('CreateProposalInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    summary: t.string({ required: false }),
    status: t.field({ type: ProposalStatusEnum, required: false }),
    tabledAt: t.field({ type: 'DateTime', required: false }),
    tabledAtPrecision: t.field({ type: DatePrecisionEnum, required: false }),
    proposerIds: t.nodeIdList({ for: 'Actor', required: false }),
    proposers: t.field({ type: [ProposerInput], required: false, description: 'Proposers with evidence.' }),
    terms: t.stringList({ required: false }),
    termsWithEvidence: t.field({
      type: [TermInput],
      required: false,
      description:
        'The terms, each with the quotes that state it (instead of terms; problems inside it are reported at input.terms).',
    }),
    revisesId: t.nodeId({
      for: 'Proposal',
      required: false,
      description: 'The proposal this one revises; it becomes SUPERSEDED.',
    }),
    meetingIds: t.nodeIdList({ for: 'Meeting', required: false }),
    evidence: t.field({ type: [EvidenceInput], required: false }),
    development: t.field({ type: AnnouncementInput, required: false }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

const UpdateProposalInput = builder.inputType('UpdateProposalInput', {
  fields: (t) => ({
    id: t.nodeId({ for: 'Proposal', required: true }),
    title: t.string({ required: false }),
    summary: t.string({ required: false }),
    status: t.field({ type: ProposalStatusEnum, required: false }),
    terms: t.stringList({ required: false, description: 'Replaces the terms.' }),
    termsWithEvidence: t.field({
      type: [TermInput],
      required: false,
      description:
        'Replaces the terms, each with the quotes that state it (instead of terms; problems inside it are reported at input.terms).',
    }),
    proposerIds: t.nodeIdList({ for: 'Actor', required: false, description: 'Replaces the proposers.' }),
    proposers: t.field({
      type: [ProposerInput],
      required: false,
      description: 'Replaces the proposers (with proposerIds), with evidence.',
    }),
    evidence: t.field({ type: [EvidenceInput], required: false }),
    development: t.field({ type: AnnouncementInput, required: false }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

builder.mutationFields((t) => ({
  createProposal: t.prismaField({
    authScopes: { scope: 'data:write' },
    type: 'Proposal',
    description: 'Records a proposal and announces it on the live log.',
    args: { input: t.arg({ type: CreateProposalInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const proposal = await createProposal(writeContext(ctx, input.idempotencyKey), {
        ...input,
        terms: toTerms(input.terms, input.termsWithEvidence),
        proposers: toProposers(input.proposerIds, input.proposers),
      });
      return ctx.prisma.proposal.findUniqueOrThrow({ ...query, where: { id: proposal.id } });
    },
  }),
  updateProposal: t.prismaField({
    authScopes: { scope: 'data:write' },
    type: 'Proposal',
    description: 'Edits a proposal; a change of status is announced on the live log.',
    args: { input: t.arg({ type: UpdateProposalInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const proposal = await updateProposal(writeContext(ctx, input.idempotencyKey), {
        ...input,
        terms: toTerms(input.terms, input.termsWithEvidence),
        proposers:
          input.proposerIds || input.proposers ? toProposers(input.proposerIds, input.proposers) : undefined,
      });
      return ctx.prisma.proposal.findUniqueOrThrow({ ...query, where: { id: proposal.id } });
    },
  }),
}));
