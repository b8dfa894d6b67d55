import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeArticle } from '../../src/arabic';
import { createActor } from '../../src/domain/actors';
import { proposeMeetings } from '../../src/domain/candidate-meetings';
import { loadGazetteer } from '../../src/domain/ingest';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases, type DatabaseKind } from '../support/databases';

const SYNTHETIC = 'نص اصطناعي لأغراض الاختبار فقط.';
const REPORT_A = `${SYNTHETIC}\n\nاستضافت مصر أمس وفداً من حركة حماس برئاسة خليل الحية في القاهرة. واستمر الاجتماع خمس ساعات.`;
const REPORT_B = `${SYNTHETIC}\n\nالتقى وفد من حركة حماس برئاسة خليل الحية مسؤولين مصريين في القاهرة يوم الاثنين.`;
const REPORT_C = `${SYNTHETIC}\n\nاجتمع وفد من حماس برئاسة خليل الحية ومسؤولون مصريون في القاهرة أمس الاثنين.`;

const addArticle = /* GraphQL */ `
  mutation ($input: AddArticleInput!) {
    addArticle(input: $input) {
      candidates
    }
  }
`;
const candidatesQuery = /* GraphQL */ `
  query {
    candidates(first: 5) {
      edges {
        node {
          id
          kind
          quote
          quotes {
            text
            startOffset
            endOffset
            article {
              source
              body
            }
          }
          corroborates {
            id
          }
          proposedMeeting {
            status
            occurredAt
            occurredAtPrecision
            city
            participants {
              role
              actor {
                nameEn
              }
              evidence {
                text
              }
            }
          }
        }
      }
    }
  }
`;
const accept = /* GraphQL */ `
  mutation ($input: AcceptCandidateInput!) {
    acceptCandidate(input: $input) {
      status
      development {
        meeting {
          id
          status
          occurredAt
          occurredAtPrecision
          city
          reportCount
          outletCount
          participants {
            role
            actor {
              nameEn
            }
          }
        }
      }
    }
  }
`;

interface CandidateNode {
  id: string;
  kind: string;
  quote: string;
  quotes: {
    text: string;
    startOffset: number;
    endOffset: number;
    article: { source: string; body: string };
  }[];
  corroborates: { id: string } | null;
  proposedMeeting: {
    status: string;
    occurredAt: string | null;
    occurredAtPrecision: string;
    city: string | null;
    participants: { role: string; actor: { nameEn: string }; evidence: { text: string }[] }[];
  } | null;
}
interface Accepted {
  acceptCandidate: {
    status: string;
    development: {
      meeting: {
        id: string;
        status: string;
        occurredAt: string;
        occurredAtPrecision: string;
        city: string;
        reportCount: number;
        outletCount: number;
        participants: { role: string; actor: { nameEn: string } }[];
      };
    };
  };
}

/** A test app with the three actors the reports name. */
async function startWithActors(kind: DatabaseKind): Promise<TestApp> {
  const app = await startTestApp(kind, { seed: false });
  for (const [nameEn, nameAr, actorKind] of [
    ['Egypt', 'مصر', 'STATE'],
    ['Hamas', 'حماس', 'ARMED_GROUP'],
    ['Khalil al-Hayya', 'خليل الحية', 'PERSON'],
  ] as const)
    await createActor(app.domain, { kind: actorKind, nameEn, nameAr, aliases: [] });
  return app;
}

describe.each(testDatabases())('meeting candidates across articles on %s', (kind) => {
  let app: TestApp;
  const ingest = (url: string, body: string, source: string) =>
    app.graphql(addArticle, {
      input: { url, title: 'اختبار', body, source, language: 'ar', publishedAt: '2025-06-10T07:00:00Z' },
    });
  const candidates = async () => {
    const response = await app.graphql<{ candidates: { edges: { node: CandidateNode }[] } }>(candidatesQuery);
    expect(response.errors).toBeUndefined();
    return response.data!.candidates.edges.map((edge) => edge.node);
  };

  beforeAll(async () => {
    app = await startWithActors(kind);
  });
  afterAll(() => app?.stop());

  it('proposes one meeting for two outlets, with every quote, its date, city and stated roles', async () => {
    expect((await ingest('https://a.example/1', REPORT_A, 'الأهرام')).errors).toBeUndefined();
    expect((await ingest('https://b.example/1', REPORT_B, 'الجزيرة نت')).errors).toBeUndefined();
    const [meeting, ...others] = (await candidates()).filter((c) => c.kind === 'MEETING');
    expect(others).toEqual([]);
    expect(meeting.quotes.map((q) => q.article.source)).toEqual(['الأهرام', 'الأهرام', 'الجزيرة نت']);
    expect(meeting.quote).toBe(meeting.quotes[0].text);
    for (const quote of meeting.quotes)
      expect(quote.article.body.slice(quote.startOffset, quote.endOffset)).toBe(quote.text);
    expect(meeting.proposedMeeting).toMatchObject({
      status: 'HELD',
      occurredAt: '2025-06-09T00:00:00.000Z',
      occurredAtPrecision: 'DAY',
      city: 'Cairo',
    });
    const roles = Object.fromEntries(
      meeting.proposedMeeting!.participants.map((p) => [p.actor.nameEn, p.role]),
    );
    expect(roles).toEqual({ Egypt: 'HOST', Hamas: 'ATTENDEE', 'Khalil al-Hayya': 'DELEGATION_HEAD' });
    for (const participant of meeting.proposedMeeting!.participants)
      expect(participant.evidence.length > 0).toBe(participant.role !== 'ATTENDEE');
  });

  it('records exactly what was proposed, then turns a later report into a corroboration of it', async () => {
    const [proposed] = (await candidates()).filter((c) => c.kind === 'MEETING');
    const accepted = await app.graphql<Accepted>(accept, { input: { id: proposed.id } });
    expect(accepted.errors).toBeUndefined();
    const meeting = accepted.data!.acceptCandidate.development.meeting;
    expect(meeting).toMatchObject({
      status: 'HELD',
      occurredAt: '2025-06-09T00:00:00.000Z',
      occurredAtPrecision: 'DAY',
      city: 'Cairo',
      reportCount: 2,
      outletCount: 2,
    });
    expect(Object.fromEntries(meeting.participants.map((p) => [p.actor.nameEn, p.role]))).toEqual({
      Egypt: 'HOST',
      Hamas: 'ATTENDEE',
      'Khalil al-Hayya': 'DELEGATION_HEAD',
    });

    expect((await ingest('https://c.example/1', REPORT_C, 'اليوم السابع')).errors).toBeUndefined();
    const pending = (await candidates()).filter((c) => c.kind !== 'DEVELOPMENT' && c.kind !== 'STANCE');
    expect(pending.map((c) => [c.kind, c.corroborates?.id])).toEqual([['CORROBORATION', meeting.id]]);
    // Nothing reaches the meeting until an editor accepts the corroboration.
    const corroborated = await app.graphql<Accepted>(accept, { input: { id: pending[0].id } });
    expect(corroborated.errors).toBeUndefined();
    expect(corroborated.data!.acceptCandidate.development.meeting).toMatchObject({
      id: meeting.id,
      reportCount: 3,
      outletCount: 3,
    });
  });

  it("records the editor's edit of a proposed meeting instead of the proposal", async () => {
    const body = `${SYNTHETIC}\n\nمن المقرر أن يتوجه وفد من حماس إلى القاهرة يوم الخميس للقاء المسؤولين المصريين.`;
    expect((await ingest('https://d.example/1', body, 'الشروق')).errors).toBeUndefined();
    const planned = (await candidates()).find(
      (c) => c.kind === 'MEETING' && c.proposedMeeting?.status === 'PLANNED',
    );
    expect(planned?.proposedMeeting).toMatchObject({ occurredAt: '2025-06-12T00:00:00.000Z', city: 'Cairo' });
    const edited = await app.graphql<Accepted>(accept, {
      input: { id: planned!.id, status: 'POSTPONED', city: 'Doha' },
    });
    expect(edited.errors).toBeUndefined();
    expect(edited.data!.acceptCandidate.development.meeting).toMatchObject({
      status: 'POSTPONED',
      city: 'Doha',
      occurredAt: '2025-06-12T00:00:00.000Z',
    });
  });
});

// PGlite runs one transaction at a time; the race needs a server with concurrent transactions.
describe.each(testDatabases().filter((kind) => kind === 'postgres'))(
  'meeting candidates from concurrent articles on %s',
  (kind) => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startWithActors(kind);
    });
    afterAll(() => app?.stop());

    it("lets a second article about the same meeting wait for the first one's candidate, then merge into it", async () => {
      const { prisma } = app.database;
      const gazetteer = await loadGazetteer(app.domain);
      const stored = await Promise.all(
        [REPORT_A, REPORT_B].map(async (body, index) => ({
          id: (
            await prisma.article.create({
              data: {
                url: `https://concurrent.example/${index}`,
                title: 'اختبار',
                body,
                language: 'ar',
                source: `outlet ${index}`,
                contentHash: `concurrent-${index}`,
                publishedAt: new Date('2025-06-10T07:00:00Z'),
              },
            })
          ).id,
          meetings: analyzeArticle(body, gazetteer, {
            publishedAt: new Date('2025-06-10T07:00:00Z'),
            timeZone: 'Africa/Cairo',
          }).meetings,
        })),
      );
      // The first article's transaction proposes its meeting and stays open; the second starts meanwhile.
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let firstProposed = false;
      const first = prisma.$transaction(
        async (tx) => {
          await proposeMeetings(tx, stored[0].id, stored[0].meetings);
          firstProposed = true;
          await gate;
        },
        { timeout: 30_000 },
      );
      while (!firstProposed) await new Promise((resolve) => setTimeout(resolve, 10));
      let secondDone = false;
      const second = prisma
        .$transaction((tx) => proposeMeetings(tx, stored[1].id, stored[1].meetings), { timeout: 30_000 })
        .finally(() => (secondDone = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Unlocked, the second saw no pending candidate (the first's is uncommitted) and made its own.
      expect(secondDone).toBe(false);
      release();
      await Promise.all([first, second]);
      const meetings = await prisma.candidate.findMany({ where: { kind: 'MEETING' } });
      expect(meetings).toHaveLength(1);
      const articles = new Set(
        (meetings[0].quotes as { articleId: number }[]).map((quote) => quote.articleId),
      );
      expect([...articles].sort()).toEqual(stored.map((article) => article.id).sort());
    });
  },
);

describe('editing the articles a merged meeting candidate rests on', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startWithActors('pglite');
  });
  afterAll(() => app?.stop());

  const remove = `mutation ($input: DeleteArticleInput!) { deleteArticle(input: $input) }`;
  const exclude = `mutation ($input: SetExcludedRangesInput!) {
    setArticleExcludedRanges(input: $input) { excludedRanges { start end } }
  }`;

  it('refuses to delete an article a pending candidate quotes, takes a candidate whose quote is excluded out of the queue, then deletes cleanly', async () => {
    const ingested = [];
    for (const [index, body] of [REPORT_A, REPORT_B].entries()) {
      const answer = await app.graphql<{ addArticle: { article: { id: string } } }>(
        `mutation ($input: AddArticleInput!) { addArticle(input: $input) { article { id } } }`,
        {
          input: {
            url: `https://merged.example/${index}`,
            title: 'اختبار',
            body,
            source: `outlet ${index}`,
            language: 'ar',
            publishedAt: '2025-06-10T07:00:00Z',
          },
        },
      );
      ingested.push(answer.data!.addArticle.article.id);
    }
    const [first, second] = ingested;
    const [candidate] = await app.database.prisma.candidate.findMany({ where: { kind: 'MEETING' } });
    expect(new Set((candidate.quotes as { articleId: number }[]).map((quote) => quote.articleId)).size).toBe(
      2,
    );

    const refused = await app.graphql(remove, { input: { id: second } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: ['input', 'id'] });
    expect(refused.errors?.[0]?.message).toContain(`Candidates ${candidate.id} `);

    const sentenceStart = REPORT_A.indexOf('استضافت');
    const overlapping = await app.graphql(exclude, {
      input: {
        articleId: first,
        ranges: [
          { start: sentenceStart, end: REPORT_A.length, reason: 'another story' },
          { start: 0, end: sentenceStart + 1, reason: 'overlaps the first' },
        ],
      },
    });
    expect(overlapping.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'ranges', 1, 'start'],
    });
    const excluded = await app.graphql(exclude, {
      input: {
        articleId: first,
        ranges: [
          { start: sentenceStart, end: REPORT_A.length, reason: 'another story' },
          { start: 0, end: 5, reason: 'sent second, stored first' },
        ],
      },
    });
    expect(excluded.data).toEqual({
      setArticleExcludedRanges: {
        excludedRanges: [
          { start: 0, end: 5 },
          { start: sentenceStart, end: REPORT_A.length },
        ],
      },
    });
    const rejected = await app.database.prisma.candidate.findUniqueOrThrow({ where: { id: candidate.id } });
    expect(rejected).toMatchObject({ status: 'REJECTED' });
    expect(rejected.reviewNote).toMatch(/excluded/);

    // Decided now: the second article may go, and the candidate keeps only quotes of articles that exist.
    expect((await app.graphql(remove, { input: { id: second } })).errors).toBeUndefined();
    const kept = await app.database.prisma.candidate.findUniqueOrThrow({ where: { id: candidate.id } });
    const articles = await app.database.prisma.article.findMany({ select: { id: true } });
    const existing = new Set(articles.map((article) => article.id));
    expect(JSON.stringify([kept.quotes, kept.proposed])).not.toMatch(
      new RegExp(`"articleId":(?!(${[...existing].join('|')})\\b)\\d+`),
    );
    const queue = await app.graphql(
      `{ candidates(first: 5, status: REJECTED) { edges { node { quotes { article { id } } } } } }`,
    );
    expect(queue.errors).toBeUndefined();
  });
});
