import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One entry of an RSS 2.0 or Atom feed, as the poller needs it. */
export interface FeedItem {
  url: string;
  title: string;
  /** The feed's own text for the item (content, else summary/description), HTML as the feed gave it. */
  content: string;
  publishedAt: Date | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom';
  title: string;
  items: FeedItem[];
}

export class FeedParseError extends Error {
  readonly reason = 'parse';
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}

/** Items kept from one fetch; a feed longer than this is cut (news feeds carry 10 to 50). */
export const maxFeedItems = 200;

// fast-xml-parser (5.x) keeps DOCTYPE entities unexpanded past its limits; we also refuse any document that
// declares entities at all, since no news feed needs them and they are the means of the billion-laughs bomb.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  htmlEntities: true,
  processEntities: {
    enabled: true,
    maxEntityCount: 0,
    maxEntitySize: 1,
    maxTotalExpansions: 10_000,
    maxExpandedLength: 1_000_000,
  },
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
  parseTagValue: false,
  trimValues: true,
});

/** Parses RSS 2.0 (also 0.9x) or Atom 1.0 into items; refuses malformed XML and entity declarations. */
export function parseFeed(xml: string, baseUrl: string): ParsedFeed {
  if (/<!ENTITY/i.test(xml.slice(0, 64 * 1024))) throw new FeedParseError('the feed declares XML entities');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new FeedParseError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const document = parser.parse(xml) as Record<string, unknown>;
  const rss = document.rss as { channel?: Record<string, unknown> } | undefined;
  if (rss?.channel) {
    const channel = rss.channel;
    const items = asArray(channel.item).map((item) => rssItem(item as Record<string, unknown>, baseUrl));
    return { format: 'rss', title: text(channel.title), items: clean(items) };
  }
  const feed = document.feed as Record<string, unknown> | undefined;
  if (feed) {
    const items = asArray(feed.entry).map((entry) => atomEntry(entry as Record<string, unknown>, baseUrl));
    return { format: 'atom', title: text(feed.title), items: clean(items) };
  }
  throw new FeedParseError('neither an RSS channel nor an Atom feed');
}

function rssItem(item: Record<string, unknown>, baseUrl: string): FeedItem | null {
  const link = asArray(item.link).map(text).find(Boolean) ?? permalinkGuid(item.guid);
  const url = absolute(link, baseUrl);
  if (!url) return null;
  return {
    url,
    title: text(item.title),
    content: text(item['content:encoded']) || text(item.description),
    publishedAt: date(text(item.pubDate) || text(item['dc:date'])),
  };
}

function atomEntry(entry: Record<string, unknown>, baseUrl: string): FeedItem | null {
  const links = asArray(entry.link) as Record<string, unknown>[];
  const alternate = links.find((link) => !link['@_rel'] || link['@_rel'] === 'alternate') ?? links[0];
  const url = absolute(alternate ? String(alternate['@_href'] ?? '') : '', baseUrl);
  if (!url) return null;
  return {
    url,
    title: text(entry.title),
    content: text(entry.content) || text(entry.summary),
    publishedAt: date(text(entry.published) || text(entry.updated)),
  };
}

function permalinkGuid(guid: unknown): string {
  if (guid && typeof guid === 'object' && (guid as Record<string, unknown>)['@_isPermaLink'] === 'false')
    return '';
  const value = text(guid);
  return /^https?:\/\//.test(value) ? value : '';
}

function clean(items: (FeedItem | null)[]): FeedItem[] {
  return items.filter((item): item is FeedItem => item !== null).slice(0, maxFeedItems);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** An element's text, whether the parser gave a string or an object with attributes and `#text`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value)
    return text((value as { '#text': unknown })['#text']);
  return '';
}

function absolute(link: string, baseUrl: string): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function date(value: string): Date | null {
  if (!value) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}
