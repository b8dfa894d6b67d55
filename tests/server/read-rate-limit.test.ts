import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { collect, wsClient } from '../support/graphql-ws';

// Cost 20,301 (1 connection + 100 × (edge + actor + 1 connection + 100 × 2)): four fit in 100,000 points, five do not.
const costly = `{ actors(first: 100) { edges { node { meetings(first: 100) { edges { node { id } } } } } } }`;
type Body = { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Body,
  };
}

describe.each([
  ['the socket peer', {}],
  ['X-Forwarded-For from a trusted proxy', { TRUSTED_PROXIES: 'loopback' }],
] as const)('cost-based read rate limit, client address from %s', (_label, env) => {
  let app: TestApp;
  let url: string;
  const trusted = 'TRUSTED_PROXIES' in env;

  beforeAll(async () => {
    app = await startTestApp('pglite', {
      seed: false,
      env: { READ_RATE_POINTS: '100000', READ_RATE_DURATION_S: '60', ...env },
    });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('charges an anonymous client its queries cost and refuses past the budget with RATE_LIMITED and 429', async () => {
    const from = { 'x-forwarded-for': '203.0.113.7' };
    for (let index = 0; index < 4; index += 1)
      expect((await post(url, costly, from)).body.errors).toBeUndefined();
    const refused = await post(url, costly, from);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // The same address over graphql-ws shares the bucket (the upgrade request names the client).
    const socket = wsClient(url);
    const [overSocket] = await collect(socket, costly, {}, 1).done;
    await socket.dispose();
    // Behind a trusted proxy the socket without X-Forwarded-For is the proxy's own address: another bucket.
    if (trusted) expect(overSocket.errors).toBeUndefined();
    else expect(overSocket.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });

    // Another address: its own bucket only when a trusted proxy names it; otherwise the header is ignored.
    const elsewhere = await post(url, costly, { 'x-forwarded-for': '198.51.100.9' });
    if (trusted) expect(elsewhere.body.errors).toBeUndefined();
    else expect(elsewhere.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('charges a keyed caller to its key, not to its address', async () => {
    const { token } = await createApiKey(app.database.prisma, { name: 'reader', scopes: ['read'] });
    const bearer = { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.7' };
    for (let index = 0; index < 4; index += 1)
      expect((await post(url, costly, bearer)).body.errors).toBeUndefined();
    expect((await post(url, costly, bearer)).body.errors?.[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
    });
  });
});
