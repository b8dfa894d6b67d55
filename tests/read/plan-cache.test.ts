import { afterAll, beforeAll, expect, it } from 'vitest';
import { planCacheStats, variablesShape } from '../../src/read/plan-cache';
import { startTestApp, type TestApp } from '../support/app';

// What a hand-read page selects is planned once per document shape (src/read/plan-cache.ts): other ids or
// cursors reuse the plan, another value of a boolean variable (an @include) gets its own.
let app: TestApp;
const ids: string[] = [];
const globalId = (id: number) => Buffer.from(`Actor:${id}`).toString('base64');
const query = `query Point($id: ID!, $withTotal: Boolean!) {
  actor(id: $id) { name proposals(first: 5) { totalCount @include(if: $withTotal) edges { node { title } } } }
}`;

beforeAll(async () => {
  app = await startTestApp('pglite', { seed: false });
  for (const [index, name] of ['One', 'Two'].entries()) {
    const actor = await app.database.prisma.actor.create({
      data: { slug: `a${index}`, kind: 'STATE', nameEn: name },
    });
    const proposal = await app.database.prisma.proposal.create({
      data: { slug: `p${index}`, title: `P of ${name}`, status: 'TABLED' },
    });
    await app.database.prisma.proposalProposer.create({
      data: { proposalId: proposal.id, actorId: actor.id },
    });
    ids.push(globalId(actor.id));
  }
});
afterAll(() => app?.stop());

async function read(id: string, withTotal: boolean) {
  const before = { ...planCacheStats };
  const response = await app.graphql<{
    actor: { name: string; proposals: { totalCount?: number; edges: { node: { title: string } }[] } };
  }>(query, { id, withTotal });
  expect(response.errors).toBeUndefined();
  return {
    actor: response.data!.actor,
    built: planCacheStats.built - before.built,
    reused: planCacheStats.reused - before.reused,
  };
}

it('keys on boolean values and on the type of every other value', () => {
  expect(variablesShape({ id: 'QWN0b3I6MQ==', first: 5, on: true })).toBe(
    variablesShape({ id: 'QWN0b3I6Mg==', first: 9, on: true }),
  );
  expect(variablesShape({ on: true })).not.toBe(variablesShape({ on: false }));
  expect(variablesShape({ after: null })).not.toBe(variablesShape({ after: 'x' }));
});

it('plans a page selection once, reuses it for other ids, and plans again for another @include value', async () => {
  // Two plans per shape: the actor's columns and its proposals page.
  const first = await read(ids[0], true);
  expect(first.built).toBe(2);
  expect(first.actor).toEqual({
    name: 'One',
    proposals: { totalCount: 1, edges: [{ node: { title: 'P of One' } }] },
  });
  const second = await read(ids[1], true);
  expect(second).toMatchObject({ built: 0, reused: 2 });
  expect(second.actor.proposals.edges[0].node.title).toBe('P of Two');
  const withoutTotal = await read(ids[1], false);
  expect(withoutTotal.built).toBe(2);
  expect(withoutTotal.actor.proposals).toEqual({ edges: [{ node: { title: 'P of Two' } }] });
});
