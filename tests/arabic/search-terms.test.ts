import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  articleLamPrefixes,
  cliticPrefixes,
  expandQueryWords,
  queryWords,
  toTsqueries,
} from '../../src/arabic/search-terms';
import { normalizeArabic } from '../../src/arabic/normalize';
import { cliticReadings } from '../../src/arabic/tokens';
import { propertyRuns } from '../support/run-profile';

describe('cliticPrefixes', () => {
  // The database looks up prefix + stem for every stem; a word it cannot generate that way would be unfindable.
  it('generate every word that has a given clitic reading (the lookup search relies on)', () => {
    const letters = fc.constantFrom('و', 'ف', 'ب', 'ل', 'ك', 'ا', 'م', 'ن', 'ي', 'ه', 'ت');
    fc.assert(
      fc.property(fc.array(letters, { minLength: 2, maxLength: 9 }), (chars) => {
        const word = chars.join('');
        for (const { form } of cliticReadings(word)) {
          const generated =
            cliticPrefixes.some((prefix) => prefix + form === word) ||
            (form.startsWith('ال') && articleLamPrefixes.some((prefix) => prefix + form.slice(2) === word));
          expect(generated, `${word} reads as ${form}`).toBe(true);
        }
      }),
      { numRuns: propertyRuns(3000), seed: 20261129 },
    );
  });
});

describe('expandQueryWords', () => {
  const vocabulary = [
    'نتنياهو',
    'لنتنياهو',
    'ونتنياهو',
    'مفاوضات',
    'والمفاوضات',
    'بالمفاوضات',
    'المفاوضات',
    'بلد',
    'ولد',
    'اسرائيل',
    'اسرائيلي',
    'حماس',
    'حراس',
  ];
  const expand = (query: string) => expandQueryWords(queryWords(normalizeArabic(query)), vocabulary);

  it('matches a spelling variant with or without clitics (نتانياهو ~ نتنياهو)', () => {
    expect(expand('نتانياهو')).toEqual([['لنتنياهو', 'نتنياهو', 'ونتنياهو']]);
  });

  it('matches a word under any clitics, and a query word with clitics matches the bare word', () => {
    const forms = ['المفاوضات', 'بالمفاوضات', 'مفاوضات', 'والمفاوضات'];
    expect(expand('مفاوضات')).toEqual([forms]);
    expect(expand('والمفاوضات')).toEqual([forms]);
  });

  it('ignores diacritics, hamza forms and ta marbuta through the normalizer', () => {
    expect(expand('إسرائيل')).toEqual([['اسرائيل']]);
    expect(expand('المُفاوَضات')).toEqual(expand('مفاوضات'));
  });

  it('strips a clitic only when what remains is a word of its own, and never fuzzes short or inflected words', () => {
    expect(expand('ولد')).toEqual([['ولد']]); // not و + «لد», so not «بلد»
    expect(expand('حماس')).toEqual([['حماس']]); // «حراس» is one letter away, but short words differ by meaning
    expect(expand('اسرائيل')).toEqual([['اسرائيل']]); // «اسرائيلي» is an inflection, not a misspelling
  });

  it('leaves a word with no match empty; the tsqueries then use the words that matched', () => {
    const groups = expandQueryWords(['نتنياهو', 'غيرموجود'], vocabulary);
    expect(groups[1]).toEqual([]);
    expect(toTsqueries(groups)).toEqual({
      match: "('لنتنياهو' | 'نتنياهو' | 'ونتنياهو')",
      rank: "'لنتنياهو' | 'نتنياهو' | 'ونتنياهو'",
    });
    expect(toTsqueries([[], []])).toBeNull();
  });

  it('quotes lexemes for tsquery input', () => {
    expect(toTsqueries([["o'neil"], ['a\\b', 'c']])!.match).toBe("'o''neil' & ('a\\\\b' | 'c')");
  });
});
