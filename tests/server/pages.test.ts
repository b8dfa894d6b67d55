// The base stylesheet the ticker and the review desk share (src/server/assets/base.css): linked by both
// pages at one URL, served like their other assets under the pages' Content-Security-Policy, and the only
// place that defines what it defines.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { hasChromium, openBrowser } from '../support/browser';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const pages = {
  '/': '/ticker/assets/ticker.css',
  '/ticker': '/ticker/assets/ticker.css',
  '/review': '/review/assets/review.css',
};

describe('the pages’ shared base stylesheet', () => {
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false });
    base = (await app.listen(0, '127.0.0.1')).replace(/\/graphql$/, '');
  });
  afterAll(() => app?.stop());

  it('is linked by every page at one URL, before the page’s own stylesheet, with no inline style', async () => {
    for (const [pathname, own] of Object.entries(pages)) {
      const html = await (await fetch(`${base}${pathname}`)).text();
      const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((match) => match[1]);
      expect(sheets, pathname).toEqual(['/assets/base.css', own]);
      // The policy's style-src is 'self' alone: an inline style would be refused.
      expect(html, pathname).not.toMatch(/<style|\sstyle=/i);
    }
  });

  it('is served from memory with its ETag, as text/css, to GET and HEAD only', async () => {
    const url = `${base}/assets/base.css`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(read('src/server/assets/base.css'));
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);

    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const head = await fetch(url, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([
      200,
      String(Buffer.byteLength(read('src/server/assets/base.css'))),
    ]);
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
    // Only the shared files are the ticker route's; other /assets/ paths are not served as pages' assets.
    expect((await fetch(`${base}/assets/ticker.css`)).status).toBe(404);
  });

  it('is the one place its custom properties and rules are defined', () => {
    const shared = read('src/server/assets/base.css');
    const properties = [...shared.matchAll(/(--[a-z-]+):/g)].map((match) => match[1]);
    expect(properties).toEqual(expect.arrayContaining(['--bg', '--text', '--accent', '--focus', '--arabic']));
    for (const file of ['src/server/ticker/assets/ticker.css', 'src/server/review/assets/review.css']) {
      const own = read(file);
      for (const property of new Set(properties))
        expect(own, `${file} ${property}`).not.toContain(`${property}:`);
      expect(own, file).not.toMatch(/^\.visually-hidden\s*\{/m);
      expect(own, file).not.toMatch(/^\*\s*\{/m);
    }
  });

  describe.skipIf(!hasChromium && !process.env.CI)('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await openBrowser();
    });
    afterAll(() => browser?.close());

    it('applies the base and then the page’s own sheet on both pages, in light and dark, within the policy', async () => {
      const seen: Record<string, unknown> = {};
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await browser.newPage({ colorScheme });
        await page.addInitScript(() => {
          const csp: string[] = ((window as unknown as { __csp: string[] }).__csp = []);
          document.addEventListener('securitypolicyviolation', (event) =>
            csp.push(`${event.violatedDirective} ${event.blockedURI}`),
          );
        });
        for (const pathname of ['/', '/review']) {
          await page.goto(`${base}${pathname}`, { waitUntil: 'load' });
          seen[`${colorScheme} ${pathname}`] = await page.evaluate(() => {
            const html = getComputedStyle(document.documentElement);
            return {
              sheets: [...document.styleSheets].map((sheet) => new URL(sheet.href!).pathname),
              rules: [...document.styleSheets].map((sheet) => sheet.cssRules.length > 0),
              focus: html.getPropertyValue('--focus').trim(),
              background: html.backgroundColor,
              csp: (window as unknown as { __csp: string[] }).__csp,
            };
          });
        }
        await page.close();
      }
      const light = { focus: '#1a56db', background: 'rgb(246, 245, 241)', csp: [], rules: [true, true] };
      const dark = { focus: '#8ab4ff', background: 'rgb(18, 20, 22)', csp: [], rules: [true, true] };
      expect(seen).toEqual({
        'light /': { ...light, sheets: ['/assets/base.css', '/ticker/assets/ticker.css'] },
        'light /review': { ...light, sheets: ['/assets/base.css', '/review/assets/review.css'] },
        'dark /': { ...dark, sheets: ['/assets/base.css', '/ticker/assets/ticker.css'] },
        'dark /review': { ...dark, sheets: ['/assets/base.css', '/review/assets/review.css'] },
      });
    });
  });
});
