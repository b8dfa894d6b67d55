import type { Db } from '../db/client';
import { addArticle, type AddArticleResult } from '../domain/ingest';
import {
  acceptCandidate,
  acceptCandidateActor,
  editCandidate,
  rejectCandidate,
  rejectCandidateActor,
} from '../domain/review';
import { Actor } from './actor';
import { idempotencyKeyDescription, writeContext } from './idempotency';
import { builder } from './builder';
import type { CandidateStatus } from '../../generated/prisma/enums';
import { readProposed, readQuotes } from '../domain/proposed';
import {
  ProposedDevelopmentRef,
  ProposedMeetingRef,
  ProposedProposalRef,
  ProposedStanceRef,
  Quote,
} from './proposed';
import {
  ActorKindEnum,
  CandidateKindEnum,
  CandidateStatusEnum,
  DatePrecisionEnum,
  DevelopmentKindEnum,
  MeetingStatusEnum,
  ParticipantRoleEnum,
} from './enums';
import { capped, listCaps } from './list-caps';
import { reviewReadScope } from './scopes';
import { EvidenceInput } from './inputs';

/** Actor ids stored on a candidate; Prisma batches the findUnique calls of one tick into one query. */
const actorsById = (ids: number[], ctx: { prisma: Db }) =>
  Promise.all(ids.map((id) => ctx.prisma.actor.findUnique({ where: { id } }))).then((rows) =>
    rows.filter((row) => row !== null),
  );

// The review queue (every status, review notes) is for reviewers: a type-level scope guards the types
// wherever they are reached (node, nodes, payloads), the field-level ones the connections' counts
// (here and on Article, in article.ts).
builder.prismaNode('Candidate', {
  id: { field: 'id' },
  authScopes: reviewReadScope,
  description: 'Something an article seems to report, extracted automatically and waiting for review.',
  fields: (t) => ({
    kind: t.expose('kind', { type: CandidateKindEnum }),
    developmentKind: t.expose('developmentKind', { type: DevelopmentKindEnum }),
    summary: t.exposeString('summary'),
    status: t.expose('status', { type: CandidateStatusEnum }),
    confidence: t.exposeFloat('confidence'),
    cueWords: t.exposeStringList('cueWords'),
    quote: t.exposeString('quote'),
    startOffset: t.exposeInt('startOffset'),
    endOffset: t.exposeInt('endOffset'),
    quotes: t.field({
      type: [Quote],
      description: 'Every quote the candidate rests on; `quote` is the first.',
      select: { quotes: true, articleId: true, quote: true, startOffset: true, endOffset: true },
      ...capped(listCaps.factEvidence),
      resolve: (candidate) => {
        const quotes = readQuotes(candidate.quotes);
        return quotes.length
          ? quotes.slice(0, listCaps.factEvidence)
          : [
              {
                articleId: candidate.articleId,
                quote: candidate.quote,
                start: candidate.startOffset,
                end: candidate.endOffset,
              },
            ];
      },
    }),
    proposedMeeting: t.field({
      type: ProposedMeetingRef,
      nullable: true,
      select: { proposed: true },
      resolve: (candidate) => readProposed(candidate.proposed).meeting ?? null,
    }),
    proposedProposal: t.field({
      type: ProposedProposalRef,
      nullable: true,
      select: { proposed: true },
      resolve: (candidate) => readProposed(candidate.proposed).proposal ?? null,
    }),
    proposedStance: t.field({
      type: ProposedStanceRef,
      nullable: true,
      select: { proposed: true },
      resolve: (candidate) => readProposed(candidate.proposed).stance ?? null,
    }),
    proposedDevelopment: t.field({
      type: ProposedDevelopmentRef,
      nullable: true,
      select: { proposed: true },
      resolve: (candidate) => readProposed(candidate.proposed).development ?? null,
    }),
    corroborates: t.relation('meeting', {
      nullable: true,
      description: 'For a CORROBORATION: the recorded meeting this candidate reports again.',
    }),
    reviewNote: t.exposeString('reviewNote', { nullable: true }),
    reviewedBy: t.exposeString('reviewedBy', {
      nullable: true,
      description: 'The name of the API key that accepted or rejected it.',
    }),
    reviewedAt: t.expose('reviewedAt', { type: 'DateTime', nullable: true }),
    version: t.exposeInt('version', {
      description:
        'Moves on with every edit and decision; send it as `expectedVersion` to be refused (CONFLICT) if someone changed the candidate since you read it.',
    }),
    editedBy: t.exposeString('editedBy', {
      nullable: true,
      description: 'The name of the API key that last edited it.',
    }),
    editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true }),
    article: t.relation('article'),
    actors: t.field({
      type: [Actor],
      resolve: (candidate, _args, ctx) =>
        actorsById(candidate.actorIds.slice(0, listCaps.candidateActors), ctx),
      ...capped(listCaps.candidateActors),
    }),
    development: t.prismaField({
      type: 'Development',
      nullable: true,
      resolve: (query, candidate, _args, ctx) =>
        candidate.developmentId
          ? ctx.prisma.development.findUnique({ ...query, where: { id: candidate.developmentId } })
          : null,
    }),
  }),
});

builder.prismaNode('CandidateActor', {
  id: { field: 'id' },
  authScopes: reviewReadScope,
  description: 'A name that looks like an actor (a title followed by a name) but matches no known alias.',
  fields: (t) => ({
    name: t.exposeString('name'),
    title: t.exposeString('title', { nullable: true }),
    quote: t.exposeString('quote'),
    startOffset: t.exposeInt('startOffset'),
    endOffset: t.exposeInt('endOffset'),
    status: t.expose('status', { type: CandidateStatusEnum }),
    article: t.relation('article'),
    actor: t.prismaField({
      type: 'Actor',
      nullable: true,
      resolve: (query, candidate, _args, ctx) =>
        candidate.actorId
          ? ctx.prisma.actor.findUnique({ ...query, where: { id: candidate.actorId } })
          : null,
    }),
  }),
});

builder.queryFields((t) => ({
  candidateActors: t.prismaConnection(
    {
      type: 'CandidateActor',
      authScopes: reviewReadScope,
      cursor: 'id',
      maxSize: 100,
      defaultSize: 20,
      args: {
        status: t.arg({ type: CandidateStatusEnum, defaultValue: 'NEEDS_REVIEW' }),
        articleId: t.arg.nodeId({ for: 'Article', required: false }),
      },
      resolve: (query, _parent, args, ctx) =>
        ctx.prisma.candidateActor.findMany({ ...query, where: candidateWhere(args), orderBy: { id: 'asc' } }),
      totalCount: (_parent, args, ctx) => ctx.prisma.candidateActor.count({ where: candidateWhere(args) }),
    },
    { name: 'CandidateActorConnection' },
  ),
}));

export function candidateWhere(args: { status?: CandidateStatus | null; articleId?: number | null }) {
  return {
    ...(args.status ? { status: args.status } : {}),
    ...(args.articleId ? { articleId: args.articleId } : {}),
  };
}

const expectedVersionDescription =
  'The `version` you read: refused with CONFLICT (naming who changed it) if the candidate was edited or decided since.';

const AddArticleInput = builder.inputType('AddArticleInput', {
  fields: (t) => ({
    url: t.string({
      required: true,
      description: 'http(s) only; tracking parameters and fragments are dropped.',
    }),
    title: t.string({ required: true, description: 'At most 300 characters.' }),
    body: t.string({ required: true, description: 'At most 100,000 characters.' }),
    source: t.string({ required: true }),
    language: t.string({ required: true, description: 'One of ar, en, he, fr.' }),
    publishedAt: t.field({ type: 'DateTime', required: false, description: 'Between 1900 and tomorrow.' }),
    publishedAtPrecision: t.field({ type: DatePrecisionEnum, required: false }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

const AddArticlePayload = builder.objectRef<AddArticleResult>('AddArticlePayload').implement({
  fields: (t) => ({
    created: t.exposeBoolean('created', {
      description: 'False when the article was already stored (same URL, body or idempotency key).',
    }),
    mentions: t.exposeInt('mentions', { description: 'Actor mentions linked in this call.' }),
    candidates: t.exposeInt('candidates', { description: 'Candidate developments waiting for review.' }),
    candidateActors: t.exposeInt('candidateActors', { description: 'Unknown names kept for review.' }),
    article: t.prismaField({
      type: 'Article',
      resolve: (query, payload, _args, ctx) =>
        ctx.prisma.article.findUniqueOrThrow({ ...query, where: { id: payload.articleId } }),
    }),
  }),
});

const ParticipantEditInput = builder.inputType('CandidateParticipantInput', {
  fields: (t) => ({
    actorId: t.nodeId({ for: 'Actor', required: true }),
    role: t.field({ type: ParticipantRoleEnum, required: true }),
    evidence: t.field({
      type: [EvidenceInput],
      required: false,
      description: 'The quotes that state the role; a role other than ATTENDEE needs one.',
    }),
  }),
});

const AcceptCandidateInput = builder.inputType('AcceptCandidateInput', {
  fields: (t) => ({
    id: t.nodeId({ for: 'Candidate', required: true }),
    developmentKind: t.field({ type: DevelopmentKindEnum, required: false }),
    summary: t.string({ required: false }),
    actorIds: t.nodeIdList({ for: 'Actor', required: false }),
    occurredAt: t.field({
      type: 'DateTime',
      required: false,
      description: "Defaults to the article's date.",
    }),
    occurredAtPrecision: t.field({ type: DatePrecisionEnum, required: false }),
    proposalId: t.nodeId({
      for: 'Proposal',
      required: false,
      description: 'Required for a stance: the proposal it is about.',
    }),
    expectedVersion: t.int({ required: false, description: expectedVersionDescription }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
    status: t.field({ type: MeetingStatusEnum, required: false, description: 'Edits the proposed status.' }),
    city: t.string({ required: false, description: 'Edits the proposed city.' }),
    venue: t.string({ required: false, description: 'Edits the proposed venue.' }),
    participants: t.field({
      type: [ParticipantEditInput],
      required: false,
      description: 'Replaces the proposed participants and roles.',
    }),
  }),
});

const EditCandidateInput = builder.inputType('EditCandidateInput', {
  description:
    'Changes a candidate without deciding it; the meeting fields change a proposed meeting (what accepting it as proposed records).',
  fields: (t) => ({
    id: t.nodeId({ for: 'Candidate', required: true }),
    status: t.field({ type: MeetingStatusEnum, required: false }),
    occurredAt: t.field({ type: 'DateTime', required: false }),
    occurredAtPrecision: t.field({ type: DatePrecisionEnum, required: false }),
    city: t.string({ required: false }),
    participants: t.field({
      type: [ParticipantEditInput],
      required: false,
      description: 'Replaces the proposed participants, their roles and the quotes for each role.',
    }),
    developmentKind: t.field({ type: DevelopmentKindEnum, required: false }),
    summary: t.string({ required: false }),
    actorIds: t.nodeIdList({ for: 'Actor', required: false }),
    expectedVersion: t.int({ required: false, description: expectedVersionDescription }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

const RejectCandidateInput = builder.inputType('RejectCandidateInput', {
  fields: (t) => ({
    id: t.nodeId({ for: 'Candidate', required: true }),
    note: t.string({ required: false }),
    expectedVersion: t.int({ required: false, description: expectedVersionDescription }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

const AcceptCandidateActorInput = builder.inputType('AcceptCandidateActorInput', {
  fields: (t) => ({
    id: t.nodeId({ for: 'CandidateActor', required: true }),
    actorId: t.nodeId({
      for: 'Actor',
      required: false,
      description: 'Make the name an alias of this existing actor…',
    }),
    nameEn: t.string({ required: false, description: '…or create a new actor with this English name.' }),
    kind: t.field({ type: ActorKindEnum, required: false }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

builder.mutationFields((t) => ({
  addArticle: t.field({
    type: AddArticlePayload,
    authScopes: { scope: 'articles:write' },
    description:
      'Stores an article once, links the actors it names and proposes candidate developments for review.',
    args: { input: t.arg({ type: AddArticleInput, required: true }) },
    resolve: async (_parent, { input }, ctx) => {
      return addArticle(writeContext(ctx, input.idempotencyKey), {
        ...input,
        language: input.language as never,
      });
    },
  }),
  acceptCandidate: t.prismaField({
    authScopes: { scope: 'review:write' },
    type: 'Candidate',
    description:
      'Accepts a candidate (optionally edited): it is recorded as a meeting, proposal, stance or development and announced.',
    args: { input: t.arg({ type: AcceptCandidateInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const { candidateId } = await acceptCandidate(writeContext(ctx, input.idempotencyKey), input);
      return ctx.prisma.candidate.findUniqueOrThrow({ ...query, where: { id: candidateId } });
    },
  }),
  editCandidate: t.prismaField({
    authScopes: { scope: 'review:write' },
    type: 'Candidate',
    args: { input: t.arg({ type: EditCandidateInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const candidate = await editCandidate(writeContext(ctx, input.idempotencyKey), input);
      return ctx.prisma.candidate.findUniqueOrThrow({ ...query, where: { id: candidate.id } });
    },
  }),
  rejectCandidate: t.prismaField({
    authScopes: { scope: 'review:write' },
    type: 'Candidate',
    args: { input: t.arg({ type: RejectCandidateInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const candidate = await rejectCandidate(writeContext(ctx, input.idempotencyKey), input);
      return ctx.prisma.candidate.findUniqueOrThrow({ ...query, where: { id: candidate.id } });
    },
  }),
  acceptCandidateActor: t.prismaField({
    authScopes: { scope: 'review:write' },
    type: 'CandidateActor',
    args: { input: t.arg({ type: AcceptCandidateActorInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const { candidateActorId } = await acceptCandidateActor(writeContext(ctx, input.idempotencyKey), input);
      return ctx.prisma.candidateActor.findUniqueOrThrow({ ...query, where: { id: candidateActorId } });
    },
  }),
  rejectCandidateActor: t.prismaField({
    authScopes: { scope: 'review:write' },
    type: 'CandidateActor',
    args: {
      id: t.arg.nodeId({ for: 'CandidateActor', required: true }),
      idempotencyKey: t.arg.string({ required: false, description: idempotencyKeyDescription }),
    },
    resolve: async (query, _parent, args, ctx) => {
      const { candidateActorId } = await rejectCandidateActor(
        writeContext(ctx, args.idempotencyKey, ['idempotencyKey']),
        args.id,
      );
      return ctx.prisma.candidateActor.findUniqueOrThrow({ ...query, where: { id: candidateActorId } });
    },
  }),
}));
