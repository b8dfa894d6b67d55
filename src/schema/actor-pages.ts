import {
  getArgumentValues,
  getNamedType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
} from 'graphql';
import {
  loadPage,
  pageRequestOf,
  preloadedPage,
  type ActorPageKind,
  type PageSelection,
  type Paging,
} from '../read/actor-pages';
import type { PageAhead } from '../read/actor-read';
import { siteOf } from '../read/plan-cache';
import { collectFields } from '../read/selection';
import type { GraphQLContext } from './context';
import { checkedArguments } from './input-plugin';

/**
 * The schema's side of the hand-read actor pages (the reads themselves are src/read/actor-pages.ts): turning
 * a connection field's arguments into paging with the field's own Pothos helper, and telling the read path
 * which fields expose one column.
 */

/** Pothos marks fields made with `t.expose…` with the one column they read. */
export const pothosColumnOf = (field: GraphQLField<unknown, unknown>): string | undefined => {
  const exposed = field.extensions?.pothosExposedField;
  return typeof exposed === 'string' ? exposed : undefined;
};

/** What an actor connection needs of Pothos' `prismaConnectionHelpers`: its paging and its edge building. */
interface PagingHelper<Edge, Args, Connection> {
  getQuery(args: Args, ctx: GraphQLContext, nestedSelection: never): Paging;
  resolve(edges: Edge[], args: Args, ctx: GraphQLContext): Connection;
}

/**
 * The `nestedSelection` handed to a connection helper's `getQuery`: only its paging (`take`, `skip`,
 * `cursor`) is wanted, the nodes are read by src/read, not by a Prisma query built from the selection.
 */
const pageArgsOnly = (() => true) as never;

/** The paging helper of each actor connection field (the field is named after its kind), for reading pages ahead. */
const pageHelpers = new Map<string, PagingHelper<unknown, unknown, object>>();

function pagingOf(kind: ActorPageKind, args: unknown, ctx: GraphQLContext): Paging | null {
  const helper = pageHelpers.get(kind);
  return helper ? helper.getQuery(args, ctx, pageArgsOnly) : null;
}

/**
 * The resolver of `Actor.meetings`, `proposals` or `stances`: the helper turns the connection arguments
 * into Prisma's take/skip/cursor, the page comes read ahead with the actor or from the page loader, and
 * the helper builds the edges and page info.
 */
export function actorPageResolver<Edge, Args, Connection extends object>(
  kind: ActorPageKind,
  helper: PagingHelper<Edge, Args, Connection>,
) {
  pageHelpers.set(kind, helper as PagingHelper<unknown, unknown, object>);
  return async (
    actor: { id: number },
    args: Args,
    ctx: GraphQLContext,
    info: GraphQLResolveInfo,
  ): Promise<Connection & { totalCount: number }> => {
    const page =
      preloadedPage(actor, info.path.key as string) ??
      (await loadPage(
        ctx,
        actor.id,
        pageRequestOf(kind, helper.getQuery(args, ctx, pageArgsOnly), {
          ...info,
          connectionType: getNamedType(info.returnType) as GraphQLObjectType,
          columnOf: pothosColumnOf,
          site: siteOf(info.path),
        }),
      ));
    return { ...helper.resolve(page.edges as Edge[], args, ctx), totalCount: page.total ?? 0 };
  };
}

/** The pages the actor's selection asks for, one per response key of a page field. */
export function pagesAhead(ctx: GraphQLContext, info: GraphQLResolveInfo): PageAhead[] {
  const actorType = getNamedType(info.returnType) as GraphQLObjectType;
  const pages: PageAhead[] = [];
  for (const [responseKey, fieldNodes] of collectFields(info.fieldNodes, actorType, info)) {
    const kind = fieldNodes[0].name.value as ActorPageKind;
    const field = actorType.getFields()[kind];
    if (!field || !pageHelpers.has(kind)) continue;
    try {
      const selection: PageSelection = {
        fieldNodes,
        connectionType: getNamedType(field.type) as GraphQLObjectType,
        schema: info.schema,
        operation: info.operation,
        fragments: info.fragments,
        variableValues: info.variableValues,
        columnOf: pothosColumnOf,
        site: `${siteOf(info.path)}.${responseKey}`,
      };
      // Through the same checks as the field's own resolver: a cursor the codec refuses never reaches SQL.
      const paging = pagingOf(
        kind,
        checkedArguments(field, getArgumentValues(field, fieldNodes[0], info.variableValues)),
        ctx,
      );
      if (paging) pages.push({ responseKey, request: pageRequestOf(kind, paging, selection) });
    } catch {
      // The field resolver raises this error itself, at its own path.
    }
  }
  return pages;
}
