import {
  getArgumentValues,
  getNamedType,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
} from 'graphql';
import {
  loadPage,
  pageRequestOf,
  preloadedPage,
  type ActorPage,
  type ActorPageKind,
  type PageSelection,
} from '../read/actor-pages';
import { actorColumnsOf, type PageAhead } from '../read/actor-read';
import { planFor, siteOf } from '../read/plan-cache';
import { cursorPaging, type ConnectionArgs, type PageCursor } from '../read/paging';
import { collectFields, type SelectionScope } from '../read/selection';
import type { GraphQLContext } from './context';
import { checkedArguments } from './input-plugin';
import { pageConnection } from './page-edges';

/**
 * The schema's side of the hand-read actor pages (the reads themselves are src/read/actor-pages.ts): which
 * fields are pages and how their cursors name rows, which fields expose one column, and the edges and page
 * info built from the rows read (./page-edges.ts).
 */

/** Pothos marks fields made with `t.expose…` with the one column they read. */
export const pothosColumnOf = (field: GraphQLField<unknown, unknown>): string | undefined => {
  const exposed = field.extensions?.pothosExposedField;
  return typeof exposed === 'string' ? exposed : undefined;
};

/** How each actor page's cursor names its row: what the field's Pothos helper declares as its `cursor`. */
const pageCursors: Record<ActorPageKind, PageCursor> = {
  meetings: { kind: 'key', field: 'id' },
  proposals: { kind: 'keyPair', field: 'proposalId_actorId', columns: ['proposalId', 'actorId'] },
  stances: { kind: 'key', field: 'id' },
};

const pagingOf = (kind: ActorPageKind, args: unknown) =>
  cursorPaging(args as ConnectionArgs, pageCursors[kind]);

/**
 * The resolver of `Actor.meetings`, `proposals` or `stances`: the arguments become paging (src/read/paging.ts,
 * the strict cursor codec), the page comes read ahead with the actor or from the page loader, and the
 * field's Pothos helper builds the edges and page info.
 */
export function actorPageResolver<Connection>(kind: ActorPageKind) {
  // The edges hold Prisma-shaped rows (src/read/actor-pages.ts), the records the connection's types read.
  const build = (page: ActorPage, args: ConnectionArgs, take: number) =>
    pageConnection(kind, page, args, take) as unknown as Connection;
  // Synchronous when the page was read ahead (the point read, the meeting list): a promise per page field
  // made graphql-js finish each actor's subtree in later microtasks.
  return (
    actor: { id: number },
    args: ConnectionArgs,
    ctx: GraphQLContext,
    info: GraphQLResolveInfo,
  ): Connection | Promise<Connection> => {
    const paging = pagingOf(kind, args);
    const preloaded = preloadedPage(actor, info.path.key as string);
    if (preloaded) return build(preloaded, args, paging.take!);
    return loadPage(
      ctx,
      actor.id,
      pageRequestOf(kind, paging, {
        ...info,
        connectionType: getNamedType(info.returnType) as GraphQLObjectType,
        columnOf: pothosColumnOf,
        site: siteOf(info.path),
      }),
    ).then((page) => build(page, args, paging.take!));
  };
}

/**
 * The actor columns the actor's selection reads, its pages aside (null: every column), planned once per
 * document shape: the point read builds only those.
 */
export function actorColumnsAhead(info: GraphQLResolveInfo): string[] | null {
  return planFor(info.operation, info.variableValues, `actorColumns@${siteOf(info.path)}`, () =>
    actorColumnsOf(info.fieldNodes, getNamedType(info.returnType) as GraphQLObjectType, info, pothosColumnOf),
  );
}

/** The pages the actor's selection asks for, one per response key of a page field. */
export function pagesAhead(ctx: GraphQLContext, info: GraphQLResolveInfo): PageAhead[] {
  return pagesAheadOf(
    info,
    info.fieldNodes,
    getNamedType(info.returnType) as GraphQLObjectType,
    siteOf(info.path),
  );
}

/**
 * The pages a selection of the actor type asks for (`fieldNodes` under `scope`, the actor at `site`): what
 * the point read and the meeting list read ahead with their actors.
 */
export function pagesAheadOf(
  scope: SelectionScope,
  fieldNodes: readonly FieldNode[],
  actorType: GraphQLObjectType,
  site: string,
): PageAhead[] {
  const pages: PageAhead[] = [];
  for (const [responseKey, nodes] of collectFields(fieldNodes, actorType, scope)) {
    const kind = nodes[0].name.value as ActorPageKind;
    const field = actorType.getFields()[kind];
    if (!field || !(kind in pageCursors)) continue;
    try {
      const selection: PageSelection = {
        fieldNodes: nodes,
        connectionType: getNamedType(field.type) as GraphQLObjectType,
        schema: scope.schema,
        operation: scope.operation,
        fragments: scope.fragments,
        variableValues: scope.variableValues,
        columnOf: pothosColumnOf,
        // As siteOf names the page field's own site (its key on the actor type), so both share one plan.
        site: `${site}.${responseKey}@${actorType.name}`,
      };
      // Through the same checks as the field's own resolver: a cursor the codec refuses never reaches SQL.
      const paging = pagingOf(
        kind,
        checkedArguments(field, getArgumentValues(field, nodes[0], scope.variableValues)),
      );
      pages.push({ responseKey, request: pageRequestOf(kind, paging, selection) });
    } catch {
      // The field resolver raises this error itself, at its own path.
    }
  }
  return pages;
}
