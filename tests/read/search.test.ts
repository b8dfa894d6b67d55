import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor } from '../../src/domain/actors';
import { articleSearchText, contentHash } from '../../src/domain/articles';
import { addArticle } from '../../src/domain/ingest';
import { search, type SearchHit } from '../../src/read/search';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';

// Filler sentences so that articles are long (~5 KB) and differ, as the bench's do.
const filler = [
  'وأشارت المصادر إلى أن الوفود ستواصل اجتماعاتها خلال الأسبوع المقبل في العاصمة المصرية.',
  'وتحدثت تقارير صحفية عن خلافات داخلية حول الترتيبات الأمنية وآليات إدخال المساعدات.',
  'ودعا مسؤولون أمميون إلى حماية المدنيين وفتح المعابر أمام القوافل الإنسانية دون قيود.',
  'وقال محللون إن الضغوط الدولية تتزايد على جميع الأطراف للتوصل إلى تفاهمات قريبة.',
];
const longBody = (index: number, extra: string) =>
  Array.from({ length: 44 }, (_, slot) => filler[(index + slot) % filler.length]).join(' ') +
  ` ${extra} (تقرير ${index})`;

describe.each(testDatabases())('search on %s', (kind) => {
  let app: TestApp;
  const ids: Record<string, number> = {};
  const add = async (key: string, title: string, body: string) => {
    const result = await addArticle(app.domain, {
      url: `https://news.example/search/${key}`,
      title,
      body,
      source: 'test',
      language: 'ar',
    });
    ids[key] = result.articleId;
  };
  const find = (query: string, kinds: SearchHit['kind'][] = ['ARTICLE'], limit = 10) =>
    search(app.database, query, { kinds, limit });
  const articleIds = async (query: string, limit = 10) =>
    (await find(query, ['ARTICLE'], limit)).map((hit) => hit.id);

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    await createActor(app.domain, {
      kind: 'PERSON',
      nameEn: 'Benjamin Netanyahu',
      nameAr: 'بنيامين نتنياهو',
      aliases: [{ text: 'نتنياهو', language: 'AR' }],
    });
    await add(
      'netanyahu',
      'لقاء في القدس',
      'التقى رئيس الوزراء الإسرائيلي بنيامين نتنياهو المبعوث الأمريكي ستيف ويتكوف لبحث الصفقة.',
    );
    await add('talks', 'جولة جديدة', 'قال الوسطاء إن مفاوضات الدوحة ستستأنف غدا بحضور الوفود.');
    await add(
      'clitics',
      'تصريحات',
      'أكد المتحدث أن الحركة ملتزمة بالمفاوضات وأن الوفد سيعود للمفاوضات قريبا.',
    );
    await add('marks', 'الهُدْنَة', 'أُعلِنت الهُدْنَة الإنسانيّة في غزّة، وأُطلِق سراح أسيرين إسرائيليَّين.');
    // Ranking: the term in the title beats it in the body; said four times beats said once.
    await add('rank-title', 'مقترح قرطاجنة الجديد', longBody(1, 'وناقش الوسطاء مقترح قرطاجنة.'));
    await add('rank-once', 'أخبار متفرقة', longBody(2, 'وذكرت مصادر مقترح قرطاجنة مرة.'));
    await add(
      'rank-often',
      'أخبار الوساطة',
      longBody(3, 'قرطاجنة. ثم قرطاجنة، وبعدها قرطاجنة، وأخيرا قرطاجنة.'),
    );
    await add(
      'numbers',
      'جدول زمني 2025/26',
      'تمتد الهدنة من 12/10/2024 حتى نهاية 2023-2025، وفق الموقع gaza-truce.example:8080 والنسخة v1.5_final.',
    );
  });

  it('splits numbers, dates and addresses into words as the query does', async () => {
    for (const query of ['2024', '12/10/2024', '2025', '2023', '26', '8080', 'final', 'truce']) {
      expect(await articleIds(query), query).toEqual([ids.numbers]);
    }
  });
  afterAll(() => app?.stop());

  it('finds a spelling variant: نتانياهو finds an article that writes نتنياهو, with a snippet around it', async () => {
    const hits = await find('نتانياهو', ['ARTICLE', 'ACTOR']);
    const article = hits.find((hit) => hit.kind === 'ARTICLE');
    expect(article?.id).toBe(ids.netanyahu);
    expect(article!.snippet.text).toContain('نتنياهو');
    const { start, end } = article!.snippet.highlight!;
    expect(article!.snippet.text.slice(start, end)).toBe('نتنياهو');
    expect(hits.some((hit) => hit.kind === 'ACTOR')).toBe(true);
  });

  it('ignores diacritics, hamza forms and ta marbuta', async () => {
    for (const query of ['الهدنه الانسانيه', 'الهدنة الإنسانية', 'اطلق سراح', 'غزة', 'اسرائيليين']) {
      expect(await articleIds(query), query).toContain(ids.marks);
    }
  });

  it('matches words under clitics both ways: والمفاوضات finds مفاوضات, مفاوضات finds بالمفاوضات', async () => {
    const withClitic = await articleIds('والمفاوضات');
    expect(withClitic).toEqual(expect.arrayContaining([ids.talks, ids.clitics]));
    expect(await articleIds('مفاوضات')).toEqual(expect.arrayContaining([ids.talks, ids.clitics]));
    expect(await articleIds('للمفاوضات الدوحة')).toEqual([ids.talks]);
  });

  it('ranks an article with the term in its title first, then the one that says it more often', async () => {
    expect(await articleIds('قرطاجنة')).toEqual([ids['rank-title'], ids['rank-often'], ids['rank-once']]);
    const scores = (await find('قرطاجنة')).map((hit) => hit.score);
    expect(scores.every((score) => score > 0 && score <= 1)).toBe(true);
  });

  it('requires every query word that the articles know; an unknown word is left out', async () => {
    expect(await articleIds('مقترح قرطاجنة')).toEqual([ids['rank-title'], ids['rank-once']]);
    expect(await articleIds('نتنياهو زقزقلوت')).toEqual([ids.netanyahu]);
    expect(await articleIds('زقزقلوت')).toEqual([]);
  });

  it('finds an article added through addArticle at once, under its own words and their variants', async () => {
    expect(await articleIds('زغلولية')).toEqual([]);
    await add('fresh', 'سفينة المساعدات الزغلولية', 'وصلت السفينة الزغلولية إلى الميناء محملة بالمساعدات.');
    for (const query of ['زغلولية', 'الزغلوليه', 'بالزغلولية'])
      expect(await articleIds(query), query).toEqual([ids.fresh]);
  });

  it('returns the right top hits for a common phrase in many long articles, at a fixed number of statements', async () => {
    // 240 long articles that all carry the phrase once, written in one statement as a bulk load would.
    const bulk = Array.from({ length: 240 }, (_, index) => {
      const title = `تقرير ميداني ${index}`;
      const body = longBody(index, 'وتحدث الوسطاء عن وقف إطلاق النار.');
      return {
        url: `https://news.example/bulk/${index}`,
        title,
        body,
        source: 'bulk',
        language: 'ar',
        contentHash: contentHash(body),
        searchText: articleSearchText(title, body),
      };
    });
    await app.database.prisma.article.createMany({ data: bulk });
    await add(
      'phrase-title',
      'وقف إطلاق النار في غزة',
      longBody(7, 'وقف إطلاق النار. ووقف إطلاق النار صامد.'),
    );
    await add(
      'phrase-often',
      'تطورات',
      longBody(8, 'وقف إطلاق النار، ثم وقف إطلاق النار، ولوقف إطلاق النار شروط، ووقف إطلاق النار هش.'),
    );

    app.database.statements.reset();
    const hits = await find('وقف إطلاق النار', ['ARTICLE'], 10);
    const statements = app.database.statements.count;
    expect(hits).toHaveLength(10);
    expect(hits.slice(0, 2).map((hit) => hit.id)).toEqual([ids['phrase-title'], ids['phrase-often']]);
    expect(hits[0].snippet.text).toContain('وقف إطلاق النار');

    // The same statements whether one article matches or hundreds: no query per hit.
    app.database.statements.reset();
    expect(await articleIds('زغلولية')).toHaveLength(1);
    expect(app.database.statements.count).toBe(statements);
  });
});
