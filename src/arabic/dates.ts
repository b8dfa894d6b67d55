/**
 * Time expressions of Arabic news, resolved against the article's publication date in the outlet's own
 * time zone: an article published at 23:30 UTC by a Doha outlet is dated the next day there, and its
 * «أمس» is the UTC publication day. Gregorian dates only, in both month series (يناير… and كانون
 * الثاني…), with Western or Arabic-Indic digits (the normalizer folds the latter). Hijri dates are out of
 * scope: they are not recognised, so they give no date rather than a wrong one.
 */
import sourceZones from './data/source-time-zones.json' with { type: 'json' };
import { normalizeArabic } from './normalize';
import { cliticReadings, type TokenizedText } from './tokens';

export type { DatePrecision } from '../../generated/prisma/enums';
import type { DatePrecision } from '../../generated/prisma/enums';
export type Tense = 'past' | 'future';

export interface ResolvedDate {
  /** YYYY-MM-DD: the day, the Sunday starting the week, or the first of the month. */
  date: string;
  precision: DatePrecision;
}

export type TimeValue =
  | { kind: 'day'; offset: number }
  | { kind: 'weekday'; weekday: number; direction: Tense | null }
  | { kind: 'week'; offset: number }
  | { kind: 'month'; offset: number }
  | { kind: 'calendar'; day: number | null; month: number; year: number | null; direction: Tense | null };

export interface TimeExpression {
  value: TimeValue;
  firstToken: number;
  lastToken: number;
}

/** A local calendar day. */
export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

/** Used when a source has no time zone of its own: the region's (Gaza, Cairo and Jerusalem agree). */
export const DEFAULT_TIME_ZONE = 'Asia/Gaza';

const ZONES = (sourceZones.zones as [string, string][])
  .map(([name, zone]) => [normalizeArabic(name), zone] as const)
  // Longest first: «القدس العربي» (London) before «القدس» (Jerusalem).
  .sort((a, b) => b[0].length - a[0].length);

/** The outlet's time zone, from its name or host (data/source-time-zones.json), or the region's default. */
export function timeZoneForSource(source: string): string {
  const normalized = normalizeArabic(source);
  return ZONES.find(([name]) => normalized.includes(name))?.[1] ?? DEFAULT_TIME_ZONE;
}

export function localDay(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): LocalDay {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

const WEEKDAYS: Record<string, number> = {
  الاحد: 0,
  الاثنين: 1,
  الثلاثاء: 2,
  الاربعاء: 3,
  الخميس: 4,
  الجمعه: 5,
  السبت: 6,
};

/** Month names after normalization; «آب» alone is too short to trust without a day or a slash. */
const WESTERN_MONTHS: Record<string, number> = {
  يناير: 1,
  فبراير: 2,
  مارس: 3,
  ابريل: 4,
  مايو: 5,
  يونيو: 6,
  يونيه: 6,
  يوليو: 7,
  يوليه: 7,
  اغسطس: 8,
  سبتمبر: 9,
  اكتوبر: 10,
  نوفمبر: 11,
  ديسمبر: 12,
};
const LEVANTINE_MONTHS: Record<string, number> = {
  شباط: 2,
  اذار: 3,
  نيسان: 4,
  ايار: 5,
  حزيران: 6,
  تموز: 7,
  اب: 8,
  ايلول: 9,
};
/** Two-word Levantine months: كانون الثاني, تشرين الأول… */
const LEVANTINE_PAIRS: Record<string, Record<string, number>> = {
  كانون: { الثاني: 1, الاول: 12 },
  تشرين: { الاول: 10, الثاني: 11 },
};

const PAST_WORDS = new Set(['الماضي', 'الماضيه', 'المنصرم', 'المنصرمه', 'السابق', 'الفائت']);
const FUTURE_WORDS = new Set(['المقبل', 'المقبله', 'القادم', 'القادمه']);
const CURRENT_WORDS = new Set(['الجاري', 'الحالي', 'هذا']);

function form(tokenized: TokenizedText, index: number): string {
  return tokenized.tokens[index]?.text ?? '';
}

function readings(tokenized: TokenizedText, index: number): string[] {
  const token = tokenized.tokens[index];
  return token ? cliticReadings(token.text).map((reading) => reading.form) : [];
}

function directionAt(tokenized: TokenizedText, index: number): Tense | null {
  const word = form(tokenized, index);
  if (PAST_WORDS.has(word)) return 'past';
  if (FUTURE_WORDS.has(word)) return 'future';
  return null;
}

/** A month name at `index`: its number and the last token it covers (a «/يونيو» twin included). */
function monthAt(tokenized: TokenizedText, index: number, allowShort: boolean): [number, number] | null {
  for (const reading of readings(tokenized, index)) {
    const pair = LEVANTINE_PAIRS[reading];
    if (pair) {
      const second = pair[form(tokenized, index + 1)];
      if (second) return [second, twinEnd(tokenized, index + 1)];
    }
    const month =
      WESTERN_MONTHS[reading] ?? (reading !== 'اب' || allowShort ? LEVANTINE_MONTHS[reading] : undefined);
    if (month) return [month, twinEnd(tokenized, index)];
  }
  return null;
}

/** «حزيران/يونيو»: the Western twin after a Levantine name belongs to the same expression. */
function twinEnd(tokenized: TokenizedText, index: number): number {
  const next = tokenized.tokens[index + 1];
  if (!next) return index;
  const gap = tokenized.normalized.slice(tokenized.tokens[index].end, next.start);
  return gap.trim() === '/' && WESTERN_MONTHS[next.text] ? index + 1 : index;
}

function numberAt(tokenized: TokenizedText, index: number, max: number): number | null {
  const word = form(tokenized, index);
  if (!/^\d{1,4}$/u.test(word)) return null;
  const value = Number(word);
  return value >= 1 && value <= max ? value : null;
}

function expressionAt(tokenized: TokenizedText, index: number, to: number): TimeExpression | null {
  const word = form(tokenized, index);
  const forms = readings(tokenized, index);
  const at = (value: TimeValue, last: number): TimeExpression => ({
    value,
    firstToken: index,
    lastToken: last,
  });
  if (word === 'اول' && form(tokenized, index + 1) === 'امس')
    return at({ kind: 'day', offset: -2 }, index + 1);
  if (forms.includes('امس')) {
    if (form(tokenized, index + 1) === 'الاول') return at({ kind: 'day', offset: -2 }, index + 1);
    return at(
      { kind: 'day', offset: -1 },
      WEEKDAYS[form(tokenized, index + 1)] === undefined ? index : index + 1,
    );
  }
  if (forms.includes('غدا')) {
    return at(
      { kind: 'day', offset: 1 },
      WEEKDAYS[form(tokenized, index + 1)] === undefined ? index : index + 1,
    );
  }
  if (word === 'اليوم' || word === 'واليوم') {
    const next = form(tokenized, index + 1);
    // «اليوم نفسه», «اليوم التالي»: a day counted from the event, not from publication.
    if (['نفسه', 'ذاته', 'التالي', 'الثاني', 'الثالث', 'الاول'].includes(next)) return null;
    return at({ kind: 'day', offset: 0 }, WEEKDAYS[next] === undefined ? index : index + 1);
  }
  for (const reading of forms) {
    const weekday = WEEKDAYS[reading];
    if (weekday !== undefined)
      return at(
        { kind: 'weekday', weekday, direction: directionAt(tokenized, index + 1) },
        directionAt(tokenized, index + 1) ? index + 1 : index,
      );
  }
  if (forms.includes('الاسبوع') || forms.includes('الشهر')) {
    const kind = forms.includes('الاسبوع') ? 'week' : 'month';
    const next = form(tokenized, index + 1);
    const direction = directionAt(tokenized, index + 1);
    if (direction) return at({ kind, offset: direction === 'past' ? -1 : 1 }, index + 1);
    if (CURRENT_WORDS.has(next)) return at({ kind, offset: 0 }, index + 1);
    if (form(tokenized, index - 1) === 'هذا')
      return { value: { kind, offset: 0 }, firstToken: index - 1, lastToken: index };
    return null;
  }
  const day = numberAt(tokenized, index, 31);
  if (day !== null && index + 1 < to) {
    const month = monthAt(tokenized, index + 1, true);
    if (month) {
      const year = numberAt(tokenized, month[1] + 1, 2100);
      const last = year !== null && year >= 1900 ? month[1] + 1 : month[1];
      return at(
        {
          kind: 'calendar',
          day,
          month: month[0],
          year: year !== null && year >= 1900 ? year : null,
          direction: null,
        },
        last,
      );
    }
  }
  const month = monthAt(tokenized, index, false);
  if (
    month &&
    ['في', 'خلال', 'منذ', 'شهر', 'مطلع', 'اواخر', 'اوائل', 'منتصف'].includes(form(tokenized, index - 1))
  ) {
    const year = numberAt(tokenized, month[1] + 1, 2100);
    if (year !== null && year >= 1900)
      return at({ kind: 'calendar', day: null, month: month[0], year, direction: null }, month[1] + 1);
    const direction = directionAt(tokenized, month[1] + 1);
    return at(
      { kind: 'calendar', day: null, month: month[0], year: null, direction },
      direction ? month[1] + 1 : month[1],
    );
  }
  return null;
}

/** Time expressions among tokens[from..to), in text order. */
export function findTimeExpressions(tokenized: TokenizedText, from: number, to: number): TimeExpression[] {
  const found: TimeExpression[] = [];
  for (let index = from; index < to; index += 1) {
    const expression = expressionAt(tokenized, index, to);
    if (!expression) continue;
    found.push(expression);
    index = expression.lastToken;
  }
  return found;
}

const DAY_MS = 86_400_000;
const toUtc = (day: LocalDay) => Date.UTC(day.year, day.month - 1, day.day);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const firstOfMonth = (year: number, month: number) => iso(Date.UTC(year, month - 1, 1));

/**
 * The date an expression names, seen from the publication day. A bare weekday or month is the nearest
 * one before publication for past events and after it for future ones.
 */
export function resolveTime(value: TimeValue, published: LocalDay, tense: Tense): ResolvedDate {
  const today = toUtc(published);
  const weekday = new Date(today).getUTCDay();
  switch (value.kind) {
    case 'day':
      return { date: iso(today + value.offset * DAY_MS), precision: 'DAY' };
    case 'weekday': {
      const direction = value.direction ?? tense;
      let delta = value.weekday - weekday;
      if (direction === 'past' && delta >= 0) delta -= 7;
      if (direction === 'future' && delta <= 0) delta += 7;
      return { date: iso(today + delta * DAY_MS), precision: 'DAY' };
    }
    case 'week':
      return { date: iso(today - weekday * DAY_MS + value.offset * 7 * DAY_MS), precision: 'WEEK' };
    case 'month': {
      const index = published.year * 12 + published.month - 1 + value.offset;
      return { date: firstOfMonth(Math.floor(index / 12), (index % 12) + 1), precision: 'MONTH' };
    }
    case 'calendar': {
      const direction = value.direction ?? tense;
      let year = value.year ?? published.year;
      const day = value.day ?? 1;
      if (value.year === null) {
        const candidate = Date.UTC(year, value.month - 1, day);
        const monthStart = Date.UTC(published.year, published.month - 1, 1);
        if (direction === 'past' && (value.day === null ? candidate > monthStart : candidate > today))
          year -= 1;
        if (direction === 'future' && (value.day === null ? candidate < monthStart : candidate < today))
          year += 1;
      }
      return value.day === null
        ? { date: firstOfMonth(year, value.month), precision: 'MONTH' }
        : { date: iso(Date.UTC(year, value.month - 1, day)), precision: 'DAY' };
    }
  }
}
