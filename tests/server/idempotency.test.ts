import fc from 'fast-check';
import { getNamedType, isInputObjectType } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeyTtlMs, pruneExpiredIdempotencyKeys, requestHash } from '../../src/domain/idempotency';
import { buildSchema } from '../../src/schema';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { globalId } from '../support/fixtures';

const recordDevelopment = /* GraphQL */ `
  mutation ($input: RecordDevelopmentInput!) {
    recordDevelopment(input: $input) {
      id
      sequence
      summary
    }
  }
`;
type Recorded = { recordDevelopment: { id: string; sequence: number; summary: string } };

describe('idempotency keys in the schema', () => {
  // API key management appends nothing to the log. createApiKey must not replay a stored answer (it
  // holds the key's secret, which is never stored); revoking again is NOT_FOUND and changes nothing.
  const notLogWrites = ['createApiKey', 'revokeApiKey'];

  it('every mutation that appends to the log takes an idempotencyKey (in its input, or as an argument)', () => {
    const mutations = buildSchema().getMutationType()!.getFields();
    const missing = Object.values(mutations)
      .filter((field) => !notLogWrites.includes(field.name))
      .filter((field) => {
        if (field.args.some((arg) => arg.name === 'idempotencyKey')) return false;
        const input = field.args.find((arg) => arg.name === 'input');
        const type = input && getNamedType(input.type);
        return !(type && isInputObjectType(type) && 'idempotencyKey' in type.getFields());
      })
      .map((field) => field.name);
    expect(missing).toEqual([]);
  });

  it('compares payloads in a canonical form: key order never matters, any value change does', () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.date({ noInvalidDate: true }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), value, { minKeys: 1 }),
        fc.string(),
        (input, extra) => {
          const reordered = Object.fromEntries(Object.entries(input).reverse());
          expect(requestHash('op', reordered)).toBe(requestHash('op', input));
          expect(requestHash('other', input)).not.toBe(requestHash('op', input));
          const [firstKey] = Object.keys(input);
          const changed = { ...input, [firstKey]: JSON.stringify(input[firstKey]) + extra + 'x' };
          expect(requestHash('op', changed)).not.toBe(requestHash('op', input));
        },
      ),
    );
  });
});

describe.each(testDatabases())('idempotent writes on %s', (kind) => {
  let app: TestApp;
  let writer: string;
  let otherWriter: string;
  let actorId: string;
  let articleId: number;
  const quote = 'اجتمع الوسطاء في الدوحة لبحث صفقة التبادل';

  beforeAll(async () => {
    // A short wait keeps the IDEMPOTENCY_KEY_IN_USE case quick; the default is 5 s.
    app = await startTestApp(kind, { seed: false, env: { IDEMPOTENCY_WAIT_MS: '1500' } });
    const { prisma } = app.database;
    writer = (await createApiKey(prisma, { name: 'writer', scopes: ['data:write', 'review:write'] })).token;
    otherWriter = (await createApiKey(prisma, { name: 'other writer', scopes: ['data:write'] })).token;
    const actor = await prisma.actor.create({
      data: { slug: 'mediator', kind: 'STATE', nameEn: 'Mediator' },
    });
    actorId = globalId('Actor', actor.id);
    const article = await prisma.article.create({
      data: {
        url: 'https://example.org/i',
        title: 't',
        body: quote,
        language: 'ar',
        source: 'test',
        contentHash: 'i1',
      },
    });
    articleId = article.id;
  });
  afterAll(() => app?.stop());

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const logLength = () => app.database.prisma.development.count();
  const send = (input: Record<string, unknown>, token = writer) =>
    app.graphql<Recorded>(recordDevelopment, { input }, as(token));

  it('answers identical retries with the first entry and records it once', async () => {
    const before = await logLength();
    const input = {
      kind: 'STATEMENT',
      summary: 'Retried once',
      actorIds: [actorId],
      idempotencyKey: 'same-1',
    };
    const first = await send(input);
    expect(first.errors).toBeUndefined();
    const again = await send({ ...input });
    expect(again).toEqual(first);
    expect(await logLength()).toBe(before + 1);
  });

  it(`runs ${kind === 'postgres' ? 6 : 4} parallel retries as one write, all answered with its result`, async () => {
    const before = await logLength();
    const input = { kind: 'STATEMENT', summary: 'Sent in parallel', idempotencyKey: `parallel-${kind}` };
    const answers = await Promise.all(Array.from({ length: kind === 'postgres' ? 6 : 4 }, () => send(input)));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0].errors).toBeUndefined();
    expect(await logLength()).toBe(before + 1);
  });

  it('keeps the keys of two API keys apart: the same idempotency key makes two writes', async () => {
    const before = await logLength();
    const mine = await send({ kind: 'STATEMENT', summary: 'Mine', idempotencyKey: 'shared-key' });
    const theirs = await send(
      { kind: 'STATEMENT', summary: 'Theirs', idempotencyKey: 'shared-key' },
      otherWriter,
    );
    expect(mine.data!.recordDevelopment.summary).toBe('Mine');
    expect(theirs.data!.recordDevelopment.summary).toBe('Theirs');
    expect(theirs.data!.recordDevelopment.id).not.toBe(mine.data!.recordDevelopment.id);
    expect(await logLength()).toBe(before + 2);
  });

  it('refuses the same key with another payload, or for another mutation, and writes nothing', async () => {
    await send({ kind: 'STATEMENT', summary: 'Original', idempotencyKey: 'reuse-1' });
    const before = await logLength();
    const changed = await send({ kind: 'STATEMENT', summary: 'Changed', idempotencyKey: 'reuse-1' });
    expect(changed.errors?.[0]?.extensions).toEqual({
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: ['input', 'idempotencyKey'],
    });
    const otherMutation = await app.graphql(
      `mutation ($input: CreateProposalInput!) { createProposal(input: $input) { id } }`,
      { input: { title: 'Other', idempotencyKey: 'reuse-1' } },
      as(writer),
    );
    expect(otherMutation.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await logLength()).toBe(before);
    expect(await app.database.prisma.proposal.count({ where: { title: 'Other' } })).toBe(0);
  });

  it('refuses empty, blank, padded, non-ASCII and over-long keys as bad input, at their field, writing nothing', async () => {
    const before = await logLength();
    for (const idempotencyKey of [
      '',
      ' ',
      '\t\n',
      ' key',
      'key ',
      'a b',
      'مفتاح',
      'k\u0000',
      'k'.repeat(256),
    ]) {
      const answer = await send({ kind: 'STATEMENT', summary: 'Bad key', idempotencyKey });
      expect(answer.errors?.[0]?.extensions, JSON.stringify(idempotencyKey)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: ['input', 'idempotencyKey'],
      });
    }
    expect(await logLength()).toBe(before);
    const longest = await send({
      kind: 'STATEMENT',
      summary: 'Longest key',
      idempotencyKey: '~'.repeat(255),
    });
    expect(longest.errors).toBeUndefined();
  });

  it('does not keep the key of a write that failed: the retry runs', async () => {
    const input = {
      kind: 'STATEMENT',
      summary: 'Needs a meeting',
      meetingId: globalId('Meeting', 999_999),
      idempotencyKey: 'failed-1',
    };
    expect((await send(input)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await app.database.prisma.idempotencyKey.count({ where: { key: 'failed-1' } })).toBe(0);
    const { meetingId: _dropped, ...valid } = input;
    expect((await send(valid)).errors).toBeUndefined();
  });

  it('forgets a key after 24 hours, and prunes expired keys', async () => {
    const { prisma } = app.database;
    const input = { kind: 'STATEMENT', summary: 'Yesterday', idempotencyKey: 'expiring-1' };
    const first = await send(input);
    await prisma.idempotencyKey.updateMany({
      where: { key: 'expiring-1' },
      data: { createdAt: new Date(Date.now() - idempotencyKeyTtlMs - 1000) },
    });
    const before = await logLength();
    const later = await send(input);
    expect(later.errors).toBeUndefined();
    expect(later.data!.recordDevelopment.id).not.toBe(first.data!.recordDevelopment.id);
    expect(await logLength()).toBe(before + 1);

    await prisma.idempotencyKey.updateMany({
      where: { key: 'expiring-1' },
      data: { createdAt: new Date(Date.now() - idempotencyKeyTtlMs - 1000) },
    });
    const fresh = await prisma.idempotencyKey.count();
    // A minute on: the prune runs again, deleting only the expired row.
    pruneExpiredIdempotencyKeys(prisma, (error) => expect.fail(String(error)), Date.now() + 61_000);
    await expect.poll(() => prisma.idempotencyKey.count({ where: { key: 'expiring-1' } })).toBe(0);
    expect(await prisma.idempotencyKey.count()).toBe(fresh - 1);
  });

  it('makes every write that appends to the log safe to retry, acceptCandidate included', async () => {
    const { prisma } = app.database;
    const candidate = await prisma.candidate.create({
      data: {
        articleId,
        kind: 'DEVELOPMENT',
        developmentKind: 'STATEMENT',
        summary: 'A candidate',
        actorIds: [],
        cueWords: [],
        quote,
        startOffset: 0,
        endOffset: quote.length,
        confidence: 0.9,
      },
    });
    const meeting = await prisma.meeting.create({
      data: { slug: 'idem-meeting', title: 'M', status: 'PLANNED' },
    });
    const proposal = await prisma.proposal.create({
      data: { slug: 'idem-proposal', title: 'P', status: 'TABLED' },
    });
    const development = await prisma.development.findFirstOrThrow({ orderBy: { sequence: 'desc' } });
    const cases: [string, string, Record<string, unknown>][] = [
      [
        'createMeeting',
        'CreateMeetingInput',
        {
          title: 'Talks',
          status: 'HELD',
          occurredAt: '2025-05-13',
          participants: [{ actorId, role: 'ATTENDEE' }],
        },
      ],
      ['updateMeeting', 'UpdateMeetingInput', { id: globalId('Meeting', meeting.id), status: 'HELD' }],
      ['createProposal', 'CreateProposalInput', { title: 'A plan', proposerIds: [actorId] }],
      [
        'updateProposal',
        'UpdateProposalInput',
        { id: globalId('Proposal', proposal.id), status: 'REJECTED' },
      ],
      [
        'recordStance',
        'RecordStanceInput',
        { proposalId: globalId('Proposal', proposal.id), actorId, stance: 'ACCEPTS', asOf: '2025-05-14' },
      ],
      [
        'reviseDevelopment',
        'ReviseDevelopmentInput',
        {
          developmentId: globalId('Development', development.id),
          change: 'CORRECTION',
          summary: 'Corrected',
        },
      ],
      ['acceptCandidate', 'AcceptCandidateInput', { id: globalId('Candidate', candidate.id) }],
    ];
    for (const [field, type, input] of cases) {
      const mutation = `mutation ($input: ${type}!) { ${field}(input: $input) { id } }`;
      const variables = { input: { ...input, idempotencyKey: `every-${field}` } };
      const before = await logLength();
      const first = await app.graphql<Record<string, { id: string }>>(mutation, variables, as(writer));
      expect(first.errors, field).toBeUndefined();
      const retried = await app.graphql(mutation, variables, as(writer));
      expect(retried, field).toEqual(first);
      expect(await logLength(), field).toBe(before + 1);
    }
    const accepted = await prisma.candidate.findUniqueOrThrow({ where: { id: candidate.id } });
    expect(accepted.status).toBe('ACCEPTED');
    // Without the key, accepting again is still a conflict: the key is what makes it the same request.
    const unkeyed = await app.graphql(
      `mutation ($input: AcceptCandidateInput!) { acceptCandidate(input: $input) { id } }`,
      { input: { id: globalId('Candidate', candidate.id) } },
      as(writer),
    );
    expect(unkeyed.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('replays a retried addArticle (created: true again), stores one article and counts one addition', async () => {
    const ingested = async (outcome: string) => {
      const metric = await app.metrics.registry.getSingleMetric('articles_ingested_total')!.get();
      return metric.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
    };
    const [addedBefore, duplicatesBefore] = [await ingested('added'), await ingested('duplicate')];
    const mutation = `mutation ($input: AddArticleInput!) { addArticle(input: $input) { created article { id } } }`;
    const input = {
      url: 'https://example.org/retried-article',
      title: 'مقال',
      body: 'نص مقال يرسل مرتين عن المفاوضات',
      source: 'test',
      language: 'ar',
      idempotencyKey: 'article-1',
    };
    const first = await app.graphql(mutation, { input }, as(app.adminKey));
    const retried = await app.graphql(mutation, { input }, as(app.adminKey));
    expect(first.errors).toBeUndefined();
    expect(retried).toEqual(first);
    expect(await app.database.prisma.article.count({ where: { url: input.url } })).toBe(1);
    expect(await ingested('added')).toBe(addedBefore + 1);
    expect(await ingested('duplicate')).toBe(duplicatesBefore + 1);
  });

  it.runIf(kind === 'postgres')(
    'a retry waits for a first attempt still in its transaction: its result when it commits, its own write when it dies',
    async () => {
      const { prisma } = app.database;
      const viewer = await prisma.apiKey.findFirstOrThrow({ where: { name: 'writer' } });
      const owner = `apikey:${viewer.id}`;
      const url = (app.config.database as { url: string }).url;
      const input = { kind: 'STATEMENT', summary: 'Held elsewhere', idempotencyKey: 'held-1' };
      // The payload's hash, as the server computes it: the same input under another key stores it.
      const hashOf = async (summary: string) => {
        const probe = await send({
          kind: 'STATEMENT',
          summary,
          idempotencyKey: `probe-${summary.replaceAll(' ', '-')}`,
        });
        expect(probe.errors).toBeUndefined();
        const row = await prisma.idempotencyKey.findFirstOrThrow({
          where: { key: `probe-${summary.replaceAll(' ', '-')}` },
        });
        return row.requestHash;
      };
      const hash = await hashOf('Held elsewhere');
      const committed = await prisma.development.findFirstOrThrow({ orderBy: { sequence: 'desc' } });

      // A first attempt holds the key and commits its result while the retry waits.
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO "IdempotencyKey" ("owner", "key", "operation", "requestHash", "response") VALUES ($1, $2, $3, $4, $5)`,
        [owner, 'held-1', 'recordDevelopment', hash, { id: committed.id, sequence: committed.sequence }],
      );
      const before = await logLength();
      const waiting = send(input);
      await expect.poll(() => waitingOnLock(prisma)).toBe(true);
      await holder.query('COMMIT');
      await holder.end();
      const replayed = await waiting;
      expect(replayed.errors).toBeUndefined();
      expect(replayed.data!.recordDevelopment.sequence).toBe(committed.sequence);
      expect(await logLength()).toBe(before);

      // A first attempt that dies mid-transaction leaves nothing behind: the waiting retry writes.
      const secondHash = await hashOf('Second');
      const dying = new pg.Client({ connectionString: url });
      await dying.connect();
      dying.on('error', () => {});
      const [{ pid }] = (await dying.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
      await dying.query('BEGIN');
      await dying.query(
        `INSERT INTO "IdempotencyKey" ("owner", "key", "operation", "requestHash") VALUES ($1, 'held-2', 'recordDevelopment', $2)`,
        [owner, secondHash],
      );
      const retry = send({ kind: 'STATEMENT', summary: 'Second', idempotencyKey: 'held-2' });
      await expect.poll(() => waitingOnLock(prisma)).toBe(true);
      await prisma.$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;
      const written = await retry;
      expect(written.errors).toBeUndefined();
      expect(written.data!.recordDevelopment.summary).toBe('Second');
    },
  );

  it.runIf(kind === 'postgres')(
    'answers IDEMPOTENCY_KEY_IN_USE when the first attempt outlasts the wait',
    async () => {
      const { prisma } = app.database;
      const viewer = await prisma.apiKey.findFirstOrThrow({ where: { name: 'writer' } });
      const holder = new pg.Client({ connectionString: (app.config.database as { url: string }).url });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO "IdempotencyKey" ("owner", "key", "operation", "requestHash") VALUES ($1, 'slow-1', 'recordDevelopment', 'x')`,
        [`apikey:${viewer.id}`],
      );
      const before = await logLength();
      const started = Date.now();
      const answer = await send({ kind: 'STATEMENT', summary: 'Too slow', idempotencyKey: 'slow-1' });
      const waited = Date.now() - started;
      await holder.query('ROLLBACK');
      await holder.end();
      expect(answer.errors?.[0]?.extensions).toEqual({
        code: 'IDEMPOTENCY_KEY_IN_USE',
        field: ['input', 'idempotencyKey'],
      });
      expect(waited).toBeGreaterThanOrEqual(app.config.idempotencyWaitMs - 50);
      expect(await logLength()).toBe(before);
    },
  );
});

/** True while some session of this database waits for a lock (the retry blocked behind the first attempt). */
async function waitingOnLock(prisma: TestApp['database']['prisma']): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ waiting: bigint }[]>`
    SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return Number(rows[0].waiting) > 0;
}
