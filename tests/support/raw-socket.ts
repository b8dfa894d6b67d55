import WebSocket from 'ws';

export interface RawSocket {
  socket: WebSocket;
  /** Every message the server sent, parsed. */
  messages: { type: string; id?: string; payload?: unknown }[];
  /** Resolves with connection_ack, rejects if the socket closes first. */
  acked: Promise<void>;
  /** Resolves when the socket closes, with the code, reason and the time it closed (Date.now()). */
  closed: Promise<{ code: number; reason: string; at: number }>;
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void;
  /** Resolves once a message matching `test` has arrived (or rejects after `timeoutMs`). */
  next(test: (message: RawSocket['messages'][number]) => boolean, timeoutMs?: number): Promise<void>;
}

/** A graphql-transport-ws socket driven by hand: it sends connection_init and then only what the test sends. */
export function rawSocket(
  httpUrl: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): RawSocket {
  const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
  const messages: RawSocket['messages'] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason), at: Date.now() }));
    socket.on('error', () => {});
  });
  const acked = new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as RawSocket['messages'][number];
      messages.push(message);
      if (message.type === 'connection_ack') resolve();
      for (const waiter of waiters) waiter();
    });
    void closed.then(({ code, reason }) => reject(new Error(`closed ${code} ${reason} before ack`)));
  });
  acked.catch(() => {});
  socket.on('open', () =>
    socket.send(
      JSON.stringify(
        payload === undefined ? { type: 'connection_init' } : { type: 'connection_init', payload },
      ),
    ),
  );
  return {
    socket,
    messages,
    acked,
    closed,
    subscribe(id, query, variables) {
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    },
    next(test, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!messages.some(test)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message in ${timeoutMs} ms: ${JSON.stringify(messages.slice(-3))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Polls `condition` every 10 ms until it holds (or throws after `timeoutMs`). */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Opens a graphql-transport-ws socket and reports the upgrade's outcome: the open socket (status 101), or
 * the HTTP status, Retry-After and body with which the server refused it.
 */
export function upgrade(
  httpUrl: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; retryAfter?: string; body?: string; socket?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
    socket.on('open', () => resolve({ status: 101, socket }));
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body }),
      );
    });
    socket.on('error', (error) => reject(error));
  });
}
