/**
 * The one normalizer: every comparison of Arabic text in the project (content hashes, alias lookup,
 * gazetteer matching, cue words) goes through `normalizeArabic`, so two spellings that differ only in
 * marks, letter variants, digits or spacing compare equal everywhere.
 *
 * `normalizeWithOffsets` produces exactly the same string plus a map back to the original text,
 * because evidence must quote the article verbatim at its original UTF-16 offsets.
 */

/** Normalized text plus, per normalized index, where in the original it came from. */
export interface NormalizedText {
  normalized: string;
  /**
   * `toOriginal[i]` is the original offset where normalized char `i` starts; `toOriginal[normalized.length]`
   * is the end of the last original character that produced output (trailing removed text is excluded).
   */
  toOriginal: Int32Array;
  /**
   * `toOriginalEnd[i]` is the original offset just after the character (with its diacritics) that produced
   * normalized char `i`. A normalized span [s, e) is the original slice [toOriginal[s], toOriginalEnd[e - 1]).
   */
  toOriginalEnd: Int32Array;
}

// Each mark is listed to be removed on its own, so a class of combining characters is what is meant here.
const REMOVED =
  // eslint-disable-next-line no-misleading-character-class
  /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/gu;
const COMBINING_MARK = /\p{M}/u;
const LATIN = /\p{Script=Latin}/u;
const WHITESPACE = /\s/u;

function isWhitespace(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code === 0x20) return true;
  if (code < 0x80) return code >= 0x09 && code <= 0x0d;
  return code < 0x0600 || code > 0x06ff ? WHITESPACE.test(char) : false;
}

const LETTER_FOLDS: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ی: 'ي',
  ة: 'ه',
  ک: 'ك',
};

function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String.fromCharCode(code - 0x0660 + 48);
  if (code >= 0x06f0 && code <= 0x06f9) return String.fromCharCode(code - 0x06f0 + 48);
  const folded = LETTER_FOLDS[char];
  if (folded !== undefined) return folded;
  return LATIN.test(char) ? char.toLowerCase() : char;
}

/**
 * Characters whose NFKC form is themselves and which no rule touches; skipping `String.normalize` for
 * them keeps a 100,000-character article cheap.
 */
function isPlainCodePoint(code: number): boolean {
  if (code < 0x80) return code < 0x41 || code > 0x5a;
  if (code < 0x0621 || code > 0x064a) return false;
  return (
    code !== 0x0622 &&
    code !== 0x0623 &&
    code !== 0x0625 &&
    code !== 0x0629 &&
    code !== 0x0640 &&
    code !== 0x0649
  );
}

/** Tatweel, bidi controls and zero-width characters: removed together with any marks written on them. */
function isRemovedBase(code: number): boolean {
  return (
    code === 0x0640 ||
    code === 0x061c ||
    code === 0xfeff ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

function isCombiningMark(code: number): boolean {
  if (code < 0x0300 || (code >= 0x0621 && code <= 0x064a)) return false;
  return COMBINING_MARK.test(String.fromCodePoint(code));
}

/**
 * Normalizes one cluster (a base character with its combining marks). NFKC runs per cluster rather than
 * per string so each output character can be traced to one original cluster; marks never compose across
 * clusters, so the result equals whole-string NFKC for the text we handle. Removing a mark can unblock a
 * composition (e + U+0653 + U+0301), hence the loop until the cluster is stable, which makes the whole
 * normalizer idempotent.
 */
function normalizeCluster(cluster: string): string {
  let current = cluster;
  for (let round = 0; round < 4; round += 1) {
    let next = '';
    for (const char of current.normalize('NFKC').replace(REMOVED, '')) next += foldChar(char);
    if (next === current) return next;
    current = next;
  }
  return current;
}

interface Sink {
  text: string[];
  starts: number[] | null;
  ends: number[] | null;
}

/** Walks the text once, cluster by cluster, collapsing whitespace runs and trimming both ends. */
function runNormalizer(text: string, withOffsets: boolean): Sink {
  const sink: Sink = { text: [], starts: withOffsets ? [] : null, ends: withOffsets ? [] : null };
  let pendingSpaceAt = -1;
  let pendingSpaceEnd = -1;
  const emitChar = (char: string, start: number, end: number): void => {
    if (isWhitespace(char)) {
      if (sink.text.length > 0 && pendingSpaceAt < 0) {
        pendingSpaceAt = start;
        pendingSpaceEnd = end;
      }
      return;
    }
    if (pendingSpaceAt >= 0) {
      sink.text.push(' ');
      sink.starts?.push(pendingSpaceAt);
      sink.ends?.push(pendingSpaceEnd);
      pendingSpaceAt = -1;
    }
    // A character outside the BMP is two code units; both map to the same original cluster.
    for (let unit = 0; unit < char.length; unit += 1) {
      sink.text.push(char[unit]);
      sink.starts?.push(start);
      sink.ends?.push(end);
    }
  };

  let index = 0;
  while (index < text.length) {
    const start = index;
    const firstCode = text.codePointAt(index) as number;
    index += firstCode > 0xffff ? 2 : 1;
    while (index < text.length) {
      const code = text.codePointAt(index) as number;
      if (!isCombiningMark(code)) break;
      index += code > 0xffff ? 2 : 1;
    }
    // A mark left without its base would attach to the previous letter on a second pass
    // («e» + tatweel + U+0301 would become «é»), breaking idempotence; it goes with its base.
    if (isRemovedBase(firstCode)) continue;
    if (index - start === 1 && isPlainCodePoint(firstCode)) {
      emitChar(text[start], start, index);
    } else {
      for (const char of normalizeCluster(text.slice(start, index))) emitChar(char, start, index);
    }
  }
  return sink;
}

/** Unicode NFKC plus the Arabic folding rules; see the module comment for why there is only one. */
export function normalizeArabic(text: string): string {
  return runNormalizer(text, false).text.join('');
}

export function normalizeWithOffsets(text: string): NormalizedText {
  const sink = runNormalizer(text, true);
  const starts = sink.starts as number[];
  const ends = sink.ends as number[];
  const length = sink.text.length;
  const toOriginal = new Int32Array(length + 1);
  const toOriginalEnd = new Int32Array(length);
  for (let i = 0; i < length; i += 1) {
    toOriginal[i] = starts[i];
    toOriginalEnd[i] = ends[i];
  }
  toOriginal[length] = length > 0 ? ends[length - 1] : 0;
  return { normalized: sink.text.join(''), toOriginal, toOriginalEnd };
}

/** The original [start, end) of a normalized span [start, end); an empty span maps to an empty slice. */
export function originalSpan(
  mapped: NormalizedText,
  start: number,
  end: number,
): { start: number; end: number } {
  if (end <= start) {
    const at = mapped.toOriginal[start];
    return { start: at, end: at };
  }
  return { start: mapped.toOriginal[start], end: mapped.toOriginalEnd[end - 1] };
}
