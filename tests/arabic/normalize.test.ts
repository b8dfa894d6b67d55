import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeArabic, normalizeWithOffsets, originalSpan } from '../../src/arabic/normalize';
import { tokenizeNormalized } from '../../src/arabic/tokens';
import { propertyRuns } from '../support/run-profile';

describe('normalizeArabic', () => {
  it('removes tashkeel, superscript alef and Quranic marks', () => {
    expect(normalizeArabic('بِنْيَامِينُ نِتَنْيَاهُو')).toBe('بنيامين نتنياهو');
    expect(normalizeArabic('وسيطَين')).toBe('وسيطين');
    expect(normalizeArabic('الرَّحْمٰن')).toBe('الرحمن');
    expect(normalizeArabic('قال\u06D6 ذلك\u06ED')).toBe('قال ذلك');
  });

  it('removes tatweel', () => {
    expect(normalizeArabic('نتنيـــاهو')).toBe('نتنياهو');
  });

  it('folds alef variants to bare alef', () => {
    expect(normalizeArabic('إسرائيل أكسيوس آدم ٱلله')).toBe('اسرائيل اكسيوس ادم الله');
  });

  it('folds alef maqsura to yaa and taa marbuta to haa', () => {
    expect(normalizeArabic('التقى')).toBe('التقي');
    expect(normalizeArabic('حركة حماس')).toBe('حركه حماس');
  });

  it('folds Persian yeh and keheh to Arabic letters', () => {
    expect(normalizeArabic('ویتکوف')).toBe('ويتكوف');
  });

  it('turns Arabic-Indic and extended digits into ASCII digits', () => {
    expect(normalizeArabic('٥٨٣ يومًا')).toBe('583 يوما');
    expect(normalizeArabic('۲۰۲۴')).toBe('2024');
  });

  it('removes bidi controls and zero-width characters', () => {
    const marked = '\u202Bحماس\u202C \u200Fو\u200Dإسرائيل\u2066\u2069\u061C\u200B\uFEFF\u200E';
    expect(normalizeArabic(marked)).toBe('حماس واسرائيل');
  });

  it('applies NFKC: presentation forms and ligatures become plain letters', () => {
    expect(normalizeArabic('ﻻ')).toBe('لا');
    expect(normalizeArabic('ﻷ')).toBe('لا');
    expect(normalizeArabic('ﺣﻤﺎﺱ')).toBe('حماس');
    expect(normalizeArabic('ﬁnal')).toBe('final');
  });

  it('lowercases Latin and collapses whitespace', () => {
    expect(normalizeArabic('  Steve\u00A0\u00A0WITKOFF \n\t Axios  ')).toBe('steve witkoff axios');
  });

  it('is idempotent on a seed sentence', () => {
    const sentence =
      'وفقًا لتقديرات إسرائيلية، لا يزال نحو 24 رهينة على قيد الحياة محتجزين في غزة، بينهم المواطن الأمريكي إيدان ألكسندر';
    const once = normalizeArabic(sentence);
    expect(once).toBe(
      'وفقا لتقديرات اسرائيليه، لا يزال نحو 24 رهينه علي قيد الحياه محتجزين في غزه، بينهم المواطن الامريكي ايدان الكسندر',
    );
    expect(normalizeArabic(once)).toBe(once);
  });
});

describe('normalizeWithOffsets', () => {
  it('maps a match in normalized text back to the exact original slice, diacritics and tatweel included', () => {
    const original = 'اجتمع رئيسُ الوزراء بِنيامين نتنيـــاهُو \u200Fيوم الاثنين';
    const mapped = normalizeWithOffsets(original);
    expect(mapped.normalized).toBe('اجتمع رئيس الوزراء بنيامين نتنياهو يوم الاثنين');
    const at = mapped.normalized.indexOf('بنيامين نتنياهو');
    const span = originalSpan(mapped, at, at + 'بنيامين نتنياهو'.length);
    expect(original.slice(span.start, span.end)).toBe('بِنيامين نتنيـــاهُو');
  });

  it('keeps a ligature whole: both letters of ﻻ map to the one original character', () => {
    const original = 'قال ﻻ';
    const mapped = normalizeWithOffsets(original);
    expect(mapped.normalized).toBe('قال لا');
    expect(Array.from(mapped.toOriginal)).toEqual([0, 1, 2, 3, 4, 4, 5]);
    const span = originalSpan(mapped, 4, 6);
    expect(original.slice(span.start, span.end)).toBe('ﻻ');
  });

  it('excludes trimmed whitespace and trailing marks from the end offset', () => {
    const original = '  حماس \u200F ';
    const mapped = normalizeWithOffsets(original);
    expect(mapped.normalized).toBe('حماس');
    expect(mapped.toOriginal[0]).toBe(2);
    expect(mapped.toOriginal[mapped.normalized.length]).toBe(6);
  });
});

const PIECES = [
  'ن',
  'ت',
  'ي',
  'ا',
  'ه',
  'و',
  'ح',
  'م',
  'س',
  'ل',
  'ك',
  'ب',
  'أ',
  'إ',
  'آ',
  'ٱ',
  'ى',
  'ة',
  'ی',
  'ک',
  '\u064E',
  '\u064F',
  '\u0650',
  '\u0651',
  '\u0652',
  '\u064B',
  '\u0670',
  '\u0653',
  '\u0654',
  '\u06E1',
  '\u0640',
  '\u200F',
  '\u200E',
  '\u202B',
  '\u202C',
  '\u2067',
  '\u2069',
  '\u061C',
  '\u200B',
  '\u200D',
  '\uFEFF',
  'ﻻ',
  'ﻷ',
  'ﷺ',
  'ﺣ',
  'ﻤ',
  '٠',
  '٥',
  '٩',
  '۴',
  '7',
  ' ',
  '  ',
  '\n',
  '\u00A0',
  '،',
  '.',
  '"',
  'A',
  'w',
  'É',
  'e\u0301',
  '\u0301',
  'ﬁ',
  '😀',
  'İ',
];
const mixedText = fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((pieces) => pieces.join(''));

describe('normalization properties', () => {
  it('normalizeWithOffsets produces the same text as normalizeArabic, and normalizing twice changes nothing', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        const normalized = normalizeArabic(text);
        expect(normalizeWithOffsets(text).normalized).toBe(normalized);
        expect(normalizeArabic(normalized)).toBe(normalized);
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('maps every normalized index into the original, in order, onto characters that produce it', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        const mapped = normalizeWithOffsets(text);
        const length = mapped.normalized.length;
        expect(mapped.toOriginal.length).toBe(length + 1);
        for (let i = 0; i < length; i += 1) {
          expect(mapped.toOriginal[i]).toBeGreaterThanOrEqual(i === 0 ? 0 : mapped.toOriginal[i - 1]);
          expect(mapped.toOriginalEnd[i]).toBeGreaterThan(mapped.toOriginal[i]);
          expect(mapped.toOriginalEnd[i]).toBeLessThanOrEqual(text.length);
          const char = mapped.normalized[i];
          if (char !== ' ') {
            expect(normalizeArabic(text.slice(mapped.toOriginal[i], mapped.toOriginalEnd[i]))).toContain(
              char,
            );
          }
        }
        expect(mapped.toOriginal[length]).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('slicing the original at a word’s mapped span and normalizing gives back the word', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        const mapped = normalizeWithOffsets(text);
        for (const token of tokenizeNormalized(mapped.normalized)) {
          // A word cut out of one expanding character (ﷺ → four words) has no slice of its own.
          const startsCluster =
            token.start === 0 || mapped.toOriginal[token.start] !== mapped.toOriginal[token.start - 1];
          const endsCluster =
            token.end === mapped.normalized.length ||
            mapped.toOriginal[token.end] !== mapped.toOriginal[token.end - 1];
          if (!startsCluster || !endsCluster) continue;
          const span = originalSpan(mapped, token.start, token.end);
          expect(normalizeArabic(text.slice(span.start, span.end))).toBe(token.text);
        }
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});
