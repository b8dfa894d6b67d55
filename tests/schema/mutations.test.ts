import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { globalId } from '../support/fixtures';

const createMeeting = /* GraphQL */ `
  mutation ($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      id
      title
      status
      participants {
        role
        actor {
          name
        }
      }
      evidence {
        quote
        startOffset
        endOffset
      }
    }
  }
`;

describe.each(testDatabases())('mutations on %s', (kind) => {
  let app: TestApp;
  let hostId: string;
  let guestId: string;
  let articleId: string;
  const body = 'اجتمع رئيس الوزراء مع المبعوث الأميركي في الدوحة يوم الثلاثاء لبحث صفقة التبادل.';

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    const { prisma } = app.database;
    const host = await prisma.actor.create({ data: { slug: 'host', kind: 'PERSON', nameEn: 'Host Person' } });
    const guest = await prisma.actor.create({
      data: { slug: 'guest', kind: 'PERSON', nameEn: 'Guest Person' },
    });
    const article = await prisma.article.create({
      data: {
        url: 'https://example.org/a',
        title: 't',
        body,
        language: 'ar',
        source: 'test',
        contentHash: 'h1',
      },
    });
    hostId = globalId('Actor', host.id);
    guestId = globalId('Actor', guest.id);
    articleId = globalId('Article', article.id);
  });
  afterAll(() => app?.stop());

  async function rowCounts() {
    const { prisma } = app.database;
    const [meetings, participants, evidence, developments, counter] = await Promise.all([
      prisma.meeting.count(),
      prisma.meetingParticipant.count(),
      prisma.evidence.count(),
      prisma.development.count(),
      prisma.feedCounter.findUniqueOrThrow({ where: { id: 1 } }),
    ]);
    return { meetings, participants, evidence, developments, sequence: counter.value };
  }

  const validInput = () => ({
    title: 'Doha talks',
    status: 'HELD',
    occurredAt: '2025-05-13',
    city: 'Doha',
    // No quote here names either actor in a role: they attend (tests/domain/roles.test.ts covers roles).
    participants: [
      { actorId: hostId, role: 'ATTENDEE' },
      { actorId: guestId, role: 'ATTENDEE' },
    ],
    evidence: [{ articleId, quote: 'المبعوث الأميركي في الدوحة' }],
  });

  it('creates a meeting with participants and evidence, and appends one development', async () => {
    const before = await rowCounts();
    const response = await app.graphql<{
      createMeeting: {
        title: string;
        participants: unknown[];
        evidence: { quote: string; startOffset: number; endOffset: number }[];
      };
    }>(createMeeting, { input: validInput() });
    expect(response.errors).toBeUndefined();
    const evidence = response.data!.createMeeting.evidence[0];
    expect(body.slice(evidence.startOffset, evidence.endOffset)).toBe(evidence.quote);
    const after = await rowCounts();
    expect(after).toEqual({
      meetings: before.meetings + 1,
      participants: before.participants + 2,
      evidence: before.evidence + 2, // the meeting's quote and the development's
      developments: before.developments + 1,
      sequence: before.sequence + 1,
    });
  });

  const cases: [string, (input: ReturnType<typeof validInput>) => unknown, string, (string | number)[]][] = [
    ['an empty title', (input) => ({ ...input, title: '   ' }), 'BAD_USER_INPUT', ['input', 'title']],
    [
      'a malformed actor id',
      (input) => ({ ...input, participants: [{ actorId: 'nope', role: 'HOST' }] }),
      'BAD_USER_INPUT',
      ['input', 'participants', 0, 'actorId'],
    ],
    [
      'an id of the wrong type',
      (input) => ({ ...input, participants: [{ actorId: articleId, role: 'HOST' }] }),
      'BAD_USER_INPUT',
      ['input', 'participants', 0, 'actorId'],
    ],
    [
      'an unknown actor',
      (input) => ({
        ...input,
        participants: [input.participants[0], { actorId: globalId('Actor', 999999), role: 'VISITOR' }],
      }),
      'NOT_FOUND',
      ['input', 'participants', 1, 'actorId'],
    ],
    [
      'the same actor twice',
      (input) => ({ ...input, participants: [input.participants[0], input.participants[0]] }),
      'BAD_USER_INPUT',
      ['input', 'participants'],
    ],
    [
      'a quote that is not in the article',
      (input) => ({ ...input, evidence: [{ articleId, quote: 'نص غير موجود' }] }),
      'BAD_USER_INPUT',
      ['input', 'evidence', 0, 'quote'],
    ],
    [
      'a quote at the wrong offset',
      (input) => ({ ...input, evidence: [{ articleId, quote: 'المبعوث', startOffset: 0 }] }),
      'BAD_USER_INPUT',
      ['input', 'evidence', 0, 'startOffset'],
    ],
    [
      'an unknown article',
      (input) => ({ ...input, evidence: [{ articleId: globalId('Article', 424242), quote: 'x' }] }),
      'NOT_FOUND',
      ['input', 'evidence', 0, 'articleId'],
    ],
    [
      'a held meeting in the future',
      (input) => ({ ...input, occurredAt: '2999-01-01' }),
      'BAD_USER_INPUT',
      ['input', 'occurredAt'],
    ],
  ];

  it.each(cases)('rejects %s with a typed error and writes nothing', async (_name, change, code, field) => {
    const before = await rowCounts();
    const response = await app.graphql(createMeeting, { input: change(validInput()) });
    expect(response.data?.createMeeting ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions).toMatchObject({ code, field });
    expect(response.errors![0].path).toEqual(['createMeeting']);
    expect(JSON.stringify(response.errors)).not.toMatch(/at .*\.ts:\d+|prisma|SELECT/i);
    expect(await rowCounts()).toEqual(before);
  });

  it('rejects a malformed date before any resolver runs', async () => {
    const response = await app.graphql(createMeeting, {
      input: { ...validInput(), occurredAt: 'last Tuesday' },
    });
    expect(response.errors?.[0].message).toMatch(/ISO 8601/);
  });

  it('updates a proposal status and records the matching development', async () => {
    const created = await app.graphql<{ createProposal: { id: string } }>(
      `mutation ($input: CreateProposalInput!) { createProposal(input: $input) { id } }`,
      {
        input: {
          title: 'Partial deal',
          proposerIds: [guestId],
          terms: ['Release of ten hostages'],
          tabledAt: '2025-05-10',
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const updated = await app.graphql<{
      updateProposal: { status: string; developments: { edges: { node: { kind: string } }[] } };
    }>(
      `mutation ($input: UpdateProposalInput!) { updateProposal(input: $input) { status developments(first: 5) { edges { node { kind } } } } }`,
      { input: { id: created.data!.createProposal.id, status: 'REJECTED' } },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateProposal.status).toBe('REJECTED');
    expect(updated.data!.updateProposal.developments.edges.map((edge) => edge.node.kind)).toEqual([
      'PROPOSAL_REJECTED',
      'PROPOSAL_TABLED',
    ]);
  });

  it('records a stance and keeps the history of stances', async () => {
    const proposal = await app.database.prisma.proposal.create({
      data: { slug: 'p-stance', title: 'Stance test', status: 'TABLED' },
    });
    const record = (stance: string, asOf: string) =>
      app.graphql(
        `mutation ($input: RecordStanceInput!) { recordStance(input: $input) { stance asOf actor { name } } }`,
        {
          input: { proposalId: globalId('Proposal', proposal.id), actorId: hostId, stance, asOf },
        },
      );
    expect((await record('REJECTS', '2025-05-01')).errors).toBeUndefined();
    expect((await record('CONDITIONAL', '2025-05-05')).errors).toBeUndefined();
    const response = await app.graphql<{ node: { stances: { stance: string }[] } }>(
      `query ($id: ID!) { node(id: $id) { ... on Proposal { stances { stance actor { name } asOf } } } }`,
      { id: globalId('Proposal', proposal.id) },
    );
    expect(response.data!.node.stances.map((stance) => stance.stance)).toEqual(['CONDITIONAL', 'REJECTS']);
  });

  it('retracts a development by appending a revision that points at it', async () => {
    const recorded = await app.graphql<{ recordDevelopment: { id: string } }>(
      `mutation ($input: RecordDevelopmentInput!) { recordDevelopment(input: $input) { id } }`,
      { input: { kind: 'STATEMENT', summary: 'A statement', actorIds: [hostId] } },
    );
    const revised = await app.graphql<{
      reviseDevelopment: { change: string; revises: { id: string }; actors: { name: string }[] };
    }>(
      `mutation ($input: ReviseDevelopmentInput!) { reviseDevelopment(input: $input) { change revises { id } actors { name } } }`,
      { input: { developmentId: recorded.data!.recordDevelopment.id, change: 'RETRACTION' } },
    );
    expect(revised.errors).toBeUndefined();
    expect(revised.data!.reviseDevelopment).toEqual({
      change: 'RETRACTION',
      revises: { id: recorded.data!.recordDevelopment.id },
      actors: [{ name: 'Host Person' }],
    });
  });

  it('makes a retried recordDevelopment with the same idempotency key a no-op', async () => {
    const send = () =>
      app.graphql<{ recordDevelopment: { id: string; sequence: number } }>(
        `mutation ($input: RecordDevelopmentInput!) { recordDevelopment(input: $input) { id sequence } }`,
        { input: { kind: 'STATEMENT', summary: 'Retried', idempotencyKey: 'retry-1' } },
      );
    const first = await send();
    const second = await send();
    expect(second.data).toEqual(first.data);
  });
});
