// The poller with the private-address guard ON (FEEDS_ALLOW_PRIVATE unset), through an injected network
// that records every lookup and connection and opens sockets only to the loopback fixture server, standing
// in for a made-up public address. Also the FEEDS_TEST_POLL_NOW hook: every enabled source due each tick.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Network } from '../../src/sources/http';
import { startTestApp, type TestApp } from '../support/app';
import { startFeedServer, type FeedServer } from '../fixtures/feeds/server';

const standIn = '93.184.215.14';

describe('feed poller behind the address guard', () => {
  let app: TestApp;
  let feeds: FeedServer;
  const lookups: string[] = [];
  const connects: string[] = [];

  beforeAll(async () => {
    feeds = await startFeedServer();
    const network: Network = {
      async lookup(hostname) {
        lookups.push(hostname);
        if (hostname === 'news.test') return [{ address: standIn, family: 4 }];
        if (hostname === 'intranet.test') return [{ address: '10.20.30.40', family: 4 }];
        throw new Error(`ENOTFOUND ${hostname}`);
      },
      connect({ address, port }) {
        connects.push(`${address}:${port}`);
        if (address !== standIn) return Promise.reject(new Error(`test network: no route to ${address}`));
        return new Promise((resolve, reject) => {
          const socket = net.connect({ host: '127.0.0.1', port: feeds.port });
          socket.once('connect', () => resolve(socket));
          socket.once('error', reject);
        });
      },
    };
    app = await startTestApp('pglite', {
      seed: false,
      network,
      env: { FEEDS_POLLER: 'true', FEEDS_TICK_MS: '200', FEEDS_TEST_POLL_NOW: 'true' },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await feeds?.close();
  });

  const add = (feedUrl: string, name: string) =>
    app.graphql(`mutation ($input: AddSourceInput!) { addSource(input: $input) { id } }`, {
      input: { feedUrl, name, fullTextAllowed: true },
    });

  it('reads a feed through a public name, connecting only to the address it checked', async () => {
    await add(`http://news.test:${feeds.port}/rss.xml`, 'عبر اسم عام');
    await app.poller!.pollNow();
    const articles = await app.database.prisma.article.findMany({ where: { source: 'عبر اسم عام' } });
    expect(articles).toHaveLength(2);
    expect(articles[0].url.startsWith(`http://news.test:${feeds.port}/pages/`)).toBe(true);
    expect(new Set(connects)).toEqual(new Set([`${standIn}:${feeds.port}`]));
  });

  it.each([
    ['a loopback literal', () => `http://127.0.0.1:${feeds.port}/rss.xml`],
    ['a mapped IPv6 literal', () => `http://[::ffff:127.0.0.1]:${feeds.port}/rss.xml`],
    ['a name with a private address', () => `http://intranet.test:${feeds.port}/rss.xml`],
  ])('refuses %s, records the reason and opens no connection', async (_label, feedUrl) => {
    const before = connects.length;
    await add(feedUrl(), `محجوب ${feedUrl()}`);
    await app.poller!.pollNow();
    const source = await app.database.prisma.source.findUniqueOrThrow({ where: { feedUrl: feedUrl() } });
    expect(source.lastError).toMatch(/^blocked_address:/);
    expect(connects.slice(before).every((entry) => entry.startsWith(standIn))).toBe(true);
  });

  it('with FEEDS_TEST_POLL_NOW every enabled source is polled at each tick, whatever its interval', async () => {
    const count = () => feeds.requests.filter((request) => request.path === '/rss.xml').length;
    const before = count();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(count()).toBeGreaterThan(before);
  });
});
