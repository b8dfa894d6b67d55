import { PushQueue } from './queue';
import type { FeedSignal } from './signal';

/**
 * Tells the review desks of every process which candidates were created, edited or decided. Unlike the
 * development log, the queue's changes are not public news and have no log of their own: a notice
 * carries a candidate id over the same signal transport as the feed (Redis pub/sub across processes,
 * in-process otherwise), and each subscriber reads the candidate's current row when the notice comes.
 * A notice lost while Redis is down is not replayed; a desk re-reads its queue whenever its socket
 * (re)connects, and a reconnect of this process's Redis subscriber ends the streams so that clients do.
 */
export class ReviewNotices {
  private readonly queues = new Set<PushQueue<number>>();

  constructor(private readonly signal: FeedSignal) {
    signal.onSignal((candidateId) => {
      for (const queue of this.queues) queue.push(candidateId);
    });
    // Notices published while this process could not hear them are gone: end the streams, so that
    // every desk resubscribes and reads its queue afresh.
    signal.onReconnect(() => {
      for (const queue of [...this.queues]) queue.close();
    });
  }

  /** After commit: every process's subscribers hear of these candidates. */
  announce(candidateIds: readonly number[]): void {
    for (const candidateId of candidateIds) this.signal.publish(candidateId);
  }

  /** The ids of changed candidates from now on, until the consumer stops. */
  subscribe(): PushQueue<number> {
    const queue: PushQueue<number> = new PushQueue<number>(() => this.queues.delete(queue));
    this.queues.add(queue);
    return queue;
  }

  get subscribers(): number {
    return this.queues.size;
  }

  close(): void {
    for (const queue of [...this.queues]) queue.close();
  }
}
