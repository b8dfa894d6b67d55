import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excludedRangeOf, locateQuote } from '../../src/domain/evidence';
import { defaultSeedsDir, readSeedData, seedDatabase, type SeedData } from '../../src/domain/seed';
import type { SeedQuote } from '../../src/domain/seed-schema';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';

/** Every quote anywhere in the curated files, with where it was found. */
function allQuotes(data: SeedData): { where: string; quote: SeedQuote }[] {
  const found: { where: string; quote: SeedQuote }[] = [];
  const add = (where: string, items: readonly SeedQuote[]) =>
    items.forEach((quote) => found.push({ where, quote }));
  for (const meeting of data.meetings) {
    add(`meeting ${meeting.slug}`, meeting.evidence);
    for (const participant of meeting.participants)
      add(`${participant.role} ${participant.actor} at ${meeting.slug}`, participant.evidence);
  }
  for (const proposal of data.proposals) {
    add(`proposal ${proposal.slug}`, proposal.evidence);
    for (const proposer of proposal.proposers)
      add(`proposer ${proposer.actor} of ${proposal.slug}`, proposer.evidence);
    for (const term of proposal.terms) add(`term "${term.text}" of ${proposal.slug}`, term.evidence);
    for (const stance of proposal.stances)
      add(`stance of ${stance.actor} on ${proposal.slug}`, stance.evidence);
  }
  for (const development of data.developments) add(`development ${development.key}`, development.evidence);
  return found;
}

describe('curated seed data', () => {
  let data: SeedData;
  let bodies: Map<string, string>;

  beforeAll(async () => {
    data = await readSeedData();
    bodies = new Map();
    for (const article of data.articles)
      bodies.set(article.key, await readFile(path.join(defaultSeedsDir, article.file), 'utf8'));
  });

  it('copies the five articles verbatim', async () => {
    expect(data.articles).toHaveLength(5);
    for (const article of data.articles) {
      const original = await readFile(
        path.resolve(defaultSeedsDir, '../../shared/seeds', path.basename(article.file)),
        'utf8',
      ).catch(() => null);
      if (original !== null) expect(bodies.get(article.key)).toBe(original);
    }
  });

  it('refuses a file that does not match its schema, naming the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'seeds-'));
    await cp(defaultSeedsDir, dir, { recursive: true });
    const meetings = JSON.parse(await readFile(path.join(dir, 'meetings.json'), 'utf8'));
    meetings[0].evidence[0].start = 12; // the old format: offsets are no longer written by hand
    await writeFile(path.join(dir, 'meetings.json'), JSON.stringify(meetings));
    await expect(readSeedData(dir)).rejects.toThrow(/meetings\.json: 0\.evidence\.0/);
  });

  it('finds every quote in its article, once or at the occurrence it names', () => {
    const quotes = allQuotes(data);
    expect(quotes.length).toBeGreaterThan(30);
    for (const { where, quote } of quotes) {
      const body = bodies.get(quote.article);
      expect(body, where).toBeDefined();
      expect(locateQuote(body!, quote.quote, undefined, quote.nth), where).not.toBeNull();
      // An unnamed occurrence means the first: a quote that recurs must say which one it means.
      if (quote.nth === undefined)
        expect(body!.indexOf(quote.quote, body!.indexOf(quote.quote) + 1), where).toBe(-1);
    }
    for (const mention of data.mentions)
      expect(bodies.get(mention.article)!.slice(mention.start, mention.end)).toBe(mention.text);
  });

  it('takes no fact and no gold mention from an excluded range', () => {
    const paris = data.articles.find((article) => article.key === '004')!;
    expect(paris.excludedRanges).toHaveLength(1);
    expect(bodies.get('004')!.slice(paris.excludedRanges[0].start)).toMatch(/كيربي/);
    const ranges = new Map(data.articles.map((article) => [article.key, article.excludedRanges]));
    for (const { where, quote } of allQuotes(data)) {
      const span = locateQuote(bodies.get(quote.article)!, quote.quote, undefined, quote.nth)!;
      expect(excludedRangeOf(ranges.get(quote.article)!, span), where).toBeUndefined();
    }
    for (const mention of data.mentions)
      expect(
        excludedRangeOf(ranges.get(mention.article)!, { startOffset: mention.start, endOffset: mention.end }),
      ).toBeUndefined();
  });

  it('marks the aliases that also name others as ambiguous', () => {
    const ambiguous = data.actors.flatMap((actor) =>
      actor.aliases.filter((alias) => alias.ambiguous).map((alias) => alias.text),
    );
    for (const text of [
      'برنياع',
      'بيرنز',
      'كوشنر',
      'ألكسندر',
      'الاستخبارات الأميركية',
      'ICC',
      'Kan',
      "Prime Minister's Office",
      'Security Cabinet',
      'Yisrael',
      'واشنطن',
    ])
      expect(ambiguous).toContain(text);
  });
});

describe.each(testDatabases())('seeding %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { seed: true, fresh: true });
  });
  afterAll(() => app?.stop());

  const rowCounts = async () => {
    const { prisma } = app.database;
    const tables = [
      'article',
      'actor',
      'actorAlias',
      'meeting',
      'meetingParticipant',
      'proposal',
      'stance',
      'evidence',
      'development',
    ] as const;
    return Object.fromEntries(
      await Promise.all(
        tables.map(async (table) => [table, await (prisma[table] as { count(): Promise<number> }).count()]),
      ),
    );
  };

  it('stores every quote as an exact substring of its article', async () => {
    const evidence = await app.database.prisma.evidence.findMany({
      include: { article: { select: { body: true } } },
    });
    expect(evidence.length).toBeGreaterThan(50);
    for (const item of evidence)
      expect(item.article.body.slice(item.startOffset, item.endOffset)).toBe(item.quote);
  });

  it('is idempotent: seeding again adds no rows', async () => {
    const before = await rowCounts();
    const report = await seedDatabase(app.domain, await readSeedData());
    expect(report).toEqual({ articles: 0, actors: 0, proposals: 0, meetings: 0, developments: 0 });
    expect(await rowCounts()).toEqual(before);
  });

  it('answers "which meetings did Witkoff take part in, with whom, in what role, and which article says so" in one query', async () => {
    const response = await app.graphql<{
      actor: {
        meetings: {
          totalCount: number;
          edges: {
            role: string;
            node: {
              title: string;
              participants: { role: string; actor: { name: string } }[];
              evidence: { quote: string; article: { url: string } }[];
            };
          }[];
        };
      };
    }>(/* GraphQL */ `
      {
        actor(slug: "steve-witkoff") {
          meetings(first: 20) {
            totalCount
            edges {
              role
              node {
                title
                participants {
                  role
                  actor {
                    name
                  }
                }
                evidence {
                  quote
                  article {
                    url
                  }
                }
              }
            }
          }
        }
      }
    `);
    expect(response.errors).toBeUndefined();
    const meetings = response.data!.actor.meetings;
    expect(meetings.totalCount).toBeGreaterThanOrEqual(3);
    for (const edge of meetings.edges) {
      expect(
        edge.node.participants.some(
          (participant) => participant.actor.name === 'Steve Witkoff' && participant.role === edge.role,
        ),
      ).toBe(true);
      expect(edge.node.evidence.length).toBeGreaterThan(0);
      expect(edge.node.evidence[0].article.url).toMatch(/^file:seeds\/articles\//);
    }
    const withNetanyahu = meetings.edges.find((edge) =>
      edge.node.participants.some((participant) => participant.actor.name.includes('Netanyahu')),
    );
    expect(withNetanyahu).toBeDefined();
  });

  it('records no meeting or proposal from the unrelated story (Ukraine air defence, Russia and North Korea)', async () => {
    const titles = (await app.database.prisma.meeting.findMany({ select: { title: true } })).map(
      (meeting) => meeting.title,
    );
    const proposals = (await app.database.prisma.proposal.findMany({ select: { title: true } })).map(
      (proposal) => proposal.title,
    );
    for (const title of [...titles, ...proposals])
      expect(title).not.toMatch(/Ukrain|Patriot|NASAMS|North Korea|Pyongyang|Taiwan/i);
  });
});
