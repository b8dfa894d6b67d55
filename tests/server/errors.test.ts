import fc from 'fast-check';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeArticle } from '../../src/domain/articles';
import { ConflictError, ValidationError } from '../../src/domain/errors';
import { toClientError } from '../../src/server/errors';
import { startTestApp, type TestApp } from '../support/app';
import { collect, wsClient } from '../support/graphql-ws';

interface Body {
  data?: unknown;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
}

/** Nothing a client sees may name the cause: no stack, no error class, no source file, no SQL. */
const leak = /RangeError|Invalid time|stack|\.ts:\d|\bat [A-Za-z.]+ \(|unexpected"|SELECT|originalError/;

describe('one error path to clients, over HTTP, SSE and graphql-ws', () => {
  const lines: Record<string, unknown>[] = [];
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp('pglite', {
      seed: false,
      logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) }),
    });
    url = await app.listen(0, '127.0.0.1');
    await storeArticle(app.domain, {
      url: 'https://example.org/a',
      title: 'عنوان',
      body: 'نص',
      source: 'wire',
      language: 'ar',
    });
    // A log entry written around the domain rules, with a date past JavaScript's Date range: reading it
    // fails inside the resolver, an error of ours that no client may see the details of.
    await app.database.prisma.$executeRawUnsafe(`
      WITH next AS (UPDATE "FeedCounter" SET "value" = "value" + 1 WHERE "id" = 1 RETURNING "value")
      INSERT INTO "Development" ("sequence", "kind", "summary", "occurredAt", "reportedAt")
      SELECT "value", 'STATEMENT', 'fails to resolve', timestamp '280000-01-01', now() FROM next`);
  });
  afterAll(() => app?.stop());

  const overHttp = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    return { text, body: JSON.parse(text) as Body, requestId: response.headers.get('x-request-id') };
  };
  const overSse = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query, variables }),
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await response.text();
    const data = text
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.length > 'data: '.length)
      .map((line) => JSON.parse(line.slice('data: '.length)) as Body);
    return { text, body: data[0], requestId: response.headers.get('x-request-id') };
  };
  const overSocket = async (query: string, variables: Record<string, unknown> = {}) => {
    const client = wsClient(url);
    try {
      const [result] = await collect(client, query, variables, 1).done;
      return { text: JSON.stringify(result), body: result as Body, requestId: null };
    } finally {
      await client.dispose();
    }
  };
  const transports = { http: overHttp, sse: overSse, 'graphql-ws': overSocket };

  for (const [name, send] of Object.entries(transports)) {
    it(`masks an unexpected error over ${name}: "Unexpected error." with the request id the log carries`, async () => {
      const before = lines.length;
      const { text, body, requestId } = await send(
        `query Broken { developments(last: 1) { edges { node { summary occurredAt } } } }`,
      );
      expect(body.errors).toMatchObject([
        {
          message: 'Unexpected error.',
          path: ['developments', 'edges', 0, 'node', 'occurredAt'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
        },
      ]);
      expect(text).not.toMatch(leak);
      const clientId = body.errors![0].extensions!.requestId;
      if (requestId) expect(clientId).toBe(requestId);
      const logged = lines.slice(before).filter((line) => line.msg === 'unexpected error');
      expect(logged).toMatchObject([{ reqId: clientId, err: { type: 'RangeError' } }]);
    });

    it(`types a malformed Prisma cursor as bad input over ${name}, also aliased, in a fragment, nested`, async () => {
      const top = await send(`{ actors(first: 1, after: "garbage") { totalCount } }`);
      expect(top.body.errors?.[0]).toMatchObject({
        path: ['actors'],
        extensions: { code: 'BAD_USER_INPUT', field: ['after'] },
      });
      const hidden = await send(
        `query ($c: String) { ...F } fragment F on Query { list: articles(first: 1) { edges { node { ... on Article { evidence(first: 1, before: $c) { totalCount } } } } } }`,
        { c: 'bm90LWEtY3Vyc29y' },
      );
      expect(hidden.body.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: ['before'] },
      });
      expect(hidden.text).not.toMatch(leak);
    });
  }

  it('leaves a readable cursor alone', async () => {
    const first = await overHttp(`{ actors(first: 1) { pageInfo { endCursor } } }`);
    const cursor = (first.body.data as { actors: { pageInfo: { endCursor: string | null } } }).actors.pageInfo
      .endCursor;
    const again = await overHttp(`query ($c: String) { articles(first: 1, after: $c) { totalCount } }`, {
      c: cursor ?? 'R1BDOk46MQ==',
    });
    expect(again.body.errors).toBeUndefined();
  });
});

describe('toClientError', () => {
  it('never passes on what an unexpected error says, whatever it says', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (message, wrapped) => {
        const cause = new Error(message);
        const error = wrapped ? new GraphQLError('boom', { originalError: cause, path: ['x'] }) : cause;
        const client = toClientError(error, 'req-1');
        expect(client.message).toBe('Unexpected error.');
        // What is sent; Yoga's `unexpected` mark is there for Yoga but never serialized.
        expect(JSON.parse(JSON.stringify(client.extensions))).toEqual({
          code: 'INTERNAL_SERVER_ERROR',
          requestId: 'req-1',
        });
        expect(client.extensions.unexpected).toBe(true);
        expect(JSON.stringify(client)).not.toMatch(/stack|originalError/);
      }),
    );
  });

  it('keeps a domain error: message, code, field and every issue', () => {
    const conflict = toClientError(
      new GraphQLError('x', { originalError: new ConflictError('taken', ['slug']) }),
    );
    expect(conflict.toJSON()).toMatchObject({
      message: 'taken',
      extensions: { code: 'CONFLICT', field: ['slug'] },
    });
    const invalid = toClientError(
      new ValidationError([
        { field: ['input', 'a'], message: 'bad' },
        { field: ['input', 'b'], message: 'worse' },
      ]),
    );
    expect(invalid.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'a'] });
    expect(invalid.extensions.issues).toHaveLength(2);
  });

  it('translates database failures in one place: a unique violation, an unreachable server', () => {
    expect(toClientError({ code: 'P2002', meta: { target: ['slug'] } }).extensions.code).toBe('CONFLICT');
    expect(toClientError(new Error('connect ECONNREFUSED 127.0.0.1:5432')).extensions.code).toBe(
      'SERVICE_UNAVAILABLE',
    );
  });
});
