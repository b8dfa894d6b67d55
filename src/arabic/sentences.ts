/** A sentence as an exact slice of the original text: `text.slice(start, end) === quote`. */
export interface Sentence {
  start: number;
  end: number;
  quote: string;
}

export interface SentenceOptions {
  /**
   * Also cut at commas and semicolons. Off by default: Arabic news puts appositions between commas
   * («التقى المبعوث الأميركي إلى الشرق الأوسط، ستيف ويتكوف، برئيس الوزراء القطري …»), and cutting there
   * separates a meeting verb from both of its participants. The Arabic semicolon is a clause break for
   * the same reason («يتوجه ويتكوف … إلى الدوحة؛ لاستئناف المحادثات»).
   */
  splitOnCommas?: boolean;
}

const SENTENCE_END = new Set(['.', '!', '?', '؟', '…', '\n', '\r', '\u2029']);
const CLAUSE_END = new Set(['،', ',', ';', '؛']);
const TRAILING_CLOSERS = new Set(['"', '”', '’', "'", '»', ')', ']', '.', '!', '?', '؟', '…']);

function isDigit(char: string | undefined): boolean {
  return char !== undefined && /\p{Nd}/u.test(char);
}

/** Whether the character at `index` ends a sentence; a point between digits (1.4) does not. */
function endsSentence(text: string, index: number, options: SentenceOptions): boolean {
  const char = text[index];
  if ((char === '.' || char === ',' || char === '،') && isDigit(text[index - 1]) && isDigit(text[index + 1]))
    return false;
  return SENTENCE_END.has(char) || (options.splitOnCommas === true && CLAUSE_END.has(char));
}

function pushTrimmed(text: string, start: number, end: number, out: Sentence[]): void {
  let from = start;
  let to = end;
  while (from < to && /\s/u.test(text[from])) from += 1;
  while (to > from && /\s/u.test(text[to - 1])) to -= 1;
  // A run of punctuation or a bare bullet is not a sentence.
  if (!/[\p{L}\p{N}]/u.test(text.slice(from, to))) return;
  out.push({ start: from, end: to, quote: text.slice(from, to) });
}

/** Sentences with their original offsets; closing quotes and brackets stay with the sentence they close. */
export function splitSentences(text: string, options: SentenceOptions = {}): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  let index = 0;
  while (index < text.length) {
    if (!endsSentence(text, index, options)) {
      index += 1;
      continue;
    }
    let end = index + 1;
    while (end < text.length && TRAILING_CLOSERS.has(text[end])) end += 1;
    pushTrimmed(text, start, end, sentences);
    start = end;
    index = end;
  }
  pushTrimmed(text, start, text.length, sentences);
  return sentences;
}
