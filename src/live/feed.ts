import type { Db } from '../db/client';
import type { WalPosition } from '../db/replicas';
import { PushQueue } from './queue';
import type { FeedSignal } from './signal';

/** What the feed knows of a log entry: enough to route it; the rest is loaded by each cohort's selection. */
export interface FeedEvent {
  id: number;
  sequence: number;
  kind: string;
  meetingId: number | null;
  proposalId: number | null;
  actorIds: number[];
  /**
   * With replicas: the primary's log position read just after this entry was, so at or past its commit.
   * A cohort reads the entry's data only where that position has been replayed (src/server/app.ts).
   */
  committedBy?: WalPosition;
}

export interface FeedOptions {
  /** Safety net: how often to look at the log even without a signal (a lost Redis message, another writer). */
  pollIntervalMs: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
  /** With replicas: the primary's current log position, read after each batch (see `FeedEvent.committedBy`). */
  primaryPosition?: () => Promise<WalPosition>;
}

const eventSelect = {
  id: true,
  sequence: true,
  kind: true,
  meetingId: true,
  proposalId: true,
  actors: { select: { actorId: true } },
} as const;

/**
 * Reads the development log in sequence order and hands each new entry, once, to its listeners. Sequences
 * are handed out under a lock held to commit (domain/developments.ts), so reading "after the last one seen"
 * never skips an entry that commits later.
 */
export class LiveFeed {
  private head = 0;
  private started = false;
  private reading: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(events: FeedEvent[]) => void>();
  /** Counts of database reads and events, for benchmarks and metrics. */
  readonly stats = { reads: 0, events: 0 };

  private get batchSize(): number {
    return this.options.batchSize ?? 500;
  }

  constructor(
    private readonly prisma: Db,
    private readonly signal: FeedSignal,
    private readonly options: FeedOptions,
  ) {}

  /** The highest sequence handed to listeners; a new subscriber without a cursor starts here. */
  get lastSequence(): number {
    return this.head;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const [latest] = await this.prisma.development.findMany({
      orderBy: { sequence: 'desc' },
      take: 1,
      select: { sequence: true },
    });
    this.head = latest?.sequence ?? 0;
    this.signal.onSignal((sequence) => {
      if (sequence > this.head) this.wake();
    });
    this.signal.onReconnect(() => this.wake());
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.timer.unref();
  }

  /** Tells every process (through the signal) that entries up to `sequence` have committed. */
  announce(sequence: number): void {
    this.signal.publish(sequence);
  }

  subscribe(listener: (events: FeedEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * One subscriber's entries, without a cohort (src/live/cohorts.ts serves subscribers in cohorts): those
   * that `matches`, after `after` (or from now on, without it), each once and in log order. The backlog is
   * read from the log while live entries wait, then the waiting ones follow, skipping what the backlog had.
   * A failed backlog read ends the stream; the client resumes with its last cursor.
   */
  events(after: number | null, matches: (event: FeedEvent) => boolean): AsyncIterableIterator<FeedEvent> {
    let last = after ?? this.head;
    let waiting: FeedEvent[] | null = after === null ? null : [];
    const offer = (event: FeedEvent) => {
      if (event.sequence <= last) return;
      last = event.sequence;
      if (matches(event)) queue.push(event);
    };
    const unsubscribe = this.subscribe((events) => {
      for (const event of events) {
        if (waiting) waiting.push(event);
        else offer(event);
      }
    });
    const queue = new PushQueue<FeedEvent>(unsubscribe);
    if (after !== null)
      this.readRange(after, this.head).then(
        (backlog) => {
          backlog.forEach(offer);
          const held = waiting ?? [];
          waiting = null;
          held.forEach(offer);
        },
        (error: unknown) => {
          this.options.onError?.(error);
          queue.close();
        },
      );
    return queue;
  }

  /** Reads entries after `after` up to `upTo` (inclusive), in order: a resuming client's backlog. */
  async readRange(after: number, upTo: number): Promise<FeedEvent[]> {
    const events: FeedEvent[] = [];
    let from = after;
    while (from < upTo) {
      const batch = await this.readBatch(from, upTo);
      if (!batch.length) break;
      events.push(...batch);
      from = batch[batch.length - 1].sequence;
    }
    return events;
  }

  /** One page of the log after `after` (up to `upTo`, if given), in sequence order. */
  private async readBatch(after: number, upTo?: number): Promise<FeedEvent[]> {
    const rows = await this.prisma.development.findMany({
      where: { sequence: { gt: after, ...(upTo === undefined ? {} : { lte: upTo }) } },
      orderBy: { sequence: 'asc' },
      take: this.batchSize,
      select: eventSelect,
    });
    const events = rows.map(toEvent);
    // Read after the batch: every entry the batch saw had committed by then.
    if (events.length && this.options.primaryPosition) {
      const committedBy = await this.options.primaryPosition();
      for (const event of events) event.committedBy = committedBy;
    }
    return events;
  }

  /** Resolves once every entry committed before the call has been handed to listeners. */
  async catchUp(): Promise<void> {
    this.wake();
    while (this.reading) await this.reading;
  }

  private wake(): void {
    if (!this.started) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readNew()
      .catch((error) => this.options.onError?.(error))
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async readNew(): Promise<void> {
    for (;;) {
      this.stats.reads += 1;
      const events = await this.readBatch(this.head);
      if (!events.length) return;
      this.head = events[events.length - 1].sequence;
      this.stats.events += events.length;
      for (const listener of this.listeners) listener(events);
      if (events.length < this.batchSize) return;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.started = false;
    while (this.reading) await this.reading;
    this.listeners.clear();
  }
}

function toEvent(row: {
  id: number;
  sequence: number;
  kind: string;
  meetingId: number | null;
  proposalId: number | null;
  actors: { actorId: number }[];
}): FeedEvent {
  return {
    id: row.id,
    sequence: row.sequence,
    kind: row.kind,
    meetingId: row.meetingId,
    proposalId: row.proposalId,
    actorIds: row.actors.map((actor) => actor.actorId),
  };
}
