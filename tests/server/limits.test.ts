import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { documentLimits } from '../../src/server/security';
import { startTestApp, type TestApp } from '../support/app';
import { collect, wsClient } from '../support/graphql-ws';
import { runOver, transports } from '../support/transports';

// Request-shape limits do not depend on the database, so these run on PGlite only.
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

type Body = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

describe('request limits', () => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  const errorOf = async (query: string, variables?: Record<string, unknown>) => {
    const response = await app.graphql(query, variables);
    expect(response.data ?? null).toBeNull();
    return response.errors![0];
  };

  it(`refuses documents deeper than ${documentLimits.maxDepth}`, async () => {
    const nest = (levels: number): string => (levels === 0 ? 'id' : `revises { ${nest(levels - 1)} }`);
    // developments > edges > node > revises… > id
    const ok = `{ developments { edges { node { ${nest(documentLimits.maxDepth - 4)} } } } }`;
    expect((await app.graphql(ok)).errors).toBeUndefined();
    const deep = `{ developments { edges { node { ${nest(documentLimits.maxDepth - 3)} } } } }`;
    expect((await errorOf(deep)).message).toBe('Syntax Error: Query depth limit of 12 exceeded, found 13.');
  });

  it(`refuses more than ${documentLimits.maxAliases} aliases`, async () => {
    // __typename aliases are free (graphql-armor's allow list), so alias a real field.
    const aliases = (count: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `a${index}: developments(first: 1) { totalCount }`).join(' ')} }`;
    expect((await app.graphql(aliases(15))).errors).toBeUndefined();
    expect((await errorOf(aliases(16))).message).toBe(
      'Syntax Error: Aliases limit of 15 exceeded, found 16.',
    );
  });

  it(`refuses documents of more than ${documentLimits.maxTokens} tokens`, async () => {
    const query = `{ ${Array.from({ length: 2000 }, () => '__typename').join(' ')} }`;
    expect((await errorOf(query)).message).toBe('Syntax Error: Token limit of 2000 exceeded.');
  });

  it(`refuses more than ${documentLimits.maxDirectives} directives`, async () => {
    const directives = (count: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `t${index}: __typename @include(if: true)`).join(' ')} }`;
    expect((await app.graphql(directives(10))).errors).toBeUndefined();
    expect((await errorOf(directives(11))).message).toBe(
      'Syntax Error: Directives limit of 10 exceeded, found 11.',
    );
  });

  it('refuses, before validating, fields repeated so often that the overlap check would stall (every transport)', async () => {
    const field = 'actors { edges { node { id } } }';
    const repeated = `{ ${Array.from({ length: 190 }, () => field).join(' ')} }`;
    // The same repeats hidden in fragments and inline fragments, 38 copies in each of five places.
    const copies = Array.from({ length: 38 }, () => field).join(' ');
    const hidden = `{ ...A ...B ... on Query { ${copies} ... on Query { ${copies} } } ...C }
      fragment A on Query { ${copies} } fragment B on Query { ${copies} } fragment C on Query { ...A ${copies} }`;
    for (const transport of transports)
      for (const query of [repeated, hidden]) {
        const result = await runOver(transport, url, null, query);
        expect(result.data ?? null, transport).toBeNull();
        expect(result.errors?.[0]?.extensions, transport).toMatchObject({
          code: 'QUERY_TOO_COMPLEX',
          maxComparisons: documentLimits.maxFieldComparisons,
        });
      }
    // What clients really send: one key selected by many fragments on the same level.
    const fragments = Array.from({ length: 40 }, (_, index) => `fragment F${index} on Actor { id name }`);
    const ordinary = `{ actors(first: 1) { edges { node { ${fragments.map((_, index) => `...F${index}`).join(' ')} } } } } ${fragments.join(' ')}`;
    expect((await app.graphql(ordinary)).errors).toBeUndefined();
  });

  it('refuses page sizes outside 1..100 (literal or variable) as BAD_USER_INPUT', async () => {
    const big = await errorOf(`{ developments(first: 101) { edges { node { id } } } }`);
    expect(big).toMatchObject({
      message: 'first must be between 1 and 100',
      extensions: { code: 'BAD_USER_INPUT', field: ['developments', 'first'] },
    });
    const zero = await errorOf(`query ($n: Int) { actors(last: $n) { edges { node { id } } } }`, { n: 0 });
    expect(zero).toMatchObject({
      message: 'last must be between 1 and 100',
      extensions: { code: 'BAD_USER_INPUT', field: ['actors', 'last'] },
    });
  });

  it('refuses a query that could return more than 100,000 nodes as QUERY_TOO_COSTLY', async () => {
    const query = `{ actors(first: 100) { edges { node { meetings(first: 100) { edges { node { developments(first: 100) { edges { node { id } } } } } } } } } }`;
    const error = await errorOf(query);
    // Every object counts: 1 connection + 100 × (edge + actor + 1 connection + 100 × (edge + meeting + 201)).
    expect(error).toMatchObject({
      extensions: { code: 'QUERY_TOO_COSTLY', cost: 2_030_301, maxCost: 100_000 },
    });
    const affordable = `{ actors(first: 100) { edges { node { meetings(first: 100) { edges { node { id } } } } } } }`;
    expect((await app.graphql(affordable)).errors).toBeUndefined();
  });

  it('answers 413 to a body over 100 KB, declared or streamed, before parsing it', async () => {
    const padding = 'x'.repeat(101 * 1024);
    const declared = await post(url, { query: `{ __typename }`, variables: { padding } });
    expect(declared.status).toBe(413);
    // Without content-length (chunked), the limit applies while reading.
    const postChunked = (body: string, at: number) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Readable.toWeb(Readable.from([body.slice(0, at), body.slice(at)])) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
    const streamed = await postChunked(
      JSON.stringify({ query: '{ __typename }', variables: { padding } }),
      50_000,
    );
    expect(streamed.status).toBe(413);
    expect(streamed.headers.get('x-request-id')).toBeTruthy();
    expect(((await streamed.json()) as Body).errors?.[0]).toMatchObject({
      message: 'Request body too large',
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' },
    });
    expect(((await declared.json()) as Body).errors?.[0].extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    const small = await post(url, { query: `{ __typename }`, variables: { padding: 'x'.repeat(90 * 1024) } });
    expect(small.status).toBe(200);
    // A chunked body under the limit is read and answered like any other.
    const chunked = await postChunked(
      JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(60 * 1024) } }),
      30_000,
    );
    expect(chunked.status).toBe(200);
    expect(await chunked.json()).toEqual({ data: { __typename: 'Query' } });
    // An empty chunked body gets an answer too (Yoga's: no query), not a request left waiting.
    const empty = await postChunked('', 0);
    expect(empty.status).toBe(400);
    // The server still answers after refusing (a refused connection is closed, not left half-read).
    expect((await post(url, { query: `{ __typename }` })).status).toBe(200);
  });

  it('does not accept batched requests', async () => {
    const response = await post(url, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(response.status).toBe(400);
    const body = (await response.json()) as Body;
    expect(body.errors?.[0].message).toMatch(/Batching is not supported|Invalid|must be an object/i);
  });

  it('closes a graphql-ws socket that sends a message over 64 KiB (1009) and keeps serving others', async () => {
    const healthy = wsClient(url);
    const code = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      socket.on('open', () => {
        socket.send(JSON.stringify({ type: 'connection_init' }));
        socket.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: `{ __typename }`, variables: { pad: 'x'.repeat(65 * 1024) } },
          }),
        );
      });
      socket.on('close', (closeCode) => resolve(closeCode));
    });
    expect(code).toBe(1009);
    const [result] = await collect(healthy, `{ __typename }`, {}, 1).done;
    expect(result.data).toEqual({ __typename: 'Query' });
    await healthy.dispose();
  });

  it('requires a CSRF header on requests a browser could send cross-site without a preflight', async () => {
    const get = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(403);
    expect(((await get.json()) as Body).errors?.[0].message).toBe('Required CSRF header(s) not present');
    const withHeader = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'x-graphql-csrf': '1' },
    });
    expect(withHeader.status).toBe(200);
    const form = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(form.status).toBe(403);
    const json = await post(url, { query: '{ __typename }' });
    expect(json.status).toBe(200);
  });

  it('masks unexpected errors, logs them, and ties both together with the request id', async () => {
    const lines: string[] = [];
    const pino = (await import('pino')).default;
    const logged = await startTestApp('pglite', {
      seed: false,
      logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
    });
    try {
      // Break the table under the resolver: the SQL error must not reach the client.
      await logged.database.prisma.$executeRawUnsafe(
        `ALTER TABLE "Development" RENAME COLUMN "summary" TO "summary_gone"`,
      );
      const response = await logged.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-123' },
        body: JSON.stringify({ query: `{ developments { edges { node { summary } } } }` }),
      });
      expect(response.headers.get('x-request-id')).toBe('trace-me-123');
      const text = await response.text();
      const body = JSON.parse(text) as Body;
      expect(body.errors?.[0]).toMatchObject({
        message: 'Unexpected error.',
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'trace-me-123' },
      });
      expect(text).not.toMatch(/summary_gone|does not exist|SELECT|\.ts:\d/i);
      const logLine = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.msg === 'unexpected error');
      expect(logLine).toMatchObject({ reqId: 'trace-me-123' });
      expect(JSON.stringify(logLine)).toMatch(/summary/);

      const generated = await logged.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces' },
        body: JSON.stringify({ query: `{ __typename }` }),
      });
      expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await logged.stop();
    }
  });
});

describe('production defaults', () => {
  let app: TestApp;
  let url: string;
  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false, env: { NODE_ENV: 'production' } });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('turns off introspection, GraphiQL and field suggestions', async () => {
    const introspection = await app.graphql(`{ __schema { types { name } } }`);
    expect(introspection.errors?.[0].message).toMatch(/introspection/i);
    const typo = await app.graphql(`{ developmentz { edges { node { id } } } }`);
    expect(typo.errors?.[0].message).toBe(
      'Cannot query field "developmentz" on type "Query". [Suggestion hidden]',
    );
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/<html/i);
  });

  it('refuses introspection on every transport, however it is hidden', async () => {
    const documents = [
      `{ __schema { types { name } } }`,
      `{ __type(name: "Mutation") { fields { name } } }`,
      `{ ...I } fragment I on Query { ... on Query { __schema { queryType { name } } } }`,
    ];
    const socket = wsClient(url);
    const keyed = wsClient(url, { connectionParams: { authorization: `Bearer ${app.adminKey}` } });
    try {
      for (const query of documents) {
        const overHttp = await app.graphql(query, {}, { authorization: '' });
        const sse = await (
          await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
            body: JSON.stringify({ query }),
          })
        ).text();
        const [overSocket] = await collect(socket, query, {}, 1).done;
        const [overKeyedSocket] = await collect(keyed, query, {}, 1).done;
        for (const result of [overHttp, overSocket, overKeyedSocket]) {
          expect(result.data ?? null).toBeNull();
          expect(result.errors?.[0].message).toMatch(/introspection/i);
        }
        expect(sse).toMatch(/introspection is disabled/);
        expect(sse).not.toMatch(/"types"|"fields"|"queryType"/);
      }
      // __typename is not introspection.
      expect((await collect(socket, `{ __typename }`, {}, 1).done)[0].errors).toBeUndefined();
    } finally {
      await socket.dispose();
      await keyed.dispose();
    }
  });

  it('keeps them in development', async () => {
    const dev = await startTestApp('pglite', { seed: false });
    try {
      expect((await dev.graphql(`{ __schema { queryType { name } } }`)).errors).toBeUndefined();
      const typo = await dev.graphql(`{ developmentz { edges { node { id } } } }`);
      expect(typo.errors?.[0].message).toMatch(/Did you mean "developments"\?/);
      const page = await dev.yoga.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
      expect(await page.text()).toMatch(/<html/i);
    } finally {
      await dev.stop();
    }
  });

  it('can enable introspection and GraphiQL in production explicitly', async () => {
    const open = await startTestApp('pglite', {
      seed: false,
      env: { NODE_ENV: 'production', INTROSPECTION: 'true', GRAPHIQL: 'true' },
    });
    try {
      expect((await open.graphql(`{ __schema { queryType { name } } }`)).errors).toBeUndefined();
      const page = await open.yoga.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
      expect(await page.text()).toMatch(/<html/i);
    } finally {
      await open.stop();
    }
  });
});
