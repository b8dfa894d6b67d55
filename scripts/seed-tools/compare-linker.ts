// Diagnostic only: runs the project's actor linker over the seed articles and lists where it disagrees with
// seeds/gold/mentions.json. Run: npx tsx scripts/seed-tools/compare-linker.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildGazetteer, linkActors } from '../../src/arabic/index';
import { evaluateLinking, gazetteerActorsFromSeeds, combineScores } from '../../src/arabic/eval';

const dir = path.resolve('seeds');
const json = (name: string) => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
const articles = json('articles.json');
interface GoldMention {
  article: string;
  actor: number;
  start: number;
  end: number;
}
const gold: GoldMention[] = json('gold/mentions.json');
const gazetteer = buildGazetteer(gazetteerActorsFromSeeds(json('actors.json')));
const scores = [];
for (const article of articles) {
  const text = readFileSync(path.join(dir, article.file), 'utf8');
  const limit = article.unrelatedFrom ?? text.length;
  const predicted = linkActors(text, gazetteer)
    .filter((m) => m.end <= limit)
    .map((m) => ({ actorId: m.actorId, start: m.start, end: m.end, method: m.method }));
  const expected = gold
    .filter((m) => m.article === article.key)
    .map((m) => ({ actorId: m.actor, start: m.start, end: m.end }));
  const result = evaluateLinking(predicted, expected);
  scores.push(result.strict);
  console.log(
    article.key,
    'strict',
    result.strict,
    'lenient P/R',
    result.lenient.precision.toFixed(3),
    result.lenient.recall.toFixed(3),
  );
  const strictMiss = expected.filter(
    (g) => !predicted.some((p) => p.actorId === g.actorId && p.start === g.start && p.end === g.end),
  );
  const strictSpur = predicted.filter(
    (p) => !expected.some((g) => p.actorId === g.actorId && p.start === g.start && p.end === g.end),
  );
  for (const g of strictMiss)
    console.log('  gold-not-predicted', g.actorId, JSON.stringify(text.slice(g.start, g.end)), g.start);
  for (const p of strictSpur)
    console.log(
      '  predicted-not-gold',
      p.actorId,
      p.method,
      JSON.stringify(text.slice(p.start, p.end)),
      p.start,
    );
}
console.log('all', combineScores(scores));
