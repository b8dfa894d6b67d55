import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { collect, wsClient } from '../support/graphql-ws';

const redisUrl = process.env.REDIS_URL;
if (process.env.CI && !redisUrl)
  throw new Error('CI must set REDIS_URL: the shared rate limit is tested against a real Redis');

const record = `mutation ($s: String!) { recordDevelopment(input: { kind: STATEMENT, summary: $s }) { sequence } }`;
const limits = { MUTATION_RATE_POINTS: '3', MUTATION_RATE_DURATION_S: '60' };

async function mutate(app: TestApp, key: string, summary: string) {
  const response = await app.yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: record, variables: { s: summary } }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as { errors?: { extensions: Record<string, unknown> }[] },
  };
}

describe('per-key mutation rate limit (in memory)', () => {
  let app: TestApp;
  let url: string;
  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false, env: limits });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('refuses the mutation past the limit with RATE_LIMITED and retryAfter, writes nothing, and leaves other keys alone', async () => {
    const { token } = await createApiKey(app.database.prisma, { name: 'busy', scopes: ['data:write'] });
    for (let index = 0; index < 3; index += 1)
      expect((await mutate(app, token, `ok ${index}`)).body.errors).toBeUndefined();
    const before = await app.database.prisma.development.count();
    const limited = await mutate(app, token, 'one too many');
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    const retryAfter = limited.body.errors?.[0].extensions.retryAfter as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(Number(limited.retryAfter)).toBe(retryAfter);
    expect(await app.database.prisma.development.count()).toBe(before);

    // The same key over graphql-ws shares the bucket.
    const socket = wsClient(url, { connectionParams: { authorization: `Bearer ${token}` } });
    const [overSocket] = await collect(socket, record, { s: 'over ws' }, 1).done;
    expect(overSocket.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    await socket.dispose();

    const { token: other } = await createApiKey(app.database.prisma, {
      name: 'calm',
      scopes: ['data:write'],
    });
    expect((await mutate(app, other, 'another key')).body.errors).toBeUndefined();
  });

  it('charges each mutation field of a document, so aliases cannot multiply the budget', async () => {
    const { token } = await createApiKey(app.database.prisma, { name: 'aliaser', scopes: ['data:write'] });
    const four = `mutation { ${[0, 1, 2, 3].map((index) => `m${index}: recordDevelopment(input: { kind: STATEMENT, summary: "alias ${index}" }) { sequence }`).join(' ')} }`;
    const response = await app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: four }),
    });
    const body = (await response.json()) as { errors?: { extensions: Record<string, unknown> }[] };
    expect(body.errors?.[0].extensions.code).toBe('RATE_LIMITED');
  });
});

describe('mutation fields counted after fragments, aliases and @skip/@include', () => {
  let app: TestApp;
  let url: string;
  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false, env: limits });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  const write = (alias: string, directive = '') =>
    `${alias}: recordDevelopment(input: { kind: STATEMENT, summary: "${alias}" }) ${directive} { sequence }`;
  // Four writes behind one top-level selection each: a named fragment spreading another and an inline fragment.
  const hidden = `mutation { ...Outer }
    fragment Outer on Mutation { ...Inner ... on Mutation { ${write('c')} ${write('d')} } }
    fragment Inner on Mutation { ${write('a')} ${write('b')} }`;
  const three = `mutation { ...Pair ${write('c')} ${write('skipped', '@skip(if: true)')} }
    fragment Pair on Mutation { ${write('a')} ... @include(if: true) { ${write('b')} } }`;
  const keyFor = async (name: string) =>
    (await createApiKey(app.database.prisma, { name, scopes: ['data:write'] })).token;
  const overHttp = async (key: string, query: string) =>
    (await (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query }),
      })
    ).json()) as {
      data?: Record<string, unknown> | null;
      errors?: { extensions: Record<string, unknown> }[];
    };
  const overSocket = async (key: string, query: string) => {
    const socket = wsClient(url, { connectionParams: { authorization: `Bearer ${key}` } });
    const [result] = await collect(socket, query, {}, 1).done;
    await socket.dispose();
    return result;
  };

  for (const [transport, send] of [
    ['HTTP', overHttp],
    ['graphql-ws', overSocket],
  ] as const) {
    it(`charges four writes hidden in named and inline fragments as four over ${transport}`, async () => {
      const before = await app.database.prisma.development.count();
      const result = await send(await keyFor(`hider ${transport}`), hidden);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(await app.database.prisma.development.count()).toBe(before);
    });

    it(`charges the three writes that run (not the skipped one) over ${transport}, then refuses the next`, async () => {
      const key = await keyFor(`exact ${transport}`);
      const result = await send(key, three);
      expect(result.errors).toBeUndefined();
      expect(Object.keys(result.data ?? {}).sort()).toEqual(['a', 'b', 'c']);
      expect((await send(key, `mutation { ${write('one')} }`)).errors?.[0].extensions).toMatchObject({
        code: 'RATE_LIMITED',
      });
    });
  }
});

describe.skipIf(!redisUrl)('per-key mutation rate limit shared through Redis', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    const env = {
      ...limits,
      REDIS_URL: redisUrl!,
      REDIS_CHANNEL_PREFIX: `rate-${process.pid}-${Date.now().toString(36)}`,
    };
    [first, second] = await Promise.all([
      startTestApp('pglite', { seed: false, env }),
      startTestApp('pglite', { seed: false, env }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it('counts a key across processes', async () => {
    const { token, key } = await createApiKey(first.database.prisma, {
      name: 'shared',
      scopes: ['data:write'],
    });
    // The same key in the second process's database, as two processes would share one database.
    const row = await first.database.prisma.apiKey.findUniqueOrThrow({ where: { prefix: key.prefix } });
    await second.database.prisma.apiKey.create({
      data: { name: row.name, prefix: row.prefix, secretHash: row.secretHash, scopes: row.scopes },
    });
    expect((await mutate(first, token, 'a')).body.errors).toBeUndefined();
    expect((await mutate(second, token, 'b')).body.errors).toBeUndefined();
    expect((await mutate(first, token, 'c')).body.errors).toBeUndefined();
    expect((await mutate(second, token, 'd')).body.errors?.[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
    });
  });
});
