import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { runOver, transports } from '../support/transports';

type Caller = 'anonymous' | 'read' | 'data:write' | 'review:read' | 'review:write' | 'admin';
const callers: Caller[] = ['anonymous', 'read', 'data:write', 'review:read', 'review:write', 'admin'];
const mayReview = (caller: Caller) => ['review:read', 'review:write', 'admin'].includes(caller);

/**
 * Every way into the review queue, each written several ways (alias, fragment, inline fragment, in a
 * named operation), each taking ids of a candidate and a candidate actor found by the admin.
 */
const reviewReads: ((ids: { candidate: string; candidateActor: string }) => string)[] = [
  () => `{ candidates(status: REJECTED) { totalCount edges { node { id reviewNote summary } } } }`,
  () => `{ candidates { edges { node { id quote } } } }`,
  () => `{ candidateActors(status: NEEDS_REVIEW) { totalCount edges { node { name quote } } } }`,
  () => `{ queue: candidates(first: 1) { totalCount } }`,
  () => `query Hidden { ...Q } fragment Q on Query { candidateActors { totalCount } }`,
  () => `{ ... on Query { c: candidates { edges { node { reviewNote } } } } }`,
  () => `{ articles(first: 3) { edges { node { title candidates { totalCount } } } } }`,
  () => `{ articles(first: 3) { edges { node { candidateActors { edges { node { name } } } } } } }`,
  ({ candidate }) => `{ node(id: "${candidate}") { id ... on Candidate { reviewNote status } } }`,
  ({ candidateActor }) => `{ node(id: "${candidateActor}") { ... on CandidateActor { name } } }`,
  ({ candidate, candidateActor }) =>
    `{ nodes(ids: ["${candidate}", "${candidateActor}"]) { ... on Candidate { summary } ... on CandidateActor { name } } }`,
];

describe.each(testDatabases())('reading the review queue on %s', (kind) => {
  let app: TestApp;
  let url: string;
  const tokens = {} as Record<Caller, string | null>;
  let ids: { candidate: string; candidateActor: string };

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: true });
    // The seed leaves no candidate waiting; these stand for what extraction proposes from an article.
    const article = await app.database.prisma.article.findFirstOrThrow();
    const place = { articleId: article.id, quote: 'a quoted sentence', startOffset: 0, endOffset: 5 };
    await app.database.prisma.candidate.create({
      data: {
        ...place,
        kind: 'DEVELOPMENT',
        developmentKind: 'STATEMENT',
        summary: 'waiting',
        confidence: 0.5,
      },
    });
    await app.database.prisma.candidateActor.create({ data: { ...place, name: 'an unknown envoy' } });
    url = await app.listen(0, '127.0.0.1');
    tokens.anonymous = null;
    tokens.admin = app.adminKey;
    for (const scope of ['read', 'data:write', 'review:read', 'review:write'] as const)
      tokens[scope] = (await createApiKey(app.database.prisma, { name: scope, scopes: [scope] })).token;
    const found = await app.graphql<{
      candidates: { edges: { node: { id: string } }[] };
      candidateActors: { edges: { node: { id: string } }[] };
    }>(
      `{ candidates(first: 1) { edges { node { id } } } candidateActors(first: 1) { edges { node { id } } } }`,
    );
    expect(found.errors).toBeUndefined();
    ids = {
      candidate: found.data!.candidates.edges[0].node.id,
      candidateActor: found.data!.candidateActors.edges[0].node.id,
    };
    // A rejected candidate with a review note: the most private thing in the queue.
    const rejected = await app.graphql(
      `mutation ($id: ID!) { rejectCandidate(input: { id: $id, note: "source unreliable" }) { status } }`,
      { id: ids.candidate },
    );
    expect(rejected.errors).toBeUndefined();
  });
  afterAll(() => app?.stop());

  it('refuses anonymous callers (UNAUTHENTICATED) and keys without a review scope (FORBIDDEN), over HTTP, SSE and graphql-ws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...transports),
        fc.constantFrom(...callers),
        fc.nat({ max: reviewReads.length - 1 }),
        async (transport, caller, which) => {
          const query = reviewReads[which](ids);
          const result = await runOver(transport, url, tokens[caller], query);
          if (mayReview(caller)) {
            expect(result.errors, `${caller} ${transport} ${query}`).toBeUndefined();
            return;
          }
          expect(result.errors?.length, `${caller} ${transport} ${query}`).toBeGreaterThan(0);
          const codes = new Set(result.errors!.map((error) => error.extensions?.code));
          expect([...codes]).toEqual([caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
          // Nothing of the queue comes back, not even its size.
          const text = JSON.stringify(result.data ?? null);
          for (const secret of ['reviewNote', 'source unreliable', 'totalCount":', '"name":"', 'quote'])
            expect(text, `${caller} ${transport} ${query}`).not.toContain(secret);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lets review:read, review:write and admin keys read rejected candidates with their notes', async () => {
    for (const caller of ['review:read', 'review:write', 'admin'] as const) {
      const result = await runOver(
        'http',
        url,
        tokens[caller],
        `{ candidates(status: REJECTED) { edges { node { reviewNote } } } }`,
      );
      expect(JSON.stringify(result.data)).toContain('source unreliable');
    }
  });

  it('leaves the public part of an article readable without a key', async () => {
    const result = await runOver('http', url, null, `{ articles(first: 2) { edges { node { title } } } }`);
    expect(result.errors).toBeUndefined();
  });

  it('review:read does not allow review writes', async () => {
    const result = await runOver(
      'http',
      url,
      tokens['review:read'],
      `mutation ($id: ID!) { rejectCandidateActor(id: $id) { id } }`,
      { id: ids.candidateActor },
    );
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
