import { getNamedType, isObjectType, type FieldNode, type GraphQLObjectType } from 'graphql';
import { Prisma } from '../../generated/prisma/client';
import { bindPage, pageEdges, pageOf, pageTextKey, pageTotal, preloadPages } from './actor-pages';
import { actorColumnsOf, type PageAhead } from './actor-read';
import type { ReadContext } from './context';
import { cursorInt, datedBoundary, literalInt } from './cursor-sql';
import { orderColumn, orders, sqlOrder } from './orders';
import { planFor } from './plan-cache';
import { modelJson, type JsonRecord } from './records';
import { bind, slot, StatementCache, type BoundStatement } from './statement';
import { collectFields, selectedColumns, type ColumnOf, type SelectionScope } from './selection';

/**
 * The root meeting list with, in the same statement, each meeting's participants, their actors and the
 * pages those actors' selections ask for: the nested read is one round trip, where it was three (Prisma's
 * joined statement, Prisma's count, the batched actor pages) against PostGraphile's two (bench/speed-work.md,
 * "Nested in one statement").
 *
 * Only selections it fully understands are read here: the connection's totalCount, edges, cursors and page
 * info; a meeting's exposed columns and its participants; a participant's exposed columns and its actor; an
 * actor's exposed columns and its pages. Anything else (another relation, a computed field, an alias that
 * selects a relation twice) makes `planMeetingList` answer null and the caller reads with Prisma.
 *
 * Records come back shaped like the Prisma rows of the caller's planned query (`participants`, `actor`), so
 * the schema's relation fields resolve them from the parent.
 */
export interface MeetingListSelection extends SelectionScope {
  /** The `meetings` field and its connection type. */
  fieldNodes: readonly FieldNode[];
  connectionType: GraphQLObjectType;
  columnOf: ColumnOf;
  /** The field's site (./plan-cache.ts). */
  site: string;
  /** `Meeting.participants`' cap (its `take`). */
  participantsCap: number;
  /**
   * The actor pages a selection of the actor type asks for (the schema reads their arguments through the
   * fields' own checks); `site` is the actor's site.
   */
  actorPages: (fieldNodes: readonly FieldNode[], actorType: GraphQLObjectType, site: string) => PageAhead[];
}

/** What a list selection reads; depends on the document's shape only (./plan-cache.ts). */
export interface ListPlan {
  withTotal: boolean;
  /** Response keys from the list to a meeting node: `edges.node` unless aliased. */
  nodePath: string;
  meeting: string[];
  participants: {
    key: string;
    columns: string[];
    actor: { key: string; columns: string[]; nodes: FieldNode[]; type: GraphQLObjectType } | null;
  } | null;
}

/** Paging as Pothos' connection hands it to the resolver (Prisma's cursor rules). */
export interface ListPaging {
  take: number;
  skip: number;
  cursor?: { id?: unknown };
}

export interface MeetingList {
  rows: JsonRecord[];
  total: number | null;
}

const meetingJson = modelJson('Meeting');
const participantJson = modelJson('MeetingParticipant');
const actorJson = modelJson('Actor');

const responseKey = (nodes: FieldNode[]) => nodes[0].alias?.value ?? nodes[0].name.value;

const known = new Set(['__typename']);

/** The one response key selecting `field` on `type`, or null (none, or several: not read here). */
function single(
  fieldNodes: readonly FieldNode[],
  type: GraphQLObjectType,
  scope: SelectionScope,
  allowed: Set<string>,
): Map<string, FieldNode[]> | null {
  const fields = collectFields(fieldNodes, type, scope);
  const names = new Set<string>();
  for (const nodes of fields.values()) {
    const name = nodes[0].name.value;
    if (!allowed.has(name) && !known.has(name)) return null;
    if (names.has(name) && name !== '__typename') return null;
    names.add(name);
  }
  return fields;
}

/** The object type a field of `type` returns (through lists and non-nulls), or null. */
function objectType(type: GraphQLObjectType, field: string): GraphQLObjectType | null {
  const named = type.getFields()[field] && getNamedType(type.getFields()[field].type);
  return named && isObjectType(named) ? named : null;
}

function buildPlan(selection: MeetingListSelection): ListPlan | null {
  const scope = selection;
  const top = single(
    selection.fieldNodes,
    selection.connectionType,
    scope,
    new Set(['totalCount', 'edges', 'pageInfo']),
  );
  if (!top) return null;
  let withTotal = false;
  let meetingNodes: FieldNode[] = [];
  let nodePath = 'edges.node';
  let meetingType: GraphQLObjectType | null = null;
  for (const nodes of top.values()) {
    const name = nodes[0].name.value;
    if (name === 'totalCount') withTotal = true;
    if (name !== 'edges') continue;
    const edgeType = objectType(selection.connectionType, 'edges');
    const edge = edgeType && single(nodes, edgeType, scope, new Set(['cursor', 'node']));
    if (!edgeType || !edge) return null;
    for (const edgeNodes of edge.values())
      if (edgeNodes[0].name.value === 'node') {
        meetingNodes = edgeNodes;
        nodePath = `${responseKey(nodes)}.${responseKey(edgeNodes)}`;
        meetingType = objectType(edgeType, 'node');
      }
  }
  if (!meetingType) return { withTotal, nodePath, meeting: ['id'], participants: null };
  let participants: ListPlan['participants'] = null;
  let understood = true;
  const meeting = selectedColumns(meetingNodes, meetingType, scope, selection.columnOf, {
    participants: {
      columns: [],
      read: (nodes, participantType) => {
        if (participants) understood = false;
        participants = participantsPlan(selection, nodes, participantType);
        if (!participants) understood = false;
      },
    },
  });
  if (!meeting || !understood) return null;
  return { withTotal, nodePath, meeting: [...meeting].sort(), participants };
}

function participantsPlan(
  selection: MeetingListSelection,
  nodes: FieldNode[],
  participantType: GraphQLObjectType,
): ListPlan['participants'] {
  let actor: NonNullable<ListPlan['participants']>['actor'] = null;
  let understood = true;
  const columns = selectedColumns(nodes, participantType, selection, selection.columnOf, {
    actor: {
      columns: ['actorId'],
      read: (actorNodes, actorType) => {
        if (actor) understood = false;
        // A field that may read any column is not read here: the list then goes to Prisma.
        const actorColumns = actorColumnsOf(actorNodes, actorType, selection, selection.columnOf);
        if (!actorColumns) understood = false;
        actor = {
          key: responseKey(actorNodes),
          columns: actorColumns ?? [],
          nodes: actorNodes,
          type: actorType,
        };
      },
    },
  });
  if (!columns || !understood) return null;
  return { key: responseKey(nodes), columns: [...columns].sort(), actor };
}

/** What the list selection reads, planned once per document shape; null when it is not read here. */
export function planMeetingList(selection: MeetingListSelection): ListPlan | null {
  return planFor(selection.operation, selection.variableValues, `meetingList@${selection.site}`, () =>
    buildPlan(selection),
  );
}

const meetingOrder = sqlOrder(orders.meetings, (key) => orderColumn(key, 'mt'));
const meetingOrderBackward = sqlOrder(orders.meetings, (key) => orderColumn(key, 'mt'), true);
const meetingKeyOrder = sqlOrder(orders.meetings, (_key, index) => `mt.k${index + 1}`);
const participantOrder = sqlOrder(orders.meetingParticipants, (key) => orderColumn(key, 'r'));
const participantKeyOrder = sqlOrder(orders.meetingParticipants, (key) => orderColumn(key, 'p'));

/**
 * The statement, as CTEs: the page of meetings `mt` (by its keys alone, then built), their capped
 * participants `r`, and each distinct actor once with its pages (`actors`, by id). An actor at several of
 * the listed meetings (51 distinct actors for 93 participations in the bench's nested query) has its pages
 * read and sent once: PostgreSQL did that work per participation.
 *
 * Its text depends on the plan and on the key `listTextKey` builds; the list's cursor and the pages'
 * cursors are slots (./statement.ts).
 */
function listSql(plan: ListPlan, paging: ListPaging, cap: number, pages: PageAhead[]): Prisma.Sql {
  const backward = paging.take < 0;
  const cursorRow = paging.cursor
    ? Prisma.sql`CROSS JOIN (SELECT cm."occurredAt" AS occ, cm.id FROM "Meeting" cm WHERE cm.id = ${slot('cursor')}) c`
    : Prisma.empty;
  const boundary = paging.cursor ? datedBoundary('mt."occurredAt"', 'mt.id', backward) : Prisma.empty;
  const ctes = [
    Prisma.sql`mt AS (SELECT mt.*, mt."occurredAt" AS k1, mt.id AS k2 FROM "Meeting" mt ${cursorRow}
    WHERE true ${boundary}
    ORDER BY ${Prisma.raw(backward ? meetingOrderBackward : meetingOrder)} LIMIT ${literalInt(Math.abs(paging.take))} OFFSET ${literalInt(paging.skip)})`,
  ];
  const participants = plan.participants;
  let actors = Prisma.sql`NULL::json`;
  let extra: Prisma.Sql | undefined;
  if (participants) {
    ctes.push(Prisma.sql`r AS (SELECT p.*, p."actorId" AS actor_id FROM mt CROSS JOIN LATERAL (
      SELECT p.* FROM "MeetingParticipant" p WHERE p."meetingId" = mt.id ORDER BY ${Prisma.raw(participantKeyOrder)} LIMIT ${literalInt(cap)}) p)`);
    extra = Prisma.sql`'participants', COALESCE((SELECT json_agg(${participantJson.sql('r', undefined, participants.columns)} ORDER BY ${Prisma.raw(participantOrder)})
      FROM r WHERE r."meetingId" = mt.id), '[]'::json)`;
    if (participants.actor) {
      const pageParts = pages.map(
        ({ request }, index) =>
          Prisma.sql`json_build_object('total', ${pageTotal(request)}, 'edges', (${pageEdges(request, `p${index}.`)}))`,
      );
      const withPages = Prisma.sql`'$pages', json_build_array(${pageParts.length ? Prisma.join(pageParts, ', ') : Prisma.empty})`;
      actors = Prisma.sql`(SELECT json_object_agg(r.actor_id, ${actorJson.sql('a', withPages, participants.actor.columns)})
      FROM (SELECT DISTINCT actor_id FROM r) r JOIN "Actor" a ON a.id = r.actor_id)`;
    }
  }
  const node = meetingJson.sql('mt', extra, plan.meeting);
  const total = plan.withTotal ? Prisma.sql`(SELECT count(*)::int FROM "Meeting")` : Prisma.sql`NULL::int`;
  return Prisma.sql`WITH ${Prisma.join(ctes, ', ')}
    SELECT ${total} AS total, (SELECT json_agg(${node} ORDER BY ${Prisma.raw(meetingKeyOrder)}) FROM mt) AS rows, ${actors} AS actors`;
}

/** What besides the plan changes the list statement's text: paging sizes, a cursor, the cap, the pages. */
function listTextKey(paging: ListPaging, cap: number, pages: PageAhead[]): string {
  const list = `${paging.take}/${paging.skip}/${paging.cursor ? 'c' : '-'}/${cap}`;
  return [list, ...pages.map(({ request }) => pageTextKey(request))].join('|');
}

/** The plan's statements (a plan is one document shape; sizes and cursors still vary its text). */
const statementsByPlan = new WeakMap<ListPlan, StatementCache>();

export function listStatement(
  plan: ListPlan,
  paging: ListPaging,
  cap: number,
  pages: PageAhead[],
): BoundStatement {
  const values: Record<string, unknown> = {};
  if (paging.cursor) values.cursor = cursorInt(paging.cursor.id);
  pages.forEach(({ request }, index) => bindPage(request, `p${index}.`, values));
  let statements = statementsByPlan.get(plan);
  if (!statements) {
    statements = new StatementCache(64);
    statementsByPlan.set(plan, statements);
  }
  const statement = statements.get(listTextKey(paging, cap, pages), () => listSql(plan, paging, cap, pages));
  return bind(statement, values);
}

/** Reads the page of meetings the plan describes, with its participants, actors and actor pages. */
export async function readMeetingList(
  ctx: ReadContext,
  plan: ListPlan,
  paging: ListPaging,
  selection: MeetingListSelection,
): Promise<MeetingList> {
  const participants = plan.participants;
  const actorSite =
    participants?.actor && `${selection.site}.${plan.nodePath}.${participants.key}.${participants.actor.key}`;
  const pages =
    participants?.actor && actorSite
      ? selection.actorPages(participants.actor.nodes, participants.actor.type, actorSite)
      : [];
  const [row] = await ctx.reader.rows<{
    total: number | null;
    rows: JsonRecord[] | null;
    actors: Record<string, JsonRecord> | null;
  }>(listStatement(plan, paging, selection.participantsCap, pages));
  const rows = row?.rows ?? [];
  // Each actor once, shared by its participations (its pages are the same wherever it appears).
  const actors = new Map<number, JsonRecord>();
  for (const actor of Object.values(row?.actors ?? {})) {
    const read = actor.$pages as { total: number | null; edges: unknown[][] | null }[];
    delete actor.$pages;
    actorJson.revive(actor);
    preloadPages(
      actor,
      new Map(
        pages.map(({ responseKey, request }, slot) => [
          responseKey,
          pageOf(request, read[slot].total, read[slot].edges),
        ]),
      ),
    );
    actors.set(actor.id as number, actor);
  }
  for (const meeting of rows) {
    meetingJson.revive(meeting);
    for (const participant of (meeting.participants as JsonRecord[] | undefined) ?? []) {
      participantJson.revive(participant);
      if (participants?.actor) participant.actor = actors.get(participant.actorId as number);
    }
  }
  return { rows, total: row?.total ?? null };
}
