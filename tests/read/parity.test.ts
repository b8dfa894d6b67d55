import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../../generated/prisma/client';
import { encodeCursor } from '../../src/cursors';
import { orders, prismaOrderBy } from '../../src/read/orders';
import { propertyRuns } from '../support/run-profile';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';

// Parity of every hand-read page (src/read/actor-pages.ts, through the point read and the batched loader;
// src/read/meeting-list.ts, the root meeting list) with Prisma: the expected page is Prisma's findMany over the actor's rows, in the order declared once in
// src/read/orders.ts, cut by the Relay rules (after/before, then first/last). Random arguments over data
// with ties and NULLs (undated meetings, stances on the same day).
//
// Deliberate differences and limits, not compared:
// - pageInfo.hasPreviousPage when paging forwards and hasNextPage when paging backwards: Pothos' helper
//   reports them from the cursor alone (the Relay spec allows either), the same on both paths.
// - `first` with `before`, `last` with `after`, and `after` with `before`: refused with BAD_USER_INPUT
//   (src/read/paging.ts; Pothos' helper refuses them too), checked below, so the property pages forwards
//   from `after` or backwards from `before`.
// - A cursor on an undated meeting: the hand-read page (an actor's meetings and the root list alike)
//   continues among the undated meetings, as this oracle does; Prisma's own cursor condition (cursor + skip
//   on a NULL sort key) restarted the list.

const globalId = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');
type Kind = 'meetings' | 'proposals' | 'stances';

const pageQuery = (
  kind: Kind,
  nested: boolean,
) => `query Page($id: ID!, $first: Int, $last: Int, $after: String, $before: String) {
  ${nested ? 'a: actor(id: $id) { name } b: actors(first: 50) { edges { node { id' : 'actor(id: $id) { id'}
    page: ${kind}(first: $first, last: $last, after: $after, before: $before) {
      totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage }
    } ${nested ? '} } }' : '}'}
}`;

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
}

describe.each(testDatabases())('hand-read pages match Prisma on %s', (database) => {
  let app: TestApp;
  let actorId: number;
  /** Each kind's rows for the actor, as Prisma orders them: the edge cursor and the node's global id. */
  const expected = {} as Record<Kind, { cursor: string; node: string }[]>;

  beforeAll(async () => {
    app = await startTestApp(database, { seed: false });
    const { prisma } = app.database;
    const actor = await prisma.actor.create({ data: { slug: 'parity', kind: 'PERSON', nameEn: 'Parity' } });
    actorId = actor.id;
    const other = await prisma.actor.create({ data: { slug: 'other', kind: 'STATE', nameEn: 'Other' } });
    // Shuffled dates with ties and NULLs, so neither meeting id nor participation id follows the order.
    const days = [3, null, 1, 3, 7, null, 3, 0, null, 2, 7, 5];
    for (const [index, day] of days.entries()) {
      const meeting = await prisma.meeting.create({
        data: {
          slug: `parity-${index}`,
          title: `Parity ${index}`,
          status: 'HELD',
          occurredAt: day === null ? null : new Date(Date.UTC(2025, 0, 1 + day)),
          participants: { create: [{ actorId: other.id, role: 'ATTENDEE' }] },
        },
      });
      await prisma.meetingParticipant.create({ data: { meetingId: meeting.id, actorId, role: 'HOST' } });
    }
    for (let index = 0; index < 7; index += 1) {
      const proposal = await prisma.proposal.create({
        data: { slug: `parity-p-${index}`, title: `P ${index}`, status: 'TABLED' },
      });
      if (index !== 3) await prisma.proposalProposer.create({ data: { proposalId: proposal.id, actorId } });
      for (const day of [index % 3, (index * 5) % 3])
        await prisma.stance.create({
          data: {
            proposalId: proposal.id,
            actorId,
            position: 'SUPPORTS',
            asOf: new Date(Date.UTC(2025, 1, 1 + day)),
          },
        });
    }
    const participations = await prisma.meetingParticipant.findMany({
      where: { actorId },
      orderBy: prismaOrderBy(orders.actorMeetings) as Prisma.MeetingParticipantOrderByWithRelationInput[],
    });
    expected.meetings = participations.map((row) => ({
      cursor: encodeCursor('key', row.id),
      node: globalId('Meeting', row.meetingId),
    }));
    const proposers = await prisma.proposalProposer.findMany({
      where: { actorId },
      orderBy: prismaOrderBy(orders.actorProposals) as Prisma.ProposalProposerOrderByWithRelationInput[],
    });
    expected.proposals = proposers.map((row) => ({
      cursor: encodeCursor('keyPair', [row.proposalId, row.actorId]),
      node: globalId('Proposal', row.proposalId),
    }));
    const stances = await prisma.stance.findMany({
      where: { actorId },
      orderBy: prismaOrderBy(orders.actorStances) as Prisma.StanceOrderByWithRelationInput[],
    });
    expected.stances = stances.map((row) => ({
      cursor: encodeCursor('key', row.id),
      node: globalId('Stance', row.id),
    }));
  });
  afterAll(() => app?.stop());

  const argumentsArbitrary = fc.record({
    kind: fc.constantFrom<Kind>('meetings', 'proposals', 'stances'),
    nested: fc.boolean(),
    size: fc.integer({ min: 1, max: 14 }),
    forward: fc.boolean(),
    bounded: fc.boolean(),
    at: fc.nat(),
  });

  it('returns the same edges, totals and page flags as Prisma for random first/last/after/before', async () => {
    await fc.assert(
      fc.asyncProperty(argumentsArbitrary, async ({ kind, nested, size, forward, bounded, at }) => {
        const boundary = !bounded ? 'none' : forward ? 'after' : 'before';
        const rows = expected[kind];
        const cursor = rows[at % rows.length].cursor;
        const variables: Record<string, unknown> = {
          id: globalId('Actor', actorId),
          ...(forward ? { first: size } : { last: size }),
          ...(boundary === 'after' ? { after: cursor } : boundary === 'before' ? { before: cursor } : {}),
        };
        const response = await app.graphql<{
          actor?: { page: Page };
          b?: { edges: { node: { id: string; page: Page } }[] };
        }>(pageQuery(kind, nested), variables);
        expect(response.errors).toBeUndefined();
        const page = nested
          ? response.data!.b!.edges.find((edge) => edge.node.id === globalId('Actor', actorId))!.node.page
          : response.data!.actor!.page;
        // The Relay cut over Prisma's rows.
        let window = rows;
        const index = rows.findIndex((row) => row.cursor === cursor);
        if (boundary === 'after') window = rows.slice(index + 1);
        if (boundary === 'before') window = rows.slice(0, index);
        const cut = forward ? window.slice(0, size) : window.slice(Math.max(0, window.length - size));
        expect(page.edges.map((edge) => ({ cursor: edge.cursor, node: edge.node.id }))).toEqual(cut);
        expect(page.totalCount).toBe(rows.length);
        if (forward) expect(page.pageInfo.hasNextPage).toBe(window.length > size);
        else expect(page.pageInfo.hasPreviousPage).toBe(window.length > size);
      }),
      { numRuns: propertyRuns(20), interruptAfterTimeLimit: 20_000 },
    );
  }, 60_000);

  // The root list (src/read/meeting-list.ts, one statement with participants and their actors' pages) against
  // Prisma's rows in the same declared order: every meeting of the data, dated, tied and undated.
  it('reads the root meeting list as Prisma orders it, for random first/last/after/before', async () => {
    const { prisma } = app.database;
    const all = await prisma.meeting.findMany({
      orderBy: prismaOrderBy(orders.meetings) as Prisma.MeetingOrderByWithRelationInput[],
      include: { participants: { orderBy: { id: 'asc' }, include: { actor: true } } },
    });
    const rows = all.map((row) => ({
      cursor: encodeCursor('key', row.id),
      node: globalId('Meeting', row.id),
      actors: row.participants.map((participant) => participant.actor.nameEn),
    }));
    const list = `query List($first: Int, $last: Int, $after: String, $before: String) {
      meetings(first: $first, last: $last, after: $after, before: $before) {
        totalCount edges { cursor node { id participants { actor { name } } } } pageInfo { hasNextPage hasPreviousPage }
      }
    }`;
    await fc.assert(
      fc.asyncProperty(argumentsArbitrary, async ({ size, forward, bounded, at }) => {
        const boundary = !bounded ? 'none' : forward ? 'after' : 'before';
        const cursor = rows[at % rows.length].cursor;
        const variables = {
          ...(forward ? { first: size } : { last: size }),
          ...(boundary === 'after' ? { after: cursor } : boundary === 'before' ? { before: cursor } : {}),
        };
        app.database.statements.reset();
        const response = await app.graphql<{
          meetings: Omit<Page, 'edges'> & {
            edges: { cursor: string; node: { id: string; participants: { actor: { name: string } }[] } }[];
          };
        }>(list, variables, { authorization: '' });
        expect(response.errors).toBeUndefined();
        // Anonymous, so no key lookup: the list alone.
        expect(app.database.statements.count).toBe(1);
        const page = response.data!.meetings;
        let window = rows;
        const index = rows.findIndex((row) => row.cursor === cursor);
        if (boundary === 'after') window = rows.slice(index + 1);
        if (boundary === 'before') window = rows.slice(0, index);
        const cut = forward ? window.slice(0, size) : window.slice(Math.max(0, window.length - size));
        expect(
          page.edges.map((edge) => ({
            cursor: edge.cursor,
            node: edge.node.id,
            actors: edge.node.participants.map((participant) => participant.actor.name),
          })),
        ).toEqual(cut);
        expect(page.totalCount).toBe(rows.length);
        if (forward) expect(page.pageInfo.hasNextPage).toBe(window.length > size);
        else expect(page.pageInfo.hasPreviousPage).toBe(window.length > size);
      }),
      { numRuns: propertyRuns(20), interruptAfterTimeLimit: 20_000 },
    );
  }, 60_000);

  it('refuses first with before, last with after and after with before as bad input', async () => {
    const cursor = expected.meetings[0].cursor;
    for (const variables of [
      { first: 2, before: cursor },
      { last: 2, after: cursor },
      { after: cursor, before: cursor },
    ]) {
      const response = await app.graphql(pageQuery('meetings', false), {
        id: globalId('Actor', actorId),
        ...variables,
      });
      expect(response.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      // The Prisma-backed root connection refuses them the same way.
      const root = await app.graphql(
        `query($first: Int, $last: Int, $after: String, $before: String) { meetings(first: $first, last: $last, after: $after, before: $before) { totalCount } }`,
        variables,
      );
      expect(root.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });
});
