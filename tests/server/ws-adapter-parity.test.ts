import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createLogger } from '../../src/server/logger';
import { serveGraphQLOverWebSocket } from '../../src/server/sockets';

/**
 * src/server/sockets.ts re-does graphql-ws/use/ws' glue to change one thing, the send path (it does not
 * wait for each message to reach the kernel; a slow reader is cut off instead). This pins everything else
 * to upstream: the same frames, sent to both adapters over real sockets, must get the same messages and
 * the same close code and reason. A graphql-ws upgrade that changes use/ws shows up here.
 */
const schema = buildSchema(`
  type Query { hello: String }
  type Subscription { count(to: Int!): Int }
`);
const rootValue = {
  hello: () => 'world',
  count: async function* ({ to }: { to: number }) {
    for (let value = 1; value <= to; value += 1) {
      yield { count: value };
      if (to > 10) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
};
const initTimeoutMs = 300;

type Frame = Record<string, unknown> | string;
interface Transcript {
  protocol: string;
  messages: unknown[];
  close: { code: number; reason: string } | null;
}

/** Opens a socket, sends each frame once the previous one has had time to be answered, records everything. */
function play(url: string, protocols: string[], frames: Frame[], settleMs = 300): Promise<Transcript> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, protocols);
    const transcript: Transcript = { protocol: '', messages: [], close: null };
    let idle: NodeJS.Timeout | undefined;
    let done = false;
    // The transcript ends here: what our own terminate() causes afterwards is not the server's doing.
    const finish = () => {
      clearTimeout(idle);
      done = true;
      resolve(structuredClone(transcript));
      socket.terminate();
    };
    const settle = () => {
      clearTimeout(idle);
      idle = setTimeout(finish, settleMs);
    };
    socket.on('message', (data) => {
      if (done) return;
      transcript.messages.push(JSON.parse(String(data)));
      settle();
    });
    socket.on('close', (code, reason) => {
      if (done) return;
      done = true;
      transcript.close = { code, reason: String(reason) };
      clearTimeout(idle);
      resolve(transcript);
    });
    socket.on('error', () => {});
    socket.on('open', async () => {
      transcript.protocol = socket.protocol;
      for (const frame of frames) {
        if (socket.readyState !== WebSocket.OPEN) return;
        socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
        await new Promise((next) => setTimeout(next, 40));
      }
      settle();
    });
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

describe('our graphql-ws adapter behaves as graphql-ws/use/ws', () => {
  const servers: Server[] = [];
  let upstreamUrl: string;
  let oursUrl: string;

  beforeAll(async () => {
    const upstream = createServer();
    useServer(
      {
        schema,
        roots: { query: rootValue, subscription: rootValue },
        connectionInitWaitTimeout: initTimeoutMs,
      },
      new WebSocketServer({ server: upstream, path: '/graphql' }),
    );
    const ours = createServer();
    serveGraphQLOverWebSocket(
      new WebSocketServer({ server: ours, path: '/graphql' }),
      { schema, roots: { query: rootValue, subscription: rootValue } },
      {
        connectionInitTimeoutMs: initTimeoutMs,
        maxBufferedBytes: 1024 * 1024,
        authenticate: async () => null,
        maxSubscriptionsPerSocket: 50,
        maxSocketsPerAddress: 50,
        maxSockets: 50,
        clientAddress: () => 'test',
        logger: createLogger({ logLevel: 'silent', env: 'test' }),
      },
    );
    servers.push(upstream, ours);
    upstreamUrl = await listen(upstream);
    oursUrl = await listen(ours);
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const init = { type: 'connection_init' };
  const scripts: Record<
    string,
    { protocols?: string[]; frames: Frame[]; settleMs?: number; closes?: number }
  > = {
    'a query and a subscription, then complete': {
      frames: [
        init,
        { id: 'q', type: 'subscribe', payload: { query: '{ hello }' } },
        { id: 's', type: 'subscribe', payload: { query: 'subscription { count(to: 3) }' } },
        { id: 's', type: 'complete' },
      ],
    },
    'ping answered with pong, pong ignored': {
      frames: [init, { type: 'ping', payload: { at: 1 } }, { type: 'pong' }],
    },
    'an invalid document: error message, socket stays': {
      frames: [init, { id: 'bad', type: 'subscribe', payload: { query: '{ nope }' } }, { type: 'ping' }],
    },
    'subscribe before connection_init (4401)': {
      closes: 4401,
      frames: [{ id: 'early', type: 'subscribe', payload: { query: '{ hello }' } }],
    },
    'connection_init twice (4429)': { closes: 4429, frames: [init, init] },
    'a duplicate operation id while it runs (4409)': {
      closes: 4409,
      frames: [
        init,
        { id: 'same', type: 'subscribe', payload: { query: 'subscription { count(to: 1000) }' } },
        { id: 'same', type: 'subscribe', payload: { query: '{ hello }' } },
      ],
      settleMs: 600,
    },
    'a message that is not JSON (4400)': { closes: 4400, frames: ['{ nope'] },
    'an unknown message type (4400)': { closes: 4400, frames: [init, { type: 'subscribe-all' }] },
    'a subscribe without an id (4400)': {
      closes: 4400,
      frames: [init, { type: 'subscribe', payload: { query: '{ hello }' } }],
    },
    'no connection_init in time (4408)': { closes: 4408, frames: [], settleMs: initTimeoutMs * 4 },
    'a client offering another subprotocol (the handshake fails: 1006 at the client)': {
      closes: 1006,
      protocols: ['graphql-ws'],
      frames: [init],
    },
  };

  it.each(Object.keys(scripts))('%s', async (name) => {
    const { protocols = ['graphql-transport-ws'], frames, settleMs, closes } = scripts[name];
    const [upstream, ours] = await Promise.all([
      play(upstreamUrl, protocols, frames, settleMs),
      play(oursUrl, protocols, frames, settleMs),
    ]);
    // The count subscription runs on: only the messages both saw before the duplicate are comparable.
    const comparable = (transcript: Transcript) =>
      name.includes('duplicate')
        ? {
            ...transcript,
            messages: transcript.messages.filter((message) => (message as { type: string }).type !== 'next'),
          }
        : transcript;
    expect(comparable(ours)).toEqual(comparable(upstream));
    expect(upstream.close?.code ?? null).toBe(closes ?? null);
    if (!closes) expect(upstream.messages.length).toBeGreaterThan(0);
  });
});
