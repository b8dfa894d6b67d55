// The synthetic-gold part of seeds/evaluation.md.
import type { PrecisionRecall } from '../../src/arabic/scoring';
import type { PartScores } from './gold';

const pct = (value: number) => `${(value * 100).toFixed(1)}`;
const cell = (score: PrecisionRecall) =>
  `${pct(score.precision)} [${pct(score.precisionInterval.low)}–${pct(score.precisionInterval.high)}] | ${pct(score.recall)} [${pct(score.recallInterval.low)}–${pct(score.recallInterval.high)}] | ${score.truePositives} / ${score.predicted} / ${score.expected}`;

/** The figures the regression test guards, by name. */
export function figures(scores: PartScores): Record<string, PrecisionRecall> {
  return {
    'meetings, strict': scores.meetingsStrict,
    'meetings, lenient (participants only)': scores.meetingsLenient,
    'roles (not ATTENDEE)': scores.roles,
    'developments (kind and an actor)': scores.developments,
    'linking (actors per text)': scores.linking,
  };
}

export function goldReport(parts: { heldout: PartScores; tuning: PartScores }, heldOutHash: string): string {
  const rows = (scores: PartScores) =>
    Object.entries(figures(scores))
      .map(([label, score]) => `| ${label} | ${cell(score)} |`)
      .join('\n');
  const kinds = (scores: PartScores) =>
    Object.entries(scores.developmentsByKind)
      .map(([kind, score]) => `| ${kind} | ${cell(score)} |`)
      .join('\n');
  const header =
    '| measure | precision % [95% Wilson] | recall % [95% Wilson] | TP / predicted / gold |\n|---|---|---|---|';
  const { heldout, tuning } = parts;
  return `# Evaluation against the synthetic gold

Made by \`npm run eval\` (scripts/eval.ts, scoring in scripts/eval/gold.ts and src/arabic/scoring.ts) on ${new Date().toISOString().slice(0, 10)}.
Gold: \`seeds/gold/synthetic/\`, hand-written synthetic texts annotated by \`seeds/gold/GUIDELINE.md\` before
the extractor was changed; counts per failure mode in \`seeds/gold/COUNTS.md\`. The extractor was tuned on
the tuning part only. Held-out part sha256: \`${heldOutHash}\`.

Matching is one-to-one (maximum matching). A meeting is right **strictly** when its participants (the
set of actors, roles aside), status, city and date (inside the gold date's DAY/WEEK/MONTH window; no date
when the gold has none) all agree, **leniently** when its participants do. Candidates of different texts
about one meeting are merged first, as ingestion merges pending candidates. Roles: stated roles (not
ATTENDEE) of meetings paired by participants. Developments: same text, same kind, an actor in common.
Linking: the set of known actors each text names. Target: strict P ≥ 0.8 and R ≥ 0.8 on the held-out part.

## Held-out part (${heldout.meetingsStrict.expected} meetings, ${heldout.developments.expected} developments)

${header}
${rows(heldout)}

By development kind:

${header}
${kinds(heldout)}

Other people with a known surname left unlinked: ${heldout.refusals.correct} of ${heldout.refusals.total}.
Gold meetings not matched strictly: ${heldout.misses.join(', ') || 'none'}.

## Tuning part (${tuning.meetingsStrict.expected} meetings, ${tuning.developments.expected} developments)

${header}
${rows(tuning)}

By development kind:

${header}
${kinds(tuning)}

Other people with a known surname left unlinked: ${tuning.refusals.correct} of ${tuning.refusals.total}.
Gold meetings not matched strictly: ${tuning.misses.join(', ') || 'none'}.

Out of scope: Hijri dates (not recognised, so they give no date rather than a wrong one).
`;
}
