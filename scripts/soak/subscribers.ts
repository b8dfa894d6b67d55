import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { encodeCursor } from '../../src/cursors';
import type { Delivery, SubscriberHistory } from './checker';

/** Where a subscriber connects: its own process first, the other one when its own stays down. */
export interface Endpoint {
  name: string;
  url: string;
}

export interface CloseRecord {
  subscriber: string;
  process: string;
  code: number;
  at: number;
  /** False for a connection that never opened (refused while its process was down). */
  opened: boolean;
}

const feed = `subscription ($after: String) { developments(after: $after) { sequence } }`;
// The slow socket asks for the summaries too (the soak writes them long), so its backlog builds fast.
const heavyFeed = `subscription ($after: String) { developments(after: $after) { sequence summary cursor } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Reconnect backoff: 250 ms, then 500, capped at 1 s (the report's recovery flag allows for it). */
export const maxReconnectBackoffMs = 1000;
const backoff = (failures: number) => Math.min(250 * 2 ** Math.max(0, failures - 1), maxReconnectBackoffMs);

/** Shared record of every delivery and socket close, read by the checker and the fault assertions. */
export class Recorder {
  readonly deliveries: Delivery[] = [];
  readonly closes: CloseRecord[] = [];
  /** graphql-ws sockets open now, by process. */
  readonly open = new Map<string, number>();
  opened(process: string): void {
    this.open.set(process, (this.open.get(process) ?? 0) + 1);
  }
  closed(record: CloseRecord): void {
    this.closes.push(record);
    if (record.opened) this.open.set(record.process, (this.open.get(record.process) ?? 1) - 1);
  }
  /** Results that came with errors instead of an entry, by code: each one stands where an entry should be. */
  readonly errorResults: Record<string, number> = {};
  noteErrors(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): void {
    for (const error of errors ?? []) {
      const code = String(error.extensions?.code ?? 'UNKNOWN');
      this.errorResults[code] = (this.errorResults[code] ?? 0) + 1;
    }
  }
}

/** One stream of the feed, resumed from its last sequence on every reconnection, over graphql-ws or SSE. */
abstract class Subscriber {
  readonly history: SubscriberHistory;
  protected last: number;
  protected stopped = false;
  protected failures = 0;
  reconnects = 0;

  constructor(
    readonly id: string,
    protected readonly endpoints: [Endpoint, Endpoint],
    firstCursor: number,
    protected readonly recorder: Recorder,
  ) {
    this.history = { id, firstCursor, received: [] };
    this.last = firstCursor;
  }

  get lastSequence(): number {
    return this.last;
  }

  protected receive(sequence: number): void {
    this.history.received.push(sequence);
    this.recorder.deliveries.push({ subscriber: this.id, sequence, at: Date.now() });
    // The cursor only moves forward: a repeat or an older entry is recorded (the checker counts it), not resumed from.
    if (sequence > this.last) this.last = sequence;
    this.failures = 0;
  }

  /** After two failures in a row on its own process it tries the other (as a client behind a balancer would). */
  protected endpoint(): Endpoint {
    return this.endpoints[Math.floor(this.failures / 2) % 2];
  }

  protected async reconnectLater(): Promise<void> {
    if (this.stopped) return;
    this.failures += 1;
    this.reconnects += 1;
    await sleep(backoff(this.failures));
    if (!this.stopped) this.connect();
  }

  abstract connect(): void;
  abstract stop(): void;
}

/** A subscriber away from its own process goes back after this long, so that load (and faults) stay spread. */
const homeAfterMs = 5000;

export class WsSubscriber extends Subscriber {
  private client: Client | null = null;

  connect(): void {
    const endpoint = this.endpoint();
    let settled = false;
    let opened = false;
    const away = endpoint !== this.endpoints[0];
    const client = createClient({
      url: endpoint.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      on: {
        connected: () => {
          opened = true;
          this.recorder.opened(endpoint.name);
        },
        closed: (event) => {
          const code = (event as { code?: number }).code ?? 0;
          this.recorder.closed({ subscriber: this.id, process: endpoint.name, code, at: Date.now(), opened });
          opened = false;
        },
      },
    });
    this.client = client;
    const done = () => {
      if (settled) return;
      settled = true;
      void client.dispose();
      void this.reconnectLater();
    };
    const unsubscribe = client.subscribe<{ developments: { sequence: number } }>(
      { query: feed, variables: { after: encodeCursor('sequence', this.last) } },
      {
        next: (result) => {
          this.recorder.noteErrors(result.errors);
          const sequence = result.data?.developments.sequence;
          if (typeof sequence === 'number') this.receive(sequence);
        },
        error: done,
        complete: done,
      },
    );
    if (away)
      setTimeout(() => {
        if (settled || this.stopped) return;
        // Back home, resuming from the cursor like any other reconnection.
        settled = true;
        unsubscribe();
        void client.dispose();
        this.failures = 0;
        this.reconnects += 1;
        this.connect();
      }, homeAfterMs);
  }

  stop(): void {
    this.stopped = true;
    void this.client?.dispose();
  }
}

/** Server-sent events have no Last-Event-ID resume here: the client resubscribes with `after`. */
export class SseSubscriber extends Subscriber {
  private abort: AbortController | null = null;

  connect(): void {
    const endpoint = this.endpoint();
    const abort = new AbortController();
    this.abort = abort;
    void this.read(endpoint, abort.signal)
      .catch(() => {})
      .finally(() => {
        if (!this.stopped) void this.reconnectLater();
      });
  }

  private async read(endpoint: Endpoint, signal: AbortSignal): Promise<void> {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: feed, variables: { after: encodeCursor('sequence', this.last) } }),
      signal,
    });
    if (!response.ok || !response.body) throw new Error(`SSE ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n');
        if (!event.includes('event: next') || !data) continue;
        const parsed = JSON.parse(data) as {
          data?: { developments?: { sequence?: number } };
          errors?: { extensions?: Record<string, unknown> }[];
        };
        this.recorder.noteErrors(parsed.errors);
        const sequence = parsed.data?.developments?.sequence;
        if (typeof sequence === 'number') this.receive(sequence);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }
}

/**
 * One socket carrying many subscriptions of a heavy selection, which can stop reading on command: the
 * server cuts it off (WS_MAX_BUFFERED_BYTES, close 1008), and it resumes every stream from its cursor.
 */
export class SlowSocket {
  readonly streams: { history: SubscriberHistory; last: number }[];
  private socket: WebSocket | null = null;
  private client: Client | null = null;
  private stopped = false;
  private connectedTo: Endpoint | null = null;

  constructor(
    readonly id: string,
    private readonly endpoint: Endpoint,
    firstCursor: number,
    count: number,
    private readonly recorder: Recorder,
  ) {
    this.streams = Array.from({ length: count }, (_, index) => ({
      history: { id: `${id}-${index}`, firstCursor, received: [] },
      last: firstCursor,
    }));
  }

  get histories(): SubscriberHistory[] {
    return this.streams.map((stream) => stream.history);
  }

  connect(): void {
    if (this.stopped) return;
    const endpoint = this.endpoint;
    let reconnecting = false;
    let opened = false;
    const client = createClient({
      url: endpoint.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      on: {
        connected: (socket) => {
          this.socket = socket as WebSocket;
          this.connectedTo = endpoint;
          this.connections += 1;
          opened = true;
          this.recorder.opened(endpoint.name);
        },
        closed: (event) => {
          const code = (event as { code?: number }).code ?? 0;
          this.recorder.closed({ subscriber: this.id, process: endpoint.name, code, at: Date.now(), opened });
          opened = false;
          this.socket = null;
          if (reconnecting || this.stopped) return;
          reconnecting = true;
          void client.dispose();
          setTimeout(() => this.connect(), 250);
        },
      },
    });
    this.client = client;
    for (const stream of this.streams) {
      client.subscribe<{ developments: { sequence: number } }>(
        { query: heavyFeed, variables: { after: encodeCursor('sequence', stream.last) } },
        {
          next: (result) => {
            this.recorder.noteErrors(result.errors);
            const sequence = result.data?.developments.sequence;
            if (typeof sequence !== 'number') return;
            stream.history.received.push(sequence);
            this.recorder.deliveries.push({ subscriber: stream.history.id, sequence, at: Date.now() });
            if (sequence > stream.last) stream.last = sequence;
          },
          error: () => {},
          complete: () => {},
        },
      );
    }
  }

  /** Connections made so far (a reconnection counts). */
  connections = 0;

  /**
   * Closes the socket (it reconnects and resumes at once) and resolves on the new connection: a fresh TCP
   * connection has small kernel buffers, where a long-lived one may have grown them to megabytes (Linux
   * autotuning), so that the server's send buffer, not the kernel's, fills once it stops reading.
   */
  async reconnect(timeoutMs = 30_000): Promise<boolean> {
    const before = this.connections;
    this.socket?.close(1000, 'fresh connection');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.connections > before && this.connected) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return false;
  }

  get connected(): boolean {
    return this.socket !== null && this.connectedTo !== null;
  }

  /** Stops reading from the socket (the kernel buffers fill, then the server's send buffer). */
  pause(): void {
    (this.socket as unknown as { _socket?: { pause(): void } } | null)?._socket?.pause();
  }

  resume(): void {
    (this.socket as unknown as { _socket?: { resume(): void } } | null)?._socket?.resume();
  }

  get lastSequence(): number {
    return Math.min(...this.streams.map((stream) => stream.last));
  }

  stop(): void {
    this.stopped = true;
    void this.client?.dispose();
  }
}
