import { normalizeArabic } from './normalize';

/**
 * Near-duplicate texts (the same agency copy republished with a new headline, a dropped sentence, a
 * "(agencies)" tag) by MinHash over word shingles: the share of equal signature slots estimates the
 * Jaccard similarity of the two texts' sets of three-word shingles.
 */
export const signatureSize = 128;
export const shingleWords = 3;
/**
 * Estimated Jaccard similarity from which a text counts as a copy of an earlier one. A copy with one word
 * in twenty changed keeps about 85% of its shingles (Jaccard ~0.75); two different reports of the same
 * meeting share a few phrases (under 0.2). tests/arabic/near-duplicates.test.ts checks both sides.
 */
export const nearDuplicateThreshold = 0.5;

// Odd 32-bit multipliers and offsets for the hash family h_i(x) = mix(x * a_i + b_i), fixed so that
// signatures stored in the database stay comparable across processes and releases.
const seeds = Array.from({ length: signatureSize }, (_, index) => {
  const a = (Math.imul(index + 1, 0x9e3779b1) | 1) >>> 0;
  const b = Math.imul(index + 7, 0x85ebca77) >>> 0;
  return [a, b] as const;
});

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mix(value: number): number {
  let x = value;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

export function shingles(text: string): Set<number> {
  const words = normalizeArabic(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const result = new Set<number>();
  if (words.length < shingleWords) {
    if (words.length) result.add(fnv1a(words.join(' ')));
    return result;
  }
  for (let index = 0; index + shingleWords <= words.length; index += 1) {
    result.add(fnv1a(words.slice(index, index + shingleWords).join(' ')));
  }
  return result;
}

/** The MinHash signature as signed 32-bit integers (the database's INTEGER[]); empty for an empty text. */
export function minhashSignature(text: string): number[] {
  const set = shingles(text);
  if (set.size === 0) return [];
  return seeds.map(([a, b]) => {
    let minimum = 0xffffffff;
    for (const shingle of set) {
      const hashed = mix((Math.imul(shingle, a) + b) >>> 0);
      if (hashed < minimum) minimum = hashed;
    }
    return minimum | 0;
  });
}

/** Estimated Jaccard similarity of two signatures; 0 when either is missing or they differ in size. */
export function similarity(left: readonly number[], right: readonly number[]): number {
  if (left.length === 0 || left.length !== right.length) return 0;
  let equal = 0;
  for (let index = 0; index < left.length; index += 1) if (left[index] === right[index]) equal += 1;
  return equal / left.length;
}

/** The exact Jaccard similarity of the two texts' shingle sets, for tests and calibration. */
export function jaccard(left: string, right: string): number {
  const a = shingles(left);
  const b = shingles(right);
  let both = 0;
  for (const value of a) if (b.has(value)) both += 1;
  const union = a.size + b.size - both;
  return union === 0 ? 0 : both / union;
}
