import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { createWorld, globalId } from '../support/fixtures';

const meetingsPage = /* GraphQL */ `
  query Page($first: Int!) {
    meetings(first: $first) {
      totalCount
      edges {
        node {
          title
          participants {
            role
            actor {
              name
              kind
            }
          }
        }
      }
    }
  }
`;

describe.each(testDatabases())('nested reads on %s', (kind) => {
  let app: TestApp;
  let world: Awaited<ReturnType<typeof createWorld>>;

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    world = await createWorld(app, { actors: 12, meetings: 30, participantsPerMeeting: 4 });
  });
  afterAll(() => app?.stop());

  async function statementsFor(query: string, variables: Record<string, unknown>) {
    // A first run settles per-process work (the API key's once-a-minute lastUsedAt write) before counting.
    await app.graphql(query, variables);
    app.database.statements.reset();
    const response = await app.graphql(query, variables);
    expect(response.errors).toBeUndefined();
    return { count: app.database.statements.count, data: response.data };
  }

  it('costs the same number of statements for 20 meetings with participants and actors as for 2', async () => {
    const small = await statementsFor(meetingsPage, { first: 2 });
    const large = await statementsFor(meetingsPage, { first: 20 });
    const edges = (large.data as { meetings: { edges: { node: { participants: unknown[] } }[] } }).meetings
      .edges;
    expect(edges).toHaveLength(20);
    expect(edges.every((edge) => edge.node.participants.length === 4)).toBe(true);
    expect(large.count).toBe(small.count);
    // One statement per level (meetings, participants, actors) plus the count: no N+1.
    expect(large.count).toBeLessThanOrEqual(5);
  });

  it('counts the reports and outlets of 20 meetings in one statement, as for 2', async () => {
    const query = /* GraphQL */ `
      query Reports($first: Int!) {
        meetings(first: $first) {
          edges {
            node {
              reportCount
              outletCount
            }
          }
        }
      }
    `;
    const small = await statementsFor(query, { first: 2 });
    const large = await statementsFor(query, { first: 20 });
    expect(large.count).toBe(small.count);
    // The page, then one batch for both counts of every meeting on it (Prisma reads the evidence and
    // its articles in statements of their own): never one per meeting (20 meetings made 40 before).
    expect(large.count).toBeLessThanOrEqual(4);
  });

  it('reads actor → meetings → participants → actor without N+1', async () => {
    const query = /* GraphQL */ `
      query ($id: ID!, $first: Int!) {
        actor(id: $id) {
          name
          meetings(first: $first) {
            totalCount
            edges {
              role
              node {
                title
                participants {
                  role
                  actor {
                    name
                  }
                }
              }
            }
          }
        }
      }
    `;
    const id = globalId('Actor', world.actors[0].id);
    const two = await statementsFor(query, { id, first: 2 });
    const ten = await statementsFor(query, { id, first: 10 });
    const actor = (ten.data as { actor: { meetings: { totalCount: number; edges: { role: string }[] } } })
      .actor;
    const expected = await app.database.prisma.meetingParticipant.count({
      where: { actorId: world.actors[0].id },
    });
    expect(expected).toBeGreaterThan(2);
    expect(actor.meetings.totalCount).toBe(expected);
    expect(actor.meetings.edges).toHaveLength(Math.min(expected, 10));
    expect(actor.meetings.edges.map((edge) => edge.role)).toContain('HOST');
    expect(ten.count).toBe(two.count);
  });

  it('caps page sizes at 100 with a clear error', async () => {
    const response = await app.graphql(meetingsPage, { first: 101 });
    expect(response.errors?.[0].message).toMatch(/100/);
  });

  it('filters meetings by actor, status and date range, and reports totalCount for the filter', async () => {
    const response = await app.graphql<{
      meetings: { totalCount: number; edges: { node: { title: string } }[] };
    }>(
      /* GraphQL */ `
        query ($filter: MeetingFilter) {
          meetings(first: 50, filter: $filter) {
            totalCount
            edges {
              node {
                title
              }
            }
          }
        }
      `,
      {
        filter: {
          actorIds: [globalId('Actor', world.actors[1].id)],
          statuses: ['HELD'],
          from: '2025-01-01',
          to: '2025-01-10',
        },
      },
    );
    expect(response.errors).toBeUndefined();
    // Actor 1 sits in meetings 0 and 1 (as 2nd participant), then every 12th; only days 1..10 count.
    const titles = response.data!.meetings.edges.map((edge) => edge.node.title);
    expect(response.data!.meetings.totalCount).toBe(titles.length);
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(Number(title.split(' ').at(-1))).toBeLessThan(10);
  });

  it('resolves any object through node(id)', async () => {
    const id = globalId('Meeting', world.meetings[3].id);
    const response = await app.graphql<{ node: { __typename: string; title: string } }>(
      `query ($id: ID!) { node(id: $id) { __typename ... on Meeting { title } } }`,
      { id },
    );
    expect(response.data?.node).toEqual({ __typename: 'Meeting', title: 'Fixture meeting 3' });
  });
});
