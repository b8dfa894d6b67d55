import { z } from 'zod';
import { normalizeArabic } from '../arabic/normalize';
import { write, type DomainContext } from './context';
import { ConflictError, NotFoundError } from './errors';
import { idempotentWrite } from './idempotency';
import { id, parseInput, text, type DomainInput } from './validation';
import { actorKind } from './vocabulary';

// Candidate actors: names that look like actors but match no alias, linked to an actor or dropped.

const acceptActorInput = z
  .object({
    id,
    /** Link the name to an actor that already exists (it becomes an alias)… */
    actorId: id.optional(),
    /** …or create a new actor. */
    nameEn: text.name.optional(),
    kind: actorKind.default('PERSON'),
  })
  .refine((input) => Boolean(input.actorId) !== Boolean(input.nameEn), {
    message: 'give either actorId or nameEn',
    path: ['nameEn'],
  });
export type AcceptCandidateActorInput = DomainInput<typeof acceptActorInput>;

export async function acceptCandidateActor(ctx: DomainContext, rawInput: AcceptCandidateActorInput) {
  const input = parseInput(acceptActorInput, rawInput);
  return write(ctx, idempotentWrite(ctx, 'acceptCandidateActor', input), async (tx) => {
    const candidate = await tx.candidateActor.findUnique({ where: { id: input.id } });
    if (!candidate) throw new NotFoundError('CandidateActor', input.id, ['input', 'id']);
    const taken = await tx.candidateActor.updateMany({
      where: { id: input.id, status: 'NEEDS_REVIEW' },
      data: { status: 'ACCEPTED' },
    });
    if (taken.count !== 1)
      throw new ConflictError(`Candidate actor ${input.id} was already reviewed`, ['input', 'id']);
    const alias = {
      text: candidate.name,
      normalized: normalizeArabic(candidate.name),
      language: 'AR' as const,
    };
    let actorId = input.actorId;
    if (actorId) {
      if (!(await tx.actor.findUnique({ where: { id: actorId }, select: { id: true } })))
        throw new NotFoundError('Actor', actorId, ['input', 'actorId']);
      await tx.actorAlias.createMany({ data: [{ ...alias, actorId }], skipDuplicates: true });
    } else {
      const slugBase =
        input
          .nameEn!.toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'actor';
      const actor = await tx.actor.create({
        data: {
          slug: `${slugBase}-${candidate.id}`,
          kind: input.kind,
          nameEn: input.nameEn!,
          nameAr: candidate.name,
          description: candidate.title,
          aliases: {
            createMany: {
              data: [
                alias,
                { text: input.nameEn!, normalized: normalizeArabic(input.nameEn!), language: 'EN' as const },
              ],
            },
          },
        },
      });
      actorId = actor.id;
    }
    await tx.evidence.create({
      data: {
        articleId: candidate.articleId,
        quote: candidate.quote,
        startOffset: candidate.startOffset,
        endOffset: candidate.endOffset,
        supports: 'ACTOR_MENTION',
        actorId,
      },
    });
    await tx.candidateActor.update({ where: { id: input.id }, data: { actorId } });
    return { candidateActorId: input.id, actorId };
  });
}

export async function rejectCandidateActor(ctx: DomainContext, candidateActorId: number) {
  const input = { id: candidateActorId };
  return write(ctx, idempotentWrite(ctx, 'rejectCandidateActor', input), async (tx) => {
    const taken = await tx.candidateActor.updateMany({
      where: { id: candidateActorId, status: 'NEEDS_REVIEW' },
      data: { status: 'REJECTED' },
    });
    if (taken.count !== 1) {
      const exists = await tx.candidateActor.findUnique({
        where: { id: candidateActorId },
        select: { id: true },
      });
      throw exists
        ? new ConflictError(`Candidate actor ${candidateActorId} was already reviewed`, ['input', 'id'])
        : new NotFoundError('CandidateActor', candidateActorId, ['input', 'id']);
    }
    return { candidateActorId };
  });
}
