import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCaps } from '../../src/schema/list-caps';
import { startTestApp, type TestApp } from '../support/app';
import { createWorld, globalId } from '../support/fixtures';
import { collect, wsClient } from '../support/graphql-ws';

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

/** The fan-out: 4 levels of fragments, each spreading the next 45 times (about 1.2 KB, anonymous). */
const fanOut = (() => {
  const spreads = (level: number) => Array.from({ length: 45 }, () => `...F${level}`).join(' ');
  const fragments = [0, 1, 2].map((level) => `fragment F${level} on Query { ${spreads(level + 1)} }`);
  return `{ ${spreads(0)} } ${fragments.join(' ')} fragment F3 on Query { actors(first: 1) { totalCount } }`;
})();

describe('cost rules over HTTP and graphql-ws', () => {
  let app: TestApp;
  let url: string;
  let meetingId: string;
  let actorIds: string[];

  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false });
    url = await app.listen(0, '127.0.0.1');
    // Every list longer than its cap: one meeting with more participants than Meeting.participants returns.
    const world = await createWorld(app, {
      actors: listCaps.participants + 10,
      meetings: 1,
      participantsPerMeeting: listCaps.participants + 10,
    });
    meetingId = globalId('Meeting', world.meetings[0].id);
    actorIds = world.actors.map((actor) => globalId('Actor', actor.id));
  });
  afterAll(() => app?.stop());

  const post = async (query: string, variables?: Record<string, unknown>) =>
    (await (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as Body;

  it('refuses first and last together with BAD_USER_INPUT, over HTTP and graphql-ws', async () => {
    const query = `{ developments(first: 100, last: 1) { edges { node { id } } } }`;
    const overHttp = await post(query);
    expect(overHttp.data ?? null).toBeNull();
    expect(overHttp.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['developments', 'last'],
    });
    const socket = wsClient(url);
    const [overSocket] = await collect(socket, query, {}, 1).done;
    await socket.dispose();
    expect(overSocket.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('takes at most 100 ids in nodes(ids:)', async () => {
    const ids = Array.from({ length: 101 }, (_, index) => actorIds[index % actorIds.length]);
    const refused = await post(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['nodes', 'ids'] });
    const fine = await post(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids.slice(0, 100) });
    expect(fine.errors).toBeUndefined();
    expect(fine.data?.nodes).toHaveLength(100);
  });

  it('counts plain lists at their caps: nested lists that once counted as one node are refused', async () => {
    // The shape behind the 246,100-node answer: lists inside lists inside a page.
    const query = `{ meetings(first: 100) { edges { node { participants { actor { mentions { article { title } } } } } } } }`;
    const socket = wsClient(url);
    const [overSocket] = await collect(socket, query, {}, 1).done;
    await socket.dispose();
    for (const result of [await post(query), overSocket]) {
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 100_000 });
      expect(result.errors?.[0].extensions?.cost).toBeGreaterThan(
        100 * listCaps.participants * listCaps.mentions,
      );
    }
  });

  it('truncates a plain list at its cap', async () => {
    const body = await post(
      `query ($id: ID!) { node(id: $id) { ... on Meeting { participants { role } } } }`,
      {
        id: meetingId,
      },
    );
    expect(body.errors).toBeUndefined();
    expect((body.data?.node as { participants: unknown[] }).participants).toHaveLength(listCaps.participants);
  });

  it('answers the fan-out document at once and keeps /health responsive meanwhile', async () => {
    const started = performance.now();
    const attacks = Array.from({ length: 20 }, () => post(fanOut));
    const health = await fetch(url.replace('/graphql', '/health'));
    const healthMs = performance.now() - started;
    const answers = await Promise.all(attacks);
    expect(health.status).toBe(200);
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    // The old analysis blocked the event loop for about 2 s per request; generous for a shared CI machine.
    expect(healthMs).toBeLessThan(1000);
  });
});
