import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchOneToOne, precisionRecall, wilson } from '../../src/arabic/scoring';
import { evaluatePart, partHash, type PartScores } from '../../scripts/eval/gold';
import { figures } from '../../scripts/eval/report';

const committed = JSON.parse(
  readFileSync(new URL('../../seeds/evaluation.json', import.meta.url), 'utf8'),
) as {
  synthetic: { heldOutHash: string; heldout: PartScores; tuning: PartScores };
};

/** A later change may not drop any committed figure by more than this (5 points). */
const TOLERANCE = 0.05;

describe('synthetic gold evaluation', () => {
  it('scores the held-out part the committed report was made from', async () => {
    expect(await partHash('heldout')).toBe(committed.synthetic.heldOutHash);
  });

  for (const part of ['heldout', 'tuning'] as const) {
    it(`keeps every committed ${part} figure within 5 points`, async () => {
      const now = figures(await evaluatePart(part));
      const before = figures(committed.synthetic[part]);
      for (const [label, score] of Object.entries(before)) {
        expect(now[label].precision, `${part} ${label} precision`).toBeGreaterThanOrEqual(
          score.precision - TOLERANCE,
        );
        expect(now[label].recall, `${part} ${label} recall`).toBeGreaterThanOrEqual(score.recall - TOLERANCE);
      }
    });
  }

  it('meets the strict target on the held-out part as committed', () => {
    const strict = committed.synthetic.heldout.meetingsStrict;
    expect(strict.precision).toBeGreaterThanOrEqual(0.8);
    expect(strict.recall).toBeGreaterThanOrEqual(0.8);
  });
});

describe('scoring', () => {
  it('gives Wilson intervals that match known values and contain the estimate', () => {
    const interval = wilson(17, 21);
    expect(interval.low).toBeCloseTo(0.6, 2);
    expect(interval.high).toBeCloseTo(0.923, 2);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.nat(), (trials, k) => {
        const successes = k % (trials + 1);
        const { low, high } = wilson(successes, trials);
        const p = successes / trials;
        return low >= 0 && high <= 1 && low <= p + 1e-12 && p <= high + 1e-12;
      }),
    );
  });

  it('counts nothing predicted as precise and nothing expected as recalled', () => {
    expect(precisionRecall(0, 0, 3)).toMatchObject({ precision: 1, recall: 0 });
    expect(precisionRecall(0, 2, 0)).toMatchObject({ precision: 0, recall: 1 });
  });

  it('finds a maximum one-to-one matching (greedy would take the wrong pair first)', () => {
    // Prediction 0 fits both gold items, prediction 1 only the first: the maximum pairs 0–1 and 1–0.
    const pairs = matchOneToOne([0, 1], [0, 1], (p, g) => p === 0 || g === 0);
    expect(pairs).toHaveLength(2);
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), { minLength: 0, maxLength: 4 }),
        (allowed) => {
          const predicted = allowed.map((_, i) => i);
          const gold = [0, 1, 2, 3];
          const pairs = matchOneToOne(predicted, gold, (p, g) => allowed[p][g]);
          // One-to-one and allowed.
          const distinct = new Set(pairs.map(([, g]) => g)).size === pairs.length;
          // Maximum: no assignment of more pairs exists (brute force over gold permutations).
          let best = 0;
          const permute = (rest: number[], chosen: number[]) => {
            if (chosen.length === predicted.length || rest.length === 0) {
              best = Math.max(best, chosen.filter((g, p) => g >= 0 && allowed[p][g]).length);
              return;
            }
            for (const g of [...rest, -1])
              permute(
                rest.filter((x) => x !== g),
                [...chosen, g],
              );
          };
          permute(gold, []);
          return distinct && pairs.every(([p, g]) => allowed[p][g]) && pairs.length === best;
        },
      ),
      { numRuns: 200 },
    );
  });
});
