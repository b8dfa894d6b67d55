import { describe, expect, it } from 'vitest';
import { cliticReadings, resolveClitic, tokenize } from '../../src/arabic/tokens';

describe('tokenize', () => {
  it('splits Arabic and Latin words on spaces and punctuation, with normalized and original offsets', () => {
    const text = 'كشفت المصادر لأكسيوس أن المحادثات السرية بدأت برسالة من مسؤول في حماس (Axios).';
    const tokenized = tokenize(text);
    expect(tokenized.tokens.map((token) => token.text)).toEqual([
      'كشفت',
      'المصادر',
      'لاكسيوس',
      'ان',
      'المحادثات',
      'السريه',
      'بدات',
      'برساله',
      'من',
      'مسؤول',
      'في',
      'حماس',
      'axios',
    ]);
    const axios = tokenized.tokens[12];
    expect(text.slice(tokenized.toOriginal[axios.start], tokenized.toOriginalEnd[axios.end - 1])).toBe(
      'Axios',
    );
  });

  it('keeps a hyphenated pair as two words', () => {
    const { tokens } = tokenize('الجندي الأمريكي-الإسرائيلي عيدان ألكسندر');
    expect(tokens.map((token) => token.text)).toEqual([
      'الجندي',
      'الامريكي',
      'الاسرائيلي',
      'عيدان',
      'الكسندر',
    ]);
  });
});

describe('cliticReadings', () => {
  const forms = (token: string) =>
    cliticReadings(token).map((reading) => `${reading.form}:${reading.prefixLength}`);

  it('offers the whole word first, then conjunction, preposition and article strippings', () => {
    expect(forms('وويتكوف')[0]).toBe('وويتكوف:0');
    expect(forms('وويتكوف')).toContain('ويتكوف:1');
    expect(forms('ولحماس')).toContain('حماس:2');
    expect(forms('لحماس')).toContain('حماس:1');
    expect(forms('والولايات')).toEqual(expect.arrayContaining(['الولايات:1', 'ولايات:3']));
    expect(forms('بالدوحه')).toEqual(expect.arrayContaining(['الدوحه:1', 'دوحه:3']));
    expect(forms('فالمفاوضات')).toContain('مفاوضات:3');
    expect(forms('وبحبح')).toContain('بحبح:1');
  });

  it('restores the article that لل swallows', () => {
    expect(forms('للولايات')).toEqual(expect.arrayContaining(['الولايات:1', 'ولايات:2']));
    expect(forms('وللوسطاء')).toEqual(expect.arrayContaining(['الوسطاء:2']));
  });

  it('never strips down to fewer than two letters', () => {
    expect(forms('وب')).toEqual(['وب:0']);
  });
});

describe('resolveClitic', () => {
  const known = new Set(['ويتكوف', 'حماس', 'بحبح']);
  const isKnown = (form: string) => known.has(form);

  it('prefers the whole word when it is itself known (ويتكوف starts with و)', () => {
    expect(resolveClitic('ويتكوف', isKnown)).toEqual({ form: 'ويتكوف', prefixLength: 0 });
  });

  it('strips a prefix only when the rest is known', () => {
    expect(resolveClitic('وويتكوف', isKnown)).toEqual({ form: 'ويتكوف', prefixLength: 1 });
    expect(resolveClitic('ولحماس', isKnown)).toEqual({ form: 'حماس', prefixLength: 2 });
    expect(resolveClitic('وبحبح', isKnown)).toEqual({ form: 'بحبح', prefixLength: 1 });
    expect(resolveClitic('وزير', isKnown)).toBeNull();
  });
});
