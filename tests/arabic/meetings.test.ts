import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeArticle, buildGazetteer, mergeMeetings, tokenize } from '../../src/arabic';
import { findTimeExpressions, localDay, resolveTime } from '../../src/arabic/dates';
import { gazetteerActorsFromSeeds, type SeedActor } from '../../src/arabic/eval';
import { linkInContext } from '../../src/arabic/linker';

const actors = JSON.parse(
  readFileSync(new URL('../../seeds/actors.json', import.meta.url), 'utf8'),
) as SeedActor[];
const gazetteer = buildGazetteer(gazetteerActorsFromSeeds(actors));
// Tuesday 10 June 2025, 07:00 UTC (10:00 in Gaza and Doha).
const TUESDAY = new Date('2025-06-10T07:00:00Z');

const meetings = (text: string, publishedAt: Date | null = TUESDAY, timeZone = 'Asia/Gaza') =>
  analyzeArticle(text, gazetteer, { publishedAt, timeZone }).meetings;
const only = (text: string, publishedAt: Date | null = TUESDAY, timeZone = 'Asia/Gaza') => {
  const found = meetings(text, publishedAt, timeZone);
  expect(found).toHaveLength(1);
  return found[0];
};
const roles = (text: string) =>
  Object.fromEntries(only(text).participants.map((p) => [String(p.actorId), p.role]));

describe('meeting status from tense, aspect and modality', () => {
  it('reads perfect verbs with a time as HELD, and without one as REPORTED', () => {
    expect(only('التقى وفد من حماس مسؤولين مصريين في القاهرة أمس.').status).toBe('HELD');
    expect(only('وكان وفد من حماس قد التقى مسؤولين قطريين في الدوحة.').status).toBe('REPORTED');
  });

  it('reads future and intention markers as PLANNED', () => {
    for (const text of [
      'سيلتقي وفد من حماس مسؤولين مصريين في القاهرة.',
      'من المقرر أن يعقد الوسطاء المصريون اجتماعاً مع وفد إسرائيلي في القاهرة.',
      'ومن المنتظر أن يزور ستيف ويتكوف القاهرة للقاء المسؤولين المصريين.',
      'ينوي وفد قطري التوجه إلى القاهرة غداً للقاء المسؤولين المصريين.',
    ])
      expect(only(text).status, text).toBe('PLANNED');
  });

  it('reads postponement as POSTPONED and cancellation as CANCELLED', () => {
    expect(only('تقرر تأجيل الاجتماع بين وفدي حماس وإسرائيل في القاهرة.').status).toBe('POSTPONED');
    expect(only('أُرجئت زيارة وفد حماس إلى الدوحة للقاء مسؤولين قطريين.').status).toBe('POSTPONED');
    expect(only('ألغى بنيامين نتنياهو زيارة إلى القاهرة للقاء المسؤولين المصريين.').status).toBe('CANCELLED');
  });

  it('finds no meeting in interviews, strikes, denials and hedges', () => {
    for (const text of [
      'وفي مقابلة مع قناة الجزيرة، قال خليل الحية إن حماس منفتحة على أي مقترح.',
      'شنت طائرات إسرائيلية غارة على مدينة رفح وقصفت خان يونس.',
      'نفت حماس أن يكون وفدها قد التقى مسؤولين أمريكيين في الدوحة.',
      'وأشارت إلى أن وفدي حماس وإسرائيل لم يجتمعا وجهاً لوجه.',
      'قالت مصادر إن لقاءً قد يجمع ستيف ويتكوف وخليل الحية في الدوحة.',
      'ولا يستبعد مسؤولون عقد لقاء مباشر بين حماس وإسرائيل.',
    ])
      expect(meetings(text), text).toEqual([]);
  });
});

describe('meeting dates', () => {
  it('resolves in the outlet’s local date: 22:30 UTC in Doha is the next day there', () => {
    const late = new Date('2025-06-15T22:30:00Z');
    expect(only('التقى وفد من حماس مسؤولين قطريين في الدوحة أمس.', late, 'Asia/Qatar').occurredAt).toBe(
      '2025-06-15',
    );
    expect(only('التقى وفد من حماس مسؤولين قطريين في الدوحة أمس.', late, 'Europe/London').occurredAt).toBe(
      '2025-06-14',
    );
  });

  it('reads weekdays by tense, weeks from Sunday, months, and both month series with either digits', () => {
    expect(only('التقى وفد من حماس مسؤولين مصريين في القاهرة يوم الخميس.').occurredAt).toBe('2025-06-05');
    expect(only('سيلتقي وفد من حماس مسؤولين مصريين في القاهرة يوم الخميس.').occurredAt).toBe('2025-06-12');
    const week = only('زار وفد من حماس الدوحة الأسبوع الماضي والتقى مسؤولين قطريين.');
    expect([week.occurredAt, week.occurredAtPrecision]).toEqual(['2025-06-01', 'WEEK']);
    const month = only('عقد وفد حماس والوسطاء القطريون اجتماعاً في الدوحة الشهر الماضي.');
    expect([month.occurredAt, month.occurredAtPrecision]).toEqual(['2025-05-01', 'MONTH']);
    for (const date of ['٧ حزيران/يونيو', '7 يونيو', '٧ حزيران']) {
      expect(only(`عقد وفد حماس والوسطاء القطريون اجتماعاً في الدوحة يوم ${date}.`).occurredAt, date).toBe(
        '2025-06-07',
      );
    }
    const tokenized = tokenize('في 3 كانون الثاني 2025');
    const [expression] = findTimeExpressions(tokenized, 0, tokenized.tokens.length);
    expect(resolveTime(expression.value, localDay(TUESDAY), 'past')).toEqual({
      date: '2025-01-03',
      precision: 'DAY',
    });
  });

  it('puts a bare weekday in the week before publication for the past and after it for the future', () => {
    const weekdays = ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('Asia/Gaza', 'Asia/Qatar', 'Europe/London', 'America/New_York'),
        fc.constantFrom('past' as const, 'future' as const),
        (instant, weekday, zone, tense) => {
          const tokenized = tokenize(`يوم ${weekdays[weekday]}`);
          const [expression] = findTimeExpressions(tokenized, 0, tokenized.tokens.length);
          const published = localDay(instant, zone);
          const resolved = resolveTime(expression.value, published, tense);
          const day = Date.parse(`${resolved.date}T00:00:00Z`);
          const today = Date.UTC(published.year, published.month - 1, published.day);
          const delta = (day - today) / 86_400_000;
          return (
            new Date(day).getUTCDay() === weekday &&
            (tense === 'past' ? delta >= -7 && delta <= -1 : delta >= 1 && delta <= 7)
          );
        },
      ),
    );
  });
});

describe('meeting places and roles', () => {
  it('reads a city in every clitic and «capital of» form, and never makes its country a host', () => {
    const forms = ['في القاهرة', 'بالقاهرة', 'إلى القاهرة', 'في العاصمة المصرية'];
    fc.assert(
      fc.property(fc.constantFrom(...forms), (place) => {
        const meeting = only(`اجتمع وفد من حماس ووفد إسرائيلي ${place} أمس.`);
        return meeting.city === 'Cairo' && meeting.participants.every((p) => p.actorId !== 'egypt');
      }),
    );
    expect(only('اجتمع وفدان من حماس وإسرائيل في شرم الشيخ أمس.').city).toBe('Sharm el-Sheikh');
    expect(only('زار وفد أمريكي معبر رفح أمس والتقى مسؤولين مصريين.').city).toBe('Rafah');
  });

  it('gives HOST, MEDIATOR, VISITOR and DELEGATION_HEAD only to the actor a role word governs', () => {
    expect(roles('استضافت مصر أمس وفداً من حركة حماس برئاسة خليل الحية.')).toEqual({
      egypt: 'HOST',
      hamas: 'ATTENDEE',
      'khalil-al-hayya': 'DELEGATION_HEAD',
    });
    expect(roles('عقد وفدان من إسرائيل وحماس أمس جولة مفاوضات بوساطة مصرية قطرية في القاهرة.')).toEqual({
      israel: 'ATTENDEE',
      hamas: 'ATTENDEE',
      egypt: 'MEDIATOR',
      qatar: 'MEDIATOR',
    });
    expect(roles('عقد الوسيطان مصر وقطر اجتماعاً مع وفد إسرائيلي في القاهرة أمس.')).toEqual({
      egypt: 'MEDIATOR',
      qatar: 'MEDIATOR',
      israel: 'ATTENDEE',
    });
    expect(
      roles('استقبل الشيخ محمد بن عبد الرحمن آل ثاني أمس ستيف ويتكوف، الذي وصل إلى الدوحة في زيارة.'),
    ).toEqual({ 'mohammed-bin-abdulrahman-al-thani': 'HOST', 'steve-witkoff': 'VISITOR' });
    // «X succeeded with the help of the mediators» makes nobody a mediator.
    const helped = roles(
      'عقد في القاهرة أمس اجتماع ضم وفداً أمريكياً ووفداً قطرياً، ونجحت حماس بمساعدة الوسطاء في تقليص الفجوات.',
    );
    expect(Object.values(helped)).not.toContain('MEDIATOR');
  });

  it('gives every stated role its quote, and ATTENDEE none', () => {
    const meeting = only('استضافت مصر أمس وفداً من حركة حماس برئاسة خليل الحية في القاهرة.');
    for (const participant of meeting.participants)
      expect(participant.evidence.length > 0).toBe(participant.role !== 'ATTENDEE');
  });
});

describe('one candidate per meeting', () => {
  it('merges sentences about the same meeting, with all their quotes', () => {
    const text =
      'استضافت مصر أمس وفداً من حركة حماس برئاسة خليل الحية. واستمر الاجتماع خمس ساعات بالقاهرة. ' +
      'ومن المقرر أن يتوجه وفد إسرائيلي إلى القاهرة يوم الخميس للقاء المسؤولين المصريين.';
    const found = meetings(text);
    expect(found.map((m) => [m.status, m.city, m.quotes.length])).toEqual([
      ['HELD', 'Cairo', 2],
      ['PLANNED', 'Cairo', 1],
    ]);
  });
});

describe('merging two reports of one meeting', () => {
  it('keeps the same wire sentence once per article: two outlets are two reports', () => {
    const text = 'استضافت مصر أمس وفداً من حركة حماس برئاسة خليل الحية في القاهرة.';
    const [found] = meetings(text);
    const inArticle = (articleId: number) => ({
      ...found,
      quotes: found.quotes.map((quote) => ({ ...quote, articleId })),
      participants: found.participants.map((p) => ({
        ...p,
        evidence: p.evidence.map((quote) => ({ ...quote, articleId })),
      })),
    });
    const merged = mergeMeetings(inArticle(1), inArticle(2));
    expect(merged.quotes.map((quote) => quote.articleId)).toEqual([1, 2]);
    for (const participant of merged.participants)
      expect(participant.evidence.length).toBe(participant.role === 'ATTENDEE' ? 0 : 2);
    // The same quote of the same article is one quote.
    expect(mergeMeetings(inArticle(1), inArticle(1)).quotes).toHaveLength(1);
  });
});

describe('linking in article context', () => {
  const linked = (text: string) => linkInContext(tokenize(text), gazetteer);

  it('links a surname, «الشيخ» with a given name, or the title only after the full name', () => {
    const later = linked('وصل خليل الحية إلى القاهرة. وقال الحية إن الوفد متفائل.').mentions;
    expect(later.map((m) => [m.actorId, m.quote])).toEqual([
      ['khalil-al-hayya', 'خليل الحية'],
      ['khalil-al-hayya', 'الحية'],
    ]);
    expect(linked('وقال الشيخ محمد إن الوساطة مستمرة.').mentions).toEqual([]);
    const titled = linked(
      'قال رئيس الوزراء القطري الشيخ محمد بن عبد الرحمن آل ثاني إن الفرصة متاحة. وأضاف رئيس الوزراء القطري أن الفجوات تضيق.',
    ).mentions;
    expect(titled.map((m) => m.actorId)).toEqual([
      'mohammed-bin-abdulrahman-al-thani',
      'mohammed-bin-abdulrahman-al-thani',
    ]);
  });

  it('refuses a surname after another given name and proposes that person', () => {
    const result = linked(
      'التقى رون ديرمر مسؤولين أمريكيين. وقال ناتان ديرمر إن الاتفاق خطير. وقال يوسف الحية إن الوضع كارثي.',
    );
    expect(result.mentions.map((m) => m.quote)).toEqual(['رون ديرمر']);
    expect(result.refused.map((r) => r.name)).toEqual(['ناتان ديرمر']);
    const withFull = linked('وصل خليل الحية إلى القاهرة. وقال يوسف الحية إن الوضع كارثي.');
    expect(withFull.refused.map((r) => r.name)).toEqual(['يوسف الحية']);
  });
});
