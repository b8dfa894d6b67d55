/**
 * Scores for the synthetic gold (scripts/eval.ts): precision and recall from a one-to-one matching of
 * predictions to gold items, each with a 95% Wilson score interval (honest for the small counts a
 * hand-made gold set gives). Pure: callers read the files.
 */

export interface Interval {
  low: number;
  high: number;
}

export interface PrecisionRecall {
  truePositives: number;
  predicted: number;
  expected: number;
  precision: number;
  recall: number;
  precisionInterval: Interval;
  recallInterval: Interval;
}

const Z95 = 1.959963984540054;

/** The Wilson score interval of `successes` out of `trials` (the whole [0, 1] when there are none). */
export function wilson(successes: number, trials: number, z = Z95): Interval {
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function precisionRecall(truePositives: number, predicted: number, expected: number): PrecisionRecall {
  return {
    truePositives,
    predicted,
    expected,
    // Nothing predicted is nothing wrong, and nothing expected is nothing missed.
    precision: predicted === 0 ? 1 : truePositives / predicted,
    recall: expected === 0 ? 1 : truePositives / expected,
    precisionInterval: wilson(truePositives, predicted),
    recallInterval: wilson(truePositives, expected),
  };
}

/**
 * A maximum one-to-one matching (augmenting paths) between predictions and gold items that `matches`
 * allows: no prediction counts for two gold items and no gold item is found twice.
 */
export function matchOneToOne<P, G>(
  predicted: readonly P[],
  gold: readonly G[],
  matches: (p: P, g: G) => boolean,
): [number, number][] {
  const goldOf = new Array<number>(predicted.length).fill(-1);
  const predictedOf = new Array<number>(gold.length).fill(-1);
  const allowed = predicted.map((p) => gold.map((g) => matches(p, g)));
  const augment = (p: number, seen: boolean[]): boolean => {
    for (let g = 0; g < gold.length; g += 1) {
      if (!allowed[p][g] || seen[g]) continue;
      seen[g] = true;
      if (predictedOf[g] < 0 || augment(predictedOf[g], seen)) {
        predictedOf[g] = p;
        goldOf[p] = g;
        return true;
      }
    }
    return false;
  };
  for (let p = 0; p < predicted.length; p += 1) augment(p, new Array<boolean>(gold.length).fill(false));
  return goldOf.flatMap((g, p) => (g >= 0 ? [[p, g] as [number, number]] : []));
}

export function scoreMatching<P, G>(
  predicted: readonly P[],
  gold: readonly G[],
  matches: (p: P, g: G) => boolean,
): PrecisionRecall & { pairs: [number, number][] } {
  const pairs = matchOneToOne(predicted, gold, matches);
  return { ...precisionRecall(pairs.length, predicted.length, gold.length), pairs };
}
