import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildGazetteer,
  linkActors,
  normalizeArabic,
  type ActorMention,
  type GazetteerActor,
} from '../../src/arabic';
import { propertyRuns } from '../support/run-profile';

const ar = (...texts: string[]) => texts.map((text) => ({ text, language: 'AR' as const }));

const ACTORS: GazetteerActor[] = [
  { id: 'netanyahu', kind: 'PERSON', aliases: ar('بنيامين نتنياهو', 'نتنياهو') },
  {
    id: 'witkoff',
    kind: 'PERSON',
    aliases: [...ar('ستيف ويتكوف', 'ويتكوف'), { text: 'Steve Witkoff', language: 'EN' }],
  },
  { id: 'kushner', kind: 'PERSON', aliases: ar('جاريد كوشنر', 'كوشنر') },
  { id: 'boehler', kind: 'PERSON', aliases: ar('آدم بوهلر', 'بوهلر') },
  { id: 'barnea', kind: 'PERSON', aliases: ar('دافيد برنياع', 'برنياع') },
  { id: 'bahbah', kind: 'PERSON', aliases: ar('بشارة بحبح', 'بحبح', 'بهبه') },
  { id: 'alexander', kind: 'PERSON', aliases: ar('عيدان ألكسندر') },
  { id: 'hamas', kind: 'ARMED_GROUP', aliases: ar('حماس', 'حركة حماس') },
  { id: 'us', kind: 'STATE', aliases: ar('الولايات المتحدة', 'أمريكا', 'أميركا') },
  { id: 'israel', kind: 'STATE', aliases: ar('إسرائيل') },
  { id: 'qatar', kind: 'STATE', aliases: ar('قطر') },
  { id: 'egypt', kind: 'STATE', aliases: ar('مصر') },
];
const gazetteer = buildGazetteer(ACTORS);

const linked = (text: string) => linkActors(text, gazetteer).map((m) => [m.actorId, m.quote, m.method]);

function expectExactQuotes(text: string, mentions: ActorMention[]): void {
  for (const mention of mentions) expect(text.slice(mention.start, mention.end)).toBe(mention.quote);
}

describe('linkActors: exact and multi-word aliases', () => {
  it('links the seed meeting sentence to Netanyahu, Kushner and Witkoff with exact offsets, longest alias first', () => {
    const text =
      'اجتمع رئيس الوزراء الإسرائيلي بنيامين نتنياهو يوم الاثنين مع المستشار السابق للبيت الأبيض جاريد كوشنر ورجل الأعمال ستيف ويتكوف';
    const mentions = linkActors(text, gazetteer);
    expect(mentions.map((m) => [m.actorId, m.quote, m.matchedAlias, m.method])).toEqual([
      ['netanyahu', 'بنيامين نتنياهو', 'بنيامين نتنياهو', 'exact'],
      ['kushner', 'جاريد كوشنر', 'جاريد كوشنر', 'exact'],
      ['witkoff', 'ستيف ويتكوف', 'ستيف ويتكوف', 'exact'],
    ]);
    expectExactQuotes(text, mentions);
    expect(mentions[0].start).toBe(text.indexOf('بنيامين'));
    expect(mentions[0].confidence).toBe(1);
  });

  it('links «حركة حماس» as one mention rather than «حماس» inside it', () => {
    expect(linked('لمغادرة مقاتلي حركة حماس مدينة رفح')).toEqual([['hamas', 'حركة حماس', 'exact']]);
  });

  it('does not join an alias across punctuation', () => {
    expect(linked('قال ستيف، ويتكوف')).toEqual([['witkoff', 'ويتكوف', 'exact']]);
  });

  it('matches despite diacritics, tatweel and bidi marks, quoting the original characters', () => {
    const text = 'التقى \u200Fستيف وِيتكـــوف بِنَتَنْيَاهُو';
    const mentions = linkActors(text, gazetteer);
    expect(mentions.map((m) => [m.actorId, m.quote, m.method])).toEqual([
      ['witkoff', 'ستيف وِيتكـــوف', 'exact'],
      ['netanyahu', 'نَتَنْيَاهُو', 'clitic'],
    ]);
    expectExactQuotes(text, mentions);
  });

  it('links Latin aliases case-insensitively', () => {
    expect(linked('Talks with STEVE WITKOFF in Doha')).toEqual([['witkoff', 'STEVE WITKOFF', 'exact']]);
  });
});

describe('linkActors: clitics', () => {
  it('keeps ويتكوف whole, and strips the conjunction from وويتكوف outside the span', () => {
    const text = 'دور كوشنر وويتكوف، ثم تحدث ويتكوف';
    const mentions = linkActors(text, gazetteer);
    expect(mentions.map((m) => [m.actorId, m.quote, m.method])).toEqual([
      ['kushner', 'كوشنر', 'exact'],
      ['witkoff', 'ويتكوف', 'clitic'],
      ['witkoff', 'ويتكوف', 'exact'],
    ]);
    expect(mentions[1].start).toBe(text.indexOf('وويتكوف') + 1);
    expect(mentions[1].confidence).toBeLessThan(mentions[2].confidence);
    expectExactQuotes(text, mentions);
  });

  it('lets the whole word win when both it and its stripped form are aliases', () => {
    const clash = buildGazetteer([
      { id: 'whole', kind: 'PERSON', aliases: ar('ويتكوف') },
      { id: 'stripped', kind: 'PERSON', aliases: ar('يتكوف') },
    ]);
    expect(linkActors('قال ويتكوف', clash).map((m) => [m.actorId, m.quote, m.method])).toEqual([
      ['whole', 'ويتكوف', 'exact'],
    ]);
    expect(linkActors('قال وويتكوف', clash).map((m) => [m.actorId, m.quote, m.method])).toEqual([
      ['whole', 'ويتكوف', 'clitic'],
    ]);
  });

  it('strips ول and ل from حماس', () => {
    const text = 'إذا تم تقديم تنازلات كبيرة لحماس ولحماس';
    const mentions = linkActors(text, gazetteer);
    expect(mentions.map((m) => [m.quote, m.start])).toEqual([
      ['حماس', text.indexOf('لحماس') + 1],
      ['حماس', text.lastIndexOf('ولحماس') + 2],
    ]);
  });

  it('strips و from بحبح (الوسطاء وبحبح) and keeps بهبه as its own alias', () => {
    expect(linked('نجح ويتكوف، بمساعدة الوسطاء وبحبح، كما تحدث بهبه أيضًا')).toEqual([
      ['witkoff', 'ويتكوف', 'exact'],
      ['bahbah', 'بحبح', 'clitic'],
      ['bahbah', 'بهبه', 'exact'],
    ]);
  });

  it('reads للولايات المتحدة and والولايات المتحدة as the United States', () => {
    expect(linked('والمشاركة الفعالة للولايات المتحدة').map(([id]) => id)).toEqual(['us']);
    expect(linked('مصر وقطر والولايات المتحدة')).toEqual([
      ['egypt', 'مصر', 'exact'],
      ['qatar', 'قطر', 'clitic'],
      ['us', 'الولايات المتحدة', 'clitic'],
    ]);
  });

  it('does not strip a prefix when the rest is not an alias (وزير is not و + زير)', () => {
    expect(linked('وزير الشؤون الاستراتيجية')).toEqual([]);
  });
});

describe('linkActors: capitals', () => {
  const withCapital = buildGazetteer([
    { id: 'us', kind: 'STATE', aliases: ar('الولايات المتحدة', 'واشنطن') },
  ]);

  it('reads a capital after a locative preposition as a place, elsewhere as its state', () => {
    expect(linkActors('وعندما كان رون ديرمر في واشنطن، الخميس الماضي', withCapital)).toEqual([]);
    expect(linkActors('وصل الوفد بواشنطن', withCapital)).toEqual([]);
    expect(linkActors('وترفض واشنطن المقترح', withCapital).map((m) => m.quote)).toEqual(['واشنطن']);
  });
});

describe('linkActors: spelling variants', () => {
  it('links نتانياهو to نتنياهو, inside the full name too', () => {
    expect(linked('رئيس الوزراء الإسرائيلي بنيامين نتانياهو ووزير دفاعه')).toEqual([
      ['netanyahu', 'بنيامين نتانياهو', 'fuzzy'],
    ]);
    const [alone] = linkActors('ضغوط على نتانياهو', gazetteer);
    expect(alone.actorId).toBe('netanyahu');
    expect(alone.confidence).toBeLessThan(0.9);
  });

  it('links بويلر to بوهلر and ديفيد بارنيا to دافيد برنياع', () => {
    expect(linked('مبعوث ترامب للرهائن آدم بويلر وقادة حماس')).toEqual([
      ['boehler', 'آدم بويلر', 'fuzzy'],
      ['hamas', 'حماس', 'exact'],
    ]);
    expect(linked('إن مدير الموساد، ديفيد بارنيا، ناقش')).toEqual([['barnea', 'ديفيد بارنيا', 'fuzzy']]);
    expect(linked('وقدم بارنيا النقاط الرئيسية')).toEqual([['barnea', 'بارنيا', 'fuzzy']]);
  });

  it('links إيدان ألكسندر to عيدان ألكسندر', () => {
    expect(linked('بينهم المواطن الأمريكي إيدان ألكسندر')).toEqual([['alexander', 'إيدان ألكسندر', 'fuzzy']]);
  });

  it('never links nisba adjectives to their state', () => {
    const text =
      'رئيس الوزراء القطري والإسرائيلي والوسطاء المصريين والقطريين والجانب الأميركي والأمريكية وإسرائيلي';
    expect(linkActors(text, gazetteer)).toEqual([]);
  });

  it('never fuzzy-matches short words: حراس is not حماس', () => {
    expect(linked('حراس المعبر والحماسة')).toEqual([]);
  });
});

describe('linkActors: close names of different people', () => {
  const twins = buildGazetteer([
    { id: 'cohen-a', kind: 'PERSON', aliases: ar('شمعون بولاك') },
    { id: 'cohen-b', kind: 'PERSON', aliases: ar('شمعون بولاق') },
    { id: 'solo', kind: 'PERSON', aliases: ar('موشيه بيرنر') },
  ]);

  it('links each exact name to its own actor', () => {
    expect(linkActors('التقى شمعون بولاك مع شمعون بولاق', twins).map((m) => m.actorId)).toEqual([
      'cohen-a',
      'cohen-b',
    ]);
  });

  it('links a variant equally close to both to nobody', () => {
    expect(linkActors('قال شمعون بولاع للصحفيين', twins)).toEqual([]);
  });

  it('still links a variant when only one actor is near', () => {
    expect(linkActors('قال موشيه بيرنير للصحفيين', twins).map((m) => [m.actorId, m.method])).toEqual([
      ['solo', 'fuzzy'],
    ]);
  });
});

describe('linkActors: properties and scale', () => {
  const WORDS = [
    'ستيف ويتكوف',
    'وويتكوف',
    'لحماس',
    'حركة حماس',
    'نتانياهو',
    'بنيامين نتنياهو',
    'اجتمع',
    'رئيس',
    'الإسرائيلي',
    'في',
    'القطري',
    'والولايات المتحدة',
  ];
  const NOISE = ['', '\u064E', '\u0651', '\u0640', '\u200F', '\u202B', '\u200B'];
  const noisyWord = fc
    .tuple(fc.constantFrom(...WORDS), fc.array(fc.constantFrom(...NOISE), { maxLength: 3 }), fc.nat())
    .map(([word, marks, seed]) => {
      const chars = [...word];
      const at = 1 + (seed % Math.max(1, chars.length - 1));
      return [...chars.slice(0, at), ...marks, ...chars.slice(at)].join('');
    });
  const sentence = fc
    .array(fc.tuple(noisyWord, fc.constantFrom(' ', '، ', '\n', ' \u200F ')), { maxLength: 15 })
    .map((parts) => parts.map(([w, s]) => w + s).join(''));

  it('every mention quotes the original exactly, and an exact or clitic quote normalizes to its alias', () => {
    fc.assert(
      fc.property(sentence, (text) => {
        for (const mention of linkActors(text, gazetteer)) {
          expect(text.slice(mention.start, mention.end)).toBe(mention.quote);
          if (mention.method === 'fuzzy') continue;
          const quote = normalizeArabic(mention.quote);
          // After «لل» the article's alef is not written: «(ل)لولايات» quotes the alias «الولايات».
          expect([quote, 'ا' + quote]).toContain(normalizeArabic(mention.matchedAlias));
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  // Speed is measured by `npm run bench`, not here; this checks that a long article links completely.
  it('links every mention in a 100,000-character article', () => {
    const paragraph =
      'وقال مسؤول إسرائيلي كبير للصحفيين إن مدير الموساد ديفيد بارنيا ناقش مع ستيف ويتكوف ورئيس وزراء قطر إطار عمل لاستئناف المفاوضات مع حماس، فيما التقى نتانياهو بالوسطاء المصريين والقطريين. ';
    const article = paragraph.repeat(Math.ceil(100_000 / paragraph.length));
    const mentions = linkActors(article, gazetteer);
    expect(mentions.length).toBe(5 * Math.ceil(100_000 / paragraph.length));
    for (const mention of mentions.slice(-5))
      expect(article.slice(mention.start, mention.end)).toBe(mention.quote);
  });
});
