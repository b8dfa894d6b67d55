/**
 * Spelling-variant distance for transliterated names. Arabic renderings of foreign names disagree mostly
 * on long vowels and glottal letters (نتنياهو / نتانياهو, دافيد / ديفيد, برنياع / بارنيا), so edits on
 * those letters cost half; every other edit costs one.
 */

const WEAK_LETTERS = new Set(['ا', 'و', 'ي', 'ع', 'ء']);

/** Fuzzy matching never applies below this many letters (not counting the article): «حراس» is one edit from «حماس». */
export const MIN_FUZZY_LENGTH = 5;

/** A rival actor must be at least this much farther away for a fuzzy match to be trusted. */
export const FUZZY_MARGIN = 1;

function editCost(char: string): number {
  return WEAK_LETTERS.has(char) ? 0.5 : 1;
}

function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  return WEAK_LETTERS.has(a) && WEAK_LETTERS.has(b) ? 0.5 : 1;
}

/** The letters that count for thresholds: a leading definite article carries no information about the name. */
export function coreLength(form: string): number {
  return form.startsWith('ال') && form.length > 3 ? form.length - 2 : form.length;
}

/** The largest distance accepted between two forms; 0 means the pair is never fuzzy-matched. */
export function fuzzyThreshold(a: string, b: string): number {
  const length = Math.min(coreLength(a), coreLength(b));
  if (length < MIN_FUZZY_LENGTH) return 0;
  if (length <= 6) return 1;
  if (length <= 8) return 1.5;
  return 2;
}

/** Whether two first letters may differ: only when both are weak letters (عيدان / ايدان). */
export function compatibleInitials(a: string, b: string): boolean {
  return a[0] === b[0] || (WEAK_LETTERS.has(a[0]) && WEAK_LETTERS.has(b[0]));
}

const NISBA_ENDINGS = ['يين', 'يون', 'يه', 'ي'];
const INFLECTION_SUFFIXES = new Set(['ي', 'ه', 'ها', 'هم', 'ين', 'ون', 'ات', 'ان', 'يه', 'يين', 'يون', 'يا']);

function nisbaEnding(form: string): string {
  return NISBA_ENDINGS.find((ending) => form.endsWith(ending) && form.length > ending.length + 2) ?? '';
}

/**
 * A word that is another word plus an inflection (اسرائيلي = اسرائيل + ي, اميركي from اميركا) is an
 * adjective or a derived form, not a misspelling of the name, however small the edit.
 */
export function isInflectionOf(word: string, name: string): boolean {
  if (nisbaEnding(word) !== nisbaEnding(name)) return true;
  const [longer, shorter] = word.length >= name.length ? [word, name] : [name, word];
  return longer.startsWith(shorter) && INFLECTION_SUFFIXES.has(longer.slice(shorter.length));
}

/**
 * Weighted Levenshtein distance, or `Infinity` once it is certain to exceed `limit` (rows are abandoned as
 * soon as their minimum passes the limit, which is what keeps scanning a vocabulary cheap).
 */
export function weightedDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  let previous = new Float64Array(b.length + 1);
  let current = new Float64Array(b.length + 1);
  for (let j = 1; j <= b.length; j += 1) previous[j] = previous[j - 1] + editCost(b[j - 1]);
  for (let i = 1; i <= a.length; i += 1) {
    const deletion = editCost(a[i - 1]);
    current[0] = previous[0] + deletion;
    let rowMinimum = current[0];
    for (let j = 1; j <= b.length; j += 1) {
      const value = Math.min(
        previous[j] + deletion,
        current[j - 1] + editCost(b[j - 1]),
        previous[j - 1] + substitutionCost(a[i - 1], b[j - 1]),
      );
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return Infinity;
    [previous, current] = [current, previous];
  }
  return previous[b.length] <= limit ? previous[b.length] : Infinity;
}
