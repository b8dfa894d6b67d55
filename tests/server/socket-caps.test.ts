import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { startTestApp, type TestApp } from '../support/app';
import { rawSocket, upgrade, waitFor } from '../support/raw-socket';

// Socket caps do not depend on the database; PGlite keeps these suites light.
const feed = 'subscription { developments { sequence } }';

describe('subscriptions per socket', () => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    // The shipped default (50) holds on this app; no variable is set.
    app = await startTestApp('pglite', { seed: false });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('refuses the 51st operation on one anonymous socket with TOO_MANY_SUBSCRIPTIONS, keeping the socket and the 50', async () => {
    const socket = rawSocket(url);
    await socket.acked;
    for (let n = 1; n <= 50; n += 1) socket.subscribe(`s${n}`, feed);
    await waitFor(() => app.cohorts.stats.subscribers === 50);
    socket.subscribe('s51', feed);
    await socket.next((message) => message.id === 's51');
    expect(socket.messages.find((message) => message.id === 's51')).toEqual({
      id: 's51',
      type: 'error',
      payload: [
        {
          message: 'At most 50 operations may run at once on one socket',
          extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 50 },
        },
      ],
    });
    expect(app.cohorts.stats.subscribers).toBe(50);
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);

    // Completing one frees its slot.
    socket.socket.send(JSON.stringify({ id: 's1', type: 'complete' }));
    await waitFor(() => app.cohorts.stats.subscribers === 49);
    socket.subscribe('s52', feed);
    await waitFor(() => app.cohorts.stats.subscribers === 50);
    expect(socket.messages.some((message) => message.id === 's52')).toBe(false);
    socket.socket.close();
    await waitFor(() => app.cohorts.stats.subscribers === 0);
  });
});

describe('subscriptions per socket, any sequence of subscribe and complete', () => {
  const cap = 4;
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp('pglite', {
      seed: false,
      env: { WS_MAX_SUBSCRIPTIONS_PER_SOCKET: String(cap) },
    });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('accepts a subscription exactly when fewer than the cap are active, and the socket stays open', async () => {
    const step = fc.oneof(
      fc.constant({ kind: 'subscribe' as const }),
      fc.nat({ max: 7 }).map((which) => ({ kind: 'complete' as const, which })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const socket = rawSocket(url);
        await socket.acked;
        const active: string[] = [];
        let next = 0;
        try {
          for (const action of steps) {
            if (action.kind === 'complete') {
              if (!active.length) continue;
              const [id] = active.splice(action.which % active.length, 1);
              socket.socket.send(JSON.stringify({ id, type: 'complete' }));
              await waitFor(() => app.cohorts.stats.subscribers === active.length);
              continue;
            }
            const id = `op${next++}`;
            socket.subscribe(id, feed);
            if (active.length < cap) {
              active.push(id);
              await waitFor(() => app.cohorts.stats.subscribers === active.length);
            } else {
              await socket.next((message) => message.id === id);
              const refusal = socket.messages.find((message) => message.id === id)!;
              expect(refusal.type).toBe('error');
              expect(JSON.stringify(refusal.payload)).toContain('TOO_MANY_SUBSCRIPTIONS');
            }
            expect(app.cohorts.stats.subscribers).toBe(active.length);
          }
          expect(socket.socket.readyState).toBe(socket.socket.OPEN);
        } finally {
          socket.socket.close();
          await socket.closed;
          await waitFor(() => app.cohorts.stats.subscribers === 0);
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe('sockets per client address and per process', () => {
  let app: TestApp;
  let url: string;
  const open: WebSocket[] = [];
  const connect = async (headers: Record<string, string> = {}) => {
    const result = await upgrade(url, headers);
    if (result.socket) open.push(result.socket);
    return result;
  };
  const closeAll = async () => {
    await Promise.all(
      open
        .splice(0)
        .map((socket) => new Promise((resolve) => (socket.once('close', resolve), socket.close()))),
    );
    await waitFor(() => app.sockets.clients.size === 0);
  };

  describe('without trusted proxies', () => {
    beforeAll(async () => {
      app = await startTestApp('pglite', { seed: false, env: { WS_MAX_SOCKETS_PER_IP: '3' } });
      url = await app.listen(0, '127.0.0.1');
    });
    afterAll(async () => {
      await closeAll();
      await app?.stop();
    });

    it('refuses the 4th socket from one address with 429 and Retry-After, whatever X-Forwarded-For says', async () => {
      for (let n = 1; n <= 3; n += 1)
        expect((await connect({ 'x-forwarded-for': `198.51.100.${n}` })).status).toBe(101);
      const refused = await connect({ 'x-forwarded-for': '198.51.100.99' });
      expect(refused).toMatchObject({ status: 429, retryAfter: '10' });
      expect(refused.body).toContain('At most 3 sockets per client address');
      // A closed socket frees its slot.
      open.shift()!.close();
      await waitFor(() => app.sockets.clients.size === 2);
      expect((await connect()).status).toBe(101);
      await closeAll();
    });

    it('counts sockets refused at connection_init (bad key) only while they are open', async () => {
      for (let n = 0; n < 5; n += 1) {
        const socket = rawSocket(url, { apiKey: 'gzn_000000000000_nope' });
        expect((await socket.closed).code).toBe(4403);
      }
      await waitFor(() => app.sockets.clients.size === 0);
      for (let n = 1; n <= 3; n += 1) expect((await connect()).status).toBe(101);
      await closeAll();
    });
  });

  describe('behind a trusted proxy', () => {
    beforeAll(async () => {
      app = await startTestApp('pglite', {
        seed: false,
        env: { WS_MAX_SOCKETS_PER_IP: '2', WS_MAX_SOCKETS: '5', TRUSTED_PROXIES: 'loopback' },
      });
      url = await app.listen(0, '127.0.0.1');
    });
    afterAll(async () => {
      await closeAll();
      await app?.stop();
    });

    it('counts per forwarded client, and refuses any socket past the process cap with 503', async () => {
      const client = (n: number) => ({ 'x-forwarded-for': `203.0.113.${n}` });
      expect((await connect(client(1))).status).toBe(101);
      expect((await connect(client(1))).status).toBe(101);
      expect((await connect(client(1))).status).toBe(429);
      expect((await connect(client(2))).status).toBe(101);
      expect((await connect(client(2))).status).toBe(101);
      expect((await connect(client(3))).status).toBe(101);
      // Five open: the sixth is refused whoever asks.
      const full = await connect(client(4));
      expect(full).toMatchObject({ status: 503, retryAfter: '10' });
      expect(full.body).toContain('limit of 5 sockets');
      expect(app.sockets.clients.size).toBe(5);
      await closeAll();
      expect((await connect(client(4))).status).toBe(101);
      await closeAll();
    });
  });
});
