import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeedsDir, readSeedData, seedDatabase, type SeedData } from '../../src/domain/seed';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';

interface Quoted {
  article: string;
  quote: string;
  start: number;
  end: number;
}

/** Every evidence entry anywhere in the curated files, with where it was found. */
function allEvidence(data: SeedData): { where: string; evidence: Quoted }[] {
  const found: { where: string; evidence: Quoted }[] = [];
  const add = (where: string, items: Quoted[] | undefined) =>
    items?.forEach((evidence) => found.push({ where, evidence }));
  for (const meeting of data.meetings) add(`meeting ${meeting.slug}`, meeting.evidence);
  for (const proposal of data.proposals) {
    add(`proposal ${proposal.slug}`, proposal.evidence);
    for (const stance of proposal.stances ?? [])
      add(`stance of ${stance.actor} on ${proposal.slug}`, stance.evidence);
  }
  for (const development of data.developments) add(`development ${development.key}`, development.evidence);
  return found;
}

describe('curated seed data', () => {
  let data: SeedData;
  let bodies: Map<string, string>;
  let unrelatedFrom: number;

  beforeAll(async () => {
    data = await readSeedData();
    bodies = new Map();
    for (const article of data.articles)
      bodies.set(article.key, await readFile(path.join(defaultSeedsDir, article.file), 'utf8'));
    const tail = (data.articles as (SeedData['articles'][number] & { unrelatedFrom?: number })[]).find(
      (article) => article.key === '004',
    );
    unrelatedFrom = tail?.unrelatedFrom ?? -1;
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

  it('quotes every fact exactly, at its stored offsets', () => {
    const evidence = allEvidence(data);
    expect(evidence.length).toBeGreaterThan(30);
    for (const { where, evidence: item } of evidence) {
      const body = bodies.get(item.article);
      expect(body, where).toBeDefined();
      expect(body!.slice(item.start, item.end), where).toBe(item.quote);
    }
    for (const mention of data.mentions)
      expect(bodies.get(mention.article)!.slice(mention.start, mention.end)).toBe(mention.text);
  });

  it('gives every meeting, proposal, stance and development at least one quote', () => {
    for (const meeting of data.meetings) expect(meeting.evidence.length, meeting.slug).toBeGreaterThan(0);
    for (const proposal of data.proposals) {
      expect(proposal.evidence.length, proposal.slug).toBeGreaterThan(0);
      for (const stance of proposal.stances ?? [])
        expect(stance.evidence.length, `${proposal.slug}/${stance.actor}`).toBeGreaterThan(0);
    }
    for (const development of data.developments)
      expect(development.evidence.length, development.key).toBeGreaterThan(0);
  });

  it('takes no negotiation fact from the unrelated story glued onto the last article', () => {
    expect(unrelatedFrom).toBeGreaterThan(0);
    expect(bodies.get('004')!.slice(unrelatedFrom)).toMatch(/كيربي/);
    for (const { where, evidence } of allEvidence(data)) {
      if (evidence.article === '004') expect(evidence.start, where).toBeLessThan(unrelatedFrom);
    }
    for (const mention of data.mentions)
      if (mention.article === '004') expect(mention.start).toBeLessThan(unrelatedFrom);
  });
});

describe.each(testDatabases())('seeding %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { seed: true });
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
      expect(edge.node.participants.length).toBeGreaterThan(1);
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
