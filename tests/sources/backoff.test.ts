import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMs, maxBackoffMs } from '../../src/sources/backoff';

describe('backoff', () => {
  it('property: between half and all of min(cap, interval x 2^(failures-1)), never under half the interval', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 60, max: 86_400 }),
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (seconds, failures, random) => {
          const interval = seconds * 1000;
          const ceiling = Math.max(
            interval,
            Math.min(maxBackoffMs, interval * 2 ** Math.min(failures - 1, 30)),
          );
          const delay = backoffMs(interval, failures, random);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(ceiling);
          expect(delay).toBeGreaterThanOrEqual(interval / 2);
        },
      ),
    );
  });

  it('grows with failures up to the cap, and jitter spreads sources that failed together', () => {
    const interval = 900_000;
    expect(backoffMs(interval, 1, 0.999)).toBeLessThanOrEqual(interval);
    expect(backoffMs(interval, 3, 0)).toBe(2 * interval);
    expect(backoffMs(interval, 50, 0.999)).toBeLessThanOrEqual(maxBackoffMs);
    const spread = new Set(Array.from({ length: 20 }, () => backoffMs(interval, 4)));
    expect(spread.size).toBeGreaterThan(10);
  });
});
