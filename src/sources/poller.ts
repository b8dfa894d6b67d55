import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { FeedsConfig } from '../config';
import type { Db } from '../db/client';
import {
  claimDueSource,
  fence,
  finishSourcePoll,
  LeaseLostError,
  hasClaimableSource,
  makeAllSourcesDue,
  releaseHostLease,
  renewSourceLease,
  tryHostLease,
  type PollOutcome,
  type SourceLease,
} from '../db/leases';
import type { DomainContext } from '../domain/context';
import { addArticle } from '../domain/ingest';
import type { Source } from '../domain/sources';
import { canonicalUrl } from '../domain/urls';
import { backoffMs } from './backoff';
import { decodeBody } from './charset';
import { extractArticle, htmlToText } from './extract';
import { FeedParseError, parseFeed, type FeedItem } from './feed';
import { fetchUrl, FetchError, type FetchOptions, type FetchResult, type Network } from './http';
import { noSourceMetrics, type FetchKind, type ItemOutcome, type SourceMetrics } from './metrics';
import { RobotsCache } from './robots';

/** A stored article's page is read again for edits while it is this young; older ones are left alone. */
const editWindowMs = 48 * 60 * 60 * 1000;
/** Sources one tick polls at most, so that shutdown and other work are not held up by a long queue. */
const sourcesPerTick = 50;
const feedAccept =
  'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1';

export interface PollerOptions {
  prisma: Db;
  domain: DomainContext;
  feeds: FeedsConfig;
  logger: Logger;
  metrics?: SourceMetrics;
  /** Tests inject name resolution and connections (src/sources/http.ts). */
  network?: Network;
  /** Who holds leases, in logs and in the Source row; unique per poller. */
  owner?: string;
}

/**
 * The feed poller inside a server process. Each tick it takes the lease of one due source at a time
 * (src/db/leases.ts), reads the feed (robots.txt first, conditional GET, one request per host at a time
 * across processes), hands every new item to the same domain path as addArticle, and records the outcome
 * fenced by the lease's token. Failures back off exponentially with jitter.
 */
export class SourcePoller {
  readonly owner: string;
  private readonly robots: RobotsCache;
  private readonly metrics: SourceMetrics;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private closed = false;
  private again = false;

  constructor(private readonly options: PollerOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.metrics = options.metrics ?? noSourceMetrics;
    this.robots = new RobotsCache((url) => this.fetchAs('robots', url, {}), options.feeds.userAgent);
  }

  start(): void {
    this.schedule(0);
  }

  /** Look for due sources now (a source was added or enabled). */
  wake(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Makes every enabled source due and polls until none is left for this process; for tests and tools. */
  async pollNow(): Promise<void> {
    while (this.running) await this.running;
    await makeAllSourcesDue(this.options.prisma);
    // A tick that started meanwhile (a source was added: wake) may have looked for due sources before
    // they were made due, and this call would only wait for it: tick again while one can be claimed.
    for (let rounds = 0; rounds < 5; rounds += 1) {
      await this.tick();
      if (!(await hasClaimableSource(this.options.prisma))) return;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    while (this.running) await this.running;
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'feed poller tick failed'))
      .finally(() => {
        this.running = null;
        const soon = this.again;
        this.again = false;
        this.schedule(soon ? 0 : this.options.feeds.tickMs);
      });
    return this.running;
  }

  private async drain(): Promise<void> {
    const { prisma, feeds } = this.options;
    if (feeds.testPollNow) await makeAllSourcesDue(prisma);
    for (let polled = 0; polled < sourcesPerTick && !this.closed; polled += 1) {
      const lease = await claimDueSource(prisma, this.owner, feeds.leaseMs);
      if (!lease) return;
      await this.pollSource(lease);
    }
  }

  private async pollSource(lease: SourceLease): Promise<void> {
    const { prisma, feeds, logger } = this.options;
    const source = await prisma.source.findUnique({ where: { id: lease.sourceId } });
    if (!source) return;
    // Renewed while the work runs, so a slow feed keeps its lease; a failed renewal means another took it.
    const renewal = setInterval(() => {
      renewSourceLease(prisma, lease, feeds.leaseMs).catch((error: unknown) =>
        logger.warn({ err: error, source: source.name }, 'could not renew a source lease'),
      );
    }, feeds.leaseMs / 3);
    renewal.unref();
    try {
      const outcome = await this.readFeed(source, lease);
      const recorded = await finishSourcePoll(prisma, lease, outcome);
      if (!recorded)
        logger.warn(
          { source: source.name, sourceId: source.id, reason: 'lease_lost' },
          'source lease lost before the poll was recorded',
        );
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      // Another poller holds the source now; what this one stored before is kept (dedup makes it harmless).
      logger.warn(
        { source: source.name, sourceId: source.id, reason: 'lease_lost' },
        'source lease lost mid-poll',
      );
    } finally {
      clearInterval(renewal);
    }
  }

  private async readFeed(source: Source, lease: SourceLease): Promise<PollOutcome> {
    const intervalMs = source.pollIntervalSeconds * 1000;
    try {
      if (!(await this.robots.allowed(source.feedUrl)))
        throw new FetchError('robots', 'robots.txt disallows the feed for our user agent');
      const response = await this.fetchAs('feed', source.feedUrl, {
        etag: source.lastEtag,
        lastModified: source.lastModified,
        accept: feedAccept,
      });
      if (response.status === 304) return { success: true, nextPollInMs: intervalMs, keepValidators: true };
      const feed = parseFeed(decodeBody(response.body, response.headers['content-type']), response.url);
      // Oldest first: of two copies in one feed, the earlier is the first copy.
      const items = [...feed.items].sort(
        (a, b) => (a.publishedAt?.getTime() ?? 0) - (b.publishedAt?.getTime() ?? 0),
      );
      for (const item of items) await this.handleItem(source, lease, item);
      return {
        success: true,
        nextPollInMs: intervalMs,
        etag: header(response, 'etag'),
        lastModified: header(response, 'last-modified'),
      };
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      const reason =
        error instanceof FetchError ? error.reason : error instanceof FeedParseError ? 'parse' : 'error';
      const message = (error as Error).message;
      this.options.logger.warn(
        { source: source.name, sourceId: source.id, feedUrl: source.feedUrl, reason, error: message },
        `feed poll failed (${reason}): ${message}`,
      );
      return {
        success: false,
        error: `${reason}: ${message}`.slice(0, 1000),
        nextPollInMs: backoffMs(intervalMs, source.consecutiveFailures + 1),
        keepValidators: true,
      };
    }
  }

  private async handleItem(source: Source, lease: SourceLease, item: FeedItem): Promise<void> {
    const { prisma, domain, logger } = this.options;
    const url = canonicalUrl(item.url) ?? item.url;
    const known = await prisma.article.findFirst({
      where: { url },
      orderBy: { version: 'desc' },
      select: { createdAt: true },
    });
    if (known && Date.now() - known.createdAt.getTime() > editWindowMs) return this.metrics.item('duplicate');
    const context = { source: source.name, sourceId: source.id, url };
    let title = item.title;
    let body = htmlToText(item.content);
    if (source.fullTextAllowed) {
      const page = await this.readPage(url, context).catch((error: unknown) => {
        const reason = error instanceof FetchError ? error.reason : 'error';
        logger.warn(
          { ...context, reason, error: (error as Error).message },
          "page not read; keeping the feed's text",
        );
        return null;
      });
      if (page) {
        body = page.text;
        title ||= page.title;
      }
    }
    if (!body.trim()) {
      logger.warn({ ...context, reason: 'empty' }, 'feed item has no text');
      return this.metrics.item('skipped');
    }
    const tomorrow = Date.now() + 24 * 60 * 60 * 1000;
    const publishedAt = item.publishedAt && item.publishedAt.getTime() <= tomorrow ? item.publishedAt : null;
    let outcome: ItemOutcome;
    try {
      const result = await addArticle(
        domain,
        {
          url,
          title: (title || body.split('\n')[0]).slice(0, 300),
          body: body.slice(0, 100_000),
          source: source.name,
          language: source.language as 'ar',
          publishedAt,
        },
        { feed: { sourceId: source.id, timeZone: source.timeZone, fence: (tx) => fence(tx, lease) } },
      );
      outcome = result.fate ?? (result.created ? 'new' : 'duplicate');
      if (result.created && publishedAt) this.metrics.lag((Date.now() - publishedAt.getTime()) / 1000);
      if (outcome === 'near_duplicate')
        logger.info({ ...context, of: result.nearDuplicateOf }, 'near-duplicate linked to its first copy');
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      outcome = 'failed';
      logger.warn({ ...context, reason: 'store', error: (error as Error).message }, 'feed item not stored');
    }
    this.metrics.item(outcome);
  }

  private async readPage(url: string, context: object): Promise<{ title: string; text: string } | null> {
    if (!(await this.robots.allowed(url))) {
      this.options.logger.info({ ...context, reason: 'robots' }, 'robots.txt disallows the page');
      return null;
    }
    const page = await this.fetchAs('page', url, { accept: 'text/html,application/xhtml+xml' });
    const extracted = extractArticle(decodeBody(page.body, page.headers['content-type']), page.url);
    if (!extracted) return null;
    // Readability keeps the headline as the text's first line; the title is stored apart.
    const lines = extracted.text.split('\n');
    const text = lines[0] === extracted.title ? lines.slice(1).join('\n') : extracted.text;
    return { title: extracted.title, text };
  }

  /** One request, holding the host's lease (one request per host at a time across processes). */
  private async fetchAs(
    kind: FetchKind,
    url: string,
    extra: Pick<FetchOptions, 'etag' | 'lastModified' | 'accept'>,
  ): Promise<FetchResult> {
    const { feeds, prisma, network } = this.options;
    const options: FetchOptions = {
      userAgent: feeds.userAgent,
      allowPrivate: feeds.allowPrivate,
      limits: { timeoutMs: feeds.timeoutMs, maxBytes: feeds.maxBytes, maxRedirects: feeds.maxRedirects },
      network,
      ...extra,
    };
    let host: string;
    try {
      host = new URL(url).host.toLowerCase();
    } catch {
      throw new FetchError('bad_url', `not a URL: ${url}`);
    }
    const waitUntil = Date.now() + feeds.timeoutMs * 2;
    let lease = await tryHostLease(prisma, host, this.owner, feeds.timeoutMs + 5000);
    while (!lease) {
      if (Date.now() > waitUntil) {
        this.metrics.fetched(kind, 'host_busy');
        throw new FetchError('timeout', `${host} stayed busy with another poller's request`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
      lease = await tryHostLease(prisma, host, this.owner, feeds.timeoutMs + 5000);
    }
    try {
      const result = await fetchUrl(url, options);
      this.metrics.fetched(kind, result.status === 304 ? 'not_modified' : 'ok');
      return result;
    } catch (error) {
      this.metrics.fetched(kind, error instanceof FetchError ? error.reason : 'error');
      throw error;
    } finally {
      await releaseHostLease(prisma, lease);
    }
  }
}

function header(response: FetchResult, name: string): string | null {
  const value = response.headers[name];
  return typeof value === 'string' ? value.slice(0, 500) : null;
}
