import { encodeCursor } from '../cursors';
import type { ActorPage, ActorPageKind } from '../read/actor-pages';
import type { JsonRecord } from '../read/records';
import type { ConnectionArgs } from '../read/paging';

/**
 * The connection of an actor page (`Actor.meetings`, `proposals`, `stances`) from its rows: the edges and
 * page info that Pothos' `prismaConnectionHelpers` built (its `wrapConnectionResult` rules, pinned against
 * Prisma by tests/read/parity.test.ts), with each cursor encoded only when it is read. The helper encoded
 * one per edge whether selected or not: 4% of the server's time in the nested read, which asks for none
 * (bench/speed-work.md, "Nested in one statement").
 */

/** How each page's edge names its node and its cursor (the helper's `resolveNode` and `cursor`). */
const shapes: Record<
  ActorPageKind,
  { node: (row: JsonRecord) => unknown; cursor: (row: JsonRecord) => string }
> = {
  meetings: { node: (row) => row.meeting, cursor: (row) => encodeCursor('key', row.id as number) },
  proposals: {
    node: (row) => row.proposal,
    cursor: (row) => encodeCursor('keyPair', [row.proposalId as number, row.actorId as number]),
  },
  stances: { node: (row) => row, cursor: (row) => encodeCursor('key', row.id as number) },
};

/** Edges carry their row's fields (a meeting edge's `role`), the node, and a cursor encoded on first read. */
function edgePrototype(kind: ActorPageKind): object {
  const { cursor } = shapes[kind];
  return {
    get cursor() {
      return cursor(this as JsonRecord);
    },
  };
}
const prototypes = {
  meetings: edgePrototype('meetings'),
  proposals: edgePrototype('proposals'),
  stances: edgePrototype('stances'),
};

/** The connection as the schema's types see it: `Edge` is the Prisma-shaped edge row with its node. */
export interface PageConnectionOf<Edge> {
  edges: (Edge & { cursor: string })[];
  pageInfo: PageConnection['pageInfo'];
  totalCount: number;
}

export interface PageConnection {
  edges: object[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

/**
 * `take` is the paging's (one row more than the page, negative backwards): a full read means another page
 * exists in the reading direction, and the extra row is dropped. The flags the other way come from the
 * cursor alone, as the helper reported them.
 */
export function pageConnection(
  kind: ActorPageKind,
  page: ActorPage,
  args: ConnectionArgs,
  take: number,
): PageConnection {
  const rows = page.edges;
  const full = rows.length === Math.abs(take);
  const backward = args.before != null || args.last != null;
  const kept = full ? rows.slice(take < 0 ? 1 : 0, take < 0 ? rows.length : -1) : rows;
  const prototype = prototypes[kind];
  const { node } = shapes[kind];
  const edges = kept.map((row) =>
    Object.assign(Object.create(prototype) as JsonRecord, row, { node: node(row) }),
  );
  const first = edges[0];
  const last = edges[edges.length - 1];
  return {
    edges,
    pageInfo: {
      hasNextPage: args.before != null ? true : args.last != null ? false : full,
      hasPreviousPage: args.after != null ? true : backward ? full : false,
      get startCursor() {
        return first ? (first.cursor as string) : null;
      },
      get endCursor() {
        return last ? (last.cursor as string) : null;
      },
    },
    totalCount: page.total ?? 0,
  };
}
