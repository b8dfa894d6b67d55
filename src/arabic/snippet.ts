import { normalizeArabic, normalizeWithOffsets, originalSpan } from './normalize';

function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const grams = new Set<string>();
  for (let index = 0; index + 3 <= padded.length; index += 1) grams.add(padded.slice(index, index + 3));
  return grams;
}

function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared += 1;
  return shared / (a.size + b.size - shared || 1);
}

export interface Snippet {
  /** A window of the original text around the best match, with ellipses where it was cut. */
  text: string;
  /** The matched words in the original text, as [start, end) offsets into `text`. */
  highlight: { start: number; end: number } | null;
}

/**
 * Finds where a query matches a text best, by trigram similarity of normalized words (so diacritics,
 * hamza forms, ta marbuta and clitics do not matter), and returns the original words around it.
 */
export function snippetFor(text: string, query: string, radius = 80): Snippet {
  const queryWords = normalizeArabic(query).split(' ').filter(Boolean);
  const mapped = normalizeWithOffsets(text);
  const words = [...mapped.normalized.matchAll(/\S+/gu)];
  if (!queryWords.length || !words.length) return { text: text.slice(0, radius * 2), highlight: null };
  const wanted = queryWords.map(trigrams);
  const grams = words.map((word) => trigrams(word[0]));
  let best = { score: -1, first: 0, last: 0 };
  for (let index = 0; index < words.length; index += 1) {
    // Score a run of as many words as the query has, each query word against the word at its place.
    let score = 0;
    const last = Math.min(words.length - 1, index + wanted.length - 1);
    for (let offset = 0; index + offset <= last; offset += 1)
      score += similarity(wanted[offset], grams[index + offset]);
    if (score > best.score) best = { score, first: index, last };
  }
  const firstWord = words[best.first];
  const lastWord = words[best.last];
  const span = originalSpan(mapped, firstWord.index!, lastWord.index! + lastWord[0].length);
  const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, span.start - radius)) + 1);
  let to = text.indexOf(' ', Math.min(text.length, span.end + radius));
  if (to < 0) to = text.length;
  const prefix = from > 0 ? '…' : '';
  const window = `${prefix}${text.slice(from, to).replace(/\s+/g, ' ')}${to < text.length ? '…' : ''}`;
  const before = text.slice(from, span.start).replace(/\s+/g, ' ');
  const matched = text.slice(span.start, span.end).replace(/\s+/g, ' ');
  const start = prefix.length + before.length;
  return { text: window, highlight: { start, end: start + matched.length } };
}
