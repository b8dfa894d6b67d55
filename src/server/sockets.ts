import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { CloseCode, handleProtocols, makeServer, MessageType, type ServerOptions } from 'graphql-ws';
import { WebSocket, type VerifyClientCallbackAsync, type WebSocketServer } from 'ws';
import type { FrameSink } from '../live/cohorts';
import type { Viewer } from '../schema/scopes';
import { revokedKeyCloseCode } from './key-revocation';
import type { ClientAddressResolver } from './client-address';
import type { Logger } from './logger';
import { requestIdHeader, requestIdOf } from './observability';

/** What every graphql-ws hook sees in `ctx.extra`. */
export interface SocketExtra {
  socket: WebSocket;
  request: IncomingMessage;
  /** Set by onConnect from connection_init's payload; null for anonymous sockets. */
  viewer: Viewer | null;
  /** The upgrade request's id; operations are named `<requestId>/<operation id>`. */
  requestId: string;
  /** Writes an already serialized graphql-ws message, under the same slow-subscriber guard as every send. */
  sendText: (data: Buffer | string) => void;
  /** Closes the socket with `code` and ends its subscriptions now, without waiting for the close handshake. */
  disconnect: (code: number, reason: string) => void;
  /** Run once when the socket is released (closed or disconnected). */
  onRelease: (cleanup: () => void) => void;
}

const nextFrameEnd = Buffer.from('}');

/**
 * A frame sink (src/live/cohorts.ts) for one subscription: wraps a payload serialized once for the whole
 * cohort in this operation's `next` message, so the socket gets the bytes graphql-ws would have written.
 */
export function nextMessageSink(
  extra: SocketExtra,
  operationId: string,
): FrameSink & { readonly sent: number } {
  const start = Buffer.from(`{"id":${JSON.stringify(operationId)},"type":"${MessageType.Next}","payload":`);
  let sent = 0;
  return {
    send(payload) {
      sent += 1;
      extra.sendText(Buffer.concat([start, payload, nextFrameEnd], start.length + payload.length + 1));
    },
    get sent() {
      return sent;
    },
  };
}

export interface SocketGuards {
  /** Closes a socket that has not sent connection_init by then (4408). */
  connectionInitTimeoutMs: number;
  /** Unsent bytes above which a subscriber counts as not reading and is disconnected (1008). */
  maxBufferedBytes: number;
  /** Resolves the key in connection_init; throws or returns false for a bad key (closed with 4403). */
  authenticate: (
    connectionParams: Readonly<Record<string, unknown>> | undefined,
  ) => Promise<Viewer | null | false>;
  /** Operations one socket may have running at once (subscriptions, and queries still executing). */
  maxSubscriptionsPerSocket: number;
  /** Open sockets per client address (see ./client-address.ts); more are refused at the upgrade with 429. */
  maxSocketsPerAddress: number;
  /** Open sockets in this process; more are refused at the upgrade with 503. */
  maxSockets: number;
  clientAddress: ClientAddressResolver;
  /**
   * Registers an authenticated socket's key for as long as the socket is open; `onRevoked` is called if
   * the key is revoked meanwhile (the socket then closes with 4403). Returns the unregistering function.
   */
  watchKey?: (keyId: number, onRevoked: () => void) => () => void;
  logger: Logger;
  keepAliveMs?: number;
}

export const slowSubscriberCloseCode = 1008;
/** How long a client refused for a socket cap is asked to wait (Retry-After, seconds). */
const socketCapRetryAfterSeconds = 10;

export function tooManySubscriptionsError(limit: number): GraphQLError {
  return new GraphQLError(`At most ${limit} operations may run at once on one socket`, {
    extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit },
  });
}

/**
 * graphql-ws over `ws`, as graphql-ws/use/ws does it, with one difference in the send path: the stock
 * adapter waits until each message has reached the kernel, so a client that stops reading parks its
 * events in the server's per-subscriber queues without bound. Here a send returns at once and the
 * socket's unsent bytes are checked instead: past the limit the client is disconnected, its
 * subscriptions end, and no other subscriber waits for it.
 */
export function serveGraphQLOverWebSocket(
  sockets: WebSocketServer,
  options: ServerOptions<Record<string, unknown> | undefined, SocketExtra>,
  guards: SocketGuards,
): { dispose(code?: number, reason?: string): void } {
  const server = makeServer<Record<string, unknown> | undefined, SocketExtra>({
    ...options,
    connectionInitWaitTimeout: guards.connectionInitTimeoutMs,
    // Yoga's parse and validate throw GraphQLErrors (syntax errors, graphql-armor limits); over HTTP Yoga
    // turns them into a response, here they must become an `error` message rather than a 4500 close.
    onSubscribe: options.onSubscribe
      ? async (ctx, id, payload) => {
          // graphql-ws has already registered this id, so the count includes it.
          if (Object.keys(ctx.subscriptions).length > guards.maxSubscriptionsPerSocket)
            return [tooManySubscriptionsError(guards.maxSubscriptionsPerSocket)];
          try {
            return await options.onSubscribe!(ctx, id, payload);
          } catch (error) {
            if (error instanceof GraphQLError) return [error];
            throw error;
          }
        }
      : undefined,
    onConnect: async (ctx) => {
      const viewer = await guards.authenticate(ctx.connectionParams);
      if (viewer === false) return false; // graphql-ws closes with 4403 Forbidden
      ctx.extra.viewer = viewer;
      if (viewer && guards.watchKey) {
        const { extra } = ctx;
        extra.onRelease(
          guards.watchKey(viewer.keyId, () => extra.disconnect(revokedKeyCloseCode, 'API key revoked')),
        );
      }
      return options.onConnect ? options.onConnect(ctx) : true;
    },
  });
  sockets.options.handleProtocols = handleProtocols;
  // Caps are checked before the handshake completes, so a refused client costs no socket state at all.
  // ws completes an upgrade in the same turn as this callback, so two upgrades cannot both pass one slot.
  const openByAddress = new Map<string, number>();
  const verifyClient: VerifyClientCallbackAsync = (info, accept) => {
    const retry = { 'retry-after': String(socketCapRetryAfterSeconds) };
    if (sockets.clients.size >= guards.maxSockets)
      return accept(false, 503, `The server is at its limit of ${guards.maxSockets} sockets`, retry);
    if ((openByAddress.get(guards.clientAddress(info.req)) ?? 0) >= guards.maxSocketsPerAddress)
      return accept(false, 429, `At most ${guards.maxSocketsPerAddress} sockets per client address`, retry);
    accept(true);
  };
  sockets.options.verifyClient = verifyClient;
  // The upgrade response carries the same x-request-id that the socket's operations log with.
  sockets.on('headers', (headers, request) => headers.push(`${requestIdHeader}: ${requestIdOf(request)}`));

  sockets.on('connection', (socket, request) => {
    const address = guards.clientAddress(request);
    openByAddress.set(address, (openByAddress.get(address) ?? 0) + 1);
    socket.once('close', () => {
      const open = (openByAddress.get(address) ?? 1) - 1;
      if (open > 0) openByAddress.set(address, open);
      else openByAddress.delete(address);
    });
    let released = false;
    let closeGraphQL: (code?: number, reason?: string) => Promise<void> = async () => {};
    const cleanups: (() => void)[] = [];
    const release = (code: number, reason: string) => {
      if (released) return;
      released = true;
      clearInterval(keepAlive);
      for (const cleanup of cleanups.splice(0)) cleanup();
      void closeGraphQL(code, reason);
    };
    const disconnect = (code: number, reason: string) => {
      socket.close(code, reason);
      // End its subscriptions now, not when the close handshake (maybe stuck behind unread data) completes.
      release(code, reason);
      // A client that never reads again would hold the unsent bytes until ws's own 30 s close timeout.
      setTimeout(() => socket.terminate(), 10_000).unref();
    };
    const disconnectSlowSubscriber = () => {
      guards.logger.warn(
        { reqId: extra.requestId, bufferedAmount: socket.bufferedAmount },
        'disconnecting a slow subscriber',
      );
      disconnect(
        slowSubscriberCloseCode,
        `Subscriber is not reading (over ${guards.maxBufferedBytes} bytes unsent)`,
      );
    };

    socket.once('error', (error) => {
      guards.logger.warn({ err: error }, 'graphql-ws socket error');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    // Ping to detect dead peers, as graphql-ws/use/ws does.
    const keepAliveMs = guards.keepAliveMs ?? 12_000;
    let pongWait: NodeJS.Timeout | null = null;
    const keepAlive = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      pongWait ??= setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once('pong', () => {
        if (pongWait) clearTimeout(pongWait);
        pongWait = null;
      });
      socket.ping();
    }, keepAliveMs);

    const sendText = (data: Buffer | string) => {
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.send(data, { binary: false });
      if (socket.bufferedAmount > guards.maxBufferedBytes) disconnectSlowSubscriber();
    };
    const extra: SocketExtra = {
      socket,
      request,
      viewer: null,
      requestId: requestIdOf(request),
      sendText,
      disconnect,
      onRelease: (cleanup) => (released ? cleanup() : cleanups.push(cleanup)),
    };
    closeGraphQL = server.opened(
      {
        protocol: socket.protocol,
        send: async (data) => sendText(data),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (message) => {
            try {
              await handle(String(message));
            } catch (error) {
              guards.logger.error(
                { err: error, reqId: extra.requestId },
                'graphql-ws message handling failed',
              );
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      release(code, String(reason));
    });
  });

  return {
    dispose(code = 1001, reason = 'Server shutting down') {
      for (const client of sockets.clients) client.close(code, reason);
    },
  };
}
