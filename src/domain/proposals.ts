import { z } from 'zod';
import { normalizeArabic } from '../arabic/normalize';
import type { DevelopmentKind, ProposalStatus, StancePosition } from '../../generated/prisma/enums';
import { write, type AppendedDevelopments, type DomainContext, type Tx } from './context';
import { appendDevelopment, assertReferencesExist } from './developments';
import { assertIdsExist, listField } from './references';
import { proposerInput, termInput, uniqueActors, writeProposers, writeTerms } from './claims';
import { attachEvidence } from './evidence';
import { idempotentWrite } from './idempotency';
import { NotFoundError } from './errors';
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
import { datePrecision, proposalStatus, slug, stancePosition } from './vocabulary';

const createProposalInput = z
  .object({
    slug: slug.optional(),
    title: text.title,
    summary: text.summary.nullish(),
    status: proposalStatus.default('TABLED'),
    tabledAt: eventDate.nullish(),
    tabledAtPrecision: datePrecision.default('DAY'),
    proposers: z.array(proposerInput).max(20).default([]),
    terms: z.array(termInput).max(100).default([]),
    revisesId: id.nullish(),
    meetingIds: z.array(id).max(50).default([]),
    evidence: z.array(evidenceInput).max(20).default([]),
    development: announcementInput.nullish(),
    recordDevelopment: z.boolean().default(true),
  })
  .refine((input) => notInFuture(input.tabledAt), {
    message: 'must not be in the future',
    path: ['tabledAt'],
  })
  .refine((input) => uniqueActors(input.proposers), {
    message: 'an actor can be a proposer only once',
    path: ['proposers'],
  });
export type CreateProposalInput = DomainInput<typeof createProposalInput>;

const updateProposalInput = z
  .object({
    id,
    title: text.title.optional(),
    summary: text.summary.nullish(),
    status: proposalStatus.optional(),
    tabledAt: eventDate.nullish(),
    tabledAtPrecision: datePrecision.optional(),
    terms: z.array(termInput).max(100).optional(),
    proposers: z.array(proposerInput).max(20).optional(),
    evidence: z.array(evidenceInput).max(20).default([]),
    /** The evidence replaces the proposal's quotes instead of adding to them (a correction). */
    replaceEvidence: z.boolean().default(false),
    development: announcementInput.nullish(),
  })
  .refine((input) => !input.proposers || uniqueActors(input.proposers), {
    message: 'an actor can be a proposer only once',
    path: ['proposers'],
  });
export type UpdateProposalInput = DomainInput<typeof updateProposalInput>;

const stanceInput = z
  .object({
    proposalId: id,
    actorId: id,
    position: stancePosition,
    summary: text.summary.nullish(),
    asOf: eventDate,
    asOfPrecision: datePrecision.default('DAY'),
    evidence: z.array(evidenceInput).max(20).default([]),
    recordDevelopment: z.boolean().default(true),
  })
  .refine((input) => notInFuture(input.asOf), { message: 'must not be in the future', path: ['asOf'] });
export type StanceInput = DomainInput<typeof stanceInput>;

const kindForStatus: Record<ProposalStatus, DevelopmentKind> = {
  TABLED: 'PROPOSAL_TABLED',
  UNDER_DISCUSSION: 'STATEMENT',
  ACCEPTED: 'PROPOSAL_ACCEPTED',
  REJECTED: 'PROPOSAL_REJECTED',
  WITHDRAWN: 'STATEMENT',
  SUPERSEDED: 'STATEMENT',
};

const kindForPosition: Record<StancePosition, DevelopmentKind> = {
  ACCEPTS: 'PROPOSAL_ACCEPTED',
  REJECTS: 'PROPOSAL_REJECTED',
  SUPPORTS: 'STATEMENT',
  OPPOSES: 'STATEMENT',
  CONDITIONAL: 'STATEMENT',
  UNDECIDED: 'STATEMENT',
};

/** What search matches a proposal on: its words through the one normalizer. */
function proposalSearchText(title: string, summary: string | null | undefined, terms: string[]): string {
  return normalizeArabic([title, summary ?? '', ...terms].join(' \n '));
}

export async function createProposal(
  ctx: DomainContext,
  rawInput: CreateProposalInput,
): Promise<{ id: number }> {
  const input = parseCreateProposal(rawInput);
  return write(ctx, idempotentWrite(ctx, 'createProposal', input), async (tx, log) => ({
    id: (await createProposalInTx(tx, log, input)).id,
  }));
}

export function parseCreateProposal(rawInput: CreateProposalInput) {
  return parseInput(createProposalInput, rawInput);
}

export async function createProposalInTx(
  tx: Tx,
  log: AppendedDevelopments,
  input: z.output<typeof createProposalInput>,
) {
  const proposerIds = input.proposers.map((proposer) => proposer.actorId);
  await assertIdsExist(tx, 'Actor', proposerIds, (index) => ['input', 'proposers', index, 'actorId']);
  if (input.revisesId) await assertIdsExist(tx, 'Proposal', [input.revisesId], () => ['input', 'revisesId']);
  await assertIdsExist(tx, 'Meeting', input.meetingIds, listField(['input', 'meetingIds']));
  if (input.revisesId)
    await tx.proposal.update({ where: { id: input.revisesId }, data: { status: 'SUPERSEDED' } });
  const proposal = await tx.proposal.create({
    data: {
      slug: input.slug ?? `${slugify(input.title)}-${Date.now().toString(36)}`,
      title: input.title,
      summary: input.summary ?? null,
      status: input.status,
      tabledAt: input.tabledAt ?? null,
      tabledAtPrecision: input.tabledAtPrecision,
      revisesId: input.revisesId ?? null,
      searchText: proposalSearchText(
        input.title,
        input.summary,
        input.terms.map((term) => term.text),
      ),
      meetings: { createMany: { data: input.meetingIds.map((meetingId) => ({ meetingId })) } },
    },
  });
  await writeProposers(tx, proposal.id, input.proposers, ['input', 'proposers']);
  await writeTerms(tx, proposal.id, input.terms, ['input', 'terms']);
  await attachEvidence(tx, input.evidence, { supports: 'PROPOSAL', proposalId: proposal.id }, [
    'input',
    'evidence',
  ]);
  if (input.recordDevelopment) {
    await appendDevelopment(tx, log, {
      kind: kindForStatus[input.status],
      summary: input.development?.summary ?? `Proposal tabled: ${input.title}`,
      occurredAt: input.tabledAt ?? null,
      occurredAtPrecision: input.tabledAtPrecision,
      reportedAt: input.development?.reportedAt,
      actorIds: proposerIds,
      proposalId: proposal.id,
      evidence: input.development?.evidence.length ? input.development.evidence : input.evidence,
    });
  }
  return proposal;
}

/** Edits a proposal; a change of status is announced on the live log. */
export async function updateProposal(
  ctx: DomainContext,
  rawInput: UpdateProposalInput,
): Promise<{ id: number }> {
  const input = parseInput(updateProposalInput, rawInput);
  return write(ctx, idempotentWrite(ctx, 'updateProposal', input), async (tx, log) => {
    const existing = await tx.proposal.findUnique({ where: { id: input.id }, include: { proposers: true } });
    if (!existing) throw new NotFoundError('Proposal', input.id, ['input', 'id']);
    if (input.proposers) {
      await assertIdsExist(
        tx,
        'Actor',
        input.proposers.map((proposer) => proposer.actorId),
        (index) => ['input', 'proposers', index, 'actorId'],
      );
      await tx.proposalProposer.deleteMany({ where: { proposalId: input.id } });
      await writeProposers(tx, input.id, input.proposers, ['input', 'proposers']);
    }
    if (input.terms) {
      await tx.proposalTerm.deleteMany({ where: { proposalId: input.id } });
      await writeTerms(tx, input.id, input.terms, ['input', 'terms']);
    }
    const terms =
      input.terms?.map((term) => term.text) ??
      (await tx.proposalTerm.findMany({ where: { proposalId: input.id }, orderBy: { position: 'asc' } })).map(
        (term) => term.text,
      );
    const proposal = await tx.proposal.update({
      where: { id: input.id },
      data: {
        title: input.title,
        summary: input.summary,
        status: input.status,
        tabledAt: input.tabledAt,
        tabledAtPrecision: input.tabledAtPrecision,
        searchText: proposalSearchText(
          input.title ?? existing.title,
          input.summary === undefined ? existing.summary : input.summary,
          terms,
        ),
      },
    });
    if (input.replaceEvidence) await tx.evidence.deleteMany({ where: { proposalId: proposal.id } });
    await attachEvidence(tx, input.evidence, { supports: 'PROPOSAL', proposalId: proposal.id }, [
      'input',
      'evidence',
    ]);
    if ((input.status && input.status !== existing.status) || input.development) {
      const correction = input.development?.change === 'CORRECTION';
      await appendDevelopment(
        tx,
        log,
        {
          kind: kindForStatus[proposal.status],
          summary:
            input.development?.summary ??
            `${proposal.title}: ${proposal.status.toLowerCase().replace('_', ' ')}`,
          // A correction is about the proposal as tabled, not about today.
          occurredAtPrecision: correction ? proposal.tabledAtPrecision : 'DAY',
          occurredAt: correction ? proposal.tabledAt : new Date(),
          reportedAt: input.development?.reportedAt,
          actorIds: (input.proposers ?? existing.proposers).map((proposer) => proposer.actorId),
          proposalId: proposal.id,
          evidence: input.development?.evidence ?? [],
        },
        { change: input.development?.change ?? 'NEW' },
      );
    }
    return { id: proposal.id };
  });
}

/** Records where an actor stands on a proposal on a date; stances are history, never overwritten. */
export async function recordStance(ctx: DomainContext, rawInput: StanceInput): Promise<{ id: number }> {
  const input = parseStance(rawInput);
  return write(ctx, idempotentWrite(ctx, 'recordStance', input), async (tx, log) => ({
    id: (await recordStanceInTx(tx, log, input)).id,
  }));
}

export function parseStance(rawInput: StanceInput) {
  return parseInput(stanceInput, rawInput);
}

export async function recordStanceInTx(
  tx: Tx,
  log: AppendedDevelopments,
  input: z.output<typeof stanceInput>,
) {
  await assertReferencesExist(tx, { proposalId: input.proposalId });
  const actor = await tx.actor.findUnique({
    where: { id: input.actorId },
    select: { id: true, nameEn: true },
  });
  if (!actor) throw new NotFoundError('Actor', input.actorId, ['input', 'actorId']);
  const stance = await tx.stance.create({
    data: {
      proposalId: input.proposalId,
      actorId: input.actorId,
      position: input.position,
      summary: input.summary ?? null,
      asOf: input.asOf,
      asOfPrecision: input.asOfPrecision,
    },
    include: { proposal: { select: { title: true } } },
  });
  await attachEvidence(tx, input.evidence, { supports: 'STANCE', stanceId: stance.id }, [
    'input',
    'evidence',
  ]);
  if (input.recordDevelopment) {
    await appendDevelopment(tx, log, {
      kind: kindForPosition[input.position],
      summary: input.summary ?? `${actor.nameEn} ${input.position.toLowerCase()} ${stance.proposal.title}`,
      occurredAt: input.asOf,
      occurredAtPrecision: input.asOfPrecision,
      actorIds: [input.actorId],
      proposalId: input.proposalId,
      evidence: input.evidence,
    });
  }
  return stance;
}
