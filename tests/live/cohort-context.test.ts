import { parse, subscribe, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDevelopment } from '../../src/domain/developments';
import { encodeCursor } from '../../src/cursors';
import { buildSchema, type GraphQLContext } from '../../src/schema';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { collect, wsClient } from '../support/graphql-ws';

// Access decides cohorts, and the plugin is an optimisation of the schema's own stream; PGlite suffices.
const withCandidates = /* GraphQL */ `
  subscription {
    developments {
      sequence
      summary
      evidence {
        quote
        article {
          candidates(first: 5) {
            totalCount
          }
        }
      }
    }
  }
`;

describe('live cohorts execute with a context of their own', () => {
  let app: TestApp;
  let url: string;
  let reviewerToken: string;
  let otherReviewerToken: string;
  let articleId: number;
  const body = 'نص اصطناعي للاختبار، لا يُزرع أبدًا. قال مسؤول إن الوفد وصل.';

  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false });
    url = await app.listen(0, '127.0.0.1');
    const { prisma } = app.database;
    reviewerToken = (await createApiKey(prisma, { name: 'reviewer', scopes: ['review:read'] })).token;
    otherReviewerToken = (await createApiKey(prisma, { name: 'reviewer 2', scopes: ['review:read'] })).token;
    articleId = (
      await prisma.article.create({
        data: {
          url: 'https://example.org/synthetic-cohort',
          title: 'نص اصطناعي (synthetic test text, never seeded)',
          body,
          language: 'ar',
          source: 'test',
          contentHash: 'synthetic-cohort-context',
        },
      })
    ).id;
  });
  afterAll(() => app?.stop());

  const record = (summary: string) =>
    recordDevelopment(app.domain, {
      kind: 'STATEMENT',
      summary,
      evidence: [{ articleId, quote: 'قال مسؤول إن الوفد وصل.' }],
    });
  const untilSubscribers = async (count: number) => {
    for (let tries = 0; tries < 500 && app.cohorts.stats.subscribers !== count; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(app.cohorts.stats.subscribers).toBe(count);
  };
  type Item = { developments: { evidence: { article: { candidates: { totalCount: number } } }[] } | null };
  const candidatesOf = (result: { data?: Item | null }) =>
    result.data?.developments?.evidence[0]?.article.candidates.totalCount ?? null;

  it.each(['reviewer first', 'anonymous first'])(
    'never shares a scoped answer between subscribers of different scopes (%s)',
    async (order) => {
      const reviewer = wsClient(url, { connectionParams: { authorization: `Bearer ${reviewerToken}` } });
      const anonymous = wsClient(url);
      try {
        const [first, second] = order === 'reviewer first' ? [reviewer, anonymous] : [anonymous, reviewer];
        const firstResults = collect<Item>(first, withCandidates, {}, 1);
        await untilSubscribers(1);
        const secondResults = collect<Item>(second, withCandidates, {}, 1);
        await untilSubscribers(2);
        await record(`scoped ${order}`);
        const [ofFirst] = await firstResults.done;
        const [ofSecond] = await secondResults.done;
        const [ofReviewer, ofAnonymous] =
          order === 'reviewer first' ? [ofFirst, ofSecond] : [ofSecond, ofFirst];
        expect(ofReviewer.errors).toBeUndefined();
        expect(candidatesOf(ofReviewer)).toBe(0);
        expect(candidatesOf(ofAnonymous)).toBeNull();
        expect(ofAnonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(app.cohorts.stats.cohorts).toBe(2);
      } finally {
        await reviewer.dispose();
        await anonymous.dispose();
        await untilSubscribers(0);
      }
    },
  );

  it("goes on serving a cohort's other subscribers after its first subscriber's key is revoked", async () => {
    const first = wsClient(url, { connectionParams: { authorization: `Bearer ${reviewerToken}` } });
    const second = wsClient(url, { connectionParams: { authorization: `Bearer ${otherReviewerToken}` } });
    try {
      const closed = new Promise<number>((resolve) =>
        first.on('closed', (event) => resolve((event as { code: number }).code)),
      );
      void collect(first, withCandidates, {}, 5).done.catch(() => {});
      await untilSubscribers(1);
      const results = collect<Item>(second, withCandidates, {}, 2, 20_000);
      await untilSubscribers(2);
      expect(app.cohorts.stats.cohorts).toBe(1);
      await record('before the revocation');
      app.revocations.revoked(
        (await app.database.prisma.apiKey.findFirstOrThrow({ where: { name: 'reviewer' } })).id,
      );
      expect(await closed).toBe(4403);
      await untilSubscribers(1);
      await record('after the revocation');
      const delivered = await results.done;
      expect(delivered.map((result) => result.errors)).toEqual([undefined, undefined]);
      expect(delivered.map(candidatesOf)).toEqual([0, 0]);
    } finally {
      await first.dispose();
      await second.dispose();
      await untilSubscribers(0);
    }
  });

  it("serves the same results as the schema's own subscribe, without the plugin, resumed with a cursor", async () => {
    const start =
      (await app.database.prisma.development.findFirst({ orderBy: { sequence: 'desc' } }))?.sequence ?? 0;
    await record('backlog one');
    await record('backlog two');
    const document = /* GraphQL */ `
      subscription ($after: String) {
        developments(after: $after) {
          sequence
          summary
          evidence {
            quote
          }
        }
      }
    `;
    const variables = { after: encodeCursor('sequence', start) };
    const context: GraphQLContext = {
      prisma: app.database.prisma,
      reader: app.database.reader,
      domain: app.domain,
      // Not reached by a subscription's selection.
      apiKeys: {} as GraphQLContext['apiKeys'],
      reviewNotices: {} as GraphQLContext['reviewNotices'],
      live: app.feed,
      viewer: null,
      requestId: 'plain-subscribe',
    };
    const plain = (await subscribe({
      schema: buildSchema(),
      document: parse(document),
      variableValues: variables,
      contextValue: context,
    })) as AsyncIterableIterator<ExecutionResult>;
    const socket = wsClient(url);
    try {
      const overSocket = collect(socket, document, variables, 4);
      const plainResults: ExecutionResult[] = [];
      const plainDone = (async () => {
        for await (const result of plain) {
          plainResults.push(result);
          if (plainResults.length === 4) break;
        }
      })();
      await untilSubscribers(1);
      await record('live one');
      await record('live two');
      await plainDone;
      const cohortResults = await overSocket.done;
      expect(plainResults.map((result) => result.errors)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(JSON.parse(JSON.stringify(cohortResults))).toEqual(JSON.parse(JSON.stringify(plainResults)));
      expect(
        plainResults.map(
          (result) => (result.data as { developments: { summary: string } }).developments.summary,
        ),
      ).toEqual(['backlog one', 'backlog two', 'live one', 'live two']);
    } finally {
      await socket.dispose();
      await plain.return?.();
      await untilSubscribers(0);
    }
  });
});
