import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, hashSecret, parseApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { closedPort, runScript, throughServerOnly } from '../support/cli';
import { testDatabases } from '../support/databases';
import { rawSocket } from '../support/raw-socket';
import { runOver, transports } from '../support/transports';

const keyFields = 'prefix name scopes createdAt lastUsedAt revokedAt';
const create = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { token key { ${keyFields} } } }`;
const revoke = `mutation ($prefix: String!) { revokeApiKey(prefix: $prefix) { prefix revokedAt } }`;
const list = `{ apiKeys { ${keyFields} } }`;

describe.each(testDatabases())('API key management over GraphQL on %s', (kind) => {
  let app: TestApp;
  let url: string;
  const tokens: Record<string, string | null> = { anonymous: null };

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    url = await app.listen(0, '127.0.0.1');
    for (const scope of ['read', 'data:write', 'review:write', 'metrics:read'])
      tokens[scope] = (await createApiKey(app.database.prisma, { name: scope, scopes: [scope] })).token;
  });
  afterAll(() => app?.stop());

  const keyCount = () => app.database.prisma.apiKey.count();

  it('creates a key that works at once, shows its secret only in that answer and stores only its hash', async () => {
    const created = await app.graphql<{
      createApiKey: { token: string; key: { prefix: string; scopes: string[] } };
    }>(create, { input: { name: '  ingest bot ', scopes: ['DATA_WRITE', 'ARTICLES_WRITE', 'DATA_WRITE'] } });
    expect(created.errors).toBeUndefined();
    const { token, key } = created.data!.createApiKey;
    const { prefix, secret } = parseApiKey(token)!;
    expect(key).toMatchObject({ prefix, name: 'ingest bot', scopes: ['DATA_WRITE', 'ARTICLES_WRITE'] });

    const row = await app.database.prisma.apiKey.findUniqueOrThrow({ where: { prefix } });
    expect(row.secretHash).toBe(hashSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = await app.graphql(list);
    expect(JSON.stringify(listed)).toContain(prefix);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const write = await app.graphql(
      `mutation { recordDevelopment(input: { kind: STATEMENT, summary: "by the new key" }) { sequence } }`,
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(write.errors).toBeUndefined();
  });

  it('refuses every admin field to callers without the admin scope, over HTTP, SSE and graphql-ws, writing nothing', async () => {
    const operations = [
      { query: list, variables: {} },
      { query: create, variables: { input: { name: 'sneaky', scopes: ['ADMIN'] } } },
      { query: revoke, variables: { prefix: parseApiKey(app.adminKey)!.prefix } },
      // Aliased and inside a fragment, the scope still applies.
      { query: `query { ...F } fragment F on Query { k: apiKeys { prefix } }`, variables: {} },
    ];
    const before = await keyCount();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...transports),
        fc.constantFrom(...Object.keys(tokens)),
        fc.constantFrom(...operations),
        async (transport, caller, { query, variables }) => {
          const result = await runOver(transport, url, tokens[caller], query, variables);
          expect(result.errors?.[0].extensions?.code, `${caller} ${transport} ${query}`).toBe(
            caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
          );
          expect(result.data ?? null).toBeNull();
        },
      ),
      { numRuns: 40 },
    );
    expect(await keyCount()).toBe(before);
    expect(await app.database.prisma.apiKey.count({ where: { revokedAt: { not: null } } })).toBe(0);
  });

  it('revokes through the mutation: the key is refused and its open socket closes with 4403 at once', async () => {
    const { token, key } = await createApiKey(app.database.prisma, { name: 'to revoke', scopes: ['read'] });
    const socket = rawSocket(url, { authorization: `Bearer ${token}` });
    await socket.acked;
    socket.subscribe('live', 'subscription { developments { sequence } }');
    const started = Date.now();
    const revoked = await app.graphql<{ revokeApiKey: { prefix: string; revokedAt: string } }>(revoke, {
      prefix: key.prefix,
    });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeApiKey.prefix).toBe(key.prefix);
    const closed = await socket.closed;
    expect(closed.code).toBe(4403);
    // No waiting for the periodic check (2 s): this process ended it when it revoked.
    expect(closed.at - started).toBeLessThan(1000);
    const refused = await app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(refused.status).toBe(401);

    // Revoking it again, or a prefix that does not exist, is NOT_FOUND at the argument.
    for (const prefix of [key.prefix, '000000000000', '']) {
      const again = await app.graphql(revoke, { prefix });
      expect(again.errors?.[0]).toMatchObject({
        path: ['revokeApiKey'],
        extensions: { code: 'NOT_FOUND', field: ['prefix'] },
      });
    }
  });

  it('refuses a name that is empty, too long or has control characters, and an empty scope list, writing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 120 }),
          fc.constantFrom('', '   ', 'a\u0000b', 'tab\there', 'x'.repeat(101), 'x'.repeat(100)),
        ),
        fc.boolean(),
        async (name, withScope) => {
          const before = await keyCount();
          const result = await app.graphql<{ createApiKey: { key: { name: string } } }>(create, {
            input: { name, scopes: withScope ? ['READ'] : [] },
          });
          const trimmed = name.trim();
          const control = [...trimmed].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
          const nameOk = trimmed.length > 0 && trimmed.length <= 100 && !control;
          if (nameOk && withScope) {
            expect(result.data?.createApiKey.key.name).toBe(trimmed);
            expect(await keyCount()).toBe(before + 1);
            return;
          }
          expect(result.errors?.[0].extensions).toMatchObject({
            code: 'BAD_USER_INPUT',
            field: ['input', nameOk ? 'scopes' : 'name'],
          });
          expect(await keyCount()).toBe(before);
        },
      ),
      { numRuns: 40 },
    );
    const unknownScope = await app.graphql(create, { input: { name: 'x', scopes: ['EVERYTHING'] } });
    expect(unknownScope.errors?.[0].message).toContain('EVERYTHING');
  });
});

describe('npm run apikey against a running server', () => {
  let app: TestApp;
  let url: string;
  // The database settings point nowhere usable: everything must go through the server.
  const run = (args: string[], env: Record<string, string> = {}) =>
    runScript('apikey.ts', args, { ...throughServerOnly, ...env });

  beforeAll(async () => {
    // The embedded database, which only the server's process may open.
    app = await startTestApp('pglite', { seed: false });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('creates, lists and revokes through the admin mutations, with the key from --key or API_KEY', async () => {
    const created = await run([
      'create',
      '--url',
      url,
      '--key',
      app.adminKey,
      '--name',
      'cli',
      '--scope',
      'review:read',
    ]);
    const token = /gzn_[0-9a-f]{12}_[A-Za-z0-9_-]+/.exec(created.stdout)?.[0];
    const { prefix, secret } = parseApiKey(token!)!;
    expect(await app.database.prisma.apiKey.count({ where: { prefix } })).toBe(1);

    const listed = await run(['list', '--url', url], { API_KEY: app.adminKey });
    expect(listed.stdout).toMatch(new RegExp(`${prefix}\\s+active\\s+review:read`));
    expect(listed.stdout).not.toContain(secret);

    const socket = rawSocket(url, { apiKey: token });
    await socket.acked;
    expect((await run(['revoke', prefix, '--url', url, '--key', app.adminKey])).stdout).toContain(
      `Revoked API key ${prefix}`,
    );
    expect((await socket.closed).code).toBe(4403);
    await expect(run(['revoke', prefix, '--url', url, '--key', app.adminKey])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`No active API key with prefix ${prefix}`),
    });
  }, 60_000);

  it('needs an admin key when a server answers, and reports a refused key', async () => {
    await expect(run(['list', '--url', url])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('pass an admin API key with --key or API_KEY'),
    });
    const { token } = await createApiKey(app.database.prisma, { name: 'not admin', scopes: ['data:write'] });
    await expect(run(['list', '--url', url, '--key', token])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('FORBIDDEN'),
    });
    await expect(run(['list', '--url', url, '--key', 'gzn_000000000000_nope'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('UNAUTHENTICATED'),
    });
  }, 60_000);

  it('with --url and no server there, fails instead of opening the database', async () => {
    const nowhere = `http://127.0.0.1:${await closedPort()}/graphql`;
    await expect(run(['list', '--url', nowhere, '--key', app.adminKey])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`No server answers at ${nowhere}`),
    });
  }, 60_000);
});
