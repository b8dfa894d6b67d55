import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordDevelopment } from '../../src/domain/developments';
import { encodeCursor } from '../../src/cursors';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { globalId } from '../support/fixtures';
import { collect, wsClient } from '../support/graphql-ws';

const feed = /* GraphQL */ `
  subscription Feed($filter: DevelopmentFilter, $after: String) {
    developments(filter: $filter, after: $after) {
      cursor
      sequence
      change
      kind
      summary
      actors {
        name
      }
    }
  }
`;

interface FeedItem {
  developments: {
    cursor: string;
    sequence: number;
    change: string;
    kind: string;
    summary: string;
    actors: { name: string }[];
  };
}

describe.each(testDatabases())('developments subscription on %s', (kind) => {
  let app: TestApp;
  let url: string;
  let actorId: number;

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    url = await app.listen(0, '127.0.0.1');
    actorId = (
      await app.database.prisma.actor.create({ data: { slug: 'envoy', kind: 'PERSON', nameEn: 'Envoy' } })
    ).id;
  });
  afterAll(() => app?.stop());
  // A closed client's subscriptions leave the feed asynchronously; the next test must not count them.
  afterEach(() => untilSubscribed(0));

  const record = (summary: string, extra: Partial<Parameters<typeof recordDevelopment>[1]> = {}) =>
    recordDevelopment(app.domain, { kind: 'STATEMENT', summary, actorIds: [actorId], ...extra });

  /** Waits until exactly `count` subscriptions are registered with the feed (earlier tests' ones gone). */
  async function untilSubscribed(count: number) {
    for (let tries = 0; tries < 500 && app.cohorts.stats.subscribers !== count; tries += 1)
      await new Promise((r) => setTimeout(r, 10));
    expect(app.cohorts.stats.subscribers).toBe(count);
  }

  it('pushes a development recorded through a mutation to a graphql-ws subscriber', async () => {
    const client = wsClient(url);
    const sub = collect<FeedItem>(client, feed, {}, 1);
    await untilSubscribed(1);
    const response = await app.graphql(
      `mutation { recordDevelopment(input: { kind: TALKS_RESUMED, summary: "Talks resume in Doha" }) { sequence } }`,
    );
    expect(response.errors).toBeUndefined();
    const [result] = await sub.done;
    expect(result.data?.developments).toMatchObject({
      kind: 'TALKS_RESUMED',
      change: 'NEW',
      summary: 'Talks resume in Doha',
    });
    await client.dispose();
  });

  it('resumes from a cursor with exactly the missed developments, in order, then goes live without repeats', async () => {
    const client = wsClient(url);
    const first = collect<FeedItem>(client, feed, {}, 1);
    await untilSubscribed(1);
    await record('before the disconnect');
    const [last] = await first.done;
    await client.dispose();

    const missed = [];
    for (let index = 0; index < 50; index += 1) missed.push(await record(`missed ${index}`));

    const again = wsClient(url);
    const resumed = collect<FeedItem>(again, feed, { after: last.data!.developments.cursor }, 51);
    await untilSubscribed(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const live = await record('live after resume');
    const results = await resumed.done;
    const sequences = results.map((result) => result.data!.developments.sequence);
    expect(sequences).toEqual([...missed.map((item) => item.sequence), live.sequence]);
    expect(results.slice(0, 50).map((result) => result.data!.developments.summary)).toEqual(
      missed.map((_, index) => `missed ${index}`),
    );
    await again.dispose();
  });

  it('delivers every sequence exactly once and in order while many writers commit concurrently', async () => {
    const client = wsClient(url);
    const writers = 8;
    const perWriter = 15;
    const sub = collect<FeedItem>(client, feed, {}, writers * perWriter, 60_000);
    await untilSubscribed(1);
    const start = (await app.database.prisma.feedCounter.findUniqueOrThrow({ where: { id: 1 } })).value;

    // A reader paging the query connection during the writes must never skip a sequence either.
    let reading = true;
    const seenByReader: number[] = [];
    const reader = (async () => {
      let after = encodeCursor('sequence', start);
      while (reading || seenByReader.length < writers * perWriter) {
        const page = await app.graphql<{
          developments: { edges: { cursor: string; node: { sequence: number } }[] };
        }>(
          `query ($after: String) { developments(first: 100, after: $after) { edges { cursor node { sequence } } } }`,
          { after },
        );
        const edges = page.data!.developments.edges;
        seenByReader.push(...edges.map((edge) => edge.node.sequence));
        if (edges.length) after = edges[edges.length - 1].cursor;
        else await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let index = 0; index < perWriter; index += 1) await record(`writer ${writer} item ${index}`);
      }),
    );
    reading = false;
    await reader;
    const expected = Array.from({ length: writers * perWriter }, (_, index) => start + index + 1);
    expect(seenByReader).toEqual(expected);
    const results = await sub.done;
    expect(results.map((result) => result.data!.developments.sequence)).toEqual(expected);
    await client.dispose();
  });

  it('publishes nothing for a mutation that fails and rolls back', async () => {
    const client = wsClient(url);
    const sub = collect<FeedItem>(client, feed, {}, 1);
    await untilSubscribed(1);
    const before = (await app.database.prisma.feedCounter.findUniqueOrThrow({ where: { id: 1 } })).value;
    const failed = await app.graphql(
      `mutation ($input: RecordDevelopmentInput!) { recordDevelopment(input: $input) { id } }`,
      {
        input: {
          kind: 'STATEMENT',
          summary: 'never',
          evidence: [{ articleId: globalId('Article', 987654), quote: 'x' }],
        },
      },
    );
    expect(failed.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const ok = await record('after the failure');
    const [result] = await sub.done;
    expect(ok.sequence).toBe(before + 1);
    expect(result.data!.developments).toMatchObject({ sequence: before + 1, summary: 'after the failure' });
    await client.dispose();
  });

  it('filters by actor and kind with the same filter type as the query', async () => {
    const other = await app.database.prisma.actor.create({
      data: { slug: 'other', kind: 'STATE', nameEn: 'Other' },
    });
    const client = wsClient(url);
    const sub = collect<FeedItem>(
      client,
      feed,
      { filter: { actorIds: [globalId('Actor', other.id)], kinds: ['SAFE_PASSAGE'] } },
      1,
    );
    await untilSubscribed(1);
    await record('not for this filter');
    await record('wrong kind', { actorIds: [other.id] });
    await record('safe passage proposed', { actorIds: [other.id], kind: 'SAFE_PASSAGE' });
    const [result] = await sub.done;
    expect(result.data!.developments).toMatchObject({
      summary: 'safe passage proposed',
      actors: [{ name: 'Other' }],
    });
    await client.dispose();
  });

  it('executes each event once per cohort, not once per subscriber', async () => {
    const measure = async (subscribers: number) => {
      const clients = Array.from({ length: subscribers }, () => wsClient(url));
      const subs = clients.map((client) => collect<FeedItem>(client, feed, {}, 1));
      await untilSubscribed(subscribers);
      const executionsBefore = app.cohorts.stats.executions;
      app.database.statements.reset();
      await record(`fan-out to ${subscribers}`);
      const results = await Promise.all(subs.map((sub) => sub.done));
      const statements = app.database.statements.count;
      expect(
        results.every(([result]) => result.data!.developments.summary === `fan-out to ${subscribers}`),
      ).toBe(true);
      const executions = app.cohorts.stats.executions - executionsBefore;
      await Promise.all(clients.map((client) => client.dispose()));
      return { executions, statements };
    };
    const few = await measure(2);
    const many = await measure(40);
    expect(few.executions).toBe(1);
    expect(many.executions).toBe(1);
    expect(many.statements).toBe(few.statements);
  });

  it('shares one cohort among subscribers resuming from different cursors: each live event runs once', async () => {
    // After a restart every client resumes from its own cursor; one cohort each meant one execution per
    // event per subscriber, and a process that fell further behind on every restart (npm run soak).
    const backlog: { sequence: number }[] = [];
    for (let index = 0; index < 6; index += 1) backlog.push(await record(`backlog ${index}`));
    const clients = backlog.map(() => wsClient(url));
    const executionsBefore = app.cohorts.stats.executions;
    const subs = clients.map((client, index) =>
      collect<FeedItem>(
        client,
        feed,
        { after: encodeCursor('sequence', backlog[index].sequence) },
        6 - index,
      ),
    );
    await untilSubscribed(clients.length);
    expect(app.cohorts.stats.cohorts).toBe(1);
    const live = await record('live to every resumed subscriber');
    const results = await Promise.all(subs.map((sub) => sub.done));
    results.forEach((received, index) =>
      expect(received.map((result) => result.data!.developments.sequence)).toEqual([
        ...backlog.slice(index + 1).map((entry) => entry.sequence),
        live.sequence,
      ]),
    );
    // Each backlog entry is run for each subscriber that replays it (0 + 1 + ... + 5), the live one once.
    expect(app.cohorts.stats.executions - executionsBefore).toBe(15 + 1);
    await Promise.all(clients.map((client) => client.dispose()));
  });

  it('rejects a malformed or future cursor and an unknown filter id, and keeps serving others', async () => {
    const client = wsClient(url);
    const errorOf = (variables: Record<string, unknown>) =>
      // graphql-ws delivers an operation that fails to start as one result with errors, then completes.
      collect<FeedItem>(client, feed, variables, 1, 5000).done.then(
        (results) => results[0]?.errors ?? null,
        (error: unknown) => error,
      );
    const malformed = (await errorOf({ after: 'not-a-cursor' })) as {
      message: string;
      extensions: { code: string; field: string[] };
    }[];
    expect(malformed[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: ['after'] } });
    const ahead = (await errorOf({ after: encodeCursor('sequence', 10_000_000) })) as { message: string }[];
    expect(ahead[0].message).toMatch(/ahead of the log/);
    const unknown = (await errorOf({ filter: { actorIds: [globalId('Actor', 99999)] } })) as {
      extensions: { code: string; field: unknown[] };
    }[];
    expect(unknown[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: ['filter', 'actorIds', 0] });

    const healthy = collect<FeedItem>(client, feed, {}, 1);
    await untilSubscribed(1);
    await record('still serving');
    expect((await healthy.done)[0].data!.developments.summary).toBe('still serving');
    await client.dispose();
  });

  it('serves the same subscription over server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: feed, variables: {} }),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    await untilSubscribed(1);
    await record('over SSE');
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('over SSE')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const event = text.split('\n').find((line) => line.startsWith('data:') && line.includes('over SSE'));
    expect(JSON.parse(event!.slice(5)).data.developments).toMatchObject({
      summary: 'over SSE',
      change: 'NEW',
    });
  });
});
