import { getArgumentValues, getNamedType, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { Prisma } from '../../generated/prisma/client';
import { pagePart, pageRequestOf, preloadPages, type ActorPageKind, type PageRow } from './actor-pages';
import type { GraphQLContext } from './context';
import { modelJson, type JsonRecord } from './model-json';
import { collectFields } from './selection';

const actorJson = modelJson('Actor');

/**
 * Reads one actor and, in the same statement, the meeting, proposal and stance pages its selection asks
 * for: a point read is one round trip to the database, as PostGraphile's is (bench/speed-work.md, #8).
 *
 * The pages are found by looking ahead at the actor's selection. That look-ahead is an optimisation only:
 * a page it misses (or reads with arguments its field would reject) is loaded by the field itself, so a
 * mistake here costs a statement, never a wrong answer. Relations of the actor outside these pages
 * (aliases, affiliation, …) come from Pothos' model loader, as for any record read without `query`.
 */
export async function readActorWithPages(ctx: GraphQLContext, where: { id: number } | { slug: string }, info: GraphQLResolveInfo): Promise<JsonRecord | null> {
  const requests = pageRequestsAhead(ctx, info);
  const match = 'id' in where ? Prisma.sql`a.id = ${where.id}` : Prisma.sql`a.slug = ${where.slug}`;
  const parts = [
    Prisma.sql`SELECT -1 AS slot, NULL::int AS total, json_build_array(${actorJson.sql('t')}) AS edges FROM target t`,
    ...requests.map(({ request }, slot) => pagePart(request, Prisma.sql`(SELECT ${Prisma.raw(String(slot))} AS slot, t.id AS actor_id FROM target t) r`)),
  ];
  const rows = await ctx.reader.rows<PageRow>(
    Prisma.sql`WITH target AS (SELECT a.* FROM "Actor" a WHERE ${match}) ${Prisma.join(parts, ' UNION ALL ')}`,
  );
  const actorRow = rows.find((row) => row.slot === -1);
  if (!actorRow) return null;
  const actor = actorJson.revive(actorRow.edges[0]);
  preloadPages(actor, requests, rows.filter((row) => row.slot >= 0));
  return actor;
}

/** The pages the actor's selection asks for, one per response key of a page field. */
function pageRequestsAhead(ctx: GraphQLContext, info: GraphQLResolveInfo) {
  const actorType = getNamedType(info.returnType) as GraphQLObjectType;
  const requests: { responseKey: string; request: NonNullable<ReturnType<typeof pageRequestOf>> }[] = [];
  for (const [responseKey, fieldNodes] of collectFields(info.fieldNodes, actorType, info)) {
    const fieldName = fieldNodes[0].name.value as ActorPageKind;
    const field = actorType.getFields()[fieldName];
    if (!field) continue;
    try {
      const selection = { fieldNodes, connectionType: getNamedType(field.type) as GraphQLObjectType, fragments: info.fragments, variableValues: info.variableValues };
      const request = pageRequestOf(fieldName, getArgumentValues(field, fieldNodes[0], info.variableValues), ctx, selection);
      if (request) requests.push({ responseKey, request });
    } catch {
      // The field resolver raises this error itself, at its own path.
    }
  }
  return requests;
}
