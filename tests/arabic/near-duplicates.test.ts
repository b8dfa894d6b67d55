// Calibrates the near-duplicate threshold (src/arabic/near-duplicates.ts) on the synthetic fixtures and on
// random edits: copies with small edits are above it, different reports of related news below.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jaccard,
  minhashSignature,
  nearDuplicateThreshold,
  similarity,
} from '../../src/arabic/near-duplicates';
import { extractArticle } from '../../src/sources/extract';

const page = (name: string) =>
  extractArticle(readFileSync(`tests/fixtures/feeds/pages/${name}`, 'utf8'), 'http://fixture/')!.text;
const estimate = (a: string, b: string) => similarity(minhashSignature(a), minhashSignature(b));

describe('near-duplicates', () => {
  const original = page('article-1.html');

  it('the agency copy republished with a new headline and a tag is above the threshold', () => {
    expect(estimate(original, page('article-1-copy.html'))).toBeGreaterThanOrEqual(
      nearDuplicateThreshold + 0.2,
    );
  });

  it('other reports, even on the same talks in the same city, are well below it', () => {
    for (const other of ['article-2.html', 'atom-1.html', 'edited-v1.html', 'review-1.html'])
      expect(estimate(original, page(other))).toBeLessThan(nearDuplicateThreshold - 0.15);
  });

  it('property: replacing up to one word in twenty keeps a copy above the threshold', () => {
    const words = original.split(/\s+/);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(words.length - 1), { maxLength: Math.floor(words.length / 20) }),
        fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom(...'ابتثجحخدذرزسشصضطظعغفقكلمنهوي') }),
        (positions, replacement) => {
          const edited = words
            .map((word, index) => (positions.includes(index) ? replacement : word))
            .join(' ');
          expect(estimate(original, edited)).toBeGreaterThanOrEqual(nearDuplicateThreshold);
        },
      ),
    );
  });

  it('property: the MinHash estimate stays within 0.2 of the exact Jaccard similarity', () => {
    const words = original.split(/\s+/);
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: words.length }),
        fc.integer({ min: 0, max: 40 }),
        (keep, start) => {
          const part = words
            .slice(Math.min(start, words.length - keep))
            .slice(0, keep)
            .join(' ');
          expect(Math.abs(estimate(original, part) - jaccard(original, part))).toBeLessThan(0.2);
        },
      ),
    );
  });

  it('an empty text has no signature and matches nothing', () => {
    expect(minhashSignature('  ')).toEqual([]);
    expect(similarity([], minhashSignature(original))).toBe(0);
  });
});
