import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeArticle } from '../../src/domain/articles';
import { ValidationError } from '../../src/domain/errors';
import { addArticle } from '../../src/domain/ingest';
import { startTestApp, type TestApp } from '../support/app';

// storeArticle (the seed's way in) and addArticle (the API's and the CLI's) validate with one schema,
// so an article has one URL whichever way it came in.
describe('one article schema for every way in', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false });
  });
  afterAll(() => app?.stop());

  const article = { title: 'عنوان', source: 'wire', language: 'ar' as const };

  it('stores the canonical URL, so addArticle finds the same article under its tracked URL', async () => {
    const stored = await storeArticle(app.domain, {
      ...article,
      url: 'https://Example.org/news/1?utm_source=feed#top',
      body: 'نص المقال الأول',
    });
    expect(stored.article.url).toBe('https://example.org/news/1');
    const again = await addArticle(app.domain, {
      ...article,
      url: 'https://example.org/news/1?utm_campaign=x',
      body: 'نص آخر تماما',
    });
    expect(again).toMatchObject({ articleId: stored.article.id, created: false });
  });

  it('refuses what addArticle refuses: a non-http URL, an unknown language, a blank body', async () => {
    const refusal = (input: Partial<Parameters<typeof storeArticle>[1]>) =>
      storeArticle(app.domain, { ...article, url: 'https://example.org/2', body: 'نص', ...input }).catch(
        (error: unknown) => error,
      );
    for (const [input, field] of [
      [{ url: 'ftp://example.org/x' }, 'input.url'],
      [{ language: 'xx' as 'ar' }, 'input.language'],
      [{ body: '   ' }, 'input.body'],
    ] as const) {
      const error = await refusal(input);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toMatch(new RegExp(`^${field.replace('.', '\\.')}:`));
    }
    expect(await app.database.prisma.article.count({ where: { url: { contains: '/2' } } })).toBe(0);
  });
});
