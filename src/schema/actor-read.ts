import { getArgumentValues, getNamedType, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { Prisma } from '../../generated/prisma/client';
import { pageEdges, pageOf, pageRequestOf, pageTotal, preloadPages, type ActorPageKind } from './actor-pages';
import type { GraphQLContext } from './context';
import { checkedArguments } from './input-plugin';
import { modelJson, type JsonRecord } from './model-json';
import { collectFields } from './selection';

const actorJson = modelJson('Actor');

/**
 * Reads one actor and, in the same statement, the meeting, proposal and stance pages its selection asks
 * for: a point read is one round trip to the database, as PostGraphile's is (bench/speed-work.md, "A point read is one round trip").
 *
 * The pages are found by looking ahead at the actor's selection. That look-ahead is an optimisation only:
 * a page it misses (or reads with arguments its field would reject) is loaded by the field itself, so a
 * mistake here costs a statement, never a wrong answer. Relations of the actor outside these pages
 * (aliases, affiliation, …) come from Pothos' model loader, as for any record read without `query`.
 */
export async function readActorWithPages(
  ctx: GraphQLContext,
  where: { id: number } | { slug: string },
  info: GraphQLResolveInfo,
): Promise<JsonRecord | null> {
  const requests = pageRequestsAhead(ctx, info);
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

/** The pages the actor's selection asks for, one per response key of a page field. */
function pageRequestsAhead(ctx: GraphQLContext, info: GraphQLResolveInfo) {
  const actorType = getNamedType(info.returnType) as GraphQLObjectType;
  const requests: {
    responseKey: string;
    request: NonNullable<ReturnType<typeof pageRequestOf>>;
    sql: Prisma.Sql;
  }[] = [];
  for (const [responseKey, fieldNodes] of collectFields(info.fieldNodes, actorType, info)) {
    const fieldName = fieldNodes[0].name.value as ActorPageKind;
    const field = actorType.getFields()[fieldName];
    if (!field) continue;
    try {
      const selection = {
        fieldNodes,
        connectionType: getNamedType(field.type) as GraphQLObjectType,
        schema: info.schema,
        operation: info.operation,
        fragments: info.fragments,
        variableValues: info.variableValues,
      };
      const request = pageRequestOf(
        fieldName,
        // Through the same checks as the field's own resolver: a cursor the codec refuses never reaches SQL.
        checkedArguments(field, getArgumentValues(field, fieldNodes[0], info.variableValues)),
        ctx,
        selection,
      );
      // Built here, so that a cursor the page SQL refuses fails its own field, not the actor.
      const slot = requests.length;
      if (request)
        requests.push({
          responseKey,
          request,
          sql: Prisma.sql`${pageTotal(request)} AS ${Prisma.raw(`total_${slot}`)}, (${pageEdges(request)}) AS ${Prisma.raw(`edges_${slot}`)}`,
        });
    } catch {
      // The field resolver raises this error itself, at its own path.
    }
  }
  return requests;
}
