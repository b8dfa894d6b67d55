/**
 * Turns a search query into a full-text query over the words articles actually contain. Articles are
 * indexed word for word (normalized, no stemming); the query does the forgiving: each query word becomes
 * the set of vocabulary words that are the same word under clitics (والمفاوضات, للمفاوضات ~ مفاوضات) or
 * a spelling variant of it by the linker's own rule (نتانياهو ~ نتنياهو, src/arabic/fuzzy.ts).
 */
import {
  coreLength,
  compatibleInitials,
  fuzzyThreshold,
  isInflectionOf,
  MIN_FUZZY_LENGTH,
  weightedDistance,
} from './fuzzy';
import { CONJUNCTIONS, PREPOSITIONS, cliticReadings, tokenizeNormalized } from './tokens';

/** Words of a query beyond this are ignored: each one adds a term every matching article must have. */
export const MAX_QUERY_WORDS = 8;

/** The distinct words of a normalized query, in order. */
export function queryWords(normalized: string): string[] {
  return [...new Set(tokenizeNormalized(normalized).map((token) => token.text))].slice(0, MAX_QUERY_WORDS);
}

/**
 * Prefixes p such that p + stem has `stem` among its clitic readings (the rules of `cliticReadings`):
 * a conjunction, then a preposition, then the article (which loses its alef after ل).
 */
export const cliticPrefixes: readonly string[] = CONJUNCTIONS.flatMap((conjunction) => [
  ...PREPOSITIONS.map((preposition) => conjunction + preposition),
  ...['', 'ب', 'ك'].map((preposition) => `${conjunction + preposition}ال`),
  `${conjunction}لل`,
]);

/** For a stem that starts with the article: p + stem without «ال» reads as the stem (للولايات ~ الولايات). */
export const articleLamPrefixes: readonly string[] = CONJUNCTIONS.map((conjunction) => `${conjunction}لل`);

/** The readings of each query word worth looking up: the word, and what it is without its clitics. */
export function queryReadings(words: string[]): string[] {
  return [...new Set(words.flatMap((word) => cliticReadings(word).map((reading) => reading.form)))];
}

/** Readings long enough for a spelling variant to count (shorter words differ by meaning, not spelling). */
export function fuzzyReadings(readings: string[]): string[] {
  return readings.filter((reading) => coreLength(reading) >= MIN_FUZZY_LENGTH);
}

function isVariant(form: string, stem: string): boolean {
  if (form === stem) return true;
  if (
    coreLength(form) < MIN_FUZZY_LENGTH ||
    coreLength(stem) < MIN_FUZZY_LENGTH ||
    !compatibleInitials(form, stem)
  )
    return false;
  const limit = fuzzyThreshold(form, stem);
  return limit > 0 && weightedDistance(form, stem, limit) <= limit && !isInflectionOf(form, stem);
}

/**
 * For each query word, the vocabulary words that match it. `vocabulary` is what the database returned
 * for the query's readings (their clitic forms and trigram neighbours): a reading other than the word
 * itself counts only if it is a word of its own there, so «ولد» is not read as «و» + «لد».
 * A query word with no match gets an empty list.
 */
export function expandQueryWords(words: string[], vocabulary: Iterable<string>): string[][] {
  const known = new Set(vocabulary);
  const readingsOf = new Map(
    [...known].map((word) => [word, cliticReadings(word).map((reading) => reading.form)]),
  );
  return words.map((word) => {
    const stems = cliticReadings(word)
      .map((reading) => reading.form)
      .filter((form) => form === word || known.has(form));
    const matches: string[] = [];
    for (const [candidate, forms] of readingsOf) {
      if (forms.some((form) => stems.some((stem) => isVariant(form, stem)))) matches.push(candidate);
    }
    return matches.sort();
  });
}

const lexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * Two tsqueries. `match`: every query word must occur (AND), as any of its vocabulary words (OR).
 * `rank`: all those words OR-ed, for ts_rank, which scores an OR query by how often and where (title or
 * body) each word occurs, with diminishing returns; an AND query it scores by co-occurring pairs instead,
 * and that saturates at 1 for long articles where the words occur many times, so every article would tie.
 */
export function toTsqueries(groups: string[][]): { match: string; rank: string } | null {
  const found = groups.filter((group) => group.length);
  if (!found.length) return null;
  return {
    match: found
      .map((group) => (group.length === 1 ? lexeme(group[0]) : `(${group.map(lexeme).join(' | ')})`))
      .join(' & '),
    rank: [...new Set(found.flat())].map(lexeme).join(' | '),
  };
}
