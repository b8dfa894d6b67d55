import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, MAX_OFFSET } from '../../src/cursors';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { globalId } from '../support/fixtures';
import { collect, wsClient } from '../support/graphql-ws';
import { propertyRuns } from '../support/run-profile';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const runs = propertyRuns(Number(process.env.FC_RUNS ?? 40));
/** What a bad input may answer: a typed error, never a masked internal one. */
const allowedCodes = new Set(['BAD_USER_INPUT', 'NOT_FOUND']);
/** Characters normalization removes entirely: zero-width and bidi marks, tatweel, tashkeel. */
const invisible = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202E',
  '\u2066',
  '\uFEFF',
  'ـ',
  'َ',
];

const actorQuery = /* GraphQL */ `
  query ($id: ID!) {
    actor(id: $id) {
      id
      name
    }
  }
`;
const createMeeting = /* GraphQL */ `
  mutation ($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      id
      title
    }
  }
`;

function codesOf(response: GraphQLResponse<unknown>): string[] {
  return (response.errors ?? []).map((error) => String(error.extensions?.code));
}

function onlyTypedErrors(response: GraphQLResponse<unknown>) {
  for (const code of codesOf(response)) expect(allowedCodes, JSON.stringify(response.errors)).toContain(code);
}

describe.each(testDatabases())('strict ids, cursors and text on %s', (kind) => {
  let app: TestApp;
  let url: string;
  let actor: { id: number; global: string };
  let other: { id: number; global: string };
  let articleGlobal: string;
  const body = 'اجتمع رئيس الوزراء مع المبعوث الأميركي في الدوحة يوم الثلاثاء لبحث صفقة التبادل.';

  beforeAll(async () => {
    // Generated writes are many: the mutation rate limit is not what this suite tests.
    app = await startTestApp(kind, { seed: false, env: { MUTATION_RATE_POINTS: '1000000' } });
    url = await app.listen(0, '127.0.0.1');
    const { prisma } = app.database;
    const created = await prisma.actor.create({ data: { slug: 'envoy', kind: 'PERSON', nameEn: 'Envoy' } });
    const second = await prisma.actor.create({ data: { slug: 'host', kind: 'STATE', nameEn: 'Host' } });
    actor = { id: created.id, global: globalId('Actor', created.id) };
    other = { id: second.id, global: globalId('Actor', second.id) };
    await prisma.proposal.create({
      data: { slug: 'p', title: 'Plan', status: 'TABLED', proposers: { create: [{ actorId: created.id }] } },
    });
    await prisma.proposal.create({
      data: {
        slug: 'q',
        title: 'Plan B',
        status: 'TABLED',
        proposers: { create: [{ actorId: created.id }] },
      },
    });
    const article = await prisma.article.create({
      data: {
        url: 'https://example.org/a',
        title: 't',
        body,
        language: 'ar',
        source: 'test',
        contentHash: 'h',
      },
    });
    articleGlobal = globalId('Article', article.id);
  });
  afterAll(() => app?.stop());

  async function rowCounts() {
    const { prisma } = app.database;
    const [actors, aliases, meetings, participants, evidence, developments, articles] = await Promise.all([
      prisma.actor.count(),
      prisma.actorAlias.count(),
      prisma.meeting.count(),
      prisma.meetingParticipant.count(),
      prisma.evidence.count(),
      prisma.development.count(),
      prisma.article.count(),
    ]);
    return { actors, aliases, meetings, participants, evidence, developments, articles };
  }

  const meetingInput = (overrides: Record<string, unknown> = {}) => ({
    title: 'Doha talks',
    status: 'HELD',
    participants: [
      { actorId: actor.global, role: 'ATTENDEE' },
      { actorId: other.global, role: 'ATTENDEE' },
    ],
    evidence: [{ articleId: articleGlobal, quote: 'المبعوث الأميركي' }],
    ...overrides,
  });

  describe('ids', () => {
    it('reads a canonical id and refuses loose or out-of-range ones with BAD_USER_INPUT at the argument', async () => {
      const ok = await app.graphql<{ actor: { name: string } }>(actorQuery, { id: actor.global });
      expect(ok.data?.actor.name).toBe('Envoy');
      for (const id of [
        base64(`Actor:${actor.id}e0`),
        base64('Actor:1e3'),
        base64(`Actor:0${actor.id}`),
        base64(`Actor:${actor.id}.0`),
        base64('Actor:2147483648'),
        base64(`Actor:${'9'.repeat(40)}`),
        base64('Actor:-1'),
        globalId('Meeting', actor.id),
        'not an id',
      ]) {
        const response = await app.graphql(actorQuery, { id });
        expect(response.errors?.[0].extensions, id).toMatchObject({ code: 'BAD_USER_INPUT', field: ['id'] });
        expect(response.data).toEqual({ actor: null });
      }
    });

    it('checks each field where it stands: aliased, in fragments, repeated', async () => {
      const response = await app.graphql(
        `query ($good: ID!, $bad: ID!) { ...Both } fragment Both on Query { a: actor(id: $good) { id } b: actor(id: $bad) { ... on Actor { id } } }`,
        { good: actor.global, bad: base64('Actor:1e3') },
      );
      expect(response.data).toEqual({ a: { id: actor.global }, b: null });
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0]).toMatchObject({
        path: ['b'],
        extensions: { code: 'BAD_USER_INPUT', field: ['id'] },
      });
    });

    it("refuses them in Relay's node and nodes too", async () => {
      for (const query of [
        `{ node(id: "${base64('Actor:1e3')}") { id } }`,
        `{ node(id: "${base64('Actor:99999999999')}") { id } }`,
        `{ node(id: "${base64('Nope:1')}") { id } }`,
        `{ nodes(ids: ["${actor.global}", "${base64(`Actor:${actor.id}.0`)}"]) { id } }`,
      ]) {
        const response = await app.graphql(query);
        expect(codesOf(response), query).toEqual(['BAD_USER_INPUT']);
      }
      const found = await app.graphql<{ node: { id: string } }>(`{ node(id: "${actor.global}") { id } }`);
      expect(found.data?.node.id).toBe(actor.global);
    });

    it('names the path of a bad id deep inside an input and writes nothing', async () => {
      const before = await rowCounts();
      const cases: [Record<string, unknown>, (string | number)[]][] = [
        [
          {
            participants: [
              { actorId: actor.global, role: 'ATTENDEE' },
              { actorId: base64('Actor:1e3'), role: 'ATTENDEE' },
            ],
          },
          ['input', 'participants', 1, 'actorId'],
        ],
        [{ evidence: [{ articleId: actor.global, quote: 'x' }] }, ['input', 'evidence', 0, 'articleId']],
        [{ proposalIds: [base64('Proposal:4294967297')] }, ['input', 'proposalIds', 0]],
        [
          { development: { evidence: [{ articleId: base64('Article:01'), quote: 'x' }] } },
          ['input', 'development', 'evidence', 0, 'articleId'],
        ],
      ];
      for (const [overrides, field] of cases) {
        const response = await app.graphql(createMeeting, { input: meetingInput(overrides) });
        expect(response.errors?.[0].extensions, JSON.stringify(field)).toMatchObject({
          code: 'BAD_USER_INPUT',
          field,
        });
      }
      const update = await app.graphql(
        `mutation ($input: UpdateActorInput!) { updateActor(input: $input) { id } }`,
        {
          input: { id: base64(`Actor:${actor.id}e0`), nameEn: 'Renamed' },
        },
      );
      expect(update.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'id'] });
      expect(await rowCounts()).toEqual(before);
      expect((await app.database.prisma.actor.findUniqueOrThrow({ where: { id: actor.id } })).nameEn).toBe(
        'Envoy',
      );
    });

    it('checks the scope before the input: an anonymous write with a bad id is UNAUTHENTICATED', async () => {
      const response = await app.graphql(
        createMeeting,
        { input: meetingInput({ participants: [{ actorId: 'junk', role: 'ATTENDEE' }] }) },
        { authorization: '' },
      );
      expect(codesOf(response)).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('cursors', () => {
    const search = `query ($after: String) { search(query: "Plan", first: 5, after: $after) { edges { cursor } } }`;

    it('bounds the search offset: a crafted cursor never reaches SQL', async () => {
      const ok = await app.graphql(search, { after: encodeCursor('offset', 0) });
      expect(ok.errors).toBeUndefined();
      const deepest = await app.graphql(search, { after: encodeCursor('offset', MAX_OFFSET) });
      expect(deepest.errors).toBeUndefined();
      for (const offset of ['1000000', String(MAX_OFFSET + 1), '-1', '1e20', '-99999999999999999999']) {
        const response = await app.graphql(search, { after: base64(`OffsetConnection:${offset}`) });
        expect(response.errors?.[0].extensions, offset).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: ['after'],
        });
      }
    });

    it('refuses loose key cursors on Prisma connections and on the actor pages, at the field', async () => {
      const bad = [
        base64('GPC:N:1e3'),
        base64('GPC:N:99999999999'),
        base64('GPC:S:1'),
        'garbage',
        base64('GPC:N:-5'),
        base64('GPC:T:["N:99999999999","N:1"]'),
      ];
      for (const after of bad) {
        const list = await app.graphql(
          `query ($after: String) { actors(first: 2, after: $after) { totalCount } }`,
          {
            after,
          },
        );
        expect(list.errors?.[0].extensions, after).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: ['after'],
        });
        const page = await app.graphql<{ actor: { name: string } }>(
          `query ($id: ID!, $after: String) { actor(id: $id) { name proposals(first: 1, after: $after) { totalCount } } }`,
          { id: actor.global, after },
        );
        expect(page.errors?.[0]).toMatchObject({
          path: ['actor', 'proposals'],
          extensions: { code: 'BAD_USER_INPUT', field: ['after'] },
        });
      }
      // The actor's own pages use a two-part key; what the server hands out, it takes back.
      const first = await app.graphql<{ actor: { proposals: { edges: { cursor: string }[] } } }>(
        `query ($id: ID!) { actor(id: $id) { proposals(first: 1) { edges { cursor } } } }`,
        { id: actor.global },
      );
      const cursor = first.data!.actor.proposals.edges[0].cursor;
      const next = await app.graphql<{ actor: { proposals: { edges: unknown[] } } }>(
        `query ($id: ID!, $after: String) { actor(id: $id) { proposals(first: 1, after: $after) { edges { cursor } } } }`,
        { id: actor.global, after: cursor },
      );
      expect(next.errors).toBeUndefined();
      expect(next.data!.actor.proposals.edges).toHaveLength(1);
    });
  });

  describe('text', () => {
    it('refuses NUL characters in any string, at its path', async () => {
      const before = await rowCounts();
      const titled = await app.graphql(createMeeting, { input: meetingInput({ title: 'Doha\u0000talks' }) });
      expect(titled.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: ['input', 'title'],
      });
      const quoted = await app.graphql(createMeeting, {
        input: meetingInput({ evidence: [{ articleId: articleGlobal, quote: '\u0000' }] }),
      });
      expect(quoted.errors?.[0].extensions).toMatchObject({ field: ['input', 'evidence', 0, 'quote'] });
      const searched = await app.graphql(`{ search(query: "a\\u0000b") { edges { cursor } } }`);
      expect(searched.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['query'] });
      expect(await rowCounts()).toEqual(before);
    });

    it('refuses required text that is empty after normalization, and writes nothing', async () => {
      const before = await rowCounts();
      const blank = '\u200B\u200F\u202Aـ';
      const cases: [string, Record<string, unknown>, (string | number)[]][] = [
        ['createMeeting', { input: meetingInput({ title: blank }) }, ['input', 'title']],
        ['createMeeting', { input: meetingInput({ summary: blank }) }, ['input', 'summary']],
        [
          'createMeeting',
          { input: meetingInput({ evidence: [{ articleId: articleGlobal, quote: '\u200B' }] }) },
          ['input', 'evidence', 0, 'quote'],
        ],
        [
          'createActor',
          {
            input: { kind: 'PERSON', nameEn: 'Someone', aliases: [{ text: '\u200D\u200C', language: 'AR' }] },
          },
          ['input', 'aliases', 0, 'text'],
        ],
        ['createActor', { input: { kind: 'PERSON', nameEn: blank } }, ['input', 'nameEn']],
        [
          'recordDevelopment',
          { input: { kind: 'STATEMENT', summary: `  ${blank}  `, actorIds: [actor.global] } },
          ['input', 'summary'],
        ],
        [
          'addArticle',
          { input: { url: 'https://example.org/z', title: blank, body, source: 's', language: 'ar' } },
          ['input', 'title'],
        ],
        [
          'addArticle',
          {
            input: { url: 'https://example.org/y', title: 'Title', body: blank, source: 's', language: 'ar' },
          },
          ['input', 'body'],
        ],
      ];
      const inputType: Record<string, string> = {
        createMeeting: 'CreateMeetingInput',
        createActor: 'CreateActorInput',
        recordDevelopment: 'RecordDevelopmentInput',
        addArticle: 'AddArticleInput',
      };
      for (const [mutation, variables, field] of cases) {
        const selection = mutation === 'addArticle' ? '{ created }' : '{ id }';
        const response = await app.graphql(
          `mutation ($input: ${inputType[mutation]}!) { ${mutation}(input: $input) ${selection} }`,
          variables,
        );
        expect(response.errors?.[0].extensions, `${mutation} ${field.join('.')}`).toMatchObject({
          code: 'BAD_USER_INPUT',
          field,
        });
      }
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('null in an input', () => {
    it('means "not given" where the field cannot be cleared, and "clear it" where it can', async () => {
      const created = await app.graphql<{ createMeeting: { id: string } }>(createMeeting, {
        input: meetingInput({ summary: 'First round', venue: 'Palace', proposalIds: null, evidence: null }),
      });
      expect(created.errors).toBeUndefined();
      const id = created.data!.createMeeting.id;
      const updated = await app.graphql<{ updateMeeting: Record<string, unknown> }>(
        `mutation ($input: UpdateMeetingInput!) { updateMeeting(input: $input) { title status summary venue } }`,
        { input: { id, title: null, status: null, participants: null, summary: null, venue: 'Hall' } },
      );
      expect(updated.errors).toBeUndefined();
      expect(updated.data!.updateMeeting).toEqual({
        title: 'Doha talks',
        status: 'HELD',
        summary: null,
        venue: 'Hall',
      });
    });
  });

  describe('live', () => {
    const feed = `subscription ($filter: DevelopmentFilter, $after: String) { developments(filter: $filter, after: $after) { sequence } }`;

    it('applies the same checks to the subscription over graphql-ws and SSE', async () => {
      const client = wsClient(url);
      const firstErrors = (variables: Record<string, unknown>) =>
        collect(client, feed, variables, 1, 5000).done.then((results) => results[0]?.errors);
      expect(
        (await firstErrors({ filter: { actorIds: [base64('Actor:1e3')] } }))?.[0].extensions,
      ).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: ['filter', 'actorIds', 0],
      });
      expect((await firstErrors({ after: encodeCursor('key', 1) }))?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: ['after'],
      });
      await client.dispose();

      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: feed, variables: { filter: { meetingId: base64('Meeting:0') } } }),
      });
      const text = await response.text();
      expect(text).toContain('BAD_USER_INPUT');
      expect(text).toContain('"field":["filter","meetingId"]');
      expect(text).not.toContain('INTERNAL_SERVER_ERROR');
    });
  });

  describe('generated input (fast-check, through yoga.fetch)', () => {
    const digits = fc.oneof(
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
      fc.double().map(String),
      fc.stringMatching(/^[0-9eE.+\- _x]{0,14}$/),
    );
    const idLike = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.constantFrom('Actor', 'Meeting', 'actor', 'Nope', ''), digits)
        .map(([t, n]) => base64(`${t}:${n}`)),
      digits.map((n) => base64(`Actor:${n}`).replace(/=+$/, '')),
    );

    it('ids: never an internal error, never a written row', async () => {
      const before = await rowCounts();
      await fc.assert(
        fc.asyncProperty(idLike, idLike, async (id, participant) => {
          const read = await app.graphql(`query ($id: ID!) { actor(id: $id) { id } node(id: $id) { id } }`, {
            id,
          });
          onlyTypedErrors(read);
          const write = await app.graphql(createMeeting, {
            input: meetingInput({ participants: [{ actorId: participant, role: 'ATTENDEE' }] }),
          });
          if (write.errors) {
            onlyTypedErrors(write);
            expect(write.data).toBeNull();
          } else {
            // Only a real actor's canonical id is accepted.
            expect([actor.global, other.global]).toContain(participant);
          }
        }),
        { numRuns: runs },
      );
      const after = await rowCounts();
      expect(after.participants - before.participants).toBe(after.meetings - before.meetings);
    });

    it('cursors: never an internal error on any connection', async () => {
      const prefixes = ['GPC:N:', 'GPC:T:', 'OffsetConnection:', 'development:', ''];
      const cursorLike = fc.oneof(
        fc.string(),
        fc.tuple(fc.constantFrom(...prefixes), digits).map(([prefix, n]) => base64(prefix + n)),
        fc
          .tuple(fc.constantFrom(...prefixes), digits)
          .map(([p, n]) => Buffer.from(p + n).toString('base64url')),
        fc.tuple(digits, digits).map(([a, b]) => base64(`GPC:T:["N:${a}","N:${b}"]`)),
      );
      const query = /* GraphQL */ `
        query ($id: ID!, $after: String) {
          search(query: "Plan", first: 3, after: $after) {
            edges {
              cursor
            }
          }
          actors(first: 3, after: $after) {
            edges {
              cursor
            }
          }
          meetings(last: 3, before: $after) {
            edges {
              cursor
            }
          }
          developments(first: 3, after: $after) {
            edges {
              cursor
            }
          }
          actor(id: $id) {
            meetings(first: 1, after: $after) {
              totalCount
            }
            proposals(first: 1, after: $after) {
              totalCount
            }
            stances(last: 1, before: $after) {
              totalCount
            }
          }
        }
      `;
      await fc.assert(
        fc.asyncProperty(cursorLike, async (after) => {
          onlyTypedErrors(await app.graphql(query, { id: actor.global, after }));
        }),
        { numRuns: runs },
      );
    });

    it('text: refused exactly when empty after normalization or holding NUL, and then nothing is written', async () => {
      const piece = fc.oneof(fc.constantFrom(...invisible, ' ', '\u0000', '\t'), fc.string({ maxLength: 3 }));
      const textLike = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
      await fc.assert(
        fc.asyncProperty(textLike, textLike, async (title, quote) => {
          const before = await rowCounts();
          const response = await app.graphql<{ createMeeting: { title: string } }>(createMeeting, {
            input: meetingInput({ title, evidence: [{ articleId: articleGlobal, quote: quote || 'x' }] }),
          });
          if (response.errors) {
            onlyTypedErrors(response);
            expect(await rowCounts()).toEqual(before);
          } else {
            expect(title).not.toContain('\u0000');
            expect(invisible.reduce((text, mark) => text.split(mark).join(''), title).trim()).not.toBe('');
          }
        }),
        { numRuns: runs },
      );
    });
  });
});
