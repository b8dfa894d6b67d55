import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { globalId } from '../support/fixtures';

// An actor's meetings, proposals and stances come from one batched statement with a LIMIT per actor
// (src/read/actor-pages.ts). These pin its order, totals, cursors and statement counts.

interface Page<Node> {
  totalCount?: number;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  edges: { cursor: string; role?: string; node: Node }[];
}

const meetingsPage = /* GraphQL */ `
  query ($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    actor(id: $id) {
      meetings(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
        edges {
          cursor
          role
          node {
            title
            occurredAt
          }
        }
      }
    }
  }
`;

const pointRead = /* GraphQL */ `
  query ($id: ID!) {
    actor(id: $id) {
      name
      nameAr
      kind
      proposals(first: 10) {
        totalCount
        edges {
          node {
            title
            status
          }
        }
      }
      stances(first: 10) {
        totalCount
        edges {
          node {
            stance
            asOf
            proposal {
              title
            }
          }
        }
      }
    }
  }
`;

describe.each(testDatabases())('actor pages on %s', (kind) => {
  let app: TestApp;
  let busy: { id: number };
  let quiet: { id: number };
  let others: { id: number }[];
  /** The busy actor's meeting titles in the expected order: latest first, undated last, later participation first on ties. */
  let expectedTitles: string[];

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    const { prisma } = app.database;
    busy = await prisma.actor.create({ data: { slug: 'busy', kind: 'PERSON', nameEn: 'Busy' } });
    quiet = await prisma.actor.create({ data: { slug: 'quiet', kind: 'PERSON', nameEn: 'Quiet' } });
    others = [];
    for (let index = 0; index < 6; index += 1) {
      others.push(
        await prisma.actor.create({
          data: { slug: `other-${index}`, kind: 'STATE', nameEn: `Other ${index}` },
        }),
      );
    }
    // Dates with ties (three meetings on 10 March) and three undated meetings, created in a shuffled
    // order so that neither the meeting id nor the participation id follows the date.
    const dates: (string | null)[] = [
      '2025-03-10',
      null,
      '2025-01-05',
      '2025-03-10',
      '2025-06-01',
      null,
      '2025-03-10',
      '2024-12-31',
      null,
      '2025-02-14',
    ];
    const created: { title: string; occurredAt: number | null; participationId: number }[] = [];
    for (const [index, date] of dates.entries()) {
      const meeting = await prisma.meeting.create({
        data: {
          slug: `page-meeting-${index}`,
          title: `Page meeting ${index}`,
          status: 'HELD',
          occurredAt: date ? new Date(`${date}T00:00:00Z`) : null,
          participants: { create: [{ actorId: others[index % others.length].id, role: 'ATTENDEE' }] },
        },
      });
      const participation = await prisma.meetingParticipant.create({
        data: { meetingId: meeting.id, actorId: busy.id, role: index % 2 ? 'HOST' : 'VISITOR' },
      });
      created.push({
        title: meeting.title,
        occurredAt: meeting.occurredAt?.getTime() ?? null,
        participationId: participation.id,
      });
    }
    expectedTitles = [...created]
      .sort((a, b) => {
        if (a.occurredAt === null || b.occurredAt === null) {
          if (a.occurredAt !== b.occurredAt) return a.occurredAt === null ? 1 : -1;
        } else if (a.occurredAt !== b.occurredAt) return b.occurredAt - a.occurredAt;
        return b.participationId - a.participationId;
      })
      .map((meeting) => meeting.title);

    const proposals = [];
    for (let index = 0; index < 4; index += 1) {
      proposals.push(
        await prisma.proposal.create({
          data: { slug: `page-proposal-${index}`, title: `Page proposal ${index}`, status: 'TABLED' },
        }),
      );
    }
    for (const proposal of proposals.slice(0, 3))
      await prisma.proposalProposer.create({ data: { proposalId: proposal.id, actorId: busy.id } });
    for (const [index, proposal] of proposals.entries()) {
      await prisma.stance.create({
        data: {
          proposalId: proposal.id,
          actorId: busy.id,
          position: 'SUPPORTS',
          asOf: new Date(Date.UTC(2025, 0, 1 + (index % 2))),
        },
      });
    }
  });
  afterAll(() => app?.stop());

  // Anonymous, as public reads (and the benchmark) are: with a key, its lookup adds a statement.
  async function counted<T>(query: string, variables: Record<string, unknown>) {
    const anonymous = { authorization: '' };
    await app.graphql(query, variables, anonymous);
    app.database.statements.reset();
    const response = await app.graphql<T>(query, variables, anonymous);
    expect(response.errors).toBeUndefined();
    return { statements: app.database.statements.count, data: response.data! };
  }

  async function meetings(variables: Record<string, unknown>) {
    const response = await app.graphql<{
      actor: { meetings: Page<{ title: string; occurredAt: string | null }> };
    }>(meetingsPage, {
      id: globalId('Actor', busy.id),
      ...variables,
    });
    expect(response.errors).toBeUndefined();
    return response.data!.actor.meetings;
  }

  it('lists the latest five meetings, ties by the later participation, undated last, with the total', async () => {
    const page = await meetings({ first: 5 });
    expect(page.totalCount).toBe(10);
    expect(page.edges.map((edge) => edge.node.title)).toEqual(expectedTitles.slice(0, 5));
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const all = await meetings({ first: 20 });
    expect(all.edges.map((edge) => edge.node.title)).toEqual(expectedTitles);
    expect(all.edges.slice(-3).every((edge) => edge.node.occurredAt === null)).toBe(true);
    expect(all.pageInfo.hasNextPage).toBe(false);
  });

  it('pages forwards and backwards through ties and undated meetings without gaps or repeats', async () => {
    const forward: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const page: Page<{ title: string }> = await meetings({ first: 3, after });
      forward.push(...page.edges.map((edge) => edge.node.title));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(forward).toEqual(expectedTitles);

    const backward: string[] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const page: Page<{ title: string }> = before
        ? await meetings({ last: 3, before })
        : await meetings({ last: 3 });
      backward.unshift(...page.edges.map((edge) => edge.node.title));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(expectedTitles);
  });

  it('gives every actor of a list its own top page in one statement, however many actors', async () => {
    const query = /* GraphQL */ `
      query ($ids: [ID!]) {
        actors(first: 20, filter: { ids: $ids }) {
          edges {
            node {
              slug
              meetings(first: 2) {
                totalCount
                edges {
                  role
                  node {
                    title
                  }
                }
              }
            }
          }
        }
      }
    `;
    const two = await counted<{
      actors: { edges: { node: { slug: string; meetings: Page<{ title: string }> } }[] };
    }>(query, {
      ids: [busy, quiet].map((actor) => globalId('Actor', actor.id)),
    });
    const eight = await counted<{
      actors: { edges: { node: { slug: string; meetings: Page<{ title: string }> } }[] };
    }>(query, {
      ids: [busy, quiet, ...others].map((actor) => globalId('Actor', actor.id)),
    });
    expect(eight.statements).toBe(two.statements);
    const bySlug = new Map(eight.data.actors.edges.map((edge) => [edge.node.slug, edge.node.meetings]));
    expect(bySlug.get('busy')!.edges.map((edge) => edge.node.title)).toEqual(expectedTitles.slice(0, 2));
    expect(bySlug.get('busy')!.totalCount).toBe(10);
    expect(bySlug.get('quiet')).toMatchObject({ totalCount: 0, edges: [] });
    // other-0 sits in meetings 0 and 6 (both on 10 March): the later participation first.
    expect(bySlug.get('other-0')!.edges.map((edge) => edge.node.title)).toEqual([
      'Page meeting 6',
      'Page meeting 0',
    ]);
  });

  it('reads the point read (actor, proposals and stances with totals) in one statement', async () => {
    const { statements, data } = await counted<{
      actor: {
        proposals: Page<{ title: string }>;
        stances: Page<{ stance: string; asOf: string; proposal: { title: string } }>;
      };
    }>(pointRead, { id: globalId('Actor', busy.id) });
    // The actor, both pages and both totals: read ahead from the actor's selection (src/read/actor-read.ts).
    expect(statements).toBe(1);
    expect(data.actor.proposals.totalCount).toBe(3);
    expect(data.actor.proposals.edges.map((edge) => edge.node.title)).toEqual([
      'Page proposal 2',
      'Page proposal 1',
      'Page proposal 0',
    ]);
    expect(data.actor.stances.totalCount).toBe(4);
    // Newest first, the later stance first on a tie.
    expect(data.actor.stances.edges.map((edge) => edge.node.proposal.title)).toEqual([
      'Page proposal 3',
      'Page proposal 1',
      'Page proposal 2',
      'Page proposal 0',
    ]);
    expect(data.actor.stances.edges[0].node.asOf).toBe('2025-01-02T00:00:00.000Z');
  });

  it('reads ahead what each page field would read itself, whatever its arguments', async () => {
    // `actors(filter)` reads its actors' pages through the page loader; `actor(id)` reads them ahead.
    const id = globalId('Actor', busy.id);
    const vars = '$id: ID!, $first: Int, $after: String, $last: Int, $before: String';
    for (const kind of ['meetings', 'proposals', 'stances'] as const) {
      const page = `${kind}(first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { __typename } } }`;
      const ahead = `query (${vars}) { actor(id: $id) { ${page} } }`;
      const loaded = `query (${vars}) { actors(filter: { ids: [$id] }) { edges { node { ${page} } } } }`;
      const top = (await counted<{ actor: Record<string, Page<unknown>> }>(ahead, { id, first: 2 })).data
        .actor[kind];
      const pagings = [
        { first: 2 },
        { first: 1, after: top.pageInfo.endCursor },
        { last: 2 },
        { last: 1, before: top.pageInfo.endCursor },
        { first: 100 },
      ];
      for (const paging of pagings) {
        const read = await counted<{ actor: Record<string, Page<unknown>> }>(ahead, { id, ...paging });
        expect(read.statements, `${kind} ${JSON.stringify(paging)}`).toBe(1);
        const expected = await app.graphql<{ actors: { edges: { node: Record<string, Page<unknown>> }[] } }>(
          loaded,
          { id, ...paging },
        );
        expect(read.data.actor[kind], `${kind} ${JSON.stringify(paging)}`).toEqual(
          expected.data!.actors.edges[0].node[kind],
        );
      }
    }
  });

  it('binds each aliased page its own cursor when two pages share one statement text', async () => {
    // Both pages have the same shape, so their parts of the statement have the same text
    // (src/read/statement.ts); only the slots' values tell them apart.
    const id = globalId('Actor', busy.id);
    const page = `edges { cursor role node { title } }`;
    const top = await app.graphql<{ actor: { meetings: Page<unknown> } }>(
      `query ($id: ID!) { actor(id: $id) { meetings(first: 3) { ${page} } } }`,
      { id },
    );
    const [first, second] = top.data!.actor.meetings.edges.map((edge) => (edge as { cursor: string }).cursor);
    const both = await counted<{ actor: { a: Page<unknown>; b: Page<unknown> } }>(
      `query ($id: ID!, $a: String, $b: String) { actor(id: $id) {
        a: meetings(first: 1, after: $a) { ${page} } b: meetings(first: 1, after: $b) { ${page} } } }`,
      { id, a: first, b: second },
    );
    expect(both.statements).toBe(1);
    for (const [alias, after] of [
      ['a', first],
      ['b', second],
    ] as const) {
      const alone = await app.graphql<{ actor: { meetings: Page<unknown> } }>(
        `query ($id: ID!, $after: String) { actor(id: $id) { meetings(first: 1, after: $after) { ${page} } } }`,
        { id, after },
      );
      expect(both.data.actor[alias]).toEqual(alone.data!.actor.meetings);
    }
    expect(both.data.actor.a).not.toEqual(both.data.actor.b);
  });

  it('reads ahead through aliases, fragments and @skip, and leaves a page it cannot read to its field', async () => {
    const query = /* GraphQL */ `
      query ($id: ID!, $skipStances: Boolean!) {
        actor(id: $id) {
          latest: meetings(first: 1) {
            edges {
              node {
                title
              }
            }
          }
          ...Pages
          ... on Node {
            id
          }
          stances(first: 1) @skip(if: $skipStances) {
            totalCount
          }
        }
      }
      fragment Pages on Actor {
        oldest: meetings(last: 1) {
          totalCount
          edges {
            node {
              title
            }
          }
        }
        proposals(first: 2) {
          totalCount
        }
      }
    `;
    const { statements, data } = await counted<{
      actor: {
        latest: Page<{ title: string }>;
        oldest: Page<{ title: string }>;
        proposals: { totalCount: number };
        stances?: unknown;
      };
    }>(query, { id: globalId('Actor', busy.id), skipStances: true });
    expect(statements).toBe(1);
    expect(data.actor.latest.edges.map((edge) => edge.node.title)).toEqual(expectedTitles.slice(0, 1));
    expect(data.actor.oldest).toMatchObject({
      totalCount: 10,
      edges: [{ node: { title: expectedTitles[9] } }],
    });
    expect(data.actor.proposals.totalCount).toBe(3);
    expect(data.actor).not.toHaveProperty('stances');

    // A malformed cursor fails its own field, at its own path (the connection is non-null, so the actor
    // goes null with it); the look-ahead skips that page and still reads the actor in one statement.
    app.database.statements.reset();
    const broken = await app.graphql<{ actor: null }>(
      `query ($id: ID!) { actor(id: $id) { good: meetings(first: 1) { totalCount } bad: meetings(first: 1, after: "not-a-cursor") { totalCount } } }`,
      { id: globalId('Actor', busy.id) },
      { authorization: '' },
    );
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors![0]).toMatchObject({
      path: ['actor', 'bad'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(broken.data!.actor).toBeNull();
    expect(app.database.statements.count).toBe(1);
  });

  it('reads ahead through fragments on a union that holds the actor, and refuses a crafted cursor at its own field', async () => {
    // Fragments written for search results (a union of Article, Actor and Proposal) apply to the actor too.
    const query = /* GraphQL */ `
      query ($id: ID!) {
        actor(id: $id) {
          m: proposals(first: 2) {
            edges {
              node {
                title
              }
            }
          }
          ... on SearchResult {
            ... on Actor {
              m: proposals(first: 2) {
                totalCount
                edges {
                  node {
                    slug
                    ...Extra
                  }
                }
              }
            }
          }
        }
      }
      fragment Extra on SearchResult {
        ... on Proposal {
          summary
          proposalStatus: status
        }
      }
    `;
    const { statements, data } = await counted<{
      actor: {
        m: { totalCount: number; edges: { node: { title: string; slug: string; proposalStatus: string } }[] };
      };
    }>(query, {
      id: globalId('Actor', busy.id),
    });
    expect(statements).toBe(1);
    expect(data.actor.m.totalCount).toBe(3);
    expect(data.actor.m.edges.map((edge) => edge.node)).toEqual([
      { title: 'Page proposal 2', slug: 'page-proposal-2', summary: null, proposalStatus: 'TABLED' },
      { title: 'Page proposal 1', slug: 'page-proposal-1', summary: null, proposalStatus: 'TABLED' },
    ]);

    // A cursor Pothos can decode (a string where the key is a number) but the page cannot use.
    const crafted = Buffer.from('GPC:S:abc').toString('base64');
    const response = await app.graphql(
      `query ($id: ID!, $after: String) { actor(id: $id) { meetings(first: 1, after: $after) { totalCount } } }`,
      {
        id: globalId('Actor', busy.id),
        after: crafted,
      },
    );
    expect(response.errors?.[0]).toMatchObject({
      path: ['actor', 'meetings'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('finds the actor by slug, gives null for an unknown one, and still loads relations outside the pages', async () => {
    await app.database.prisma.actorAlias.create({
      data: { actorId: busy.id, text: 'بيزي', normalized: 'بيزي', language: 'AR' },
    });
    const query = /* GraphQL */ `
      query ($slug: String!, $missing: ID!) {
        actor(slug: $slug) {
          slug
          aliases {
            text
          }
          affiliation {
            slug
          }
          members(first: 1) {
            totalCount
          }
          meetings(first: 1) {
            totalCount
          }
        }
        missing: actor(id: $missing) {
          slug
        }
      }
    `;
    const response = await app.graphql<{
      actor: {
        slug: string;
        aliases: { text: string }[];
        affiliation: null;
        members: { totalCount: number };
        meetings: { totalCount: number };
      };
      missing: null;
    }>(query, { slug: 'busy', missing: globalId('Actor', 999_999) });
    expect(response.errors).toBeUndefined();
    expect(response.data!.actor).toMatchObject({
      slug: 'busy',
      aliases: [{ text: 'بيزي' }],
      affiliation: null,
      members: { totalCount: 0 },
      meetings: { totalCount: 10 },
    });
    expect(response.data!.missing).toBeNull();
  });

  it("reads the benchmark's nested query in one statement, with the answer Prisma's levels give", async () => {
    const nested = /* GraphQL */ `
      query {
        meetings(first: 20) {
          totalCount
          edges {
            node {
              title
              participants {
                role
                actor {
                  name
                  meetings(first: 5) {
                    totalCount
                    edges {
                      node {
                        title
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    `;
    const { statements, data } = await counted<{
      meetings: { edges: { node: { participants: { actor: { meetings: Page<unknown> } }[] } }[] };
    }>(nested, {});
    // The list, its count, each meeting's participants and actors, and the actors' meeting pages with totals
    // (src/read/meeting-list.ts).
    expect(statements).toBe(1);
    // A filter sends the list through Prisma (its relation joins, its count, the batched actor pages): the
    // same answer in three statements.
    const prisma = await counted<typeof data>(
      nested.replace('meetings(first: 20)', 'meetings(first: 20, filter: {})'),
      {},
    );
    expect(prisma.statements).toBe(3);
    expect(prisma.data).toEqual(data);
    const busyPages = data.meetings.edges
      .flatMap((edge) => edge.node.participants.map((participant) => participant.actor.meetings))
      .filter((page) => page.totalCount === 10);
    expect(busyPages.length).toBeGreaterThan(0);
    expect(busyPages.every((page) => page.edges.length === 5)).toBe(true);
  });

  it('builds only the columns a page selection reads, and whole records where a field may read more', async () => {
    const texts: string[] = [];
    const reader = app.database.reader;
    const original = reader.rows.bind(reader);
    reader.rows = (statement) => {
      texts.push(statement.text);
      return original(statement);
    };
    try {
      await counted(pointRead, { id: globalId('Actor', busy.id) });
    } finally {
      reader.rows = original;
    }
    const [point] = texts.slice(-1);
    // Titles and statuses, not the search text or the summaries nobody asked for.
    expect(point).toContain(`p."title"`);
    expect(point).not.toContain('"searchText"');
    expect(point).not.toContain(`p."summary"`);
    // The actor's own columns too: its names and kind, not its description or dates.
    expect(point).toContain(`'nameAr', r."nameAr"`);
    expect(point).not.toContain(`r."description"`);
    expect(point).not.toContain(`r."createdAt"`);

    // Relations outside the page and computed fields get whole records: same answers as Prisma's own reads.
    const fragments = /* GraphQL */ `
      fragment M on Meeting {
        id
        slug
        title
        summary
        occurredAt
        occurredAtPrecision
        venue
        city
        meetingStatus: status
        participants {
          role
          actor {
            slug
          }
        }
      }
      fragment P on Proposal {
        id
        slug
        title
        summary
        proposalStatus: status
        tabledAt
        tabledAtPrecision
        proposers {
          slug
        }
        revises {
          slug
        }
        terms {
          position
        }
      }
      fragment S on Stance {
        id
        stance
        summary
        asOf
        asOfPrecision
        actor {
          slug
        }
        proposal {
          ...P
        }
      }
    `;
    const paged = await counted<{
      actor: Record<'meetings' | 'proposals' | 'stances', { edges: { node: { id: string } }[] }>;
    }>(
      `query ($id: ID!) { actor(id: $id) {
        meetings(first: 20) { edges { node { ...M } } } proposals(first: 20) { edges { node { ...P } } } stances(first: 20) { edges { node { ...S } } } } }
      ${fragments}`,
      { id: globalId('Actor', busy.id) },
    );
    const nodes = (['meetings', 'proposals', 'stances'] as const).flatMap((kind) =>
      paged.data.actor[kind].edges.map((edge) => edge.node),
    );
    expect(nodes).toHaveLength(10 + 3 + 4);
    const loaded = await app.graphql<{ nodes: unknown[] }>(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { ...M ...P ...S } } ${fragments}`,
      {
        ids: nodes.map((node) => node.id),
      },
    );
    expect(loaded.errors).toBeUndefined();
    expect(nodes).toEqual(loaded.data!.nodes);

    // The point read builds only the actor columns its selection reads: with relations beside them, and
    // with only some columns, the actor is what Prisma's own read gives.
    const actorFragments = [
      `fragment A on Actor { slug name nameAr kind wikidataId description affiliation { slug } aliases { text } meetings(first: 2) { totalCount } }`,
      `fragment A on Actor { name meetings(first: 2) { totalCount } }`,
      `fragment A on Actor { kind ... on Actor { description } proposals(first: 1) { totalCount } }`,
    ];
    for (const fragment of actorFragments) {
      const id = globalId('Actor', busy.id);
      const point = await app.graphql<{ actor: unknown }>(
        `query ($id: ID!) { actor(id: $id) { ...A } } ${fragment}`,
        {
          id,
        },
      );
      const viaNodes = await app.graphql<{ nodes: unknown[] }>(
        `query ($id: ID!) { nodes(ids: [$id]) { ...A } } ${fragment}`,
        { id },
      );
      expect(point.errors).toBeUndefined();
      expect(point.data!.actor, fragment).toEqual(viaNodes.data!.nodes[0]);
    }
  });

  it('keeps the milliseconds and the zone of dates read as JSON', async () => {
    const { prisma } = app.database;
    const actor = await prisma.actor.create({ data: { slug: 'precise', kind: 'PERSON', nameEn: 'Precise' } });
    const occurredAt = new Date('2025-07-01T12:34:56.789Z');
    await prisma.meeting.create({
      data: {
        slug: 'precise-meeting',
        title: 'Precise meeting',
        status: 'HELD',
        occurredAt,
        participants: { create: [{ actorId: actor.id, role: 'HOST' }] },
      },
    });
    const response = await app.graphql<{ actor: { meetings: Page<{ occurredAt: string }> } }>(meetingsPage, {
      id: globalId('Actor', actor.id),
      first: 1,
    });
    expect(response.data!.actor.meetings.edges[0].node.occurredAt).toBe('2025-07-01T12:34:56.789Z');
  });

  it('rejects a malformed cursor as bad input', async () => {
    const response = await app.graphql(meetingsPage, {
      id: globalId('Actor', busy.id),
      first: 2,
      after: 'not-a-cursor',
    });
    expect(response.errors?.[0].message).toMatch(/cursor/i);
    expect(response.errors?.[0]).toMatchObject({
      path: ['actor', 'meetings'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
