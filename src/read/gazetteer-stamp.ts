import type { Db } from '../db/client';

/**
 * A version of everything the gazetteer is built from (aliases and actors): it changes whenever an alias is
 * added or removed or an actor is updated, so the linker rebuilds its gazetteer only then. One cheap query.
 */
export async function gazetteerVersion(prisma: Db): Promise<string> {
  const [stamp] = await prisma.$queryRaw<{ count: bigint; max: number | null; updated: Date | null }[]>`
    SELECT count(*) AS count, max(a."id") AS max, (SELECT max("updatedAt") FROM "Actor") AS updated FROM "ActorAlias" a`;
  return `${stamp.count}:${stamp.max}:${stamp.updated?.getTime()}`;
}
