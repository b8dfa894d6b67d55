import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { until } from '../support/api-model';
import { collect, wsClient } from '../support/graphql-ws';
import { createInventedActors, meetingArticle } from '../fixtures/review-desk';

const changes = /* GraphQL */ `
  subscription {
    candidateChanges {
      id
      status
      reviewedBy
      version
      quote
    }
  }
`;
type Change = {
  candidateChanges: { id: string; status: string; reviewedBy: string | null; version: number };
};

describe.each(testDatabases())('the review queue live on %s', (kind) => {
  let app: TestApp;
  let url: string;
  let desk: string;
  let other: string;

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    await createInventedActors(app.domain);
    url = await app.listen(0, '127.0.0.1');
    desk = (await createApiKey(app.database.prisma, { name: 'desk one', scopes: ['review:read'] })).token;
    other = (await createApiKey(app.database.prisma, { name: 'desk two', scopes: ['review:write'] })).token;
  });
  afterAll(() => app?.stop());

  it('tells a desk of a new candidate, then of another editor deciding it', async () => {
    const client = wsClient(url, { connectionParams: { authorization: `Bearer ${desk}` } });
    const live = collect<Change>(client, changes, {}, 2);
    // Registered once the server has subscribed it (a fixed wait was too short on a loaded machine).
    await until(
      () => app.reviewNotices.subscribers >= 1,
      10_000,
      () => 'the desk subscription to register',
    );
    const added = await app.graphql(
      `mutation ($input: AddArticleInput!) { addArticle(input: $input) { candidates } }`,
      {
        input: { ...meetingArticle, idempotencyKey: 'review-queue-live' },
      },
    );
    expect(added.errors).toBeUndefined();
    const queued = await app.graphql<{ candidates: { edges: { node: { id: string } }[] } }>(
      `{ candidates(newestFirst: true, first: 1) { edges { node { id } } } }`,
    );
    const id = queued.data!.candidates.edges[0].node.id;
    const started = performance.now();
    const rejected = await app.graphql(
      `mutation ($id: ID!) { rejectCandidate(input: { id: $id, expectedVersion: 1 }) { status } }`,
      { id },
      { authorization: `Bearer ${other}` },
    );
    expect(rejected.errors).toBeUndefined();
    const [created, decided] = (await live.done).map((result) => result.data!.candidateChanges);
    expect(created).toMatchObject({ id, status: 'NEEDS_REVIEW', version: 1, reviewedBy: null });
    expect(decided).toMatchObject({ id, status: 'REJECTED', version: 2, reviewedBy: 'desk two' });
    console.log(`review notice latency on ${kind}: ${(performance.now() - started).toFixed(0)} ms`);
    // A replayed retry wrote nothing and announces nothing.
    const replay = collect<Change>(client, changes, {}, 1, 1500);
    await app.graphql(`mutation ($input: AddArticleInput!) { addArticle(input: $input) { candidates } }`, {
      input: { ...meetingArticle, idempotencyKey: 'review-queue-live' },
    });
    await expect(replay.done).rejects.toThrow(/Timed out with 0 of 1/);
    await client.dispose();
  });

  it("does not let the public share a reviewer's live developments, which name who accepted", async () => {
    const feed = `subscription { developments { summary reviewedBy } }`;
    const reviewer = wsClient(url, { connectionParams: { authorization: `Bearer ${desk}` } });
    const anonymous = wsClient(url);
    const seen = collect<{ developments: { reviewedBy: string | null } }>(reviewer, feed, {}, 1);
    const unseen = collect<{ developments: { reviewedBy: string | null } }>(anonymous, feed, {}, 1);
    await until(
      () => app.cohorts.stats.subscribers >= 2,
      10_000,
      () => 'both live subscriptions to register',
    );
    const candidate = await app.database.prisma.candidate.findFirstOrThrow({ where: { status: 'REJECTED' } });
    await app.database.prisma.candidate.update({
      where: { id: candidate.id },
      data: { status: 'NEEDS_REVIEW', reviewedBy: null, reviewedAt: null },
    });
    const accepted = await app.graphql(
      `mutation ($id: ID!) { acceptCandidate(input: { id: $id }) { status } }`,
      { id: Buffer.from(`Candidate:${candidate.id}`).toString('base64') },
      { authorization: `Bearer ${other}` },
    );
    expect(accepted.errors).toBeUndefined();
    const [forReviewer] = await seen.done;
    const [forPublic] = await unseen.done;
    expect(forReviewer.errors).toBeUndefined();
    expect(forReviewer.data!.developments.reviewedBy).toBe('desk two');
    // The public sees the development, not who accepted it.
    expect(forPublic.data!.developments.reviewedBy).toBeNull();
    expect(forPublic.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    await Promise.all([reviewer.dispose(), anonymous.dispose()]);
  });

  it('is for reviewers only', async () => {
    const anonymous = wsClient(url);
    const [refused] = await collect(anonymous, changes, {}, 1, 5000).done;
    expect(refused).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    await anonymous.dispose();
    const reader = (await createApiKey(app.database.prisma, { name: 'reader', scopes: ['read'] })).token;
    const unscoped = wsClient(url, { connectionParams: { authorization: `Bearer ${reader}` } });
    const [forbidden] = await collect(unscoped, changes, {}, 1, 5000).done;
    expect(forbidden).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    await unscoped.dispose();
  });
});
