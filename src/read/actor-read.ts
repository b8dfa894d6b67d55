import { Prisma } from '../../generated/prisma/client';
import { pageEdges, pageOf, pageTotal, preloadPages, type PageShape } from './actor-pages';
import type { ReadContext } from './context';
import { modelJson, type JsonRecord } from './records';

const actorJson = modelJson('Actor');

/** A page read ahead with the actor, by the response key of its field. */
export interface PageAhead {
  responseKey: string;
  request: PageShape;
}

/**
 * Reads one actor and, in the same statement, the meeting, proposal and stance pages its selection asks
 * for: a point read is one round trip to the database, as PostGraphile's is (bench/speed-work.md, "A point
 * read is one round trip").
 *
 * The pages come from a look-ahead at the actor's selection (src/schema/actor-pages.ts). That look-ahead is
 * an optimisation only: a page it misses is loaded by the field itself, so a mistake there costs a
 * statement, never a wrong answer. Relations of the actor outside these pages (aliases, affiliation, …) are
 * loaded by the schema, as for any record.
 */
export async function readActorWithPages(
  ctx: ReadContext,
  where: { id: number } | { slug: string },
  pages: readonly PageAhead[],
): Promise<JsonRecord | null> {
  const requests: (PageAhead & { sql: Prisma.Sql })[] = [];
  for (const page of pages) {
    const slot = requests.length;
    try {
      requests.push({
        ...page,
        sql: Prisma.sql`${pageTotal(page.request)} AS ${Prisma.raw(`total_${slot}`)}, (${pageEdges(page.request)}) AS ${Prisma.raw(`edges_${slot}`)}`,
      });
    } catch {
      // A cursor the page SQL refuses fails its own field (which builds it again), not the actor.
    }
  }
  const match = 'id' in where ? Prisma.sql`a.id = ${where.id}` : Prisma.sql`a.slug = ${where.slug}`;
  // One row: the actor, then each page's total and edges as scalar subqueries (cheaper for PostgreSQL than
  // a UNION of one row per page).
  const columns = [Prisma.sql`${actorJson.sql('r')} AS actor`, ...requests.map(({ sql }) => sql)];
  const [row] = await ctx.reader.rows<Record<string, unknown>>(
    Prisma.sql`SELECT ${Prisma.join(columns, ', ')} FROM (SELECT a.*, a.id AS actor_id FROM "Actor" a WHERE ${match}) r`,
  );
  if (!row) return null;
  const actor = actorJson.revive(row.actor as JsonRecord);
  preloadPages(
    actor,
    new Map(
      requests.map(({ responseKey, request }, slot) => [
        responseKey,
        pageOf(
          request.kind,
          row[`total_${slot}`] as number | null,
          row[`edges_${slot}`] as JsonRecord[] | null,
        ),
      ]),
    ),
  );
  return actor;
}
