import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeArticle, buildGazetteer, linkActors, type ActorMention } from '../../src/arabic';
import {
  combineScores,
  evaluateLinking,
  gazetteerActorsFromSeeds,
  type LinkingEvaluation,
  type SeedActor,
} from '../../src/arabic/eval';

interface SeedArticle {
  key: string;
  file: string;
  excludedRanges: { start: number; end: number }[];
}
interface GoldMention {
  article: string;
  actor: string;
  start: number;
  end: number;
  text: string;
}
interface SeedMeeting {
  slug: string;
  evidence?: { article: string; quote: string }[];
}

const seeds = new URL('../../seeds/', import.meta.url);
const readJson = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, seeds), 'utf8')) as T;

const actors = readJson<SeedActor[]>('actors.json');
const articles = readJson<SeedArticle[]>('articles.json').map((article) => ({
  ...article,
  text: readFileSync(new URL(article.file, seeds), 'utf8'),
  // Excluded ranges (004's glued-on story) are not negotiation news: nothing there is scored.
  unrelatedFrom: article.excludedRanges.length
    ? Math.min(...article.excludedRanges.map((range) => range.start))
    : undefined,
}));
const goldMentions = readJson<GoldMention[]>('gold/mentions.json');
const gazetteer = buildGazetteer(gazetteerActorsFromSeeds(actors));

/** Article 003 was kept out of every linker adjustment; it is scored on its own. */
const HELD_OUT = '003';

function evaluate(article: (typeof articles)[number], mentions: ActorMention[]): LinkingEvaluation {
  const gold = goldMentions
    .filter((m) => m.article === article.key)
    .map((m) => ({ actorId: m.actor, start: m.start, end: m.end }));
  return evaluateLinking(mentions, gold, { scoredUntil: article.unrelatedFrom });
}

describe('evaluateLinking', () => {
  it('counts strict span-and-actor matches and lenient overlaps separately', () => {
    const gold = [
      { actorId: 'hamas', start: 10, end: 14 },
      { actorId: 'us', start: 20, end: 35 },
      { actorId: 'qatar', start: 40, end: 43 },
    ];
    const predicted = [
      { actorId: 'hamas', start: 10, end: 14 },
      { actorId: 'us', start: 19, end: 35 },
      { actorId: 'egypt', start: 40, end: 43 },
      { actorId: 'israel', start: 90, end: 97 },
    ];
    const result = evaluateLinking(predicted, gold, { scoredUntil: 80 });
    expect(result.strict).toMatchObject({ truePositives: 1, falsePositives: 2, falseNegatives: 2 });
    expect(result.lenient).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1 });
    expect(result.lenient.precision).toBeCloseTo(2 / 3);
    expect(result.missed).toEqual([{ actorId: 'qatar', start: 40, end: 43 }]);
    expect(result.spurious).toEqual([{ actorId: 'egypt', start: 40, end: 43 }]);
  });
});

describe('actor linking on the seed articles', () => {
  const results = articles.map((article) => ({
    article,
    result: evaluate(article, linkActors(article.text, gazetteer)),
  }));

  it.each(
    results
      .filter(({ article }) => article.key !== HELD_OUT)
      .map(({ article, result }) => [article.key, result] as const),
  )('article %s: strict precision and recall ≥ 0.95', (_key, result) => {
    expect(result.strict.precision).toBeGreaterThanOrEqual(0.95);
    expect(result.strict.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('held-out article 003: strict precision and recall ≥ 0.9 (measured 1.00 / 1.00)', () => {
    const [{ result }] = results.filter(({ article }) => article.key === HELD_OUT);
    expect(result.strict.precision).toBeGreaterThanOrEqual(0.9);
    expect(result.strict.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('all five articles together: strict F1 ≥ 0.97', () => {
    expect(combineScores(results.map(({ result }) => result.strict)).f1).toBeGreaterThanOrEqual(0.97);
  });

  it('finds the spelling variants by fuzzy matching when the gazetteer lacks them', () => {
    const variants = new Set([
      'نتانياهو',
      'بنيامين نتانياهو',
      'إيدان ألكسندر',
      'آدم بويلر',
      'بويلر',
      'ديفيد بارنيا',
      'بارنيا',
    ]);
    const reduced = buildGazetteer(
      gazetteerActorsFromSeeds(
        actors.map((actor) => ({
          ...actor,
          nameAr: actor.nameAr && variants.has(actor.nameAr) ? null : actor.nameAr,
          aliases: actor.aliases.filter((alias) => !variants.has(alias.text)),
        })),
      ),
    );
    const scores = articles.map((article) => {
      const mentions = linkActors(article.text, reduced);
      const fuzzy = mentions.filter((m) => m.method === 'fuzzy').map((m) => m.quote);
      return { key: article.key, fuzzy, score: evaluate(article, mentions).strict };
    });
    expect(scores.find((s) => s.key === '002')?.fuzzy).toEqual(['آدم بويلر']);
    expect(scores.find((s) => s.key === '003')?.fuzzy).toEqual(['آدم بويلر', 'إيدان ألكسندر', 'آدم بويلر']);
    expect(scores.find((s) => s.key === '004')?.fuzzy).toEqual([
      'ديفيد بارنيا',
      'بارنيا',
      'بنيامين نتانياهو',
    ]);
    const combined = combineScores(scores.map((s) => s.score));
    expect(combined.precision).toBeGreaterThanOrEqual(0.95);
    expect(combined.recall).toBeGreaterThanOrEqual(0.95);
  });
});

describe('candidates on the seed articles', () => {
  const meetings = readJson<SeedMeeting[]>('meetings.json');
  const expectedMeetings = readJson<Record<string, string[]>>('gold/candidate-meetings.json');
  const analyses = new Map(articles.map((article) => [article.key, analyzeArticle(article.text, gazetteer)]));

  it('suggests a meeting for at least 8 of the 12 curated meetings (measured 8: a one-party cabinet session, two contacts without a meeting word and «the talks in Cairo and Doha» are not read as meetings), each quoting a sentence of its evidence', () => {
    let found = 0;
    for (const article of articles) {
      const meetingSentences = (analyses.get(article.key)?.meetings ?? []).flatMap((m) => m.quotes);
      for (const slug of expectedMeetings[article.key] ?? []) {
        const quotes = (meetings.find((m) => m.slug === slug)?.evidence ?? [])
          .filter((e) => e.article === article.key)
          .map((e) => e.quote);
        if (
          meetingSentences.some((d) =>
            quotes.some((quote) => d.quote.includes(quote) || quote.includes(d.quote)),
          )
        )
          found += 1;
      }
    }
    expect(found).toBeGreaterThanOrEqual(8);
  });

  it('suggests no meeting or proposal from the unrelated story glued onto article 004', () => {
    const article = articles.find((a) => a.key === '004');
    const unrelatedFrom = article?.unrelatedFrom ?? Infinity;
    const late = (analyses.get('004')?.developments ?? []).filter((d) => d.end > unrelatedFrom);
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((d) => d.kind === 'MEETING' || d.kind === 'PROPOSAL')).toEqual([]);
    const lateMeetings = (analyses.get('004')?.meetings ?? []).filter((m) =>
      m.quotes.some((q) => q.end > unrelatedFrom),
    );
    expect(lateMeetings).toEqual([]);
  });

  it('proposes as unknown actors only people the seed gazetteer lacks', () => {
    const names = [...analyses.values()].flatMap((analysis) =>
      analysis.unknownActors.map((candidate) => candidate.name),
    );
    expect(names).toEqual(['جون كيربي']);
  });
});
