import { readExcludedRanges, type ExcludedRange as Range } from '../domain/evidence';
import { builder } from './builder';
import { reviewReadScope } from './scopes';
import { DatePrecisionEnum } from './enums';
import { capped, listCaps } from './list-caps';

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
