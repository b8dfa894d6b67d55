import { deleteArticle, setExcludedRanges } from '../domain/articles';
import { readExcludedRanges, type ExcludedRange as Range } from '../domain/evidence';
import { builder } from './builder';
import { idempotencyKeyDescription, writeContext } from './idempotency';
import { reviewReadScope } from './scopes';
import { DatePrecisionEnum } from './enums';
import { capped, listCaps } from './list-caps';
import { encodeGlobalId } from '../global-ids';

const ExcludedRange = builder.objectRef<Range>('ExcludedRange').implement({
  description: 'A part of an article body that is not negotiation news (offsets in UTF-16 code units).',
  fields: (t) => ({
    start: t.exposeInt('start'),
    end: t.exposeInt('end', { description: 'Exclusive.' }),
    reason: t.exposeString('reason'),
  }),
});

export const Article = builder.prismaNode('Article', {
  id: { field: 'id' },
  fields: (t) => ({
    url: t.exposeString('url'),
    title: t.exposeString('title'),
    body: t.exposeString('body'),
    language: t.exposeString('language'),
    source: t.exposeString('source'),
    version: t.exposeInt('version', {
      description:
        '1 for the first text seen at this URL; a later edit polled from its feed is the next version.',
    }),
    previousVersion: t.relation('previousVersion', {
      nullable: true,
      description:
        'The earlier text at the same URL; this version proposes candidates only for what changed.',
    }),
    nearDuplicateOf: t.relation('nearDuplicateOf', {
      nullable: true,
      description: 'The first copy of the same text (an agency copy republished with small edits).',
    }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    publishedAtPrecision: t.expose('publishedAtPrecision', { type: DatePrecisionEnum }),
    excludedRanges: t.field({
      type: [ExcludedRange],
      description: 'Parts of the body that are not negotiation news; no evidence quotes them.',
      select: { excludedRanges: true },
      resolve: (article) => readExcludedRanges(article.excludedRanges).slice(0, listCaps.excludedRanges),
      ...capped(listCaps.excludedRanges),
    }),
    evidence: t.relatedConnection('evidence', {
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { startOffset: 'asc' } },
    }),
    candidates: t.relatedConnection('candidates', {
      authScopes: reviewReadScope,
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { startOffset: 'asc' } },
    }),
    candidateActors: t.relatedConnection('candidateActors', {
      authScopes: reviewReadScope,
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { startOffset: 'asc' } },
    }),
  }),
});

builder.queryFields((t) => ({
  articles: t.prismaConnection(
    {
      type: 'Article',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 20,
      args: { source: t.arg.string({ required: false }) },
      resolve: (query, _parent, args, ctx) =>
        ctx.prisma.article.findMany({
          ...query,
          where: args.source ? { source: args.source } : {},
          orderBy: [{ publishedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
        }),
      totalCount: (_parent, args, ctx) =>
        ctx.prisma.article.count({ where: args.source ? { source: args.source } : {} }),
    },
    { name: 'ArticleConnection' },
  ),
  article: t.prismaField({
    type: 'Article',
    nullable: true,
    args: { id: t.arg.nodeId({ for: 'Article', required: true }) },
    resolve: (query, _parent, args, ctx) =>
      ctx.prisma.article.findUnique({ ...query, where: { id: args.id } }),
  }),
}));

const ExcludedRangeInput = builder.inputType('ExcludedRangeInput', {
  fields: (t) => ({
    start: t.int({ required: true, description: 'Offset in the body, in UTF-16 code units.' }),
    end: t.int({ required: true, description: 'Exclusive.' }),
    reason: t.string({
      required: true,
      description: 'Why it is not negotiation news (e.g. "another story").',
    }),
  }),
});

const SetExcludedRangesInput = builder.inputType('SetExcludedRangesInput', {
  fields: (t) => ({
    articleId: t.nodeId({ for: 'Article', required: true }),
    ranges: t.field({
      type: [ExcludedRangeInput],
      required: true,
      description: 'Replaces the ranges; an empty list excludes nothing.',
    }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

const DeleteArticleInput = builder.inputType('DeleteArticleInput', {
  fields: (t) => ({
    id: t.nodeId({ for: 'Article', required: true }),
    idempotencyKey: t.string({ required: false, description: idempotencyKeyDescription }),
  }),
});

builder.mutationFields((t) => ({
  setArticleExcludedRanges: t.prismaField({
    authScopes: { scope: 'articles:write' },
    type: 'Article',
    description:
      'Marks the parts of an article that are not negotiation news: actor mentions there are dropped, and no quote may come from them. Refused (CONFLICT) while a stored fact quotes such a part.',
    args: { input: t.arg({ type: SetExcludedRangesInput, required: true }) },
    resolve: async (query, _parent, { input }, ctx) => {
      const { id } = await setExcludedRanges(writeContext(ctx, input.idempotencyKey), input);
      return ctx.prisma.article.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  deleteArticle: t.field({
    authScopes: { scope: 'articles:write' },
    type: 'ID',
    description:
      "Deletes an article and its candidates; answers the deleted article's id. Refused (CONFLICT, naming the facts) while it holds the only quote behind a stored fact: correct or retract those first.",
    args: { input: t.arg({ type: DeleteArticleInput, required: true }) },
    resolve: async (_parent, { input }, ctx) => {
      const { id } = await deleteArticle(writeContext(ctx, input.idempotencyKey), input);
      return encodeGlobalId('Article', id);
    },
  }),
}));
