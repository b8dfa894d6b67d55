import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeArticle } from '../../src/arabic';
import { createActor } from '../../src/domain/actors';
import { proposeMeetings } from '../../src/domain/candidate-meetings';
import { recordDevelopment } from '../../src/domain/developments';
import { loadGazetteer } from '../../src/domain/ingest';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { globalId } from '../support/fixtures';

// Concurrent edits that each looked right alone (found by a hostile review): they need a server with
// concurrent transactions, so they run on PostgreSQL (PGlite runs one transaction at a time).
const kind = 'postgres' as const;
const onPostgres = testDatabases().includes(kind) ? describe : describe.skip;

// Two articles quote the same fact; deleting both at once must not leave the fact with no quote at all.
const sentence = 'قال الوسيط إن الوفد وصل إلى القاهرة.';
onPostgres('concurrent deleteArticle', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
  });
  afterAll(() => app?.stop());

  it('never deletes the last two quotes of one fact', async () => {
    const { prisma } = app.database;
    const remove = `mutation ($input: DeleteArticleInput!) { deleteArticle(input: $input) }`;
    let orphanedRuns = 0;
    for (let run = 0; run < 6; run++) {
      const make = (s: string) =>
        prisma.article.create({
          data: {
            url: `https://example.org/race-${run}-${s}`,
            title: 'synthetic',
            body: `نص اصطناعي ${s} ${run}. ${sentence}`,
            language: 'ar',
            source: 'test',
            contentHash: `race-${run}-${s}`,
          },
        });
      const a = await make('a');
      const b = await make('b');
      const dev = await recordDevelopment(app.domain, {
        kind: 'STATEMENT',
        summary: `Synthetic fact ${run}`,
        evidence: [
          { articleId: a.id, quote: sentence },
          { articleId: b.id, quote: sentence },
        ],
      });
      const [ra, rb] = await Promise.all([
        app.graphql(remove, { input: { id: globalId('Article', a.id) } }),
        app.graphql(remove, { input: { id: globalId('Article', b.id) } }),
      ]);
      // Exactly one goes: the second then holds the fact's only quote.
      expect([ra, rb].filter((answer) => answer.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(
        1,
      );
      const devId = (dev as { id: number }).id;
      const left = await prisma.evidence.count({ where: { developmentId: devId } });
      if (left === 0) orphanedRuns++;
    }
    expect(orphanedRuns).toBe(0);
  });
});

// An exclusion and a fact quoting the excluded part, at once: one of them must be refused.
const head = 'نص اصطناعي للاختبار.';
onPostgres('setArticleExcludedRanges racing a fact on the same quote', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
  });
  afterAll(() => app?.stop());

  it('never stores a fact quoting an excluded range', async () => {
    const setRanges = `mutation ($input: SetExcludedRangesInput!) { setArticleExcludedRanges(input: $input) { id } }`;
    const record = `mutation ($input: RecordDevelopmentInput!) { recordDevelopment(input: $input) { id } }`;
    let both = 0;
    for (let run = 0; run < 8; run++) {
      const body = `${head} ${run} ${sentence}`;
      const article = await app.database.prisma.article.create({
        data: {
          url: `https://example.org/ex-${run}`,
          title: 't',
          body,
          language: 'ar',
          source: 'test',
          contentHash: `ex-${run}`,
        },
      });
      const start = body.indexOf(sentence);
      const [r, d] = await Promise.all([
        app.graphql(setRanges, {
          input: {
            articleId: globalId('Article', article.id),
            ranges: [{ start, end: body.length, reason: 'another story' }],
          },
        }),
        app.graphql(record, {
          input: {
            kind: 'STATEMENT',
            summary: `Synthetic ${run}`,
            evidence: [{ articleId: globalId('Article', article.id), quote: sentence }],
          },
        }),
      ]);
      const ok = !r.errors && !d.errors;
      if (ok) both++;
    }
    expect(both).toBe(0);
  });
});

const SYNTHETIC = 'نص اصطناعي لأغراض الاختبار فقط.';
const REPORT_N = (n: number) =>
  `${SYNTHETIC} ${'ن'.repeat(n + 1)}\n\nاستضافت مصر أمس وفداً من حركة حماس برئاسة خليل الحية في القاهرة. واستمر الاجتماع خمس ساعات.`;

// Two articles about one pending meeting candidate, naming disjoint halves of its parties: their advisory
// locks do not overlap, both merge into the same candidate from the same stale read, the second overwrites.
onPostgres('concurrent merges into one meeting candidate from disjoint actor sets', () => {
  let app: TestApp;
  let qatar: number;
  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    const actor = (nameEn: string, nameAr: string, k: 'PERSON' | 'STATE' | 'ARMED_GROUP') =>
      createActor(app.domain, { kind: k, nameEn, nameAr, aliases: [] });
    await actor('Egypt', 'مصر', 'STATE');
    await actor('Hamas', 'حماس', 'ARMED_GROUP');
    await actor('Khalil al-Hayya', 'خليل الحية', 'PERSON');
    qatar = (await actor('Qatar', 'قطر', 'STATE')).id;
  });
  afterAll(() => app?.stop());

  it('keeps both articles quotes', async () => {
    const { prisma } = app.database;
    const gazetteer = await loadGazetteer(app.domain);
    const meetingOf = (n: number) => {
      const [found] = analyzeArticle(REPORT_N(n), gazetteer, {
        publishedAt: new Date('2025-06-10T07:00:00Z'),
        timeZone: 'Africa/Cairo',
      }).meetings;
      const attendees = found.participants.map((p) => ({ ...p, role: 'ATTENDEE' as const }));
      return { found, four: [...attendees, { ...attendees[0], actorId: String(qatar) as never }] };
    };
    const article = async (n: number) =>
      (
        await prisma.article.create({
          data: {
            url: `https://lost.example/${n}`,
            title: 't',
            body: REPORT_N(n),
            language: 'ar',
            source: `outlet ${n}`,
            contentHash: `lost-${n}`,
            publishedAt: new Date('2025-06-10T07:00:00Z'),
          },
        })
      ).id;
    const [x, a1, a2] = [await article(0), await article(1), await article(2)];
    const m0 = meetingOf(0),
      m1 = meetingOf(1),
      m2 = meetingOf(2);
    await prisma.$transaction((tx) => proposeMeetings(tx, x, [{ ...m0.found, participants: m0.four }]));
    const half1 = { ...m1.found, participants: [m1.four[0], m1.four[1]] };
    const half2 = { ...m2.found, participants: [m2.four[2], m2.four[3]] };
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let firstDone = false;
    const first = prisma.$transaction(
      async (tx) => {
        const c = await proposeMeetings(tx, a1, [half1]);
        firstDone = true;
        await gate;
        return c;
      },
      { timeout: 30_000 },
    );
    while (!firstDone) await new Promise((r) => setTimeout(r, 10));
    const second = prisma.$transaction((tx) => proposeMeetings(tx, a2, [half2]), { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 500));
    release();
    const counts = await Promise.all([first, second]);
    expect(counts.map((count) => count.merged)).toEqual([1, 1]);
    const meetings = await prisma.candidate.findMany({ where: { kind: 'MEETING' } });
    const articles = meetings.map((m) =>
      [...new Set((m.quotes as { articleId: number }[]).map((q) => q.articleId))].sort(),
    );
    expect(articles).toEqual([[x, a1, a2].sort()]);
  });
});
