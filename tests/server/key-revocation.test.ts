import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { rawSocket, waitFor } from '../support/raw-socket';

const feed = 'subscription { developments { sequence } }';
const record = `mutation ($s: String!) { recordDevelopment(input: { kind: STATEMENT, summary: $s }) { sequence } }`;

/** An SSE subscription read as it streams: its events, and when the server ended the stream. */
async function sseSubscription(url: string, token: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query: feed }),
  });
  let text = '';
  const reader = response.body!.getReader();
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return Date.now();
      text += Buffer.from(value).toString();
    }
  })();
  return { status: response.status, ended, text: () => text, cancel: () => reader.cancel() };
}

async function keyFor(app: TestApp, name: string) {
  return createApiKey(app.database.prisma, { name, scopes: ['read', 'data:write'] });
}

describe.each(testDatabases())('revoking a key in use on %s', (kind) => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    // The default check interval (2 s): the 5 s promise is made for the shipped configuration.
    app = await startTestApp(kind, { seed: false });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('closes an open graphql-ws socket with 4403 within 5 s, with no message from the client, and ends its subscriptions', async () => {
    const { token, key } = await keyFor(app, 'socket');
    const { token: otherToken } = await keyFor(app, 'other socket');
    const revokedSocket = rawSocket(url, { authorization: `Bearer ${token}` });
    const otherSocket = rawSocket(url, { apiKey: otherToken });
    const anonymousSocket = rawSocket(url);
    await Promise.all([revokedSocket.acked, otherSocket.acked, anonymousSocket.acked]);
    for (const socket of [revokedSocket, otherSocket, anonymousSocket]) socket.subscribe('live', feed);
    await waitFor(() => app.cohorts.stats.subscribers === 3);

    // Revoked in the database directly, as `npm run apikey revoke` or another process does.
    const revokedAt = Date.now();
    expect(await revokeApiKey(app.database.prisma, key.prefix)).not.toBeNull();
    const closed = await revokedSocket.closed;
    expect(closed).toMatchObject({ code: 4403, reason: 'API key revoked' });
    expect(closed.at - revokedAt).toBeLessThan(5000);
    await waitFor(() => app.cohorts.stats.subscribers === 2);

    // The others keep their sockets and still get events.
    await app.graphql(record, { s: 'after the revocation' });
    await otherSocket.next((message) => message.type === 'next' && message.id === 'live');
    await anonymousSocket.next((message) => message.type === 'next' && message.id === 'live');
    expect(otherSocket.socket.readyState).toBe(otherSocket.socket.OPEN);
    // The revoked key is refused on a new socket as well.
    expect((await rawSocket(url, { apiKey: token }).closed).code).toBe(4403);
    otherSocket.socket.close();
    anonymousSocket.socket.close();
    await Promise.all([otherSocket.closed, anonymousSocket.closed]);
    await waitFor(() => app.cohorts.stats.subscribers === 0);
  });

  it('ends an SSE subscription of a revoked key with UNAUTHENTICATED within 5 s; another key’s stream goes on', async () => {
    const { token, key } = await keyFor(app, 'sse');
    const { token: otherToken } = await keyFor(app, 'other sse');
    const before = app.cohorts.stats.subscribers;
    const revokedStream = await sseSubscription(url, token);
    const otherStream = await sseSubscription(url, otherToken);
    expect([revokedStream.status, otherStream.status]).toEqual([200, 200]);
    await waitFor(() => app.cohorts.stats.subscribers === before + 2);

    const revokedAt = Date.now();
    await revokeApiKey(app.database.prisma, key.prefix);
    const endedAt = await revokedStream.ended;
    expect(endedAt - revokedAt).toBeLessThan(5000);
    expect(revokedStream.text()).toContain('"code":"UNAUTHENTICATED"');
    expect(revokedStream.text()).toContain('event: complete');
    await waitFor(() => app.cohorts.stats.subscribers === before + 1);

    await app.graphql(record, { s: 'for the other stream' });
    await waitFor(() => otherStream.text().includes('"sequence"'));
    expect(otherStream.text()).not.toContain('UNAUTHENTICATED');
    await otherStream.cancel();
    await waitFor(() => app.cohorts.stats.subscribers === before);
  });

  it('checks all keys in use with one query per interval, however many sockets hold them', async () => {
    const keys = await Promise.all([1, 2, 3].map((n) => keyFor(app, `batch ${n}`)));
    // Ten sockets over three keys.
    const sockets = Array.from({ length: 10 }, (_, n) =>
      rawSocket(url, { authorization: `Bearer ${keys[n % 3].token}` }),
    );
    await Promise.all(sockets.map((socket) => socket.acked));
    const checksBefore = app.revocations.stats.checks;
    const statementsBefore = app.database.statements.count;
    await new Promise((resolve) => setTimeout(resolve, 4500));
    const checks = app.revocations.stats.checks - checksBefore;
    // Two checks in 4.5 s at the 2 s default; one statement each (an idle app sends nothing else).
    expect(checks).toBeGreaterThanOrEqual(2);
    expect(checks).toBeLessThanOrEqual(3);
    expect(app.database.statements.count - statementsBefore).toBe(checks);
    for (const socket of sockets) socket.socket.close();
    await Promise.all(sockets.map((socket) => socket.closed));
  });

  it('sends no query at all while no socket or stream holds a key', async () => {
    await waitFor(() => app.sockets.clients.size === 0);
    // The holders leave when their sockets close; the next check has nothing to ask.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const checksBefore = app.revocations.stats.checks;
    const anonymousSocket = rawSocket(url);
    await anonymousSocket.acked;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(app.revocations.stats.checks).toBe(checksBefore);
    anonymousSocket.socket.close();
  });
});
