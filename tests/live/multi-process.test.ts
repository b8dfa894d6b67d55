import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { createKeyIn } from '../support/api-keys';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { collect, wsClient } from '../support/graphql-ws';
import { startProxy, startServerProcess, type ServerProcess } from '../support/processes';

const redisUrl = process.env.REDIS_URL;
const serverUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI && (!redisUrl || !serverUrl)) {
  throw new Error(
    'CI must set REDIS_URL and TEST_DATABASE_URL: the multi-process live feed is tested against real services',
  );
}

const feed = `subscription ($after: String) { developments(after: $after) { sequence summary } }`;

// Mutations need an API key; created once the servers have migrated the database.
let apiKey = '';

async function record(url: string, summary: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({
      query: `mutation ($s: String!) { recordDevelopment(input: { kind: STATEMENT, summary: $s }) { sequence } }`,
      variables: { s: summary },
    }),
  });
  const body = (await response.json()) as {
    data?: { recordDevelopment: { sequence: number } };
    errors?: unknown;
  };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.recordDevelopment.sequence;
}

describe.skipIf(!redisUrl || !serverUrl)('live feed across two server processes (PostgreSQL + Redis)', () => {
  let database: TestDatabase;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const redis = new URL(redisUrl!);
    // Process B reaches Redis through a proxy the test can cut, to play a Redis outage.
    proxy = await startProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    const prefix = `test-${process.pid}-${Date.now().toString(36)}`;
    const common = {
      DATABASE_URL: (database.config as { url: string }).url,
      SEED_ON_EMPTY: 'false',
      REDIS_CHANNEL_PREFIX: prefix,
      LIVE_POLL_MS: '60000',
    };
    a = await startServerProcess({ ...common, REDIS_URL: redisUrl! });
    b = await startServerProcess({ ...common, REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    apiKey = await createKeyIn(common.DATABASE_URL, ['data:write']);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await proxy?.close();
    await database?.drop();
  });

  it('delivers a mutation made on process A to a subscriber on process B', async () => {
    const client = wsClient(b.url);
    const sub = collect<{ developments: { sequence: number; summary: string } }>(client, feed, {}, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sequence = await record(a.url, 'from process A');
    const [result] = await sub.done;
    expect(result.data!.developments).toEqual({ sequence, summary: 'from process A' });
    await client.dispose();
  });

  it('loses nothing while Redis is unreachable: B catches up from the log when Redis returns', async () => {
    const onA = wsClient(a.url);
    const onB = wsClient(b.url);
    const subA = collect<{ developments: { sequence: number } }>(onA, feed, {}, 5, 30_000);
    const subB = collect<{ developments: { sequence: number } }>(onB, feed, {}, 6, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));

    await proxy.cut();
    const during: number[] = [];
    for (let index = 0; index < 5; index += 1) during.push(await record(a.url, `during outage ${index}`));
    // Process A keeps serving its own subscribers while Redis is away from B.
    expect((await subA.done).map((result) => result.data!.developments.sequence)).toEqual(during);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(subB.results).toHaveLength(0);

    await proxy.restore();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const after = await record(a.url, 'after outage');
    const sequences = (await subB.done).map((result) => result.data!.developments.sequence);
    expect(sequences).toEqual([...during, after]);
    await Promise.all([onA.dispose(), onB.dispose()]);
  });

  it('tells a review desk on process B of a decision made on process A', async () => {
    const databaseUrl = (database.config as { url: string }).url;
    const editor = await createKeyIn(databaseUrl, ['review:write'], 'editor on A');
    const desk = await createKeyIn(databaseUrl, ['review:read'], 'desk on B');
    // A candidate as extraction leaves it (synthetic text, invented names).
    const direct = await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
    const body = 'نص اصطناعي لأغراض الاختبار فقط.\nقال متحدث مخترع إن المحادثات مستمرة.';
    const quote = 'قال متحدث مخترع إن المحادثات مستمرة.';
    const candidate = await direct.prisma.candidate.create({
      data: {
        kind: 'DEVELOPMENT',
        developmentKind: 'STATEMENT',
        summary: 'synthetic',
        quote,
        startOffset: body.indexOf(quote),
        endOffset: body.indexOf(quote) + quote.length,
        confidence: 0.5,
        article: {
          create: {
            url: 'https://example.test/synthetic/multi-process-review',
            title: 'synthetic',
            body,
            source: 'Synthetic Outlet',
            language: 'AR',
            contentHash: 'multi-process-review',
            searchText: body,
          },
        },
      },
    });
    await direct.close();
    const id = Buffer.from(`Candidate:${candidate.id}`).toString('base64');
    const onB = wsClient(b.url, { connectionParams: { authorization: `Bearer ${desk}` } });
    const changes = collect<{ candidateChanges: { id: string; status: string; reviewedBy: string } }>(
      onB,
      `subscription { candidateChanges { id status reviewedBy } }`,
      {},
      1,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const response = await fetch(a.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${editor}` },
      body: JSON.stringify({
        query: `mutation ($id: ID!) { rejectCandidate(input: { id: $id }) { status } }`,
        variables: { id },
      }),
    });
    expect(await response.json()).toEqual({ data: { rejectCandidate: { status: 'REJECTED' } } });
    const [change] = await changes.done;
    expect(change.data!.candidateChanges).toEqual({ id, status: 'REJECTED', reviewedBy: 'editor on A' });
    await onB.dispose();
  });
});
