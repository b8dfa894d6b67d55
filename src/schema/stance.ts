import type { Proposal as ProposalRecord } from '../../generated/prisma/client';
import { recordStance } from '../domain/proposals';
import { idempotencyKeyDescription, writeContext } from './idempotency';
import { builder } from './builder';
import { DatePrecisionEnum, StancePositionEnum } from './enums';
import { factEvidence } from './evidence';
import { EvidenceInput } from './inputs';
import { Proposal } from './proposal';

export const Stance = builder.prismaNode('Stance', {
  id: { field: 'id' },
  description: 'Where an actor stood on a proposal as of a date.',
  fields: (t) => ({
    actor: t.relation('actor'),
    // Not a Pothos relation, which would load it again: a stance from an actor's page carries its proposal
    // already (see src/read/actor-pages.ts). Prisma batches the findUnique calls of one tick into one query.
    proposal: t.field({
      type: Proposal,
      resolve: (stance, _args, ctx) =>
        (stance as { proposal?: ProposalRecord }).proposal ??
        ctx.prisma.proposal.findUniqueOrThrow({ where: { id: stance.proposalId } }),
    }),
    stance: t.expose('position', { type: StancePositionEnum }),
    summary: t.exposeString('summary', { nullable: true }),
    asOf: t.expose('asOf', { type: 'DateTime' }),
    asOfPrecision: t.expose('asOfPrecision', { type: DatePrecisionEnum }),
    evidence: t.relation('evidence', factEvidence),
  }),
});

const RecordStanceInput = builder.inputType('RecordStanceInput', {
  fields: (t) => ({
    proposalId: t.nodeId({ for: 'Proposal', required: true }),
    actorId: t.nodeId({ for: 'Actor', required: true }),
    stance: t.field({ type: StancePositionEnum, required: true }),
    summary: t.string({ required: false }),
    asOf: t.field({ type: 'DateTime', required: true }),
    asOfPrecision: t.field({ type: DatePrecisionEnum, required: false }),
    evidence: t.field({ type: [EvidenceInput], required: false }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

builder.mutationFields((t) => ({
  recordStance: t.prismaField({
    authScopes: { scope: 'data:write' },
    type: 'Stance',
    description: "Records an actor's stance on a proposal as of a date, and announces it.",
    args: { input: t.arg({ type: RecordStanceInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const stance = await recordStance(writeContext(ctx, input.idempotencyKey), {
        ...input,
        position: input.stance,
      });
      return ctx.prisma.stance.findUniqueOrThrow({ ...query, where: { id: stance.id } });
    },
  }),
}));
