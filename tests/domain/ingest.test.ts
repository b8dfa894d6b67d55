import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor } from '../../src/domain/actors';
import { addArticle } from '../../src/domain/ingest';
import { DomainError } from '../../src/domain/errors';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { propertyRuns } from '../support/run-profile';

const seedArticle = (name: string) =>
  readFile(new URL(`../../seeds/articles/${name}`, import.meta.url), 'utf8');

const addArticleMutation = /* GraphQL */ `
  mutation ($input: AddArticleInput!) {
    addArticle(input: $input) {
      created
      mentions
      candidates
      candidateActors
      article {
        id
        url
        candidates(first: 50) {
          totalCount
        }
      }
    }
  }
`;

describe.each(testDatabases())('article ingestion on %s', (kind) => {
  let app: TestApp;
  let body: string;

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    body = await seedArticle('000_9f22e90a9eb24ad2.txt');
    const actor = (
      nameEn: string,
      nameAr: string,
      aliases: string[],
      actorKind: 'PERSON' | 'STATE' | 'ARMED_GROUP' = 'PERSON',
    ) =>
      createActor(app.domain, {
        kind: actorKind,
        nameEn,
        nameAr,
        aliases: aliases.map((text) => ({ text, language: 'AR' as const })),
      });
    await actor('Benjamin Netanyahu', 'بنيامين نتنياهو', ['نتنياهو']);
    await actor('Jared Kushner', 'جاريد كوشنر', ['كوشنر']);
    await actor('Steve Witkoff', 'ستيف ويتكوف', ['ويتكوف']);
    await actor('Hamas', 'حماس', ['حركة حماس'], 'ARMED_GROUP');
    await actor('Egypt', 'مصر', [], 'STATE');
    await actor('Qatar', 'قطر', [], 'STATE');
  });
  afterAll(() => app?.stop());

  const counts = async () => {
    const { prisma } = app.database;
    const [articles, evidence, candidates, candidateActors, keys] = await Promise.all([
      prisma.article.count(),
      prisma.evidence.count(),
      prisma.candidate.count(),
      prisma.candidateActor.count(),
      prisma.idempotencyKey.count(),
    ]);
    return { articles, evidence, candidates, candidateActors, keys };
  };

  it('stores an article, links the actors it names at exact offsets and proposes candidates', async () => {
    const response = await app.graphql<{
      addArticle: { created: boolean; mentions: number; candidates: number; article: { id: string } };
    }>(addArticleMutation, {
      input: {
        url: 'https://news.example/gaza/witkoff?utm_source=feed#top',
        title: 'كوشنر وويتكوف في إسرائيل',
        body,
        source: 'test',
        language: 'ar',
        publishedAt: '2025-11-03',
        idempotencyKey: 'k-1',
      },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.addArticle).toMatchObject({ created: true });
    expect(response.data!.addArticle.mentions).toBeGreaterThan(5);
    expect(response.data!.addArticle.candidates).toBeGreaterThan(0);
    const mentions = await app.database.prisma.evidence.findMany({
      where: { supports: 'ACTOR_MENTION' },
      include: { actor: true },
    });
    for (const mention of mentions)
      expect(body.slice(mention.startOffset, mention.endOffset)).toBe(mention.quote);
    const names = new Set(mentions.map((mention) => mention.actor!.nameEn));
    expect(names).toEqual(expect.objectContaining({}));
    for (const name of ['Benjamin Netanyahu', 'Jared Kushner', 'Steve Witkoff', 'Hamas'])
      expect(names.has(name)).toBe(true);
    const meeting = await app.database.prisma.candidate.findFirst({ where: { kind: 'MEETING' } });
    expect(meeting?.quote).toContain('اجتمع');
    expect(body.slice(meeting!.startOffset, meeting!.endOffset)).toBe(meeting!.quote);
  });

  it('returns the stored article for the same canonical URL or the same body', async () => {
    const before = await counts();
    const variants = [
      { url: 'https://NEWS.example/gaza/witkoff?fbclid=zzz', body: `${body} ` },
      { url: 'https://elsewhere.example/copy', body: body.replace(/نتنياهو/g, 'نتنياهو\u064E') },
    ];
    for (const variant of variants) {
      const response = await app.graphql<{ addArticle: { created: boolean } }>(addArticleMutation, {
        input: { title: 'نسخة', source: 'test', language: 'ar', ...variant },
      });
      expect(response.errors).toBeUndefined();
      expect(response.data!.addArticle.created).toBe(false);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses the idempotency key of the first article with another article, and writes nothing', async () => {
    const before = await counts();
    const response = await app.graphql(addArticleMutation, {
      input: {
        url: 'https://third.example/other',
        body: 'نص مختلف تماما عن المقال',
        title: 'نسخة',
        source: 'test',
        language: 'ar',
        idempotencyKey: 'k-1',
      },
    });
    expect(response.errors?.[0]?.extensions).toEqual({
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: ['input', 'idempotencyKey'],
    });
    expect(await counts()).toEqual(before);
  });

  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['a title over 300 characters', { title: 'ع'.repeat(301) }, ['input', 'title']],
    // ASCII keeps the request under the 100 KiB body limit, so the field rule (not the HTTP limit) answers.
    ['a body over 100,000 characters', { body: 'b'.repeat(100_001) }, ['input', 'body']],
    ['a URL over 2,048 characters', { url: `https://example.com/${'a'.repeat(2050)}` }, ['input', 'url']],
    ['a non-http URL', { url: 'ftp://example.com/file' }, ['input', 'url']],
    ['a date before 1900', { publishedAt: '1899-12-31' }, ['input', 'publishedAt']],
    [
      'a date after tomorrow',
      { publishedAt: new Date(Date.now() + 3 * 86_400_000).toISOString() },
      ['input', 'publishedAt'],
    ],
    ['an unknown language', { language: 'xx' }, ['input', 'language']],
  ];
  it.each(invalid)('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, change, field) => {
    const before = await counts();
    const response = await app.graphql(addArticleMutation, {
      input: {
        url: 'https://example.com/valid',
        title: 'عنوان',
        body: 'نص',
        source: 'test',
        language: 'ar',
        ...change,
      },
    });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await counts()).toEqual(before);
  });

  it('never fails unexpectedly and never half-writes, whatever the input (fuzzed)', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.string({ unit: 'grapheme', maxLength: 400 }),
      fc.constantFrom('', ' ', 'نتنياهو', 'ع'.repeat(301)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          url: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), text),
          title: text,
          body: text,
          source: text,
          language: fc.constantFrom('ar', 'en', 'xx', ''),
          publishedAt: fc.option(
            fc.date({ min: new Date('1800-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
          ),
        }),
        async (input) => {
          const before = await counts();
          try {
            const result = await addArticle(app.domain, input as Parameters<typeof addArticle>[1]);
            const after = await counts();
            expect(after.articles - before.articles).toBe(result.created ? 1 : 0);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe('BAD_USER_INPUT');
            expect(await counts()).toEqual(before);
          }
        },
      ),
      { numRuns: propertyRuns(40), seed: 20261123 },
    );
  });

  it('accepts a candidate meeting: it becomes a meeting with the quote as evidence and a development', async () => {
    const candidate = await app.database.prisma.candidate.findFirstOrThrow({
      where: { kind: 'MEETING', status: 'NEEDS_REVIEW' },
    });
    const id = Buffer.from(`Candidate:${candidate.id}`).toString('base64');
    const response = await app.graphql<{
      acceptCandidate: {
        status: string;
        development: { kind: string; meeting: { participants: unknown[]; evidence: { quote: string }[] } };
      };
    }>(
      /* GraphQL */ `
        mutation ($input: AcceptCandidateInput!) {
          acceptCandidate(input: $input) {
            status
            development {
              kind
              meeting {
                participants {
                  role
                }
                evidence {
                  quote
                }
              }
            }
          }
        }
      `,
      { input: { id, developmentKind: 'MEETING_HELD', summary: 'Netanyahu met Kushner and Witkoff' } },
    );
    expect(response.errors).toBeUndefined();
    const accepted = response.data!.acceptCandidate;
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.development.kind).toBe('MEETING_HELD');
    expect(accepted.development.meeting.evidence[0].quote).toBe(candidate.quote);
    expect(accepted.development.meeting.participants.length).toBe(candidate.actorIds.length);

    const again = await app.graphql(
      `mutation ($input: RejectCandidateInput!) { rejectCandidate(input: $input) { status } }`,
      { input: { id } },
    );
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('finds articles regardless of spelling variants and diacritics, with a snippet, ranked', async () => {
    const query = /* GraphQL */ `
      query ($q: String!) {
        search(query: $q, first: 10) {
          edges {
            node {
              kind
              score
              snippet
              node {
                __typename
                ... on Actor {
                  name
                }
                ... on Article {
                  url
                }
              }
            }
          }
        }
      }
    `;
    for (const q of ['نتانياهو', 'نَتَنْيَاهُو', 'لنتنياهو']) {
      const response = await app.graphql<{
        search: {
          edges: {
            node: {
              kind: string;
              score: number;
              snippet: string;
              node: { __typename: string; name?: string; url?: string };
            };
          }[];
        };
      }>(query, { q });
      expect(response.errors).toBeUndefined();
      const hits = response.data!.search.edges.map((edge) => edge.node);
      expect(
        hits.some((hit) => hit.kind === 'ARTICLE' && hit.node.url === 'https://news.example/gaza/witkoff'),
      ).toBe(true);
      expect(hits.some((hit) => hit.kind === 'ACTOR' && hit.node.name === 'Benjamin Netanyahu')).toBe(true);
      const article = hits.find((hit) => hit.kind === 'ARTICLE')!;
      expect(article.snippet).toMatch(/نتنياهو/);
      const scores = hits.map((hit) => hit.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });
});
