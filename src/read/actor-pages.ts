import type { FieldNode, GraphQLObjectType } from 'graphql';
import { Prisma } from '../../generated/prisma/client';
import { batchedByContext } from './batch';
import { cursorInt, datedBoundary, literalInt } from './cursor-sql';
import type { ReadContext } from './context';
import { orderColumn, orders, sqlOrder, type OrderKey } from './orders';
import { planFor } from './plan-cache';
import { bind, slot, StatementCache, type BoundStatement } from './statement';
import { modelJson, type JsonRecord } from './records';
import {
  collectFields,
  selectedColumns,
  selectedField,
  type ColumnOf,
  type SelectionScope,
} from './selection';

/**
 * One page of an actor's meetings, proposals or stances, with the total when asked for.
 *
 * Every such page that the resolvers of one request ask for in the same turn is read by ONE statement:
 * a UNION ALL of one part per kind of page, each part a LATERAL subquery with a LIMIT per actor. Prisma's
 * relation loading instead reads every participation of every listed actor and sorts them in memory, and
 * spends a statement per relation level and per count (see bench/speed-work.md, "One statement per level" and "A point read is one round trip"). Pages come
 * back as JSON rows shaped like Prisma's own records, so the node types resolve them as usual; a node's
 * relations that are not loaded here are loaded by the schema, as for any record.
 *
 * Paging follows Prisma's cursor rules exactly (the rows at or after the cursor row in the page order,
 * then `skip`, then `take`; a negative `take` reads backwards and returns the rows in page order), so the
 * caller hands `take`, `skip` and `cursor` from ./paging.ts straight through.
 */
export type ActorPageKind = 'meetings' | 'proposals' | 'stances';

/** A page as asked for, whichever actor it belongs to. */
export interface PageShape {
  kind: ActorPageKind;
  take: number;
  skip: number;
  /** As ./paging.ts reads it: `{ id }` or `{ proposalId_actorId: { proposalId, actorId } }`. */
  cursor?: Record<string, unknown>;
  withTotal: boolean;
  columns: NodeColumns;
}

/**
 * The columns each node of the page is built with, as its selection reads them; null for every column.
 * PostGraphile-style pruning: building whole records as JSON was most of PostgreSQL's time per point read
 * (bench/speed-work.md, "A point read is one round trip").
 */
interface NodeColumns {
  node: string[] | null;
  /** A stance's proposal, which its page loads with it. */
  proposal?: string[] | null;
}

/** Edges as Prisma-shaped records; `total` is null unless the request selected `totalCount`. */
export interface ActorPage {
  edges: JsonRecord[];
  total: number | null;
}

const meetingJson = modelJson('Meeting');
const proposalJson = modelJson('Proposal');
const stanceJson = modelJson('Stance');

// Each page first picks its rows by their keys alone (ORDER BY … LIMIT), and only then joins the node and
// builds its JSON: building it before the LIMIT cost 0.45 ms per actor (every participation of the actor).
interface PageQuery {
  /**
   * The page's rows `e` for the actor `r.actor_id`: sort keys `k1`, `k2` and the ids the edge needs. The
   * cursor's values are slots (`at(name)`, ./statement.ts), filled by `cursorValues`.
   */
  rows: (request: PageShape, backward: boolean, at: (name: string) => Prisma.Sql) => Prisma.Sql;
  /** The cursor's values by slot name, checked by the strict reading of ./cursor-sql.ts. */
  cursorValues: (cursor: Record<string, unknown>) => Record<string, number>;
  /** Joins from `e` to the node's tables, after the LIMIT. */
  join: Prisma.Sql;
  /**
   * The edge as one JSON array of values (`json_build_array`), its own columns then its node's: a page has
   * hundreds of edges, and an array is a fifth cheaper for PostgreSQL to build than objects with keys.
   */
  edge: (columns: NodeColumns) => Prisma.Sql;
  /** The aggregate order over `e`: the page order, whichever way the rows were read. */
  order: Prisma.Sql;
  total: Prisma.Sql;
  /** The edge's values back as the Prisma record the schema's edges are built from. */
  revive: (values: readonly unknown[], columns: NodeColumns) => JsonRecord;
}

/** A page's rows carry their sort keys as k1, k2, … in the order's sequence. */
const sortKeys = (_key: OrderKey, index: number) => `e.k${index + 1}`;
/**
 * The meeting's date is read from the participation's copy (`meetingOccurredAt`, kept in step by triggers,
 * migration 20261201175255_participant_meeting_date): with it a page is a range of one index,
 * ("actorId", "meetingOccurredAt" DESC NULLS LAST, id DESC), that stops after its rows.
 */
const meetingDateCopy: OrderKey = {
  model: 'MeetingParticipant',
  field: 'meetingOccurredAt',
  direction: 'desc',
  nulls: 'last',
};
const meetingTables = (key: OrderKey) =>
  key.model === 'Meeting' ? orderColumn(meetingDateCopy, 'mp') : orderColumn(key, 'mp');
const meetingDate = orderColumn(meetingDateCopy, 'mp');

const pageQueries: Record<ActorPageKind, PageQuery> = {
  // Latest first, nulls last, the participation id breaking ties (as `meetings` orders the root list).
  meetings: {
    rows: (request, backward, at) => {
      // Rows at or after the cursor row in page order (before or at it, reading backwards). A cursor on a
      // meeting without a date pages among the undated ones; Prisma's own condition restarted the list there.
      const boundary = request.cursor ? datedBoundary(meetingDate, 'mp.id', backward) : Prisma.empty;
      const cursorRow = request.cursor
        ? Prisma.sql`CROSS JOIN (SELECT ${Prisma.raw(orderColumn(meetingDateCopy, 'cp'))} AS occ, cp.id FROM "MeetingParticipant" cp WHERE cp.id = ${at('cursor')}) c`
        : Prisma.empty;
      const order = Prisma.raw(sqlOrder(orders.actorMeetings, meetingTables, backward));
      return Prisma.sql`SELECT ${Prisma.raw(meetingDate)} AS k1, mp.id AS k2, mp."meetingId", mp."actorId", mp.role
        FROM "MeetingParticipant" mp ${cursorRow}
        WHERE mp."actorId" = r.actor_id ${boundary}
        ORDER BY ${order} LIMIT ${literalInt(Math.abs(request.take))} OFFSET ${literalInt(request.skip)}`;
    },
    cursorValues: (cursor) => ({ cursor: cursorInt(cursor.id) }),
    join: Prisma.sql`JOIN "Meeting" m ON m.id = e."meetingId"`,
    edge: (columns) =>
      Prisma.raw(
        `json_build_array(e.k2, e."meetingId", e."actorId", e.role, ${meetingJson.tuple('m', columns.node)})`,
      ),
    order: Prisma.raw(sqlOrder(orders.actorMeetings, sortKeys)),
    total: Prisma.sql`(SELECT count(*)::int FROM "MeetingParticipant" t WHERE t."actorId" = r.actor_id)`,
    revive: (values, columns) => ({
      id: values[0],
      meetingId: values[1],
      actorId: values[2],
      role: values[3],
      meeting: meetingJson.fromTuple(values, 4, columns.node),
    }),
  },
  // Newest proposal first.
  proposals: {
    rows: (request, backward, at) => {
      const boundary = request.cursor
        ? Prisma.sql`AND pp."proposalId" ${backward ? Prisma.raw('>=') : Prisma.raw('<=')} (SELECT c."proposalId" FROM "ProposalProposer" c
            WHERE c."proposalId" = ${at('cursorProposal')} AND c."actorId" = ${at('cursorActor')})`
        : Prisma.empty;
      return Prisma.sql`SELECT pp."proposalId" AS k1, pp."actorId"
        FROM "ProposalProposer" pp
        WHERE pp."actorId" = r.actor_id ${boundary}
        ORDER BY ${Prisma.raw(sqlOrder(orders.actorProposals, (key) => orderColumn(key, 'pp'), backward))} LIMIT ${literalInt(Math.abs(request.take))} OFFSET ${literalInt(request.skip)}`;
    },
    cursorValues: (cursor) => {
      const key = cursor.proposalId_actorId as JsonRecord | undefined;
      return { cursorProposal: cursorInt(key?.proposalId), cursorActor: cursorInt(key?.actorId) };
    },
    join: Prisma.sql`JOIN "Proposal" p ON p.id = e.k1`,
    edge: (columns) =>
      Prisma.raw(`json_build_array(e.k1, e."actorId", ${proposalJson.tuple('p', columns.node)})`),
    order: Prisma.raw(sqlOrder(orders.actorProposals, sortKeys)),
    total: Prisma.sql`(SELECT count(*)::int FROM "ProposalProposer" t WHERE t."actorId" = r.actor_id)`,
    revive: (values, columns) => ({
      proposalId: values[0],
      actorId: values[1],
      proposal: proposalJson.fromTuple(values, 2, columns.node),
    }),
  },
  // Newest stance first; each stance carries its proposal, which nearly every reader of a stance shows.
  stances: {
    rows: (request, backward, at) => {
      const boundary = request.cursor
        ? Prisma.sql`AND (s."asOf", s.id) ${backward ? Prisma.raw('>=') : Prisma.raw('<=')} (SELECT c."asOf", c.id FROM "Stance" c WHERE c.id = ${at('cursor')})`
        : Prisma.empty;
      // The whole (narrow) stance row: joining Stance again by id after the LIMIT cost a lookup per stance.
      return Prisma.sql`SELECT s.*, s."asOf" AS k1, s.id AS k2
        FROM "Stance" s
        WHERE s."actorId" = r.actor_id ${boundary}
        ORDER BY ${Prisma.raw(sqlOrder(orders.actorStances, (key) => orderColumn(key, 's'), backward))} LIMIT ${literalInt(Math.abs(request.take))} OFFSET ${literalInt(request.skip)}`;
    },
    cursorValues: (cursor) => ({ cursor: cursorInt(cursor.id) }),
    join: Prisma.sql`JOIN "Proposal" p ON p.id = e."proposalId"`,
    edge: (columns) =>
      Prisma.raw(
        `json_build_array(${stanceJson.tuple('e', columns.node)}, ${proposalJson.tuple('p', columns.proposal)})`,
      ),
    order: Prisma.raw(sqlOrder(orders.actorStances, sortKeys)),
    total: Prisma.sql`(SELECT count(*)::int FROM "Stance" t WHERE t."actorId" = r.actor_id)`,
    revive: (values, columns) => {
      const stance = stanceJson.fromTuple(values, 0, columns.node);
      stance.proposal = proposalJson.fromTuple(values, stanceJson.width(columns.node), columns.proposal);
      return stance;
    },
  },
};

/**
 * The loader's key of a request, `<actorId>:<shape>`: the same page asked twice in a turn is read once,
 * and requests with the same shape (all but the actor) share one part of the statement.
 */
function requestKey(actorId: number, shape: PageShape): string {
  return `${actorId}:${JSON.stringify(shape)}`;
}

/**
 * What in a page changes its SQL text (./statement.ts): its kind, size, offset, whether it has a cursor
 * (not the cursor's values, which are slots), its total and its columns.
 */
export function pageTextKey(request: PageShape): string {
  const columns = (list: readonly string[] | null | undefined) => (list ? list.join(',') : '*');
  return `${request.kind}/${request.take}/${request.skip}/${request.cursor ? 'c' : '-'}/${request.withTotal ? 't' : '-'}/${columns(request.columns.node)}/${columns(request.columns.proposal)}`;
}

/** Puts the page's cursor values, under `prefix`, into a statement's values; a bad cursor throws here. */
export function bindPage(request: PageShape, prefix: string, values: Record<string, unknown>): void {
  if (!request.cursor) return;
  for (const [name, value] of Object.entries(pageQueries[request.kind].cursorValues(request.cursor)))
    values[`${prefix}${name}`] = value;
}

/**
 * One part of the batched page statement: the page described by `request` (its actor aside) for each row of
 * `actors`, a FROM item that yields `r.slot` and `r.actor_id`.
 */
function pagePart(request: PageShape, actors: Prisma.Sql, prefix: string): Prisma.Sql {
  return Prisma.sql`SELECT r.slot, ${pageTotal(request)} AS total, COALESCE(pg.edges, '[]'::json) AS edges
    FROM ${actors}
    LEFT JOIN LATERAL (${pageEdges(request, prefix)}) pg ON true`;
}

/** The page's total for the actor `r.actor_id` (NULL unless asked for). */
export function pageTotal(request: PageShape): Prisma.Sql {
  return request.withTotal ? pageQueries[request.kind].total : Prisma.sql`NULL::int`;
}

/**
 * The page's edges for the actor `r.actor_id`, as one JSON array `edges` (NULL when there are none); its
 * cursor's values are the slots `bindPage` fills under the same `prefix`.
 */
export function pageEdges(request: PageShape, prefix: string): Prisma.Sql {
  const page = pageQueries[request.kind];
  const rows = page.rows(request, request.take < 0, (name) => slot(`${prefix}${name}`));
  return Prisma.sql`SELECT json_agg(${page.edge(request.columns)} ORDER BY ${page.order}) AS edges FROM (${rows}) e ${page.join}`;
}

/**
 * A page as its statement returns it: the total (or NULL), the edges as arrays of values (NULL when there
 * are none), read back with the columns the request built them with.
 */
export function pageOf(request: PageShape, total: number | null, edges: unknown[][] | null): ActorPage {
  const { revive } = pageQueries[request.kind];
  return { total, edges: (edges ?? []).map((values) => revive(values, request.columns)) };
}

/** The batched statements by the text keys of their parts, in order. */
const batchStatements = new StatementCache(500);

/** One page shape for several actors: `slots` are the rows' places in the answer. */
export interface PageGroup {
  shape: PageShape;
  slots: number[];
  actorIds: number[];
}

/** The batched statement for these groups: one part each, its text from the cache. */
export function batchStatement(parts: readonly PageGroup[]): BoundStatement {
  const values: Record<string, unknown> = {};
  parts.forEach((group, index) => {
    values[`g${index}.slots`] = group.slots;
    values[`g${index}.actors`] = group.actorIds;
    bindPage(group.shape, `g${index}.`, values);
  });
  const statement = batchStatements.get(parts.map((group) => pageTextKey(group.shape)).join('|'), () =>
    Prisma.join(
      parts.map((group, index) =>
        pagePart(
          group.shape,
          Prisma.sql`unnest(${slot(`g${index}.slots`)}::int[], ${slot(`g${index}.actors`)}::int[]) AS r(slot, actor_id)`,
          `g${index}.`,
        ),
      ),
      ' UNION ALL ',
    ),
  );
  return bind(statement, values);
}

const loadPages = batchedByContext<ReadContext, string, ActorPage>(async (ctx, keys) => {
  const groups = new Map<string, PageGroup>();
  const shapes: PageShape[] = [];
  keys.forEach((key, slot) => {
    const split = key.indexOf(':');
    const shapeKey = key.slice(split + 1);
    const group = groups.get(shapeKey) ?? {
      shape: JSON.parse(shapeKey) as PageShape,
      slots: [],
      actorIds: [],
    };
    group.slots.push(slot);
    group.actorIds.push(Number(key.slice(0, split)));
    groups.set(shapeKey, group);
    shapes[slot] = group.shape;
  });
  const rows = await ctx.reader.rows<{ slot: number; total: number | null; edges: unknown[][] }>(
    batchStatement([...groups.values()]),
  );
  return new Map(rows.map((row) => [keys[row.slot], pageOf(shapes[row.slot], row.total, row.edges)]));
});

/**
 * Pages read ahead together with their actor (./actor-read.ts), by the actor record they belong to and the
 * response key of their field. The record lives as long as the one execution that read it, so a page here
 * is never served stale; and fields sharing a response key share their arguments and selection (GraphQL
 * validation merges them), so the key alone names the page.
 */
const preloaded = new WeakMap<object, Map<string, ActorPage>>();

export function preloadPages(actor: object, pages: Map<string, ActorPage>): void {
  preloaded.set(actor, pages);
}

/** The page read ahead with `actor` under this response key, if any. */
export function preloadedPage(actor: object, responseKey: string): ActorPage | undefined {
  return preloaded.get(actor)?.get(responseKey);
}

/** Paging as Prisma's cursor rules take it: `take` (negative reads backwards), `skip`, `cursor`. */
export interface Paging {
  take?: number;
  skip?: number;
  cursor?: Record<string, unknown>;
}

/** The selection of one connection field under an actor: its nodes (one response key) and its type. */
export interface PageSelection extends SelectionScope {
  fieldNodes: readonly FieldNode[];
  connectionType: GraphQLObjectType;
  /** The one column a field of a node type reads, when it reads exactly one (the schema knows which). */
  columnOf: ColumnOf;
  /** The field's site (./plan-cache.ts): with it, what the selection reads is planned once per shape. */
  site?: string;
}

/** The page an actor connection field asks for, from its paging and its selection. */
export function pageRequestOf(kind: ActorPageKind, paging: Paging, selection: PageSelection): PageShape {
  const read = () => ({ withTotal: selectsTotalCount(selection), columns: nodeColumnsOf(kind, selection) });
  // Only the selection is planned: paging carries values (sizes, cursors) and is read on every request.
  const { withTotal, columns } =
    selection.site === undefined
      ? read()
      : planFor(selection.operation, selection.variableValues, `${kind}@${selection.site}`, read);
  return { kind, take: paging.take ?? 0, skip: paging.skip ?? 0, cursor: paging.cursor, withTotal, columns };
}

/** Reads one actor's page, batched with every other page asked for in the same turn of `ctx`. */
export async function loadPage(ctx: ReadContext, actorId: number, request: PageShape): Promise<ActorPage> {
  return (await loadPages(ctx, requestKey(actorId, request))) ?? { edges: [], total: 0 };
}

function nodeColumnsOf(kind: ActorPageKind, selection: PageSelection): NodeColumns {
  const edges = selectedField(selection.fieldNodes, selection.connectionType, 'edges', selection);
  const node = edges && selectedField(edges.nodes, edges.type, 'node', selection);
  if (!node) return kind === 'stances' ? { node: null, proposal: null } : { node: null };
  // A stance's proposal may be selected under several aliases: each adds its columns.
  let proposal: Set<string> | null = new Set(['id']);
  const stanceProposal = {
    columns: ['proposalId'],
    read: (nodes: FieldNode[], type: GraphQLObjectType) => {
      const columns = selectedColumns(nodes, type, selection, selection.columnOf);
      proposal = proposal && columns ? new Set([...proposal, ...columns]) : null;
    },
  };
  const columns = selectedColumns(
    node.nodes,
    node.type,
    selection,
    selection.columnOf,
    kind === 'stances' ? { proposal: stanceProposal } : {},
  );
  // Unknown columns stop the reading early, before a nested selection may have been read: whole records then.
  if (!columns) return kind === 'stances' ? { node: null, proposal: null } : { node: null };
  const sorted = (set: Set<string> | null) => (set ? [...set].sort() : null);
  return kind === 'stances'
    ? { node: sorted(columns), proposal: sorted(proposal) }
    : { node: sorted(columns) };
}

/** Whether the connection's selection asks for `totalCount`. */
export function selectsTotalCount(selection: PageSelection): boolean {
  return [...collectFields(selection.fieldNodes, selection.connectionType, selection).values()].some(
    (nodes) => nodes[0].name.value === 'totalCount',
  );
}
