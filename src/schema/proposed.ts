import type { Db } from '../db/client';
import { type ProposedFacts, type ProposedMeeting, type StoredQuote } from '../domain/proposed';
import { Actor } from './actor';
import { builder } from './builder';
import { capped, listCaps } from './list-caps';
import {
  DatePrecisionEnum,
  DevelopmentKindEnum,
  MeetingStatusEnum,
  ParticipantRoleEnum,
  ProposalStatusEnum,
  StancePositionEnum,
} from './enums';

type Ctx = { prisma: Db };
type ProposedProposal = NonNullable<ProposedFacts['proposal']>;
type ProposedStance = NonNullable<ProposedFacts['stance']>;
type ProposedDevelopment = NonNullable<ProposedFacts['development']>;

const asDate = (day: string | null) => (day ? new Date(`${day}T00:00:00Z`) : null);
// Prisma batches the findUnique calls of one tick into one query.
const actorById = (id: number, ctx: Ctx) => ctx.prisma.actor.findUniqueOrThrow({ where: { id } });

export const Quote = builder.objectRef<StoredQuote>('Quote').implement({
  description: 'A verbatim passage of an article: `article.body.slice(startOffset, endOffset) === text`.',
  fields: (t) => ({
    text: t.exposeString('quote'),
    startOffset: t.exposeInt('start'),
    endOffset: t.exposeInt('end'),
    article: t.prismaField({
      type: 'Article',
      resolve: (query, quote, _args, ctx) =>
        ctx.prisma.article.findUniqueOrThrow({ ...query, where: { id: quote.articleId } }),
    }),
  }),
});

const ProposedParticipant = builder
  .objectRef<ProposedMeeting['participants'][number]>('ProposedParticipant')
  .implement({
    fields: (t) => ({
      role: t.field({ type: ParticipantRoleEnum, resolve: (p) => p.role }),
      actor: t.field({ type: Actor, resolve: (p, _args, ctx) => actorById(p.actorId, ctx) }),
      evidence: t.field({
        type: [Quote],
        description: 'The quotes that state the role; never empty unless the role is ATTENDEE.',
        resolve: (p) => p.evidence.slice(0, listCaps.factEvidence),
        ...capped(listCaps.factEvidence),
      }),
    }),
  });

export const ProposedMeetingRef = builder.objectRef<ProposedMeeting>('ProposedMeeting').implement({
  description: 'The meeting a candidate proposes, as it would be recorded if accepted unedited.',
  fields: (t) => ({
    status: t.field({ type: MeetingStatusEnum, resolve: (m) => m.status }),
    occurredAt: t.field({ type: 'DateTime', nullable: true, resolve: (m) => asDate(m.occurredAt) }),
    occurredAtPrecision: t.field({ type: DatePrecisionEnum, resolve: (m) => m.occurredAtPrecision }),
    city: t.string({
      nullable: true,
      description: 'English canonical name from the place gazetteer.',
      resolve: (m) => m.city,
    }),
    venue: t.string({ nullable: true, resolve: (m) => m.venue }),
    participants: t.field({
      type: [ProposedParticipant],
      resolve: (m) => m.participants.slice(0, listCaps.participants),
      ...capped(listCaps.participants),
    }),
  }),
});

const ProposedProposer = builder
  .objectRef<ProposedProposal['proposers'][number]>('ProposedProposer')
  .implement({
    fields: (t) => ({
      actor: t.field({ type: Actor, resolve: (p, _args, ctx) => actorById(p.actorId, ctx) }),
      evidence: t.field({
        type: [Quote],
        resolve: (p) => p.evidence.slice(0, listCaps.factEvidence),
        ...capped(listCaps.factEvidence),
      }),
    }),
  });

const ProposedTerm = builder.objectRef<ProposedProposal['terms'][number]>('ProposedTerm').implement({
  fields: (t) => ({
    text: t.exposeString('text'),
    evidence: t.field({
      type: [Quote],
      resolve: (term) => term.evidence.slice(0, listCaps.factEvidence),
      ...capped(listCaps.factEvidence),
    }),
  }),
});

export const ProposedProposalRef = builder.objectRef<ProposedProposal>('ProposedProposal').implement({
  fields: (t) => ({
    title: t.exposeString('title'),
    status: t.field({ type: ProposalStatusEnum, resolve: (p) => p.status }),
    tabledAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => asDate(p.tabledAt) }),
    tabledAtPrecision: t.field({ type: DatePrecisionEnum, resolve: (p) => p.tabledAtPrecision }),
    proposers: t.field({
      type: [ProposedProposer],
      resolve: (p) => p.proposers.slice(0, listCaps.proposers),
      ...capped(listCaps.proposers),
    }),
    terms: t.field({
      type: [ProposedTerm],
      resolve: (p) => p.terms.slice(0, listCaps.terms),
      ...capped(listCaps.terms),
    }),
  }),
});

export const ProposedStanceRef = builder.objectRef<ProposedStance>('ProposedStance').implement({
  description: 'A position on a proposal; `proposal` is null until an editor names the proposal.',
  fields: (t) => ({
    actor: t.field({
      type: Actor,
      nullable: true,
      resolve: (s, _args, ctx) => (s.actorId ? actorById(s.actorId, ctx) : null),
    }),
    proposal: t.prismaField({
      type: 'Proposal',
      nullable: true,
      resolve: (query, s, _args, ctx) =>
        s.proposalId ? ctx.prisma.proposal.findUnique({ ...query, where: { id: s.proposalId } }) : null,
    }),
    position: t.field({ type: StancePositionEnum, resolve: (s) => s.position }),
    asOf: t.field({ type: 'DateTime', nullable: true, resolve: (s) => asDate(s.asOf) }),
    asOfPrecision: t.field({ type: DatePrecisionEnum, resolve: (s) => s.asOfPrecision }),
    evidence: t.field({
      type: [Quote],
      resolve: (s) => s.evidence.slice(0, listCaps.factEvidence),
      ...capped(listCaps.factEvidence),
    }),
  }),
});

export const ProposedDevelopmentRef = builder
  .objectRef<ProposedDevelopment>('ProposedDevelopment')
  .implement({
    fields: (t) => ({
      kind: t.field({ type: DevelopmentKindEnum, resolve: (d) => d.kind as never }),
      summary: t.exposeString('summary'),
      occurredAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => asDate(d.occurredAt) }),
      occurredAtPrecision: t.field({ type: DatePrecisionEnum, resolve: (d) => d.occurredAtPrecision }),
      actors: t.field({
        type: [Actor],
        resolve: (d, _args, ctx) =>
          Promise.all(d.actorIds.slice(0, listCaps.developmentActors).map((id) => actorById(id, ctx))),
        ...capped(listCaps.developmentActors),
      }),
    }),
  });
