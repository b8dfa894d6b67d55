import fc from 'fast-check';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema';
import { createApiKey } from '../../src/server/api-keys';
import { payloadAccessError } from '../../src/server/payload-access';
import { startTestApp, type TestApp } from '../support/app';
import { collect, wsClient } from '../support/graphql-ws';

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { path?: string[]; extensions?: Record<string, unknown> }[];
};

const record = (selection: string, extra = '') =>
  `mutation { recordDevelopment(input: { kind: STATEMENT, summary: "payload probe" }) { ${selection} } } ${extra}`;
const article = (selection: string, n: number) =>
  `mutation { addArticle(input: { url: "https://example.org/payload/${n}", title: "عنوان", body: "نص مقال رقم ${n}", source: "t", language: "ar" }) { ${selection} } }`;

describe('mutation payloads without the read scope (PUBLIC_READS=false)', () => {
  let app: TestApp;
  let url: string;
  let writer: string;
  let articles: string;
  let n = 0;

  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false, env: { PUBLIC_READS: 'false' } });
    url = await app.listen(0, '127.0.0.1');
    writer = (await createApiKey(app.database.prisma, { name: 'writer', scopes: ['data:write'] })).token;
    articles = (await createApiKey(app.database.prisma, { name: 'articles', scopes: ['articles:write'] }))
      .token;
  });
  afterAll(() => app?.stop());

  const overHttp = async (key: string, query: string) =>
    (await (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query }),
      })
    ).json()) as Body;
  const overSocket = async (key: string, query: string) => {
    const socket = wsClient(url, { connectionParams: { authorization: `Bearer ${key}` } });
    const [result] = await collect(socket, query, {}, 1).done;
    await socket.dispose();
    return result as Body;
  };

  for (const [transport, send] of [
    ['HTTP', overHttp],
    ['graphql-ws', overSocket],
  ] as const) {
    it(`lets a writer see what it wrote over ${transport}`, async () => {
      const shallow = await send(writer, record('id sequence kind summary __typename'));
      expect(shallow.errors).toBeUndefined();
      const wrapped = await send(articles, article('created candidates article { id title url }', (n += 1)));
      expect(wrapped.errors).toBeUndefined();
    });

    it(`refuses anything deeper with FORBIDDEN and its path, before writing, over ${transport}`, async () => {
      const before = await app.database.prisma.development.count();
      const articlesBefore = await app.database.prisma.article.count();
      const cases: [string, string, string[]][] = [
        [writer, record('sequence actors { name }'), ['recordDevelopment', 'actors']],
        [
          writer,
          record('...D', 'fragment D on Development { evidence { quote } }'),
          ['recordDevelopment', 'evidence'],
        ],
        [writer, record('... on Development { meeting { title } }'), ['recordDevelopment', 'meeting']],
        [
          articles,
          article('article { evidence(first: 5) { edges { node { quote } } } }', (n += 1)),
          ['addArticle', 'article', 'evidence'],
        ],
        // The same response key twice: the executor merges both selections, so the deep one counts.
        [
          writer,
          `mutation { w: recordDevelopment(input: { kind: STATEMENT, summary: "m" }) { id } ...M }
           fragment M on Mutation { w: recordDevelopment(input: { kind: STATEMENT, summary: "m" }) { revises { summary } } }`,
          ['w', 'revises'],
        ],
      ];
      for (const [key, query, path] of cases) {
        const result = await send(key, query);
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.[0]).toMatchObject({ path, extensions: { code: 'FORBIDDEN' } });
      }
      expect(await app.database.prisma.development.count()).toBe(before);
      expect(await app.database.prisma.article.count()).toBe(articlesBefore);
    });
  }

  it('leaves keys with read (or admin) free to read payloads', async () => {
    expect(
      (await overHttp(app.adminKey, record('actors { name } evidence { quote }'))).errors,
    ).toBeUndefined();
  });
});

describe('payload guard: generated selections', () => {
  const schema = buildSchema();
  const viewer = { keyId: 1, prefix: 'p', name: 'n', scopes: ['data:write' as const] };

  it('refuses exactly the payloads that select an object field below the written object', () => {
    // Selections of Development: scalars are fine, any object field is one level too deep.
    const scalar = fc.constantFrom('id', 'sequence', 'summary', 'kind', '__typename');
    const deep = fc.constantFrom('actors { name }', 'evidence { quote }', 'meeting { id }', 'revises { id }');
    // Ways to hide a selection: as it is, aliased, in an inline fragment, in a named fragment, or skipped.
    const hide = fc.constantFrom('plain', 'alias', 'inline', 'fragment', 'skipped', 'included');
    fc.assert(
      fc.property(
        fc.array(scalar, { minLength: 1, maxLength: 4 }),
        fc.option(fc.tuple(deep, hide)),
        (scalars, extra) => {
          let selection = '';
          let fragments = '';
          if (extra) {
            const [field, how] = extra;
            const [name, ...rest] = field.split(' ');
            selection = {
              plain: field,
              alias: `hidden: ${field}`,
              inline: `... on Development { ${field} }`,
              fragment: '...Hidden',
              skipped: `${name} @skip(if: true) ${rest.join(' ')}`,
              included: `${name} @include(if: true) ${rest.join(' ')}`,
            }[how];
            if (how === 'fragment') fragments = `fragment Hidden on Development { ${field} }`;
          }
          const query = `mutation { recordDevelopment(input: { kind: STATEMENT, summary: "x" }) { ${scalars.join(' ')} ${selection} } } ${fragments}`;
          const error = payloadAccessError({ schema, document: parse(query) }, viewer);
          expect(error !== null).toBe(extra !== null && extra[1] !== 'skipped');
          if (error) expect(error.extensions.code).toBe('FORBIDDEN');
        },
      ),
      { numRuns: 200 },
    );
  });
});
