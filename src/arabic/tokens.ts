import { normalizeWithOffsets, originalSpan, type NormalizedText } from './normalize';

/** A word of the normalized text; `start`/`end` index the normalized string. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

export interface TokenizedText extends NormalizedText {
  /** The original text, which every quote is sliced from. */
  source: string;
  tokens: Token[];
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Words of an already normalized string (an alias, a cue phrase). */
export function tokenizeNormalized(normalized: string): Token[] {
  const tokens: Token[] = [];
  for (const match of normalized.matchAll(WORD)) {
    const start = match.index ?? 0;
    tokens.push({ text: match[0], start, end: start + match[0].length });
  }
  return tokens;
}

/** Normalizes the text and splits it into words, keeping the way back to original offsets. */
export function tokenize(text: string): TokenizedText {
  const mapped = normalizeWithOffsets(text);
  return { ...mapped, source: text, tokens: tokenizeNormalized(mapped.normalized) };
}

/** The original [start, end) covered by tokens[first..last], skipping `skipChars` normalized chars of the first. */
export function tokenSpanToOriginal(
  tokenized: TokenizedText,
  first: number,
  last: number,
  skipChars = 0,
): { start: number; end: number } {
  return originalSpan(tokenized, tokenized.tokens[first].start + skipChars, tokenized.tokens[last].end);
}

/** The normalized text between two tokens, and whether the original breaks the line there. */
export function gapBetween(
  tokenized: TokenizedText,
  left: number,
  right: number,
): { text: string; crossesLine: boolean } {
  const leftToken = tokenized.tokens[left];
  const rightToken = tokenized.tokens[right];
  // Normalization turns a paragraph break into one space, so the break is looked for in the original.
  const original = tokenized.source.slice(
    tokenized.toOriginalEnd[leftToken.end - 1],
    tokenized.toOriginal[rightToken.start],
  );
  return {
    text: tokenized.normalized.slice(leftToken.end, rightToken.start),
    crossesLine: /[\n\r\u2028\u2029]/u.test(original),
  };
}

/** True when only a space or a hyphen on one line separates two adjacent tokens, so they may form one name. */
export function tokensAreJoined(tokenized: TokenizedText, left: number, right: number): boolean {
  const gap = gapBetween(tokenized, left, right);
  return !gap.crossesLine && (gap.text === ' ' || gap.text === '-' || gap.text === '‐' || gap.text === ' - ');
}

/** One way to read a token: the word itself, or the word with proclitics removed. */
export interface CliticReading {
  /** The form to look up (normalized). */
  form: string;
  /** Normalized characters of the token that are the stripped proclitic, excluded from a mention's span. */
  prefixLength: number;
}

/** The proclitics `cliticReadings` strips, in order: a conjunction, then a preposition ('' for none). */
export const CONJUNCTIONS: readonly string[] = ['', 'و', 'ف'];
export const PREPOSITIONS: readonly string[] = ['', 'ب', 'ل', 'ك'];
const MIN_STEM_LENGTH = 2;

/**
 * Every reading of a token, the whole word first and then by growing prefix: و ف, then ب ل ك, then ال.
 * After ل the article loses its alef (لل + stem = ل + ال + stem), so that case is also offered with the
 * article restored, which is how aliases such as «الولايات المتحدة» are stored.
 */
export function cliticReadings(token: string): readonly CliticReading[] {
  let readings = readingsCache.get(token);
  if (!readings) {
    // A memo, not state: the readings of a word never change, and articles repeat their words a lot.
    if (readingsCache.size >= READINGS_CACHE_LIMIT) readingsCache.clear();
    readings = Object.freeze(computeReadings(token));
    readingsCache.set(token, readings);
  }
  return readings;
}

const READINGS_CACHE_LIMIT = 50_000;
const readingsCache = new Map<string, readonly CliticReading[]>();

function computeReadings(token: string): CliticReading[] {
  const readings: CliticReading[] = [{ form: token, prefixLength: 0 }];
  const seen = new Set<string>([token]);
  const add = (form: string, prefixLength: number): void => {
    if (form.length < MIN_STEM_LENGTH || seen.has(form)) return;
    seen.add(form);
    readings.push({ form, prefixLength });
  };
  for (const conjunction of CONJUNCTIONS) {
    for (const preposition of PREPOSITIONS) {
      const head = conjunction + preposition;
      if (!token.startsWith(head)) continue;
      if (head) add(token.slice(head.length), head.length);
      if (preposition === 'ل') {
        if (token.startsWith(head + 'ل')) {
          const stem = token.slice(head.length + 1);
          add(stem, head.length + 1);
          add('ال' + stem, head.length);
        }
      } else if (token.startsWith(head + 'ال')) {
        add(token.slice(head.length + 2), head.length + 2);
      }
    }
  }
  return readings.sort((a, b) => a.prefixLength - b.prefixLength);
}

/** The first reading (whole word first, then the shortest prefix) that `isKnown` accepts. */
export function resolveClitic(token: string, isKnown: (form: string) => boolean): CliticReading | null {
  for (const reading of cliticReadings(token)) {
    if (isKnown(reading.form)) return reading;
  }
  return null;
}
