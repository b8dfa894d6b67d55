import type { PrismaClient } from '../../generated/prisma/client';
import { encodeCursor } from '../../src/cursors';
import type { GraphQLResponse } from './app';
import type { Kind } from './actor-selections';
import { globalId } from './fixtures';

/**
 * The world tests/read/hostile-read.test.ts reads, and what each page of it should hold: Prisma's rows in
 * the page's order, cut by Prisma's cursor rules (the rows at or after the cursor row, whoever it belongs
 * to, then one skipped, then the page), as src/read/actor-pages.ts reads them.
 */

export interface Row {
  cursor: string;
  node: string;
  actorId: number;
  role?: string;
  /** Where the row stands in the page order over every actor's rows: lower comes first. */
  rank: number;
  /** What a cursor names the row by. */
  key: string;
}

/** A cursor as the test sends it, and what it names: an id, a pair of ids, or nothing a page can read. */
export interface CursorChoice {
  text: string;
  names: { kind: 'key'; id: number } | { kind: 'keyPair'; pair: [number, number] } | { kind: 'bad' };
}

export interface PageVariables {
  forward: boolean;
  size: number;
  cursor: CursorChoice | null;
}

/** A refused cursor (BAD_USER_INPUT at the field), or the page's rows and flags as pageConnection sets them. */
export type Expected = { error: true } | { error: false; edges: Row[]; hasNext: boolean; hasPrev: boolean };

/** The page `paging` asks of `actorId`'s rows of this kind. */
export function expectedPage(
  rows: Record<Kind, Row[]>,
  kind: Kind,
  actorId: number,
  paging: PageVariables,
): Expected {
  const all = rows[kind];
  const mine = all.filter((row) => row.actorId === actorId);
  const { cursor, size, forward } = paging;
  let window = mine;
  if (cursor) {
    const wanted = kind === 'proposals' ? 'keyPair' : 'key';
    if (cursor.names.kind !== wanted) return { error: true };
    const key =
      cursor.names.kind === 'key' ? String(cursor.names.id) : JSON.stringify(cursor.names.pair as number[]);
    const at = all.find((row) => row.key === key);
    if (!at) return { error: false, edges: [], hasNext: !forward, hasPrev: forward };
    // Prisma's cursor rules: the rows at or after the cursor row in the page order (at or before it when
    // reading backwards), whoever the cursor row belongs to, then one skipped.
    window = forward
      ? mine.filter((row) => row.rank >= at.rank).slice(1)
      : mine.filter((row) => row.rank <= at.rank).slice(0, -1);
  }
  const edges = forward ? window.slice(0, size) : window.slice(Math.max(0, window.length - size));
  const more = window.length > size;
  return {
    error: false,
    edges,
    hasNext: forward ? more : cursor !== null,
    hasPrev: forward ? cursor !== null : more,
  };
}

/** The variables of the pages' paging: `$f<i>`/`$a<i>` forwards, `$l<i>`/`$z<i>` backwards. */
export function pagingValues(pagings: PageVariables[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  pagings.forEach(({ forward, size, cursor }, index) => {
    values[`f${index}`] = forward ? size : null;
    values[`l${index}`] = forward ? null : size;
    values[`a${index}`] = forward ? (cursor?.text ?? null) : null;
    values[`z${index}`] = forward ? null : (cursor?.text ?? null);
  });
  return values;
}

/** The errors' fields and codes (or messages, for errors without a code). */
export const codes = (response: GraphQLResponse<unknown>) =>
  (response.errors ?? [])
    .map((error) => `${String(error.path?.at(-1))}:${String(error.extensions?.code ?? error.message)}`)
    .sort();

export type ActorName = 'busy' | 'other' | 'child' | 'quiet' | 'missing';

export interface PageWorld {
  actors: Record<ActorName, number>;
  /** Evidence naming `busy`: Evidence.actor and Actor.affiliation both hold an Actor under `node`. */
  evidenceId: number;
  /** Every actor's rows of each page, in the page's order. */
  rows: Record<Kind, Row[]>;
  /** Cursors to page with: every row's, of ids that name no row, and malformed ones. */
  pool: CursorChoice[];
}

/**
 * Actors with meetings (ties, undated ones, milliseconds, a date before 1970, JSON escapes in a title),
 * proposals (some proposed by two actors) and stances (ties), written through Prisma; and the rows each
 * page should hold, read back through Prisma in the page orders of src/read/orders.ts.
 */
export async function createPageWorld(prisma: PrismaClient): Promise<PageWorld> {
  const actors = { missing: 999_999 } as Record<ActorName, number>;
  const rows = {} as Record<Kind, Row[]>;
  const pool: CursorChoice[] = [];
  const create = (slug: string, data: Record<string, unknown> = {}) =>
    prisma.actor.create({ data: { slug, kind: 'PERSON', nameEn: slug.toUpperCase(), ...data } });
  actors.busy = (await create('busy', { nameAr: 'مشغول', description: 'Busy', wikidataId: 'Q1' })).id;
  actors.other = (await create('other', { kind: 'STATE' })).id;
  actors.child = (await create('child', { affiliationId: actors.busy })).id;
  actors.quiet = (await create('quiet')).id;
  await prisma.actorAlias.create({
    data: { actorId: actors.busy, text: 'مشغول', normalized: 'مشغول', language: 'AR' },
  });
  // Ties, undated meetings and milliseconds; the participations' ids do not follow the dates.
  const days = [3, null, 1, 3, 7, null, 3, 0, 2];
  for (const [index, day] of days.entries()) {
    const meeting = await prisma.meeting.create({
      data: {
        slug: `m-${index}`,
        // JSON's escapes in one title: quotes, a backslash, a line break, a character past the BMP.
        title: index === 4 ? `Meeting "4" \\ \n 🕊` : `Meeting ${index}`,
        summary: index % 2 ? `Summary ${index}` : null,
        venue: index % 3 ? `Venue ${index}` : null,
        city: index % 4 ? `City ${index}` : null,
        status: index % 2 ? 'HELD' : 'PLANNED',
        // Milliseconds, and one date before 1970 (a negative epoch).
        occurredAt:
          day === null
            ? null
            : day === 0
              ? new Date(Date.UTC(1969, 6, 20, 20, 17, 40, 501))
              : new Date(Date.UTC(2025, 0, 1 + day, 9, index, 7, 123 + index)),
        participants: {
          create: index % 3 === 0 ? [{ actorId: actors.other, role: 'ATTENDEE' }] : [],
        },
      },
    });
    await prisma.meetingParticipant.create({
      data: {
        meetingId: meeting.id,
        actorId: actors.busy,
        role: (['HOST', 'VISITOR', 'ATTENDEE'] as const)[index % 3],
      },
    });
    if (index % 4 === 1)
      await prisma.meetingParticipant.create({
        data: { meetingId: meeting.id, actorId: actors.child, role: 'MEDIATOR' },
      });
  }
  const proposals: { id: number }[] = [];
  for (let index = 0; index < 6; index += 1) {
    proposals.push(
      await prisma.proposal.create({
        data: {
          slug: `p-${index}`,
          title: `Proposal ${index}`,
          summary: index % 2 ? null : `About ${index}`,
          status: index % 2 ? 'TABLED' : 'ACCEPTED',
          tabledAt: index % 3 ? new Date(Date.UTC(2024, 11, 1 + index, 0, 0, 0, 5)) : null,
          revisesId: index > 0 && index % 2 === 0 ? proposals[index - 1].id : null,
        },
      }),
    );
  }
  for (const index of [0, 1, 2, 4, 5])
    await prisma.proposalProposer.create({
      data: { proposalId: proposals[index].id, actorId: actors.busy },
    });
  for (const index of [1, 3])
    await prisma.proposalProposer.create({
      data: { proposalId: proposals[index].id, actorId: actors.other },
    });
  const stanceDays = [2, 0, 2, 1, 0, 2, 3];
  for (const [index, day] of stanceDays.entries())
    await prisma.stance.create({
      data: {
        proposalId: proposals[index % proposals.length].id,
        actorId: index % 3 === 2 ? actors.other : actors.busy,
        position: (['SUPPORTS', 'OPPOSES', 'CONDITIONAL'] as const)[index % 3],
        summary: index % 2 ? `Said ${index}` : null,
        asOf: new Date(Date.UTC(2025, 1, 1 + day, 0, 0, 0, index)),
      },
    });
  const article = await prisma.article.create({
    data: {
      url: 'https://example.test/1',
      title: 'A',
      body: 'BUSY said so.',
      language: 'en',
      source: 'X',
      contentHash: 'h1',
    },
  });
  const evidenceId = (
    await prisma.evidence.create({
      data: {
        articleId: article.id,
        quote: 'BUSY',
        startOffset: 0,
        endOffset: 4,
        supports: 'ACTOR_MENTION',
        actorId: actors.busy,
      },
    })
  ).id;

  // Every actor's rows in each page order, as Prisma reads them.
  const participations = await prisma.meetingParticipant.findMany({
    orderBy: [{ meetingOccurredAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
  });
  rows.meetings = participations.map((row, rank) => ({
    cursor: encodeCursor('key', row.id),
    node: globalId('Meeting', row.meetingId),
    actorId: row.actorId,
    role: row.role,
    rank,
    key: String(row.id),
  }));
  const proposers = await prisma.proposalProposer.findMany({ orderBy: [{ proposalId: 'desc' }] });
  rows.proposals = proposers.map((row) => ({
    cursor: encodeCursor('keyPair', [row.proposalId, row.actorId]),
    node: globalId('Proposal', row.proposalId),
    actorId: row.actorId,
    // One proposer row per proposal and actor: the order is the proposal's alone.
    rank: -row.proposalId,
    key: JSON.stringify([row.proposalId, row.actorId]),
  }));
  const stances = await prisma.stance.findMany({ orderBy: [{ asOf: 'desc' }, { id: 'desc' }] });
  rows.stances = stances.map((row, rank) => ({
    cursor: encodeCursor('key', row.id),
    node: globalId('Stance', row.id),
    actorId: row.actorId,
    rank,
    key: String(row.id),
  }));
  for (const row of [...rows.meetings, ...rows.stances])
    pool.push({ text: row.cursor, names: { kind: 'key', id: Number(row.key) } });
  for (const row of rows.proposals)
    pool.push({
      text: row.cursor,
      names: { kind: 'keyPair', pair: JSON.parse(row.key) as [number, number] },
    });
  pool.push(
    { text: encodeCursor('key', 999_999), names: { kind: 'key', id: 999_999 } },
    {
      text: encodeCursor('keyPair', [999_999, actors.busy]),
      names: { kind: 'keyPair', pair: [999_999, actors.busy] },
    },
    { text: 'not-a-cursor', names: { kind: 'bad' } },
    { text: Buffer.from('GPC:S:abc').toString('base64'), names: { kind: 'bad' } },
  );
  return { actors, evidenceId, rows, pool };
}
