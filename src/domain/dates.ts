import { normalizeArabic } from '../arabic/normalize';
import { cliticReadings, tokenize } from '../arabic/tokens';

/**
 * Whether a DAY-precision date is said by a quote: stated («24 مايو»), or derivable from the quote and the
 * date of its article when that date itself has DAY precision («اليوم», «أمس», «الجمعة», «الخميس الماضي»,
 * «الأحد المقبل»). A weekday alone means the latest such day on or before the article's date.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

const WEEKDAYS = ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'].map(
  normalizeArabic,
);
const AHEAD = new Set(['المقبل', 'القادم', 'المقبله', 'القادمه'].map(normalizeArabic));
const TODAY = new Set(['اليوم', 'الليله'].map(normalizeArabic));
const YESTERDAY = new Set(['أمس', 'الأمس', 'البارحة'].map(normalizeArabic));

const MONTHS: string[][] = [
  ['يناير', 'كانون الثاني'],
  ['فبراير', 'شباط'],
  ['مارس', 'آذار'],
  ['أبريل', 'ابريل', 'نيسان'],
  ['مايو', 'أيار'],
  ['يونيو', 'حزيران'],
  ['يوليو', 'تموز'],
  ['أغسطس', 'آب'],
  ['سبتمبر', 'أيلول'],
  ['أكتوبر', 'تشرين الأول'],
  ['نوفمبر', 'تشرين الثاني'],
  ['ديسمبر', 'كانون الأول'],
].map((names) => names.map(normalizeArabic));

const utcDay = (date: Date) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());

/** «24 مايو 2024», «13 أيار»: the quote states that day of that month (and that year, if it gives one). */
function statesDate(normalized: string, date: Date): boolean {
  const month = MONTHS[date.getUTCMonth()];
  for (const name of month) {
    const pattern = new RegExp(`(?:^|\\D)(\\d{1,2})\\s+(?:\\S{1,2})?${name}(?:\\s+(\\d{4}))?`, 'gu');
    for (const match of normalized.matchAll(pattern)) {
      if (Number(match[1]) !== date.getUTCDate()) continue;
      if (match[2] && Number(match[2]) !== date.getUTCFullYear()) continue;
      return true;
    }
  }
  return false;
}

/** The days a quote's relative words point at, counted from its article's date. */
function relativeDays(quote: string, published: Date): number[] {
  const words = tokenize(quote).tokens.map((token) =>
    cliticReadings(token.text).map((reading) => reading.form),
  );
  const base = utcDay(published);
  const days: number[] = [];
  words.forEach((forms, index) => {
    if (forms.some((form) => TODAY.has(form))) days.push(base);
    if (forms.some((form) => YESTERDAY.has(form))) days.push(base - DAY_MS);
    const weekday = WEEKDAYS.findIndex((name) => forms.includes(name));
    if (weekday < 0) return;
    const ahead = words[index + 1]?.some((form) => AHEAD.has(form));
    const offset = (weekday - new Date(base).getUTCDay() + 7) % 7;
    days.push(ahead ? base + (offset || 7) * DAY_MS : base - ((7 - offset) % 7) * DAY_MS);
  });
  return days;
}

export interface DatedQuote {
  quote: string;
  publishedAt: Date | null;
  publishedAtPrecision: string;
}

/**
 * Whether one of the quotes says the day. `asOfReport` also accepts the article's own date (a stance or
 * statement reported in the present tense holds as of its report).
 */
export function daySupported(date: Date, quotes: readonly DatedQuote[], asOfReport = false): boolean {
  const day = utcDay(date);
  return quotes.some((item) => {
    if (statesDate(normalizeArabic(item.quote), date)) return true;
    if (!item.publishedAt || item.publishedAtPrecision !== 'DAY') return false;
    if (asOfReport && utcDay(item.publishedAt) === day) return true;
    return relativeDays(item.quote, item.publishedAt).includes(day);
  });
}
