// Rule: a client's bad id, page or cursor gets BAD_USER_INPUT, whatever part of the stack refuses it; no
// Pothos error (a GraphQLError subclass) reaches a client with its internal message and no code.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overSocket } from '../support/api-model';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/app';
import { wsClient } from '../support/graphql-ws';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const anonymous = { authorization: '' };

let app: TestApp;
let url: string;
beforeAll(async () => {
  app = await startTestApp('pglite');
  url = await app.listen(0, '127.0.0.1');
}, 120_000);
afterAll(() => app?.stop());

type Sender = (query: string, variables: Record<string, unknown>) => Promise<GraphQLResponse<unknown>>;
const overHttp: Sender = (query, variables) => app.graphql(query, variables, anonymous);
const overWs: Sender = async (query, variables) => {
  const client = wsClient(url);
  try {
    return await overSocket(client, query, variables);
  } finally {
    await client.dispose();
  }
};

function expectBadInput(result: GraphQLResponse<unknown>) {
  expect(result.errors?.length, JSON.stringify(result)).toBeGreaterThan(0);
  for (const error of result.errors!)
    expect(error.extensions?.code, JSON.stringify(error)).toBe('BAD_USER_INPUT');
}

const nodeQuery = `query ($id: ID!) { node(id: $id) { id } }`;
const nodesQuery = `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`;

describe.each([
  ['HTTP', () => overHttp],
  ['graphql-ws', () => overWs],
] as const)('over %s', (_transport, sender) => {
  it.each([
    ['an unknown type', 'Foo:1'],
    ['an interface', 'Node:1'],
    ['a type that is not a node', 'Query:1'],
    ['a connection type', 'ActorConnection:1'],
  ])('node(id:) naming %s is BAD_USER_INPUT', async (_case, text) => {
    expectBadInput(await sender()(nodeQuery, { id: base64(text) }));
    expectBadInput(await sender()(nodesQuery, { ids: [base64('Actor:1'), base64(text)] }));
  });

  it('search with last and no before is BAD_USER_INPUT', async () => {
    expectBadInput(await sender()(`query { search(query: "حماس", last: 3) { edges { cursor } } }`, {}));
  });
});

it('no generated type name in a global id gives anything but an object or BAD_USER_INPUT', async () => {
  await fc.assert(
    fc.asyncProperty(fc.stringMatching(/^[A-Z][A-Za-z]{0,20}$/), async (typename) => {
      const result = await overHttp(nodeQuery, { id: base64(`${typename}:1`) });
      for (const error of result.errors ?? [])
        expect(['BAD_USER_INPUT', 'NOT_FOUND'], JSON.stringify(error)).toContain(error.extensions?.code);
    }),
    { numRuns: 40 },
  );
});
