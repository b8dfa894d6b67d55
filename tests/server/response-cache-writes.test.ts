import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { runOver, transports, type Transport } from '../support/transports';

/** Writes must never be answered from the response cache, whatever transport and whoever repeats them. */

type Result = { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };

const record = `mutation Record($s: String!) { recordDevelopment(input: { kind: STATEMENT, summary: $s }) { sequence } }`;
const article = `mutation Add($url: String!, $body: String!) {
  addArticle(input: { url: $url, title: "عنوان", body: $body, source: "test", language: "ar" }) {
    created article { id }
  }
}`;
const count = `{ developments(last: 1) { totalCount } }`;

describe('response cache and writes', () => {
  let app: TestApp;
  let url: string;
  let reader: string;
  let articlesOnly: string;

  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false, env: { RESPONSE_CACHE_TTL_MS: '60000' } });
    url = await app.listen(0, '127.0.0.1');
    reader = (await createApiKey(app.database.prisma, { name: 'reader', scopes: ['read'] })).token;
    articlesOnly = (await createApiKey(app.database.prisma, { name: 'articles', scopes: ['articles:write'] }))
      .token;
  });
  afterAll(() => app?.stop());

  /** Sends one operation over a real transport with the given key ('' for none). */
  const send = (transport: Transport, key: string, query: string, variables: Record<string, unknown> = {}) =>
    runOver(transport, url, key || null, query, variables) as Promise<Result>;

  const code = (result: Result) => result.errors?.[0]?.extensions?.code;

  for (const transport of transports) {
    it(`runs an identical recordDevelopment twice over ${transport}: two entries, two sequences`, async () => {
      const before = await app.database.prisma.development.count();
      const variables = { s: `twice over ${transport}` };
      const first = await send(transport, app.adminKey, record, variables);
      const second = await send(transport, app.adminKey, record, variables);
      const sequences = [first, second].map(
        (result) => (result.data?.recordDevelopment as { sequence: number } | undefined)?.sequence,
      );
      expect(sequences[0]).toBeGreaterThan(0);
      expect(sequences[1]).toBe(sequences[0]! + 1);
      expect(await app.database.prisma.development.count()).toBe(before + 2);
    });

    it(`answers a repeated addArticle over ${transport} from the server's dedup, not from a cached copy`, async () => {
      const variables = {
        url: `https://example.org/${transport}/article`,
        body: `نص المقال عن المفاوضات ${transport}`,
      };
      const first = await send(transport, app.adminKey, article, variables);
      const second = await send(transport, app.adminKey, article, variables);
      expect(first.data?.addArticle).toMatchObject({ created: true });
      expect(second.data?.addArticle).toMatchObject({ created: false });
      expect(
        await app.database.prisma.article.count({ where: { url: { contains: `/${transport}/` } } }),
      ).toBe(1);
    });

    it(`refuses an authorised mutation repeated without a key or scope over ${transport}`, async () => {
      const variables = { s: `repeated by others over ${transport}` };
      expect(code(await send(transport, app.adminKey, record, variables))).toBeUndefined();
      const before = await app.database.prisma.development.count();
      expect(code(await send(transport, '', record, variables))).toBe('UNAUTHENTICATED');
      expect(code(await send(transport, reader, record, variables))).toBe('FORBIDDEN');
      expect(code(await send(transport, articlesOnly, record, variables))).toBe('FORBIDDEN');
      expect(await app.database.prisma.development.count()).toBe(before);
    });
  }

  it('keeps answering reads from the cache, separately per scope set', async () => {
    await send('http', '', count);
    const hits = app.responseCache.hits;
    await send('http', '', count);
    expect(app.responseCache.hits).toBe(hits + 1);
    // Another caller's scopes never share the anonymous entry.
    await send('http', reader, count);
    expect(app.responseCache.hits).toBe(hits + 1);
  });

  it('never serves a write from the cache, whatever the sequence of repeated, aliased or hidden writes and reads', async () => {
    // How the same write may be dressed: the cache used to key on the printed document, so each of these is a
    // separate way to hit (or miss) a cached mutation answer.
    const forms = {
      plain: (s: string) =>
        `mutation { recordDevelopment(input: { kind: STATEMENT, summary: "${s}" }) { sequence } }`,
      aliased: (s: string) =>
        `mutation { w: recordDevelopment(input: { kind: STATEMENT, summary: "${s}" }) { sequence } }`,
      fragment: (s: string) =>
        `mutation { ...W } fragment W on Mutation { recordDevelopment(input: { kind: STATEMENT, summary: "${s}" }) { sequence } }`,
      inline: (s: string) =>
        `mutation { ... on Mutation { recordDevelopment(input: { kind: STATEMENT, summary: "${s}" }) { sequence } } }`,
    };
    const callers = { admin: () => app.adminKey, anonymous: () => '', reader: () => reader };
    const command = fc.oneof(
      fc.record({
        kind: fc.constant('write' as const),
        form: fc.constantFrom(...(Object.keys(forms) as (keyof typeof forms)[])),
        caller: fc.constantFrom(...(Object.keys(callers) as (keyof typeof callers)[])),
        summary: fc.constantFrom('same write', 'another write'),
        transport: fc.constantFrom<Transport>(...transports),
      }),
      fc.record({
        kind: fc.constant('read' as const),
        caller: fc.constantFrom(...(Object.keys(callers) as (keyof typeof callers)[])),
        transport: fc.constantFrom<Transport>('http', 'sse'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
        let entries = await app.database.prisma.development.count();
        let lastSequence = 0;
        for (const step of commands) {
          if (step.kind === 'read') {
            const result = await send(step.transport, callers[step.caller](), count);
            expect((result.data?.developments as { totalCount: number }).totalCount).toBe(entries);
            continue;
          }
          const result = await send(step.transport, callers[step.caller](), forms[step.form](step.summary));
          if (step.caller !== 'admin') {
            expect(code(result)).toBe(step.caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
            continue;
          }
          const written = Object.values(result.data ?? {})[0] as { sequence: number } | undefined;
          expect(written?.sequence).toBeGreaterThan(lastSequence);
          lastSequence = written!.sequence;
          entries += 1;
        }
        expect(await app.database.prisma.development.count()).toBe(entries);
      }),
      { numRuns: 12 },
    );
  });
});
