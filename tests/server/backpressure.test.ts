import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { recordDevelopment } from '../../src/domain/developments';
import { slowSubscriberCloseCode } from '../../src/server/sockets';
import { startTestApp, type TestApp } from '../support/app';
import { collect, wsClient } from '../support/graphql-ws';

const feed = `subscription { developments { sequence summary } }`;

describe('a subscriber that stops reading', () => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    // The default limit (1 MiB of unsent data per socket) is what is tested.
    // 201 subscriptions on one socket: far past the per-socket cap, which is not what this suite measures.
    app = await startTestApp('pglite', { seed: false, env: { WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '1000' } });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('is disconnected with 1008 and a reason, while a normal subscriber still gets every event', async () => {
    const subscriptionsOnSlowSocket = 200;
    const events = 40;

    const slow = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const slowClosed = new Promise<{ code: number; reason: string }>((resolve) =>
      slow.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    await new Promise<void>((resolve) => {
      slow.on('open', () => slow.send(JSON.stringify({ type: 'connection_init' })));
      slow.once('message', () => {
        // Many subscriptions on one socket multiply what each event costs it, so the backlog builds fast.
        for (let id = 0; id < subscriptionsOnSlowSocket; id += 1)
          slow.send(JSON.stringify({ id: String(id), type: 'subscribe', payload: { query: feed } }));
        resolve();
      });
    });
    const normal = wsClient(url);
    const normalSub = collect<{ developments: { sequence: number } }>(normal, feed, {}, events, 60_000);
    for (
      let tries = 0;
      tries < 500 && app.cohorts.stats.subscribers < subscriptionsOnSlowSocket + 1;
      tries += 1
    )
      await new Promise((r) => setTimeout(r, 10));
    expect(app.cohorts.stats.subscribers).toBe(subscriptionsOnSlowSocket + 1);

    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const summary = 'ض'.repeat(1000);
    const sequences: number[] = [];
    for (let index = 0; index < events; index += 1)
      sequences.push(
        (await recordDevelopment(app.domain, { kind: 'STATEMENT', summary: `${index} ${summary}` })).sequence,
      );

    const received = await normalSub.done;
    expect(received.map((result) => result.data!.developments.sequence)).toEqual(sequences);

    // The server has given up on the slow socket: its subscriptions are gone, only the normal one is left.
    for (let tries = 0; tries < 500 && app.cohorts.stats.subscribers !== 1; tries += 1)
      await new Promise((r) => setTimeout(r, 10));
    expect(app.cohorts.stats.subscribers).toBe(1);
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    const { code, reason } = await slowClosed;
    expect(code).toBe(slowSubscriberCloseCode);
    expect(reason).toMatch(/not reading/);
    await normal.dispose();
  });
});
