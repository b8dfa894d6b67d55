/**
 * Scoring of actor linking against hand-made gold mentions. Pure: callers read the files.
 *
 * A prediction counts when its span and actor equal a gold mention's (strict). The lenient score also
 * accepts overlapping spans of the same actor, which separates "found the right person" from
 * "disagreed with the annotator about where the name starts" (a clitic, a first name).
 */
import type { ActorId, AliasLanguage, GazetteerActor } from './gazetteer';

export interface LinkedSpan {
  actorId: ActorId;
  start: number;
  end: number;
}

export interface LinkingScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface LinkingEvaluation {
  strict: LinkingScore;
  lenient: LinkingScore;
  /** Gold mentions no prediction matched even leniently. */
  missed: LinkedSpan[];
  /** Predictions no gold mention matched even leniently. */
  spurious: LinkedSpan[];
}

export function score(truePositives: number, falsePositives: number, falseNegatives: number): LinkingScore {
  const predicted = truePositives + falsePositives;
  const expected = truePositives + falseNegatives;
  // With nothing predicted (or nothing expected) there is nothing wrong to count, so the ratio is 1.
  const precision = predicted === 0 ? 1 : truePositives / predicted;
  const recall = expected === 0 ? 1 : truePositives / expected;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}

/** One-to-one matching, earliest gold first; `same` decides whether a prediction may stand for a gold span. */
function matchSpans(
  predicted: readonly LinkedSpan[],
  gold: readonly LinkedSpan[],
  same: (p: LinkedSpan, g: LinkedSpan) => boolean,
) {
  const used = new Set<number>();
  const unmatchedGold: LinkedSpan[] = [];
  for (const expected of gold) {
    const index = predicted.findIndex((candidate, i) => !used.has(i) && same(candidate, expected));
    if (index >= 0) used.add(index);
    else unmatchedGold.push(expected);
  }
  const unmatchedPredicted = predicted.filter((_, i) => !used.has(i));
  return { matched: used.size, unmatchedGold, unmatchedPredicted };
}

const sameActor = (a: LinkedSpan, b: LinkedSpan): boolean => String(a.actorId) === String(b.actorId);

export interface EvaluationOptions {
  /** Ignore predictions starting at or after this offset: the gold covers only the text before it. */
  scoredUntil?: number;
}

export function evaluateLinking(
  allPredicted: readonly LinkedSpan[],
  gold: readonly LinkedSpan[],
  options: EvaluationOptions = {},
): LinkingEvaluation {
  const until = options.scoredUntil ?? Infinity;
  const predicted = allPredicted.filter((span) => span.start < until);
  const strict = matchSpans(
    predicted,
    gold,
    (p, g) => sameActor(p, g) && p.start === g.start && p.end === g.end,
  );
  const lenient = matchSpans(
    predicted,
    gold,
    (p, g) => sameActor(p, g) && p.start < g.end && g.start < p.end,
  );
  return {
    strict: score(strict.matched, strict.unmatchedPredicted.length, strict.unmatchedGold.length),
    lenient: score(lenient.matched, lenient.unmatchedPredicted.length, lenient.unmatchedGold.length),
    missed: lenient.unmatchedGold,
    spurious: lenient.unmatchedPredicted,
  };
}

/** Micro-average: the counts of several articles added up before the ratios are taken. */
export function combineScores(scores: readonly LinkingScore[]): LinkingScore {
  const sum = (key: 'truePositives' | 'falsePositives' | 'falseNegatives') =>
    scores.reduce((total, s) => total + s[key], 0);
  return score(sum('truePositives'), sum('falsePositives'), sum('falseNegatives'));
}

/** The curated seed actor format (seeds/actors.json). */
export interface SeedActor {
  slug: string;
  kind: string;
  nameEn: string;
  nameAr?: string | null;
  aliases: { text: string; language: AliasLanguage }[];
}

/** Gazetteer input for seed actors, keyed by slug; like the stored actors, their names count as aliases. */
export function gazetteerActorsFromSeeds(actors: readonly SeedActor[]): GazetteerActor[] {
  return actors.map((actor) => ({
    id: actor.slug,
    kind: actor.kind,
    aliases: [
      { text: actor.nameEn, language: 'EN' as const },
      ...(actor.nameAr ? [{ text: actor.nameAr, language: 'AR' as const }] : []),
      ...actor.aliases,
    ],
  }));
}
