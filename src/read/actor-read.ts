import type { FieldNode, GraphQLObjectType } from 'graphql';
import { Prisma } from '../../generated/prisma/client';
import {
  bindPage,
  pageEdges,
  pageOf,
  pageTextKey,
  pageTotal,
  preloadPages,
  type PageShape,
} from './actor-pages';
import type { ReadContext } from './context';
import { modelJson, type JsonRecord } from './records';
import { selectedColumns, type ColumnOf, type SelectionScope } from './selection';
import { bind, slot, StatementCache, type BoundStatement } from './statement';

const actorJson = modelJson('Actor');
/** Point-read statements by lookup (id or slug) and the text keys of their pages. */
const pointStatements = new StatementCache(500);

/** The actor's page fields: read ahead with it, so they need none of its columns. */
const pageFields = {
  meetings: { columns: [], read: () => {} },
  proposals: { columns: [], read: () => {} },
  stances: { columns: [], read: () => {} },
};

/**
 * The actor columns a selection of the actor type reads, its page fields aside; null when a field may read
 * any column (see ./selection.ts). Used by the point read and by the meeting list for its actors.
 */
export function actorColumnsOf(
  fieldNodes: readonly FieldNode[],
  actorType: GraphQLObjectType,
  scope: SelectionScope,
  columnOf: ColumnOf,
): string[] | null {
  const columns = selectedColumns(fieldNodes, actorType, scope, columnOf, pageFields);
  return columns && [...columns].sort();
}

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
  columns: readonly string[] | null = null,
): Promise<JsonRecord | null> {
  const { statement, requests } = pointStatement(where, pages, columns);
  const [row] = await ctx.reader.rows<Record<string, unknown>>(statement);
  if (!row) return null;
  const actor = actorJson.revive(row.actor as JsonRecord);
  preloadPages(
    actor,
    new Map(
      requests.map(({ responseKey, request }, index) => [
        responseKey,
        pageOf(request, row[`total_${index}`] as number | null, row[`edges_${index}`] as unknown[][] | null),
      ]),
    ),
  );
  return actor;
}

/**
 * The point read's statement, its text from the cache, and the pages it reads: those whose cursor the
 * strict reading accepts (a cursor it refuses fails its own field, which reads it again, not the actor).
 */
export function pointStatement(
  where: { id: number } | { slug: string },
  pages: readonly PageAhead[],
  columns: readonly string[] | null = null,
): { statement: BoundStatement; requests: PageAhead[] } {
  const values: Record<string, unknown> = 'id' in where ? { id: where.id } : { slug: where.slug };
  const requests: PageAhead[] = [];
  for (const page of pages) {
    try {
      bindPage(page.request, `p${requests.length}.`, values);
      requests.push(page);
    } catch {
      // Left to the field (above).
    }
  }
  const key = `${'id' in where ? 'id' : 'slug'}/${columns ? columns.join(',') : '*'}|${requests.map(({ request }) => pageTextKey(request)).join('|')}`;
  const statement = pointStatements.get(key, () => {
    const match = 'id' in where ? Prisma.sql`a.id = ${slot('id')}` : Prisma.sql`a.slug = ${slot('slug')}`;
    // One row: the actor, then each page's total and edges as scalar subqueries (cheaper for PostgreSQL
    // than a UNION of one row per page).
    const outputs = [
      Prisma.sql`${actorJson.sql('r', undefined, columns)} AS actor`,
      ...requests.map(
        ({ request }, index) =>
          Prisma.sql`${pageTotal(request)} AS ${Prisma.raw(`total_${index}`)}, (${pageEdges(request, `p${index}.`)}) AS ${Prisma.raw(`edges_${index}`)}`,
      ),
    ];
    return Prisma.sql`SELECT ${Prisma.join(outputs, ', ')} FROM (SELECT a.*, a.id AS actor_id FROM "Actor" a WHERE ${match}) r`;
  });
  return { statement: bind(statement, values), requests };
}
