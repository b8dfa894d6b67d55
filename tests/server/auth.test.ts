import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildSchema } from '../../src/schema';
import { createApiKey, hashSecret, parseApiKey, revokeApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { createTestDatabase, testDatabases, type TestDatabase } from '../support/databases';
import { collect, wsClient } from '../support/graphql-ws';

const record = `mutation ($s: String!) { recordDevelopment(input: { kind: STATEMENT, summary: $s }) { sequence } }`;
const createActor = `mutation { createActor(input: { kind: PERSON, nameEn: "Mediator" }) { id } }`;
const read = `{ developments(last: 5) { edges { node { summary } } } }`;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const anonymous = { authorization: '' };

describe.each(testDatabases())('API keys and scopes on %s', (kind) => {
  let app: TestApp;
  let url: string;
  let writer: string;
  let articlesOnly: string;
  const count = () => app.database.prisma.development.count();

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    url = await app.listen(0, '127.0.0.1');
    writer = (await createApiKey(app.database.prisma, { name: 'writer', scopes: ['data:write'] })).token;
    articlesOnly = (await createApiKey(app.database.prisma, { name: 'articles', scopes: ['articles:write'] }))
      .token;
  });
  afterAll(() => app?.stop());

  it('refuses a mutation without a key as UNAUTHENTICATED and writes nothing', async () => {
    const before = await count();
    for (const query of [record, createActor]) {
      const response = await app.graphql(query, { s: 'anonymous write' }, anonymous);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.data ?? null).toBeNull();
    }
    expect(await count()).toBe(before);
    expect(await app.database.prisma.actor.count()).toBe(0);
  });

  it('refuses an unknown, malformed or revoked key with 401 UNAUTHENTICATED, even for reads', async () => {
    const { token: revoked, key } = await createApiKey(app.database.prisma, {
      name: 'old',
      scopes: ['admin'],
    });
    await revokeApiKey(app.database.prisma, key.prefix);
    const forged = `gzn_${parseApiKey(writer)!.prefix}_${'x'.repeat(43)}`;
    for (const token of ['not-a-key', forged, revoked]) {
      const response = await app.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify({ query: read }),
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a key without the needed scope as FORBIDDEN and writes nothing', async () => {
    const before = await count();
    const response = await app.graphql(record, { s: 'wrong scope' }, bearer(articlesOnly));
    expect(response.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      path: ['recordDevelopment'],
    });
    expect(await count()).toBe(before);
  });

  it('accepts data:write and admin keys for data mutations', async () => {
    const before = await count();
    expect((await app.graphql(record, { s: 'by writer' }, bearer(writer))).errors).toBeUndefined();
    expect((await app.graphql(record, { s: 'by admin' }, bearer(app.adminKey))).errors).toBeUndefined();
    expect(await count()).toBe(before + 2);
  });

  it('keeps reads public by default', async () => {
    const response = await app.graphql(read, {}, anonymous);
    expect(response.errors).toBeUndefined();
  });

  it('stores only a SHA-256 of the secret and updates lastUsedAt at most once a minute', async () => {
    const { token, key } = await createApiKey(app.database.prisma, { name: 'audit', scopes: ['data:write'] });
    const row = await app.database.prisma.apiKey.findUniqueOrThrow({ where: { prefix: key.prefix } });
    expect(row.secretHash).toBe(hashSecret(parseApiKey(token)!.secret));
    expect(JSON.stringify(row)).not.toContain(parseApiKey(token)!.secret);
    expect(row.lastUsedAt).toBeNull();

    await app.graphql(read, {}, bearer(token));
    let first: Date | null = null;
    for (let tries = 0; tries < 100 && !first; tries += 1) {
      first = (await app.database.prisma.apiKey.findUniqueOrThrow({ where: { prefix: key.prefix } }))
        .lastUsedAt;
      if (!first) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(first).toBeInstanceOf(Date);
    await app.graphql(read, {}, bearer(token));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = (await app.database.prisma.apiKey.findUniqueOrThrow({ where: { prefix: key.prefix } }))
      .lastUsedAt;
    expect(second?.getTime()).toBe(first!.getTime());
  });

  it('over graphql-ws: a bad key closes with 4403; anonymous sockets read but may not write; a key in connectionParams may', async () => {
    const closed = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      socket.on('open', () =>
        socket.send(
          JSON.stringify({
            type: 'connection_init',
            payload: { authorization: 'Bearer gzn_000000000000_nope' },
          }),
        ),
      );
      socket.on('close', (code) => resolve(code));
    });
    expect(closed).toBe(4403);

    const anon = wsClient(url);
    const [refused] = await collect(anon, record, { s: 'anonymous over ws' }, 1).done;
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const [readResult] = await collect(anon, read, {}, 1).done;
    expect(readResult.errors).toBeUndefined();
    await anon.dispose();

    const keyed = wsClient(url, { connectionParams: { authorization: `Bearer ${writer}` } });
    const [written] = await collect<{ recordDevelopment: { sequence: number } }>(
      keyed,
      record,
      { s: 'keyed over ws' },
      1,
    ).done;
    expect(written.errors).toBeUndefined();
    expect(written.data?.recordDevelopment.sequence).toBeGreaterThan(0);
    const [forbidden] = await collect(
      wsClient(url, { connectionParams: { apiKey: articlesOnly } }),
      record,
      { s: 'x' },
      1,
    ).done;
    expect(forbidden.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    await keyed.dispose();
  });
});

describe.each(testDatabases())('PUBLIC_READS=false on %s', (kind) => {
  let app: TestApp;
  let url: string;
  let reader: string;
  let writer: string;

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false, env: { PUBLIC_READS: 'false' } });
    url = await app.listen(0, '127.0.0.1');
    reader = (await createApiKey(app.database.prisma, { name: 'reader', scopes: ['read'] })).token;
    writer = (await createApiKey(app.database.prisma, { name: 'writer', scopes: ['data:write'] })).token;
  });
  afterAll(() => app?.stop());

  it('needs the read scope for queries over HTTP', async () => {
    expect((await app.graphql(read, {}, anonymous)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.graphql(read, {}, bearer(writer))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.graphql(read, {}, bearer(reader))).errors).toBeUndefined();
    expect((await app.graphql(read, {}, bearer(app.adminKey))).errors).toBeUndefined();
  });

  it('needs the read scope for subscriptions over graphql-ws and SSE', async () => {
    const feed = `subscription { developments { sequence } }`;
    const anon = wsClient(url);
    const [refused] = await collect(anon, feed, {}, 1).done;
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    await anon.dispose();

    const sse = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: feed }),
    });
    const text = await sse.text();
    expect(text).toContain('UNAUTHENTICATED');

    const keyed = wsClient(url, { connectionParams: { authorization: `Bearer ${reader}` } });
    const sub = collect<{ developments: { sequence: number } }>(keyed, feed, {}, 1);
    for (let tries = 0; tries < 300 && app.cohorts.stats.subscribers === 0; tries += 1)
      await new Promise((r) => setTimeout(r, 10));
    await app.graphql(record, { s: 'for the reader' });
    expect((await sub.done)[0].data?.developments.sequence).toBeGreaterThan(0);
    await keyed.dispose();
  });
});

describe('mutation scopes', () => {
  // A new mutation without authScopes would be writable by anyone; this keeps the list explicit.
  const expected: Record<string, string> = {
    createActor: 'data:write',
    updateActor: 'data:write',
    createMeeting: 'data:write',
    updateMeeting: 'data:write',
    createProposal: 'data:write',
    updateProposal: 'data:write',
    recordStance: 'data:write',
    recordDevelopment: 'data:write',
    reviseDevelopment: 'data:write',
    addArticle: 'articles:write',
    setArticleExcludedRanges: 'articles:write',
    deleteArticle: 'articles:write',
    acceptCandidate: 'review:write',
    editCandidate: 'review:write',
    rejectCandidate: 'review:write',
    acceptCandidateActor: 'review:write',
    rejectCandidateActor: 'review:write',
    createApiKey: 'admin',
    revokeApiKey: 'admin',
    addSource: 'admin',
    updateSource: 'admin',
    removeSource: 'admin',
  };

  it('gives every mutation field the scope it needs', () => {
    const fields = buildSchema().getMutationType()!.getFields();
    const actual = Object.fromEntries(
      Object.entries(fields).map(([name, field]) => [
        name,
        (field.extensions as { pothosOptions?: { authScopes?: { scope?: string } } }).pothosOptions
          ?.authScopes?.scope,
      ]),
    );
    expect(actual).toEqual(expected);
  });

  it('refuses addArticle and review mutations to a data:write key', async () => {
    const app = await startTestApp('pglite', { seed: false });
    try {
      const { token } = await createApiKey(app.database.prisma, {
        name: 'data only',
        scopes: ['data:write'],
      });
      const add = await app.graphql(
        `mutation { addArticle(input: { url: "https://example.org/a", title: "t", body: "b", source: "s", language: "en" }) { __typename } }`,
        {},
        bearer(token),
      );
      expect(add.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const review = await app.graphql(
        `mutation { rejectCandidateActor(id: "Q2FuZGlkYXRlQWN0b3I6MQ==") { id } }`,
        {},
        bearer(token),
      );
      expect(review.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await app.database.prisma.article.count()).toBe(0);
    } finally {
      await app.stop();
    }
  });
});

describe('npm run apikey', () => {
  let dir: string;
  let database: TestDatabase | null = null;
  // A PostgreSQL database when there is one (quicker to open five times than a PGlite directory).
  const storage = () =>
    database
      ? { DATABASE_URL: (database.config as { url: string }).url }
      : { DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'db') };
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/apikey.ts', ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      // PORT names a port nothing listens on, so the CLI finds no server and opens the database itself.
      env: { ...process.env, ...storage(), LOG_LEVEL: 'silent', PORT: String(freePort) },
    });

  let freePort = 0;

  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    freePort = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    dir = await mkdtemp(path.join(os.tmpdir(), 'apikey-cli-'));
    if (process.env.TEST_DATABASE_URL) database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('creates a key (printed once), lists it without the secret, and revokes it', async () => {
    const created = await run(
      'create',
      '--name',
      'ingest bot',
      '--scope',
      'data:write',
      '--scope',
      'articles:write',
    );
    const token = /gzn_[0-9a-f]{12}_[A-Za-z0-9_-]+/.exec(created.stdout)?.[0];
    expect(token).toBeDefined();
    const { prefix, secret } = parseApiKey(token!)!;
    const listed = await run('list');
    expect(listed.stdout).toContain(prefix);
    expect(listed.stdout).toContain('data:write,articles:write');
    expect(listed.stdout).not.toContain(secret);
    expect((await run('revoke', prefix)).stdout).toContain(`Revoked API key ${prefix}`);
    expect((await run('list')).stdout).toMatch(new RegExp(`${prefix}\\s+revoked`));
    await expect(run('create', '--name', 'x', '--scope', 'everything')).rejects.toMatchObject({
      stderr: expect.stringContaining('Unknown scope'),
    });
  }, 120_000);
});
