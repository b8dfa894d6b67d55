/**
 * The soak's verdict on a recorded history (pure: no I/O, so its unit tests can feed it broken histories).
 * It answers the live feed's promise: every acknowledged write is in the log exactly once, the log has no
 * gap, every subscriber got every entry after its first cursor exactly once and in order, and a retried
 * write (same idempotency key) made one entry.
 */

/** One entry of the development log as read from the database at the end of the run. */
export interface LogEntry {
  sequence: number;
  /** The idempotency key the soak wrote into the entry (its summary), or null for entries it did not write. */
  key: string | null;
  /** When the entry was recorded (ms since epoch), for delivery latencies. */
  recordedAt: number;
}

/** One logical write: all attempts with one idempotency key. */
export interface WriteRecord {
  key: string;
  operation: string;
  /** Whether the write appends to the log (addArticle does not; its result is checked as an article). */
  appendsToLog: boolean;
  /** The client got a successful answer (after however many attempts). */
  acknowledged: boolean;
  /** The log sequence the answer named (for writes that append to the log). */
  sequence: number | null;
  attempts: number;
}

export interface SubscriberHistory {
  id: string;
  /** The sequence of the cursor it first subscribed with: it must get every entry after it. */
  firstCursor: number;
  /** Sequences in the order they arrived, across all its reconnections. */
  received: number[];
}

export interface History {
  log: LogEntry[];
  writes: WriteRecord[];
  subscribers: SubscriberHistory[];
  /** Keys of addArticle writes whose article exists in the database at the end. */
  storedArticleKeys?: string[];
}

export interface SubscriberVerdict {
  id: string;
  expected: number;
  lost: number;
  duplicated: number;
  reordered: number;
  unexpected: number;
}

export interface Verdict {
  ok: boolean;
  failures: string[];
  counts: {
    logEntries: number;
    gaps: number;
    acknowledgedWrites: number;
    acknowledgedMissing: number;
    acknowledgedWrongSequence: number;
    keysWithSeveralEntries: number;
    retriedWrites: number;
    lost: number;
    duplicated: number;
    reordered: number;
    unexpected: number;
  };
  subscribers: SubscriberVerdict[];
}

/** At most this many failures of one kind are spelled out; the counts say the rest. */
const detailLimit = 10;

export function checkHistory(history: History): Verdict {
  const failures: string[] = [];
  const note = (kind: string[], message: string) => {
    if (kind.length < detailLimit) kind.push(message);
  };

  // The log: sequences 1, 2, 3, … with no hole (an entry handed out but never committed would be one).
  const sorted = [...history.log].sort((a, b) => a.sequence - b.sequence);
  const gapMessages: string[] = [];
  let gaps = 0;
  let expectedNext = 1;
  for (const entry of sorted) {
    if (entry.sequence > expectedNext) {
      gaps += 1;
      note(gapMessages, `log gap: sequences ${expectedNext}..${entry.sequence - 1} are missing`);
    } else if (entry.sequence < expectedNext) {
      gaps += 1;
      note(gapMessages, `log repeats sequence ${entry.sequence}`);
    }
    expectedNext = Math.max(expectedNext, entry.sequence + 1);
  }
  failures.push(...gapMessages);

  // Entries per key: a key is one write, whatever its retries did.
  const entriesByKey = new Map<string, LogEntry[]>();
  for (const entry of sorted) {
    if (entry.key === null) continue;
    const list = entriesByKey.get(entry.key) ?? [];
    list.push(entry);
    entriesByKey.set(entry.key, list);
  }
  const keyMessages: string[] = [];
  let keysWithSeveralEntries = 0;
  for (const [key, entries] of entriesByKey) {
    if (entries.length > 1) {
      keysWithSeveralEntries += 1;
      note(keyMessages, `key ${key} made ${entries.length} entries: ${entries.map((e) => e.sequence)}`);
    }
  }
  failures.push(...keyMessages);

  const ackMessages: string[] = [];
  let acknowledgedMissing = 0;
  let acknowledgedWrongSequence = 0;
  const articles = new Set(history.storedArticleKeys ?? []);
  const acknowledged = history.writes.filter((write) => write.acknowledged);
  for (const write of acknowledged) {
    if (!write.appendsToLog) {
      if (history.storedArticleKeys && !articles.has(write.key)) {
        acknowledgedMissing += 1;
        note(ackMessages, `acknowledged ${write.operation} ${write.key} is not stored`);
      }
      continue;
    }
    const entries = entriesByKey.get(write.key) ?? [];
    if (!entries.length) {
      acknowledgedMissing += 1;
      note(
        ackMessages,
        `acknowledged ${write.operation} ${write.key} (sequence ${write.sequence}) is not in the log`,
      );
    } else if (write.sequence !== null && !entries.some((entry) => entry.sequence === write.sequence)) {
      acknowledgedWrongSequence += 1;
      note(
        ackMessages,
        `acknowledged ${write.operation} ${write.key} answered sequence ${write.sequence}, the log has it at ${entries.map((e) => e.sequence)}`,
      );
    }
  }
  failures.push(...ackMessages);

  // Subscribers: exactly the sequences after the first cursor, up to the head, each once, in order.
  const head = sorted.length ? sorted[sorted.length - 1].sequence : 0;
  const logged = new Set(sorted.map((entry) => entry.sequence));
  const subscriberMessages: string[] = [];
  const subscribers: SubscriberVerdict[] = history.subscribers.map((subscriber) => {
    const seen = new Map<number, number>();
    let reordered = 0;
    let unexpected = 0;
    let highest = -Infinity;
    for (const sequence of subscriber.received) {
      const times = (seen.get(sequence) ?? 0) + 1;
      seen.set(sequence, times);
      if (sequence <= subscriber.firstCursor || !logged.has(sequence)) unexpected += 1;
      if (times === 1 && sequence < highest) reordered += 1;
      highest = Math.max(highest, sequence);
    }
    let duplicated = 0;
    for (const times of seen.values()) duplicated += times - 1;
    let lost = 0;
    let expected = 0;
    const lostSequences: number[] = [];
    for (let sequence = subscriber.firstCursor + 1; sequence <= head; sequence += 1) {
      if (!logged.has(sequence)) continue;
      expected += 1;
      if (!seen.has(sequence)) {
        lost += 1;
        if (lostSequences.length < 5) lostSequences.push(sequence);
      }
    }
    const verdict = { id: subscriber.id, expected, lost, duplicated, reordered, unexpected };
    if (lost || duplicated || reordered || unexpected)
      note(
        subscriberMessages,
        `subscriber ${subscriber.id}: ${lost} lost, ${duplicated} duplicated, ${reordered} reordered, ${unexpected} unexpected of ${expected}${lost ? ` (lost ${lostSequences.join(', ')})` : ''}`,
      );
    return verdict;
  });
  failures.push(...subscriberMessages);

  const sum = (pick: (verdict: SubscriberVerdict) => number) =>
    subscribers.reduce((total, verdict) => total + pick(verdict), 0);
  const counts = {
    logEntries: sorted.length,
    gaps,
    acknowledgedWrites: acknowledged.length,
    acknowledgedMissing,
    acknowledgedWrongSequence,
    keysWithSeveralEntries,
    retriedWrites: history.writes.filter((write) => write.attempts > 1).length,
    lost: sum((v) => v.lost),
    duplicated: sum((v) => v.duplicated),
    reordered: sum((v) => v.reordered),
    unexpected: sum((v) => v.unexpected),
  };
  const ok =
    !gaps &&
    !acknowledgedMissing &&
    !acknowledgedWrongSequence &&
    !keysWithSeveralEntries &&
    !counts.lost &&
    !counts.duplicated &&
    !counts.reordered &&
    !counts.unexpected;
  return { ok, failures, counts, subscribers };
}

/** A fault as the orchestrator ran it: when it began and when the system was whole again (restored). */
export interface FaultWindow {
  name: string;
  startedAt: number;
  restoredAt: number;
}

export interface Delivery {
  subscriber: string;
  sequence: number;
  at: number;
}

export interface FaultRecovery {
  name: string;
  startedAt: number;
  /** Longest time any subscriber went without a delivery while the fault lasted and until it recovered (ms). */
  longestDeliveryGapMs: number;
  /** From the restore until every subscriber had the first entry recorded after it (ms); null if never. */
  recoveryMs: number | null;
  /** The subscriber that recovered last (or not at all), to look into when flagged. */
  slowest: string | null;
  flagged: boolean;
}

/**
 * Per fault: the longest delivery gap and the time to recover, flagged (not failed) above `flagAboveMs`
 * (the poll interval plus reconnect backoff plus 2 s).
 */
export function faultRecoveries(
  faults: FaultWindow[],
  log: LogEntry[],
  deliveries: Delivery[],
  subscribers: SubscriberHistory[],
  flagAboveMs: number,
): FaultRecovery[] {
  const bySubscriber = new Map<string, Delivery[]>();
  for (const delivery of deliveries) {
    const list = bySubscriber.get(delivery.subscriber) ?? [];
    list.push(delivery);
    bySubscriber.set(delivery.subscriber, list);
  }
  return faults.map((fault) => {
    // Recovered once every subscriber has the first entry recorded after the restore: fresh writes flow again.
    const after = log.filter((entry) => entry.recordedAt > fault.restoredAt);
    const target = after.length ? Math.min(...after.map((entry) => entry.sequence)) : null;
    let recoveredAt = fault.restoredAt;
    let recovered = target !== null;
    let slowest: string | null = null;
    for (const subscriber of subscribers) {
      if (target === null || subscriber.firstCursor >= target) continue;
      const got = (bySubscriber.get(subscriber.id) ?? []).find((delivery) => delivery.sequence === target);
      if (!got) {
        recovered = false;
        slowest = subscriber.id;
      } else if (got.at > recoveredAt) {
        recoveredAt = got.at;
        if (recovered) slowest = subscriber.id;
      }
    }
    const until = recovered ? recoveredAt : fault.restoredAt;
    // The longest silence any subscriber had from the fault until it recovered (the silence running into
    // the recovery counts to the delivery that ended it).
    let longest = 0;
    for (const list of bySubscriber.values()) {
      let previous = fault.startedAt;
      for (const delivery of list) {
        if (delivery.at < fault.startedAt) continue;
        longest = Math.max(longest, delivery.at - previous);
        previous = delivery.at;
        if (delivery.at >= until) break;
      }
    }
    const recoveryMs = recovered ? recoveredAt - fault.restoredAt : null;
    return {
      name: fault.name,
      startedAt: fault.startedAt,
      longestDeliveryGapMs: longest,
      recoveryMs,
      slowest,
      flagged: recoveryMs === null || recoveryMs > flagAboveMs,
    };
  });
}
