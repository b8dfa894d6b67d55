import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkHistory,
  faultRecoveries,
  type History,
  type LogEntry,
  type SubscriberHistory,
  type WriteRecord,
} from '../../scripts/soak/checker';

/** A clean run: entries 1..10 (1-2 from seeding, the rest written by the soak), two subscribers. */
function cleanHistory(): History {
  const log: LogEntry[] = Array.from({ length: 10 }, (_, index) => ({
    sequence: index + 1,
    key: index < 2 ? null : `k${index + 1}`,
    recordedAt: 1000 + index * 100,
  }));
  const writes: WriteRecord[] = log
    .filter((entry) => entry.key)
    .map((entry) => ({
      key: entry.key!,
      operation: 'recordDevelopment',
      appendsToLog: true,
      acknowledged: true,
      sequence: entry.sequence,
      attempts: entry.sequence === 5 ? 3 : 1,
    }));
  writes.push({
    key: 'a1',
    operation: 'addArticle',
    appendsToLog: false,
    acknowledged: true,
    sequence: null,
    attempts: 2,
  });
  const subscribers: SubscriberHistory[] = [
    { id: 'ws-0', firstCursor: 2, received: [3, 4, 5, 6, 7, 8, 9, 10] },
    { id: 'sse-0', firstCursor: 6, received: [7, 8, 9, 10] },
  ];
  return { log, writes, subscribers, storedArticleKeys: ['a1'] };
}

describe('the soak history checker', () => {
  it('passes a clean history', () => {
    const verdict = checkHistory(cleanHistory());
    expect(verdict.failures).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.counts).toMatchObject({ logEntries: 10, acknowledgedWrites: 9, retriedWrites: 2 });
  });

  it('fails a subscriber that lost one event', () => {
    const history = cleanHistory();
    history.subscribers[0].received = [3, 4, 5, 7, 8, 9, 10];
    const verdict = checkHistory(history);
    expect(verdict.ok).toBe(false);
    expect(verdict.counts.lost).toBe(1);
    expect(verdict.failures.join('\n')).toMatch(/ws-0: 1 lost/);
  });

  it('fails a subscriber that got one event twice', () => {
    const history = cleanHistory();
    history.subscribers[1].received = [7, 8, 8, 9, 10];
    const verdict = checkHistory(history);
    expect(verdict.ok).toBe(false);
    expect(verdict.counts).toMatchObject({ duplicated: 1, lost: 0, reordered: 0 });
  });

  it('fails a subscriber that got two events out of order', () => {
    const history = cleanHistory();
    history.subscribers[0].received = [3, 4, 6, 5, 7, 8, 9, 10];
    const verdict = checkHistory(history);
    expect(verdict.ok).toBe(false);
    expect(verdict.counts).toMatchObject({ reordered: 1, lost: 0, duplicated: 0 });
  });

  it('fails a log with a gap, even when every subscriber agrees with the log', () => {
    const history = cleanHistory();
    history.log = history.log.filter((entry) => entry.sequence !== 6);
    history.writes = history.writes.filter((write) => write.key !== 'k6');
    history.subscribers = history.subscribers.map((subscriber) => ({
      ...subscriber,
      received: subscriber.received.filter((sequence) => sequence !== 6),
    }));
    const verdict = checkHistory(history);
    expect(verdict.ok).toBe(false);
    expect(verdict.counts.gaps).toBe(1);
    expect(verdict.failures).toContain('log gap: sequences 6..6 are missing');
  });

  it('fails a key whose retries made two entries', () => {
    const history = cleanHistory();
    history.log.push({ sequence: 11, key: 'k5', recordedAt: 3000 });
    for (const subscriber of history.subscribers) subscriber.received.push(11);
    const verdict = checkHistory(history);
    expect(verdict.ok).toBe(false);
    expect(verdict.counts.keysWithSeveralEntries).toBe(1);
    expect(verdict.failures.join('\n')).toMatch(/key k5 made 2 entries: 5,11/);
  });

  it('fails an acknowledged write that is not in the log, or at another sequence than it was told', () => {
    const missing = cleanHistory();
    missing.writes.push({
      key: 'k99',
      operation: 'reviseDevelopment',
      appendsToLog: true,
      acknowledged: true,
      sequence: 11,
      attempts: 1,
    });
    expect(checkHistory(missing).counts.acknowledgedMissing).toBe(1);
    const moved = cleanHistory();
    moved.writes[0].sequence = 4;
    expect(checkHistory(moved).counts.acknowledgedWrongSequence).toBe(1);
    const noArticle = cleanHistory();
    noArticle.storedArticleKeys = [];
    expect(checkHistory(noArticle).ok).toBe(false);
  });

  it('accepts an unacknowledged write that never committed, or committed once', () => {
    const history = cleanHistory();
    history.writes.push({
      key: 'gave-up',
      operation: 'recordDevelopment',
      appendsToLog: true,
      acknowledged: false,
      sequence: null,
      attempts: 5,
    });
    history.writes[3].acknowledged = false;
    expect(checkHistory(history).ok).toBe(true);
  });

  it('fails any single lost, repeated or swapped delivery in any clean history (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom('lose', 'repeat', 'swap'),
        (length, pick, damage) => {
          const log = Array.from({ length }, (_, index) => ({
            sequence: index + 1,
            key: null,
            recordedAt: index,
          }));
          const received = log.map((entry) => entry.sequence);
          const history: History = {
            log,
            writes: [],
            subscribers: [{ id: 's', firstCursor: 0, received }],
          };
          expect(checkHistory(history).ok).toBe(true);
          const at = pick % (length - 1);
          const broken = [...received];
          if (damage === 'lose') broken.splice(at, 1);
          if (damage === 'repeat') broken.splice(at, 0, broken[at]);
          if (damage === 'swap') [broken[at], broken[at + 1]] = [broken[at + 1], broken[at]];
          history.subscribers = [{ id: 's', firstCursor: 0, received: broken }];
          expect(checkHistory(history).ok).toBe(false);
        },
      ),
    );
  });

  it('reports the longest delivery gap and the time to recover per fault, flagging slow recoveries', () => {
    const log = [1, 2, 3, 4].map((sequence) => ({ sequence, key: null, recordedAt: sequence * 1000 }));
    const subscribers = [
      { id: 'a', firstCursor: 0, received: [1, 2, 3, 4] },
      { id: 'b', firstCursor: 0, received: [1, 2, 3, 4] },
    ];
    const deliveries = [
      ...[1, 2, 3, 4].map((sequence) => ({ subscriber: 'a', sequence, at: sequence * 1000 + 10 })),
      // b is cut off from 2.5 s and catches up at 9 s.
      { subscriber: 'b', sequence: 1, at: 1010 },
      { subscriber: 'b', sequence: 2, at: 2010 },
      { subscriber: 'b', sequence: 3, at: 9000 },
      { subscriber: 'b', sequence: 4, at: 9001 },
    ];
    const [fault] = faultRecoveries(
      [{ name: 'pg-cut', startedAt: 2500, restoredAt: 3500 }],
      log,
      deliveries,
      subscribers,
      4000,
    );
    // Recovered when b has entry 4, the first recorded after the restore: 9001 - 3500.
    expect(fault).toMatchObject({ recoveryMs: 5501, flagged: true });
    expect(fault.longestDeliveryGapMs).toBe(6500);
  });
});
