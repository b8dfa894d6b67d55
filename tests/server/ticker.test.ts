import type { Duplex } from 'node:stream';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeArticle } from '../../src/domain/articles';
import { recordDevelopment } from '../../src/domain/developments';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { globalId } from '../support/fixtures';
import { chromiumPath as executablePath, hasChromium, openBrowser } from '../support/browser';

const artifacts = path.resolve(import.meta.dirname, '../artifacts');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

interface TickerHandle {
  transport: string;
  sequences: number[];
}

// Outside CI a machine without Chromium skips these; in CI they must run, once: a quick run (the suite
// repeated on a second Node version) leaves the browser out.
describe.skipIf(!hasChromium && !process.env.CI)('live ticker page in Chromium', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let token: string;
  let hamasId: number;
  const external: string[] = [];
  const pageErrors: string[] = [];
  const quote = 'وقال مصدر مطلع إن المفاوضات استؤنفت في الدوحة بمشاركة المبعوث الأمريكي ستيف ويتكوف';
  const articleUrl = 'https://example.org/ar/news/doha-talks';

  beforeAll(async () => {
    if (!hasChromium)
      throw new Error(
        `Chromium is missing at ${executablePath}: run \`apt-get install chromium\` on the CI image`,
      );
    app = await startTestApp('pglite', { seed: false, env: { LIVE_POLL_MS: '200' } });
    base = (await app.listen(0, '127.0.0.1')).replace(/\/graphql$/, '');
    const { prisma } = app.database;
    const witkoff = await prisma.actor.create({
      data: { slug: 'steve-witkoff', kind: 'PERSON', nameEn: 'Steve Witkoff', nameAr: 'ستيف ويتكوف' },
    });
    const hamas = await prisma.actor.create({
      data: { slug: 'hamas', kind: 'ARMED_GROUP', nameEn: 'Hamas', nameAr: 'حركة حماس' },
    });
    hamasId = hamas.id;
    const { article } = await storeArticle(app.domain, {
      url: articleUrl,
      title: 'استئناف مفاوضات التهدئة في الدوحة',
      body: `الدوحة - ${quote}، وسط تفاؤل حذر بشأن صفقة تبادل الأسرى.`,
      source: 'الجزيرة نت',
      language: 'ar',
      publishedAt: new Date('2025-03-02T00:00:00Z'),
    });
    await recordDevelopment(app.domain, {
      kind: 'MEETING_HELD',
      summary: 'Witkoff met Qatari mediators in Doha',
      occurredAt: new Date('2025-03-01T00:00:00Z'),
      actorIds: [witkoff.id],
      evidence: [{ articleId: article.id, quote }],
    });
    await recordDevelopment(app.domain, {
      kind: 'STATEMENT',
      summary: 'Hamas says it is studying the proposal <img src=x onerror="window.__xss=1">',
      actorIds: [hamas.id],
    });
    await recordDevelopment(app.domain, {
      kind: 'TALKS_RESUMED',
      summary: 'Indirect talks resume in Doha',
      actorIds: [witkoff.id, hamas.id],
    });
    token = (await createApiKey(prisma, { name: 'ticker test', scopes: ['data:write'] })).token;

    browser = await openBrowser();
    page = await browser.newPage({
      viewport: { width: 1000, height: 1300 },
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(base) && !/^(data|blob):/.test(url)) external.push(url);
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const transport = () =>
    page.evaluate(() => (window as unknown as { ticker: TickerHandle }).ticker.transport);
  const sequencesShown = () =>
    page.$$eval('#feed > li', (items) => items.map((item) => Number(item.getAttribute('data-sequence'))));
  const untilLive = () =>
    page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'live', undefined, {
      timeout: 10_000,
    });

  async function recordThroughApi(kind: string, summary: string, actorIds: number[] = []) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'mutation ($input: RecordDevelopmentInput!) { recordDevelopment(input: $input) { sequence } }',
        variables: { input: { kind, summary, actorIds: actorIds.map((id) => globalId('Actor', id)) } },
      }),
    });
    const body = (await response.json()) as {
      data?: { recordDevelopment: { sequence: number } };
      errors?: unknown[];
    };
    expect(body.errors).toBeUndefined();
    return body.data!.recordDevelopment.sequence;
  }

  it('backfills the latest developments with kinds, badges, actors, times and the Arabic quote', async () => {
    await page.goto(`${base}/ticker`);
    await untilLive();
    expect(await sequencesShown()).toEqual([3, 2, 1]);
    expect(await transport()).toBe('ws');

    const first = page.locator('#development-1');
    expect(await first.locator('h3').textContent()).toBe('Meeting held');
    expect(await first.locator('.badge').textContent()).toBe('New');
    expect(await first.locator('.summary').textContent()).toBe('Witkoff met Qatari mediators in Doha');
    expect(await first.locator('.actors li').allTextContents()).toEqual(['Steve Witkoffستيف ويتكوف']);
    expect(await first.locator('.actors bdi[lang="ar"][dir="rtl"]').textContent()).toBe('ستيف ويتكوف');
    const blockquote = first.locator('blockquote');
    expect(await blockquote.getAttribute('lang')).toBe('ar');
    expect(await blockquote.getAttribute('dir')).toBe('rtl');
    expect(await blockquote.textContent()).toBe(quote);
    expect(await first.locator('figcaption a').first().getAttribute('href')).toBe(articleUrl);
    expect(await first.locator('figcaption a').nth(1).getAttribute('href')).toMatch(
      /^https:\/\/example\.org\/ar\/news\/doha-talks#:~:text=/,
    );
    const reported = await app.database.prisma.development.findUniqueOrThrow({
      where: { sequence: 1 },
      select: { reportedAt: true },
    });
    expect(await first.locator('time').first().getAttribute('datetime')).toBe(
      reported.reportedAt.toISOString(),
    );
    expect(await first.locator('time').first().textContent()).toMatch(/ago|now/);
    expect(await first.locator('time').nth(1).textContent()).toBe('1 Mar 2025');

    // Data is text, never markup.
    const statement = page.locator('#development-2');
    expect(await statement.locator('.summary').textContent()).toContain(
      '<img src=x onerror="window.__xss=1">',
    );
    expect(await page.locator('#feed img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // Labelled, keyboard-reachable controls; the actor list comes from the actors query.
    expect(await page.locator('label[for="actor-filter"]').textContent()).toBe('Actor');
    expect(await page.locator('#actor-filter option').allTextContents()).toEqual([
      'All actors',
      'Hamas — حركة حماس',
      'Steve Witkoff — ستيف ويتكوف',
    ]);
    expect(await page.locator('#kind-filter option').count()).toBe(11);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('actor-filter');
    expect(await page.locator('[aria-live="polite"]').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('shows a development recorded through the API within 2 s and announces it', async () => {
    const started = Date.now();
    const sequence = await recordThroughApi('TALKS_SUSPENDED', 'Israel recalls its delegation from Doha');
    await page
      .locator(`#development-${sequence}`)
      .waitFor({ state: 'visible', timeout: Math.max(1, 2000 - (Date.now() - started)) });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await sequencesShown()).toEqual([sequence, 3, 2, 1]);
    expect(await page.locator(`#development-${sequence} h3`).textContent()).toBe('Talks suspended');
    expect(await page.locator('#announcer').textContent()).toContain(
      'New: Talks suspended. Israel recalls its delegation from Doha',
    );

    mkdirSync(artifacts, { recursive: true });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.waitForTimeout(1700); // let the arrival highlight fade before the picture
    await page.screenshot({ path: path.join(artifacts, 'ticker.png'), fullPage: true });
  });

  it('re-backfills and re-subscribes with the kind and actor filters', async () => {
    await page.selectOption('#kind-filter', 'STATEMENT');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#feed > li').length === 1 &&
        document.getElementById('status')?.dataset.state === 'live',
    );
    expect(await sequencesShown()).toEqual([2]);
    const skipped = await recordThroughApi('TALKS_RESUMED', 'not a statement');
    const statement = await recordThroughApi('STATEMENT', 'Qatar says gaps have narrowed');
    await page.locator(`#development-${statement}`).waitFor();
    expect(await sequencesShown()).toEqual([statement, 2]);
    expect(await page.locator(`#development-${skipped}`).count()).toBe(0);

    await page.selectOption('#kind-filter', '');
    await page.selectOption('#actor-filter', globalId('Actor', hamasId));
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#feed > li').length === 2 &&
        document.getElementById('status')?.dataset.state === 'live',
    );
    expect(await sequencesShown()).toEqual([3, 2]);
    const other = await recordThroughApi('STATEMENT', 'without Hamas');
    const withHamas = await recordThroughApi('SAFE_PASSAGE', 'Hamas agrees to safe passage for the convoy', [
      hamasId,
    ]);
    await page.locator(`#development-${withHamas}`).waitFor();
    expect(await sequencesShown()).toEqual([withHamas, 3, 2]);
    expect(await page.locator(`#development-${other}`).count()).toBe(0);

    await page.selectOption('#actor-filter', '');
    await untilLive();
  });

  it('reconnects over WebSocket from its last cursor, showing each entry once', async () => {
    await page.waitForFunction(() => document.querySelectorAll('#feed > li').length === 8);
    const before = await sequencesShown();
    // The page's own reconnect path: drop the socket, wait, subscribe again with the last cursor.
    await page.evaluate(() => (window as unknown as { ticker: { reconnect(): void } }).ticker.reconnect());
    const during = await recordThroughApi('STATEMENT', 'recorded during the reconnect');
    await page.locator(`#development-${during}`).waitFor({ timeout: 10_000 });
    await untilLive();
    const after = await recordThroughApi('MEETING_PLANNED', 'next round planned in Cairo');
    await page.locator(`#development-${after}`).waitFor({ timeout: 5_000 });
    expect(await sequencesShown()).toEqual([after, during, ...before]);
    expect(await transport()).toBe('ws');
  });

  it('resumes from its last cursor over SSE when WebSocket connections fail, without repeats', async () => {
    await page.waitForFunction(() => document.querySelectorAll('#feed > li').length === 10);
    const before = await sequencesShown();
    // Refuse WebSocket upgrades, then drop the open sockets: the page must fall back to server-sent events.
    const upgrades = app.server.listeners('upgrade') as ((...args: unknown[]) => void)[];
    app.server.removeAllListeners('upgrade');
    app.server.on('upgrade', (_request, socket: Duplex) => socket.destroy());
    try {
      for (const client of app.sockets.clients) client.terminate();
      await page.waitForFunction(() => document.getElementById('status')?.dataset.state !== 'live');
      // Recorded while the page has no live connection: only a resume from its cursor can bring them.
      const missed = [
        await recordThroughApi('STATEMENT', 'missed one'),
        await recordThroughApi('STATEMENT', 'missed two'),
      ];
      await page.locator(`#development-${missed[1]}`).waitFor({ timeout: 15_000 });
      expect(await transport()).toBe('sse');
      expect(await sequencesShown()).toEqual([...missed.reverse(), ...before]);

      // And it stays live over SSE.
      const live = await recordThroughApi('PROPOSAL_TABLED', 'Egypt tables a bridging proposal');
      await page.locator(`#development-${live}`).waitFor({ timeout: 5_000 });
      const shown = await sequencesShown();
      expect(shown).toEqual([live, ...missed, ...before]);
      expect(new Set(shown).size).toBe(shown.length);
      expect(await page.locator('#status-text').textContent()).toBe('Live (server-sent events)');
    } finally {
      app.server.removeAllListeners('upgrade');
      for (const listener of upgrades) app.server.on('upgrade', listener);
    }
  });

  it('has no serious or critical accessibility violation in light or dark, and no CSP violation', async () => {
    const checked = await browser.newPage({ viewport: { width: 1000, height: 1300 }, locale: 'en-GB' });
    await checked.addInitScript(() => {
      const csp: string[] = ((window as unknown as { __csp: string[] }).__csp = []);
      document.addEventListener('securitypolicyviolation', (event) =>
        csp.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    for (const colorScheme of ['light', 'dark'] as const) {
      await checked.emulateMedia({ colorScheme });
      await checked.goto(`${base}/`);
      await checked.waitForFunction(() => document.getElementById('status')?.dataset.state === 'live');
      await checked.locator('#feed > li').first().waitFor();
      await checked.evaluate(axeSource);
      const { violations } = await checked.evaluate(() =>
        (window as unknown as { axe: { run(...args: unknown[]): Promise<AxeResults> } }).axe.run(document, {
          resultTypes: ['violations'],
        }),
      );
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
        colorScheme,
      ).toEqual([]);
      expect(await checked.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    }
    await checked.close();
  });

  it('serves GraphiQL without loading anything from outside the server', async () => {
    const html = await (await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('YogaGraphiQL');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/i);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdnjs/);
    expect(html).toContain('نتانياهو');
    expect(html).toContain('Bearer gzn_');

    const graphiql = await browser.newPage();
    graphiql.on('request', (request) => {
      if (!request.url().startsWith(base) && !/^(data|blob):/.test(request.url()))
        external.push(request.url());
    });
    await graphiql.goto(`${base}/graphql`, { waitUntil: 'load' });
    await graphiql.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
    expect(await graphiql.locator('.graphiql-tab').count()).toBe(6);
    await graphiql.close();
    expect(external).toEqual([]);
  });
});
