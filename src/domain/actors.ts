import { z } from 'zod';
import type { AliasLanguage } from '../../generated/prisma/enums';
import { isCommonWord } from '../arabic/common-words';
import { normalizeArabic } from '../arabic/normalize';
import { write, type DomainContext, type Tx } from './context';
import { attachEvidence } from './evidence';
import { idempotentWrite } from './idempotency';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { evidenceInput, id, parseInput, slugify, text, type DomainInput } from './validation';
import { actorKind, aliasLanguage, slug } from './vocabulary';

const aliasInput = z.object({
  text: text.name,
  language: aliasLanguage,
  /** Unset: ambiguous when it is a common first name or word, or another actor has the same alias. */
  ambiguous: z.boolean().nullish(),
});
type AliasName = z.output<typeof aliasInput>;

const actorFields = {
  kind: actorKind,
  nameEn: text.name,
  nameAr: text.name.nullish(),
  wikidataId: z
    .string()
    .regex(/^Q[1-9]\d*$/, 'must be a Wikidata item id such as Q42')
    .nullish(),
  description: text.summary.nullish(),
  affiliationId: id.nullish(),
};

const createActorInput = z.object({
  ...actorFields,
  slug: slug.optional(),
  aliases: z.array(aliasInput).max(100).default([]),
  // An actor is named many times in one long article; every mention is evidence.
  evidence: z.array(evidenceInput).max(500).default([]),
});
export type CreateActorInput = DomainInput<typeof createActorInput>;

const updateActorInput = z.object({
  id,
  kind: actorFields.kind.optional(),
  nameEn: actorFields.nameEn.optional(),
  nameAr: actorFields.nameAr,
  wikidataId: actorFields.wikidataId,
  description: actorFields.description,
  affiliationId: actorFields.affiliationId,
  addAliases: z.array(aliasInput).max(100).default([]),
  removeAliases: z.array(z.string()).max(100).default([]),
  /** Marks existing aliases (by text, compared normalized) ambiguous or not. */
  aliasAmbiguity: z
    .array(z.object({ text: text.name, ambiguous: z.boolean() }))
    .max(100)
    .default([]),
});
export type UpdateActorInput = DomainInput<typeof updateActorInput>;

/** Aliases are matched on their normalized form; the actor's own names are always among them. */
function aliasRows(names: AliasName[]) {
  const rows = new Map<
    string,
    { text: string; normalized: string; language: AliasLanguage; ambiguous: boolean }
  >();
  for (const name of names) {
    const normalized = normalizeArabic(name.text);
    if (normalized && !rows.has(normalized))
      rows.set(normalized, {
        text: name.text,
        normalized,
        language: name.language,
        ambiguous: name.ambiguous ?? isCommonWord(name.text),
      });
  }
  return [...rows.values()];
}

/** An alias two actors share names neither on its own: mark it ambiguous on both. */
async function markSharedAliases(tx: Tx, actorId: number, normalized: string[]): Promise<void> {
  if (!normalized.length) return;
  const shared = await tx.actorAlias.findMany({
    where: { normalized: { in: normalized }, actorId: { not: actorId } },
    select: { normalized: true },
  });
  if (!shared.length) return;
  await tx.actorAlias.updateMany({
    where: { normalized: { in: shared.map((alias) => alias.normalized) } },
    data: { ambiguous: true },
  });
}

async function assertAffiliation(
  tx: Tx,
  affiliationId: number | null | undefined,
  selfId?: number,
): Promise<void> {
  if (!affiliationId) return;
  if (affiliationId === selfId)
    throw new ConflictError('An actor cannot be affiliated with itself', ['input', 'affiliationId']);
  const found = await tx.actor.findUnique({ where: { id: affiliationId }, select: { id: true } });
  if (!found) throw new NotFoundError('Actor', affiliationId, ['input', 'affiliationId']);
}

export async function createActor(ctx: DomainContext, rawInput: CreateActorInput): Promise<{ id: number }> {
  const input = parseInput(createActorInput, rawInput);
  return write(ctx, idempotentWrite(ctx, 'createActor', input), async (tx) => {
    await assertAffiliation(tx, input.affiliationId);
    const names = [
      { text: input.nameEn, language: 'EN' as const },
      ...(input.nameAr ? [{ text: input.nameAr, language: 'AR' as const }] : []),
    ];
    const actor = await tx.actor.create({
      data: {
        slug: input.slug ?? slugify(input.nameEn),
        kind: input.kind,
        nameEn: input.nameEn,
        nameAr: input.nameAr ?? null,
        wikidataId: input.wikidataId ?? null,
        description: input.description ?? null,
        affiliationId: input.affiliationId ?? null,
        aliases: { createMany: { data: aliasRows([...names, ...input.aliases]) } },
      },
    });
    await markSharedAliases(
      tx,
      actor.id,
      aliasRows([...names, ...input.aliases]).map((alias) => alias.normalized),
    );
    await attachEvidence(tx, input.evidence, { supports: 'ACTOR_MENTION', actorId: actor.id }, [
      'input',
      'evidence',
    ]);
    return { id: actor.id };
  });
}

export async function updateActor(ctx: DomainContext, rawInput: UpdateActorInput): Promise<{ id: number }> {
  const input = parseInput(updateActorInput, rawInput);
  return write(ctx, idempotentWrite(ctx, 'updateActor', input), async (tx) => {
    const existing = await tx.actor.findUnique({ where: { id: input.id }, select: { id: true } });
    if (!existing) throw new NotFoundError('Actor', input.id, ['input', 'id']);
    await assertAffiliation(tx, input.affiliationId, input.id);
    const removed = input.removeAliases.map((alias) => normalizeArabic(alias));
    if (removed.length)
      await tx.actorAlias.deleteMany({ where: { actorId: input.id, normalized: { in: removed } } });
    const added = aliasRows([
      ...input.addAliases,
      ...(input.nameEn ? [{ text: input.nameEn, language: 'EN' as const }] : []),
      ...(input.nameAr ? [{ text: input.nameAr, language: 'AR' as const }] : []),
    ]);
    if (added.length) {
      await tx.actorAlias.createMany({
        data: added.map((alias) => ({ ...alias, actorId: input.id })),
        skipDuplicates: true,
      });
      await markSharedAliases(
        tx,
        input.id,
        added.map((alias) => alias.normalized),
      );
    }
    for (const [index, alias] of input.aliasAmbiguity.entries()) {
      const { count } = await tx.actorAlias.updateMany({
        where: { actorId: input.id, normalized: normalizeArabic(alias.text) },
        data: { ambiguous: alias.ambiguous },
      });
      if (!count)
        throw ValidationError.at(['input', 'aliasAmbiguity', index, 'text'], 'the actor has no such alias');
    }
    return tx.actor.update({
      where: { id: input.id },
      data: {
        kind: input.kind,
        nameEn: input.nameEn,
        nameAr: input.nameAr,
        wikidataId: input.wikidataId,
        description: input.description,
        affiliationId: input.affiliationId,
      },
      select: { id: true },
    });
  });
}
