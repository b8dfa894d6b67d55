// The feed poller end to end: sources added over GraphQL, the fixture server on loopback (so with
// FEEDS_ALLOW_PRIVATE=true), articles stored through the same domain path as addArticle.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { globalId } from '../support/fixtures';
import { testDatabases } from '../support/databases';
import { startFeedServer, type FeedServer } from '../fixtures/feeds/server';

const addSource = `mutation ($input: AddSourceInput!) {
  addSource(input: $input) { id name enabled consecutiveFailures lastError lastSuccessAt }
}`;

const pollerEnv = {
  FEEDS_POLLER: 'true',
  FEEDS_ALLOW_PRIVATE: 'true',
  FEEDS_TICK_MS: '600000',
  FEEDS_CONTACT: 'mailto:feeds-test@example.org',
};

function addSourceFor(app: TestApp, feeds: FeedServer) {
  return async (path: string, name: string, extra: Record<string, unknown> = {}) => {
    const result = await app.graphql<{ addSource: { id: string } }>(addSource, {
      input: { feedUrl: `${feeds.origin}${path}`, name, fullTextAllowed: true, ...extra },
    });
    expect(result.errors).toBeUndefined();
    return result.data!.addSource.id;
  };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Adds a feed that fails, and checks the poller's record of it: the reason, and the backoff. */
async function expectFailureRecorded(app: TestApp, feeds: FeedServer, path: string, reason: string) {
  await addSourceFor(app, feeds)(path, `مصدر معطوب ${path}`);
  const sourceRow = () =>
    app.database.prisma.source.findUniqueOrThrow({ where: { feedUrl: `${feeds.origin}${path}` } });
  await until(sourceRow, (row) => row.consecutiveFailures > 0, 30_000);
  const source = await sourceRow();
  expect(source.consecutiveFailures).toBe(1);
  expect(source.lastError?.startsWith(`${reason}:`)).toBe(true);
  expect(source.lastSuccessAt).toBeNull();
  // Backoff: the next try is at least half the 900 s interval away (equal jitter).
  expect(source.nextPollAt.getTime() - Date.now()).toBeGreaterThan(400_000);
  expect(await app.database.prisma.article.count({ where: { sourceId: source.id } })).toBe(0);
  // Out of the way of the later tests' polls.
  await app.database.prisma.source.update({ where: { id: source.id }, data: { enabled: false } });
}

describe.each(testDatabases())('feed poller on %s', (kind) => {
  let app: TestApp;
  let feeds: FeedServer;

  beforeAll(async () => {
    feeds = await startFeedServer();
    app = await startTestApp(kind, {
      seed: true,
      logger: process.env.FEEDS_TEST_LOG ? pino({ level: 'info' }) : undefined,
      env: {
        ...pollerEnv,
        // Long enough for a loaded machine (at 6 s a page read timed out in a full CI run, and the item
        // fell back to its feed's one-line text, a duplicate of another's). The /slow feed, which fails only
        // at this deadline, has a suite of its own below.
        FEEDS_TIMEOUT_MS: '15000',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await feeds?.close();
  });

  const add = (path: string, name: string, extra: Record<string, unknown> = {}) =>
    addSourceFor(app, feeds)(path, name, extra);

  const sourceRow = (path: string) =>
    app.database.prisma.source.findUniqueOrThrow({ where: { feedUrl: `${feeds.origin}${path}` } });

  /**
   * Polls until `done` holds, at most three times: on a loaded machine one fetch can outlast its deadline,
   * and the poller records that failure and tries again at the next poll, as it would in production.
   */
  async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, path: string): Promise<T> {
    let value = await read();
    for (let attempt = 0; attempt < 3 && !done(value); attempt += 1) {
      await app.poller!.pollNow();
      value = await read();
    }
    if (!done(value))
      throw new Error(`not polled: ${(await sourceRow(path)).lastError ?? 'no error recorded'}`);
    return value;
  }

  it('polls a new source at once and stores the article text without navigation or ads', async () => {
    await add('/rss.xml', 'وكالة تجريبية');
    const articles = await until(
      () =>
        app.database.prisma.article.findMany({ where: { source: 'وكالة تجريبية' }, orderBy: { id: 'asc' } }),
      (rows) => rows.length >= 2,
    );
    expect(articles).toHaveLength(2);
    const first = articles.find((article) => article.url.endsWith('/pages/article-1.html'))!;
    // Canonical URL: the utm_source parameter of the feed's link is gone.
    expect(first.url).toBe(`${feeds.origin}/pages/article-1.html`);
    expect(first.sourceId).not.toBeNull();
    expect(first.body).toContain('التقى الوسيط سالم الحداد');
    for (const chrome of ['إعلان', 'الأكثر قراءة', 'جميع الحقوق محفوظة', 'رياضة'])
      expect(first.body).not.toContain(chrome);
    expect(first.publishedAt?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    const source = await sourceRow('/rss.xml');
    expect(source.lastSuccessAt).not.toBeNull();
    expect(source.consecutiveFailures).toBe(0);
    expect(source.leaseOwner).toBeNull();
    // robots.txt first, and a User-Agent naming a contact.
    const seen = feeds.requests.map((request) => request.path);
    expect(seen.indexOf('/robots.txt')).toBeLessThan(seen.indexOf('/rss.xml'));
    expect(
      feeds.requests.every((request) => request.userAgent?.includes('mailto:feeds-test@example.org')),
    ).toBe(true);
  });

  it('decodes windows-1256 feeds and pages', async () => {
    await add('/rss-1256.xml', 'صحيفة بترميز قديم');
    const [article] = await pollUntil(
      () => app.database.prisma.article.findMany({ where: { source: 'صحيفة بترميز قديم' } }),
      (rows) => rows.length > 0,
      '/rss-1256.xml',
    );
    expect(article, (await sourceRow('/rss-1256.xml')).lastError ?? 'no error recorded').toBeDefined();
    expect(article.title).toBe('نص تجريبي: مباحثات في القاهرة');
    expect(article.body).toContain('أجرى الوسيط عادل المنصوري مباحثات في القاهرة');
  });

  it('reads Atom', async () => {
    await add('/atom.xml', 'نشرة أتوم');
    const [article] = await pollUntil(
      () => app.database.prisma.article.findMany({ where: { source: 'نشرة أتوم' } }),
      (rows) => rows.length > 0,
      '/atom.xml',
    );
    expect(article.url).toBe(`${feeds.origin}/pages/atom-1.html`);
    expect(article.body).toContain('عقد المفاوض كريم العطار اجتماعا في القاهرة');
  });

  it("keeps only the feed's own text when full text is not allowed", async () => {
    await add('/summary.xml', 'موقع بلا نص كامل', { fullTextAllowed: false });
    const [article] = await pollUntil(
      () => app.database.prisma.article.findMany({ where: { source: 'موقع بلا نص كامل' } }),
      (rows) => rows.length > 0,
      '/summary.xml',
    );
    expect(article, (await sourceRow('/summary.xml')).lastError ?? 'no error recorded').toBeDefined();
    expect(article.body).toBe('نص تجريبي مصطنع. ملخص الخبر كما نشرته الخلاصة، والأسماء فيه مختلقة.');
    expect(feeds.requests.some((request) => request.path === '/pages/summary-only.html')).toBe(false);
  });

  it("falls back to the feed's own text when the page cannot be read", async () => {
    await add('/fallback.xml', 'موقع صفحته مفقودة');
    const [article] = await pollUntil(
      () => app.database.prisma.article.findMany({ where: { source: 'موقع صفحته مفقودة' } }),
      (rows) => rows.length > 0,
      '/fallback.xml',
    );
    expect(article, (await sourceRow('/fallback.xml')).lastError ?? 'no error recorded').toBeDefined();
    expect(article.body).toBe('نص تجريبي مصطنع. نص الخلاصة حين تغيب الصفحة، والأسماء فيه مختلقة.');
    expect(feeds.requests.some((request) => request.path === '/pages/missing.html')).toBe(true);
  });

  it('sends the validators back and takes 304 as success', async () => {
    await add('/etag.xml', 'مصدر بوسم');
    let source = await pollUntil(
      () => sourceRow('/etag.xml'),
      (row) => row.lastEtag !== null,
      '/etag.xml',
    );
    expect(source.lastEtag).toBe('"fixture-v1"');
    expect(source.lastModified).toBe('Tue, 01 Dec 2026 09:00:00 GMT');
    const before = feeds.requests.length;
    await app.poller!.pollNow();
    const again = feeds.requests.slice(before).find((request) => request.path === '/etag.xml')!;
    expect(again.ifNoneMatch).toBe('"fixture-v1"');
    expect(again.ifModifiedSince).toBe('Tue, 01 Dec 2026 09:00:00 GMT');
    source = await sourceRow('/etag.xml');
    expect(source.consecutiveFailures).toBe(0);
    expect(source.lastEtag).toBe('"fixture-v1"');
  });

  it.each([
    ['/error-500', 'http_status'],
    ['/oversized', 'too_large'],
    ['/gzip-bomb', 'too_large'],
    ['/entity-bomb.xml', 'parse'],
    ['/malformed.xml', 'parse'],
    ['/redirect/9', 'too_many_redirects'],
  ])('records the failure of %s (%s) and backs off', (path, reason) =>
    expectFailureRecorded(app, feeds, path, reason),
  );

  it('links a republished agency copy to its first copy and proposes nothing for it', async () => {
    await add('/rss-copy.xml', 'صحيفة ناقلة');
    await app.poller!.pollNow();
    const original = await app.database.prisma.article.findFirstOrThrow({
      where: { url: `${feeds.origin}/pages/article-1.html` },
    });
    const copy = await app.database.prisma.article.findFirstOrThrow({
      where: { url: `${feeds.origin}/pages/article-1-copy.html` },
      include: { candidates: true, candidateActors: true },
    });
    expect(copy.nearDuplicateOfId).toBe(original.id);
    const read = await app.graphql<{ node: { version: number; nearDuplicateOf: { id: string } | null } }>(
      `query ($id: ID!) { node(id: $id) { ... on Article { version nearDuplicateOf { id } } } }`,
      { id: globalId('Article', copy.id) },
    );
    expect(read.data!.node).toEqual({
      version: 1,
      nearDuplicateOf: { id: globalId('Article', original.id) },
    });
    expect(copy.candidates).toEqual([]);
    expect(copy.candidateActors).toEqual([]);
    // The first copy keeps its own.
    expect(original.nearDuplicateOfId).toBeNull();
  });

  it('stores an edit under the same URL as a new version, with candidates only for what changed', async () => {
    await add('/edited.xml', 'موقع يعدل');
    await app.poller!.pollNow();
    const url = `${feeds.origin}/pages/edited.html`;
    const v1 = await app.database.prisma.article.findFirstOrThrow({ where: { url } });
    feeds.edit();
    await app.poller!.pollNow();
    const versions = await app.database.prisma.article.findMany({
      where: { url },
      orderBy: { version: 'asc' },
      include: { candidates: true, candidateActors: true },
    });
    expect(versions.map((version) => version.version)).toEqual([1, 2]);
    expect(versions[1].previousVersionId).toBe(v1.id);
    expect(versions[1].body).toContain('تأجيل الاجتماع');
    // Whatever the new version proposes quotes the new text, never only what version 1 already said.
    const proposals = [...versions[1].candidates, ...versions[1].candidateActors];
    expect(proposals.length).toBeGreaterThan(0);
    for (const proposal of proposals) expect(v1.body.includes(proposal.quote)).toBe(false);
    // A third poll of the unchanged page changes nothing.
    await app.poller!.pollNow();
    expect(await app.database.prisma.article.count({ where: { url } })).toBe(2);
  });

  it('turns a fixture item into a candidate for review, keeping page markup out of the text', async () => {
    await add('/review.xml', 'وكالة تجريبية للمراجعة');
    await app.poller!.pollNow();
    const article = await app.database.prisma.article.findFirstOrThrow({
      where: { source: 'وكالة تجريبية للمراجعة' },
      include: { candidates: true },
    });
    expect(article.candidates.length).toBeGreaterThan(0);
    expect(article.candidates.some((candidate) => candidate.quote.includes('الدوحة'))).toBe(true);
    expect(article.body).not.toMatch(/<script|onerror|document\.title/);
  });

  it('counts fetches, items and lag in /metrics', async () => {
    const body = await app.metrics.registry.metrics();
    expect(body).toMatch(/feed_fetches_total\{kind="feed",outcome="ok"\} [1-9]/);
    expect(body).toMatch(/feed_fetches_total\{kind="feed",outcome="not_modified"\} [1-9]/);
    expect(body).toMatch(/feed_fetches_total\{kind="feed",outcome="too_large"\} [1-9]/);
    expect(body).toMatch(/feed_items_total\{outcome="new"\} [1-9]/);
    expect(body).toMatch(/feed_items_total\{outcome="near_duplicate"\} 1/);
    expect(body).toMatch(/feed_items_total\{outcome="version"\} 1/);
    expect(body).toMatch(/feed_item_lag_seconds_count [1-9]/);
  });

  it('lists, disables and removes sources (scope ADMIN only)', async () => {
    const listed = await app.graphql<{ sources: { id: string; name: string }[] }>(`{ sources { id name } }`);
    expect(listed.data!.sources.length).toBeGreaterThan(5);
    const anonymous = await app.graphql(`{ sources { id } }`, {}, { authorization: '' });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const id = listed.data!.sources[0].id;
    const disabled = await app.graphql<{ updateSource: { enabled: boolean } }>(
      `mutation ($id: ID!) { updateSource(input: { id: $id, enabled: false }) { enabled } }`,
      { id },
    );
    expect(disabled.data!.updateSource.enabled).toBe(false);
    const removed = await app.graphql<{ removeSource: string }>(
      `mutation ($id: ID!) { removeSource(id: $id) }`,
      {
        id,
      },
    );
    expect(removed.data!.removeSource).toBe(id);
    const again = await app.graphql(`mutation ($id: ID!) { removeSource(id: $id) }`, { id });
    expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

// /slow sends its headers and then nothing: it fails only at the fetch deadline, which the suite above
// sets long for a loaded machine. Here, on an app of its own, the deadline is short, so the case does not
// wait out 15 s per database. The failure is recorded by the same write as the cases above (on both
// databases), so PGlite alone runs it.
describe('feed poller with a short fetch deadline', () => {
  let app: TestApp;
  let feeds: FeedServer;

  beforeAll(async () => {
    feeds = await startFeedServer();
    app = await startTestApp('pglite', { seed: false, env: { ...pollerEnv, FEEDS_TIMEOUT_MS: '2000' } });
  });
  afterAll(async () => {
    await app?.stop();
    await feeds?.close();
  });

  it('records the failure of /slow (timeout) and backs off', () =>
    expectFailureRecorded(app, feeds, '/slow', 'timeout'));
});
