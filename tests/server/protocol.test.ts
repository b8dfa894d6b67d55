import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../support/app';
import { collect, wsClient } from '../support/graphql-ws';

// Protocol behaviour does not depend on the database; PGlite keeps this suite light.
let app: TestApp;
let url: string;

beforeAll(async () => {
  app = await startTestApp('pglite', { seed: false, env: { WS_CONNECTION_INIT_TIMEOUT_MS: '500' } });
  url = await app.listen(0, '127.0.0.1');
});
afterAll(() => app?.stop());

describe('GraphQL over HTTP (graphql-http audits)', () => {
  // Each MUST and SHOULD audit is a test of its own; MAY audits are optional by definition.
  const audits = serverAudits({ url: () => url, fetchFn: fetch }).filter((audit) =>
    /^(MUST|SHOULD)/.test(audit.name),
  );
  it('has MUST and SHOULD audits to run', () => expect(audits.length).toBeGreaterThan(20));
  for (const audit of audits) {
    it(audit.name, async () => {
      const result = await audit.fn();
      if (result.status !== 'ok') {
        const response = 'response' in result ? await result.response.text().catch(() => '') : '';
        throw new Error(`${result.reason}\n${response}`);
      }
    });
  }
});

/** Opens a raw graphql-transport-ws socket and reports how the server closes it. */
function rawSocket(
  onOpen: (socket: WebSocket) => void,
  onMessage?: (socket: WebSocket, message: { type: string; id?: string }) => void,
) {
  return new Promise<{ code: number; reason: string }>((resolve) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.on('open', () => onOpen(socket));
    socket.on('message', (data) => onMessage?.(socket, JSON.parse(String(data))));
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
}

const init = JSON.stringify({ type: 'connection_init' });
const subscribe = (id: string) =>
  JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { developments { sequence } }' } });

describe('graphql-ws protocol violations close only the offending socket', () => {
  const stillServed = async () => {
    const client = wsClient(url);
    const [result] = await collect(client, '{ __typename }', {}, 1).done;
    expect(result.data).toEqual({ __typename: 'Query' });
    await client.dispose();
  };

  it('4401 for a subscribe before connection_init', async () => {
    expect(await rawSocket((socket) => socket.send(subscribe('1')))).toEqual({
      code: 4401,
      reason: 'Unauthorized',
    });
    await stillServed();
  });

  it('4408 when connection_init does not arrive in time', async () => {
    expect(await rawSocket(() => {})).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
    await stillServed();
  });

  it('4429 for a second connection_init', async () => {
    const closed = await rawSocket(
      (socket) => socket.send(init),
      (socket, message) => message.type === 'connection_ack' && socket.send(init),
    );
    expect(closed).toEqual({ code: 4429, reason: 'Too many initialisation requests' });
    await stillServed();
  });

  it('4409 for a subscription id already in use', async () => {
    const closed = await rawSocket(
      (socket) => socket.send(init),
      (socket, message) => {
        if (message.type !== 'connection_ack') return;
        socket.send(subscribe('same'));
        socket.send(subscribe('same'));
      },
    );
    expect(closed).toEqual({ code: 4409, reason: 'Subscriber for same already exists' });
    await stillServed();
  });

  it('4400 for an invalid message', async () => {
    const closed = await rawSocket(
      (socket) => socket.send(init),
      (socket, message) =>
        message.type === 'connection_ack' && socket.send(JSON.stringify({ type: 'subscribe', payload: {} })),
    );
    expect(closed.code).toBe(4400);
    expect(closed.reason).toMatch(/id/);
    expect((await rawSocket((socket) => socket.send('not json'))).code).toBe(4400);
    await stillServed();
  });

  it('applies the same document limits over graphql-ws as over HTTP', async () => {
    const client = wsClient(url);
    const aliases = `{ ${Array.from({ length: 16 }, (_, index) => `a${index}: developments(first: 1) { totalCount }`).join(' ')} }`;
    // Validation errors arrive as a graphql-ws `error` message, which collect() rejects with.
    const outcome = await collect(client, aliases, {}, 1).done.then(
      (results) => JSON.stringify(results[0]?.errors),
      (error: Error) => error.message,
    );
    expect(outcome).toContain('Aliases limit of 15 exceeded, found 16.');
    await client.dispose();
  });
});
