import { afterAll, beforeAll, expect, it } from 'vitest';
import { ours } from '../../bench/lib/queries';
import { startTestApp, type TestApp } from '../support/app';

// The SQL that src/read sends for the benchmarked queries (bench/lib/queries.ts), pinned: a change to the
// hand-read statements shows up here as a diff to review, with the number of statements per request.
let app: TestApp;
const texts: string[] = [];

beforeAll(async () => {
  app = await startTestApp('pglite', { seed: false });
  const { prisma } = app.database;
  const actor = await prisma.actor.create({ data: { id: 7, slug: 'seven', kind: 'STATE', nameEn: 'Seven' } });
  const proposal = await prisma.proposal.create({ data: { slug: 'p', title: 'P', status: 'TABLED' } });
  await prisma.proposalProposer.create({ data: { proposalId: proposal.id, actorId: actor.id } });
  await prisma.stance.create({
    data: { proposalId: proposal.id, actorId: actor.id, position: 'SUPPORTS', asOf: new Date(0) },
  });
  await prisma.meeting.create({
    data: {
      slug: 'm',
      title: 'M',
      status: 'HELD',
      occurredAt: new Date(0),
      participants: { create: [{ actorId: actor.id, role: 'HOST' }] },
    },
  });
  const reader = app.database.reader;
  const rows = reader.rows.bind(reader);
  reader.rows = (statement) => {
    texts.push(statement.text.replace(/\s+/g, ' ').trim());
    return rows(statement);
  };
});
afterAll(() => app?.stop());

async function sqlOf(query: string, variables: Record<string, unknown> = {}) {
  texts.length = 0;
  app.database.statements.reset();
  const response = await app.graphql(query, variables, { authorization: '' });
  expect(response.errors).toBeUndefined();
  return { statements: app.database.statements.count, handRead: [...texts] };
}

it('nested: the meeting list with its participants, actors and their pages in one statement', async () => {
  expect(await sqlOf(ours.nested)).toMatchSnapshot();
});

it('point: the actor and its pages in one statement', async () => {
  expect(await sqlOf(ours.point, ours.pointVariables)).toMatchSnapshot();
});
