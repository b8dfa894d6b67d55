import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/**
 * Wakes the feed when new log entries have committed. It carries only a sequence number: the log in
 * the database is the truth, so a lost signal delays delivery but never loses an event.
 */
export interface FeedSignal {
  publish(lastSequence: number): void;
  onSignal(listener: (lastSequence: number) => void): void;
  /** Called when the transport comes back after an outage, so the feed can catch up. */
  onReconnect(listener: () => void): void;
  readonly healthy: boolean;
  close(): Promise<void>;
}

export class InProcessSignal implements FeedSignal {
  private readonly emitter = new EventEmitter();
  readonly healthy = true;

  publish(lastSequence: number): void {
    this.emitter.emit('signal', lastSequence);
  }
  onSignal(listener: (lastSequence: number) => void): void {
    this.emitter.on('signal', listener);
  }
  onReconnect(): void {}
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/** Redis pub/sub so that every server process hears of commits made by any of them. */
export class RedisSignal implements FeedSignal {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly local = new InProcessSignal();
  private readonly reconnectListeners: (() => void)[] = [];
  private readonly channel: string;
  private wasDown = false;

  constructor(
    url: string,
    channelPrefix: string,
    private readonly onError: (error: Error) => void = () => {},
    /** What the numbers name: `developments` (log sequences) or `candidates` (ids of changed candidates). */
    topic = 'developments',
  ) {
    this.channel = `${channelPrefix}:${topic}`;
    const options = {
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
    };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => {
        this.wasDown = true;
        this.onError(error);
      });
    }
    this.subscriber.on('ready', () => {
      if (this.wasDown) {
        this.wasDown = false;
        for (const listener of this.reconnectListeners) listener();
      }
    });
    void this.subscriber.subscribe(this.channel).catch((error: Error) => this.onError(error));
    this.subscriber.on('message', (_channel: string, message: string) => {
      const sequence = Number(message);
      if (Number.isSafeInteger(sequence)) this.local.publish(sequence);
    });
  }

  get healthy(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  publish(lastSequence: number): void {
    // This process hears its own commits at once, even while Redis is down.
    this.local.publish(lastSequence);
    this.publisher.publish(this.channel, String(lastSequence)).catch((error: Error) => this.onError(error));
  }
  onSignal(listener: (lastSequence: number) => void): void {
    this.local.onSignal(listener);
  }
  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }
  async close(): Promise<void> {
    await this.local.close();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
