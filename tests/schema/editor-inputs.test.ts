import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDevelopment } from '../../src/domain/developments';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';
import { globalId } from '../support/fixtures';

// The editor's inputs for facts on quotes: excluded ranges, deleting an article, alias ambiguity and terms
// with evidence. Validation and refusals do not depend on the database; PGlite keeps this light.
const synthetic = 'نص اصطناعي للاختبار، لا يُزرع أبدًا.';
const sentenceOfFact = 'قال الوسيط إن الوفد وصل إلى القاهرة.';
const otherStory = 'وفي خبر آخر فاز فريق كرة القدم بالمباراة.';

describe('editor inputs', () => {
  let app: TestApp;
  let readerToken: string;
  let articleId: number;
  let spareArticleId: number;
  let actorId: number;

  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false });
    const { prisma } = app.database;
    readerToken = (await createApiKey(prisma, { name: 'reader', scopes: ['read'] })).token;
    const article = (suffix: string) =>
      prisma.article.create({
        data: {
          url: `https://example.org/synthetic-editor-${suffix}`,
          title: 'نص اصطناعي (synthetic test text, never seeded)',
          body: `${synthetic} ${sentenceOfFact} ${otherStory}`,
          language: 'ar',
          source: 'test',
          contentHash: `synthetic-editor-${suffix}`,
        },
      });
    articleId = (await article('a')).id;
    spareArticleId = (await article('b')).id;
    actorId = (
      await prisma.actor.create({
        data: {
          slug: 'invented-mediator',
          kind: 'PERSON',
          nameEn: 'Invented Mediator',
          aliases: { create: [{ text: 'الوسيط', normalized: 'الوسيط', language: 'AR', ambiguous: false }] },
        },
      })
    ).id;
    await recordDevelopment(app.domain, {
      kind: 'STATEMENT',
      summary: 'A synthetic fact',
      evidence: [{ articleId, quote: sentenceOfFact }],
    });
  });
  afterAll(() => app?.stop());

  const setRanges = /* GraphQL */ `
    mutation ($input: SetExcludedRangesInput!) {
      setArticleExcludedRanges(input: $input) {
        excludedRanges {
          start
          end
          reason
        }
      }
    }
  `;
  const otherStart = synthetic.length + 1 + sentenceOfFact.length + 1;
  const body = `${synthetic} ${sentenceOfFact} ${otherStory}`;

  it("sets excluded ranges, refuses one over a stored fact's quote or past the body, and writes nothing then", async () => {
    const ok = await app.graphql(setRanges, {
      input: {
        articleId: globalId('Article', articleId),
        ranges: [{ start: otherStart, end: body.length, reason: 'another story' }],
      },
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({
      setArticleExcludedRanges: {
        excludedRanges: [{ start: otherStart, end: body.length, reason: 'another story' }],
      },
    });

    const overFact = await app.graphql(setRanges, {
      input: {
        articleId: globalId('Article', articleId),
        ranges: [{ start: 0, end: body.length, reason: 'all' }],
      },
    });
    expect(overFact.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: ['input', 'ranges'] });
    const pastBody = await app.graphql(setRanges, {
      input: {
        articleId: globalId('Article', articleId),
        ranges: [{ start: otherStart, end: body.length + 1, reason: 'too far' }],
      },
    });
    expect(pastBody.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'ranges', 0, 'end'],
    });
    const stored = await app.database.prisma.article.findUniqueOrThrow({ where: { id: articleId } });
    expect(stored.excludedRanges).toEqual([{ start: otherStart, end: body.length, reason: 'another story' }]);

    const withoutScope = await app.graphql(
      setRanges,
      { input: { articleId: globalId('Article', articleId), ranges: [] } },
      { authorization: `Bearer ${readerToken}` },
    );
    expect(withoutScope.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('deletes an article without facts once, and refuses one that holds the only quote of a fact', async () => {
    const remove = /* GraphQL */ `
      mutation ($input: DeleteArticleInput!) {
        deleteArticle(input: $input)
      }
    `;
    const refused = await app.graphql(remove, { input: { id: globalId('Article', articleId) } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: ['input', 'id'] });
    expect(refused.errors?.[0]?.message).toMatch(/only quote of DEVELOPMENT \d+/);
    expect(await app.database.prisma.article.count({ where: { id: articleId } })).toBe(1);

    const deleted = await app.graphql(remove, { input: { id: globalId('Article', spareArticleId) } });
    expect(deleted).toEqual({ data: { deleteArticle: globalId('Article', spareArticleId) } });
    const again = await app.graphql(remove, { input: { id: globalId('Article', spareArticleId) } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'id'] });
  });

  it('marks an alias ambiguous, and refuses an alias the actor does not have without changing any', async () => {
    const update = /* GraphQL */ `
      mutation ($input: UpdateActorInput!) {
        updateActor(input: $input) {
          aliases {
            text
            ambiguous
          }
        }
      }
    `;
    const marked = await app.graphql(update, {
      input: { id: globalId('Actor', actorId), aliasAmbiguity: [{ text: 'الوسيط', ambiguous: true }] },
    });
    expect(marked.errors).toBeUndefined();
    expect(marked.data).toMatchObject({
      updateActor: { aliases: expect.arrayContaining([{ text: 'الوسيط', ambiguous: true }]) },
    });
    const unknown = await app.graphql(update, {
      input: {
        id: globalId('Actor', actorId),
        aliasAmbiguity: [
          { text: 'الوسيط', ambiguous: false },
          { text: 'ليس اسمه', ambiguous: true },
        ],
      },
    });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'aliasAmbiguity', 1, 'text'],
    });
    const alias = await app.database.prisma.actorAlias.findFirstOrThrow({
      where: { actorId, text: 'الوسيط' },
    });
    expect(alias.ambiguous).toBe(true);
  });

  it('records terms with the quotes that state them, and refuses both spellings at once', async () => {
    const create = /* GraphQL */ `
      mutation ($input: CreateProposalInput!) {
        createProposal(input: $input) {
          terms {
            position
            text
            evidence {
              quote
            }
          }
        }
      }
    `;
    const created = await app.graphql(create, {
      input: {
        title: 'Synthetic proposal',
        termsWithEvidence: [
          {
            text: 'The delegation arrives in Cairo',
            evidence: [{ articleId: globalId('Article', articleId), quote: sentenceOfFact }],
          },
          { text: 'An unquoted term' },
        ],
      },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data).toEqual({
      createProposal: {
        terms: [
          { position: 1, text: 'The delegation arrives in Cairo', evidence: [{ quote: sentenceOfFact }] },
          { position: 2, text: 'An unquoted term', evidence: [] },
        ],
      },
    });
    const before = await app.database.prisma.proposal.count();
    const both = await app.graphql(create, {
      input: { title: 'Both', terms: ['a'], termsWithEvidence: [{ text: 'b' }] },
    });
    expect(both.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'termsWithEvidence'],
    });
    const badQuote = await app.graphql(create, {
      input: {
        title: 'Bad quote',
        termsWithEvidence: [
          { text: 'x', evidence: [{ articleId: globalId('Article', articleId), quote: 'ليس في النص' }] },
        ],
      },
    });
    expect(badQuote.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((badQuote.errors?.[0]?.extensions?.field as unknown[]).slice(0, 4)).toEqual([
      'input',
      'terms',
      0,
      'evidence',
    ]);
    expect(await app.database.prisma.proposal.count()).toBe(before);
  });
});
