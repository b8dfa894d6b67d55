import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { propertyRuns } from '../support/run-profile';
import { createInventedActors, meetingArticle } from '../fixtures/review-desk';

// Synthetic text with invented names; it is never seeded.
const BODY =
  'نص اصطناعي لأغراض الاختبار فقط، والأسماء فيه مخترعة.\n\nقال المتحدث المخترع سامر البرتقالي إن المفاوضات مستمرة.';
const QUOTE = 'قال المتحدث المخترع سامر البرتقالي إن المفاوضات مستمرة.';

const accept = /* GraphQL */ `
  mutation ($input: AcceptCandidateInput!) {
    acceptCandidate(input: $input) {
      id
      status
      reviewedBy
      reviewedAt
      version
      development {
        id
        reviewedBy
      }
    }
  }
`;
const reject = /* GraphQL */ `
  mutation ($input: RejectCandidateInput!) {
    rejectCandidate(input: $input) {
      id
      status
      reviewedBy
      version
    }
  }
`;
const edit = /* GraphQL */ `
  mutation ($input: EditCandidateInput!) {
    editCandidate(input: $input) {
      id
      status
      summary
      editedBy
      version
    }
  }
`;

type Action = 'accept' | 'reject' | 'edit';
const documents: Record<Action, string> = { accept, reject, edit };

describe.each(testDatabases())('review decisions on %s', (kind) => {
  let app: TestApp;
  let articleId: number;
  const editors: { name: string; token: string }[] = [];

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false, env: { MUTATION_RATE_POINTS: '100000' } });
    articleId = (
      await app.database.prisma.article.create({
        data: {
          url: 'https://example.test/synthetic/review-decisions',
          title: 'نص اصطناعي',
          body: BODY,
          source: 'Synthetic Outlet',
          language: 'AR',
          contentHash: 'review-decisions',
          searchText: BODY,
        },
      })
    ).id;
    for (const name of ['editor amal', 'editor badr', 'editor carim', 'editor dana', 'editor emad'])
      editors.push({
        name,
        token: (await createApiKey(app.database.prisma, { name, scopes: ['review:write'] })).token,
      });
  });
  afterAll(() => app?.stop());

  /** A candidate as extraction would leave it: a statement resting on the article's one sentence. */
  async function newCandidate(): Promise<string> {
    const row = await app.database.prisma.candidate.create({
      data: {
        articleId,
        kind: 'DEVELOPMENT',
        developmentKind: 'STATEMENT',
        summary: 'تصريح اصطناعي',
        quote: QUOTE,
        startOffset: BODY.indexOf(QUOTE),
        endOffset: BODY.indexOf(QUOTE) + QUOTE.length,
        confidence: 0.5,
        quotes: [
          {
            articleId,
            quote: QUOTE,
            start: BODY.indexOf(QUOTE),
            end: BODY.indexOf(QUOTE) + QUOTE.length,
          },
        ],
      },
    });
    return Buffer.from(`Candidate:${row.id}`).toString('base64');
  }
  const rowId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

  function decide(
    action: Action,
    editor: { token: string },
    input: Record<string, unknown>,
  ): Promise<GraphQLResponse<Record<string, Record<string, unknown>>>> {
    const extra = action === 'edit' ? { summary: 'تصريح معدل' } : {};
    return app.graphql(
      documents[action],
      { input: { ...input, ...extra } },
      {
        authorization: `Bearer ${editor.token}`,
      },
    );
  }

  it('records who accepted on the candidate and on the development it creates', async () => {
    const id = await newCandidate();
    const [amal, badr] = editors;
    const accepted = await decide('accept', amal, { id });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptCandidate).toMatchObject({
      status: 'ACCEPTED',
      reviewedBy: amal.name,
      version: 2,
      development: { reviewedBy: amal.name },
    });
    const late = await decide('reject', badr, { id });
    expect(late.data).toBeNull();
    expect(late.errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      status: 'ACCEPTED',
      decidedBy: amal.name,
      decidedAt: accepted.data!.acceptCandidate.reviewedAt,
    });
    expect(late.errors![0].message).toContain(`accepted by ${amal.name} at `);
  });

  it('refuses a decision on a version someone edited since, naming the editor', async () => {
    const id = await newCandidate();
    const [amal, badr] = editors;
    const edited = await decide('edit', amal, { id, expectedVersion: 1 });
    expect(edited.data!.editCandidate).toMatchObject({ editedBy: amal.name, version: 2 });
    const stale = await decide('accept', badr, { id, expectedVersion: 1 });
    expect(stale.errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      status: 'NEEDS_REVIEW',
      editedBy: amal.name,
      version: 2,
    });
    expect(stale.errors![0].message).toContain(`edited by ${amal.name}`);
    const fresh = await decide('reject', badr, { id, expectedVersion: 2 });
    expect(fresh.data!.rejectCandidate).toMatchObject({ status: 'REJECTED', reviewedBy: badr.name });
  });

  it('replays an idempotent retry of the winning decision instead of calling it a conflict', async () => {
    const id = await newCandidate();
    const [amal, badr] = editors;
    const first = await decide('accept', amal, { id, idempotencyKey: 'accept-once' });
    const retry = await decide('accept', amal, { id, idempotencyKey: 'accept-once' });
    expect(first.errors).toBeUndefined();
    expect(retry).toEqual(first);
    const other = await decide('accept', badr, { id, idempotencyKey: 'accept-once' });
    expect(other.errors![0].extensions).toMatchObject({ code: 'CONFLICT', decidedBy: amal.name });
  });

  it('saves edits of a proposed meeting without deciding it, checked like a recorded meeting', async () => {
    await createInventedActors(app.domain);
    const [amal, badr] = editors;
    const ingest = await app.graphql(
      `mutation ($input: AddArticleInput!) { addArticle(input: $input) { article { id } } }`,
      { input: meetingArticle },
    );
    const articleGid = (ingest.data!.addArticle as { article: { id: string } }).article.id;
    const queued = await app.graphql<{
      candidates: {
        edges: {
          node: { id: string; proposedMeeting: { participants: { actor: { id: string; name: string } }[] } };
        }[];
      };
    }>(
      `query ($a: ID) { candidates(articleId: $a) { edges { node { id proposedMeeting { participants { actor { id name } } } } } } }`,
      { a: articleGid },
    );
    const candidate = queued.data!.candidates.edges[0].node;
    const actor = (name: string) =>
      candidate.proposedMeeting.participants.find((p) => p.actor.name === name)!.actor.id;
    const arrival = 'وكان وفد حركة سنديان قد وصل إلى القاهرة مساء السبت';
    const participants = [
      { actorId: actor('Zarvania'), role: 'ATTENDEE' },
      {
        actorId: actor('Sindyan Movement'),
        role: 'VISITOR',
        evidence: [{ articleId: articleGid, quote: arrival }],
      },
    ];
    const editMeeting = `mutation ($input: EditCandidateInput!) {
      editCandidate(input: $input) {
        version editedBy
        proposedMeeting { status city occurredAt participants { role actor { name } evidence { text } } }
      }
    }`;
    // A role with a quote that does not state it is refused, and nothing is written.
    const refused = await app.graphql(
      editMeeting,
      { input: { id: candidate.id, participants: [{ ...participants[1], role: 'MEDIATOR' }] } },
      { authorization: `Bearer ${amal.token}` },
    );
    expect(refused.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    const saved = await app.graphql(
      editMeeting,
      {
        input: {
          id: candidate.id,
          expectedVersion: 1,
          status: 'REPORTED',
          city: 'Doha',
          occurredAt: '2025-06-08',
          participants,
        },
      },
      { authorization: `Bearer ${amal.token}` },
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.editCandidate).toEqual({
      version: 2,
      editedBy: amal.name,
      proposedMeeting: {
        status: 'REPORTED',
        city: 'Doha',
        occurredAt: '2025-06-08T00:00:00.000Z',
        participants: [
          { role: 'ATTENDEE', actor: { name: 'Zarvania' }, evidence: [] },
          { role: 'VISITOR', actor: { name: 'Sindyan Movement' }, evidence: [{ text: arrival }] },
        ],
      },
    });
    // Another editor accepts it as it now stands.
    const accepted = await app.graphql(
      `mutation ($input: AcceptCandidateInput!) {
        acceptCandidate(input: $input) {
          development { reviewedBy meeting { status city participants { role actor { name } } } }
        }
      }`,
      { input: { id: candidate.id, expectedVersion: 2 } },
      { authorization: `Bearer ${badr.token}` },
    );
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptCandidate).toEqual({
      development: {
        reviewedBy: badr.name,
        meeting: {
          status: 'REPORTED',
          city: 'Doha',
          participants: [
            { role: 'ATTENDEE', actor: { name: 'Zarvania' } },
            { role: 'VISITOR', actor: { name: 'Sindyan Movement' } },
          ],
        },
      },
    });
  });

  it('of editors deciding the same candidate at once, exactly one wins and the rest get CONFLICT', async () => {
    const decider = fc.record({
      action: fc.constantFrom<Action>('accept', 'reject', 'edit'),
      // The same request sent twice at once with one idempotency key: both get the first answer.
      retried: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(decider, { minLength: 2, maxLength: editors.length }), async (deciders) => {
        const id = await newCandidate();
        const before = await app.database.prisma.development.count();
        const attempts = deciders.flatMap((d, index) => {
          const input = { id, expectedVersion: 1, idempotencyKey: `race-${id}-${index}` };
          const send = () => decide(d.action, editors[index], input);
          return d.retried ? [send(), send()] : [send()];
        });
        const answers = await Promise.all(attempts);
        // Regroup the answers by decider (a retried one has two).
        let next = 0;
        const byDecider = deciders.map((d) => answers.slice(next, (next += d.retried ? 2 : 1)));
        for (const [index, own] of byDecider.entries())
          if (own.length === 2) expect(own[1], `decider ${index}'s retry`).toEqual(own[0]);
        const winners = byDecider.flatMap((own, index) => (own[0].errors ? [] : [index]));
        expect(winners).toHaveLength(1);
        const [winner] = winners;
        const { action } = deciders[winner];
        const stored = await app.database.prisma.candidate.findUniqueOrThrow({ where: { id: rowId(id) } });
        for (const [index, own] of byDecider.entries()) {
          if (index === winner) continue;
          const [error] = own[0].errors!;
          expect(error.extensions?.code).toBe('CONFLICT');
          expect(error.message).toContain(editors[winner].name);
        }
        // Nothing half-written: the winner's change and only that.
        const developments = (await app.database.prisma.development.count()) - before;
        expect(stored.version).toBe(2);
        if (action === 'accept') {
          expect(stored).toMatchObject({ status: 'ACCEPTED', reviewedBy: editors[winner].name });
          expect(developments).toBe(1);
          const development = await app.database.prisma.development.findUniqueOrThrow({
            where: { id: stored.developmentId! },
          });
          expect(development.reviewedBy).toBe(editors[winner].name);
        } else {
          expect(developments).toBe(0);
          expect(stored.developmentId).toBeNull();
          if (action === 'reject')
            expect(stored).toMatchObject({ status: 'REJECTED', reviewedBy: editors[winner].name });
          else
            expect(stored).toMatchObject({
              status: 'NEEDS_REVIEW',
              reviewedBy: null,
              editedBy: editors[winner].name,
              summary: 'تصريح معدل',
            });
        }
      }),
      { numRuns: propertyRuns(15) },
    );
  });
});
