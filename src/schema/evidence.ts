import { builder } from './builder';
import { DatePrecisionEnum, EvidenceTargetEnum } from './enums';

builder.prismaNode('Evidence', {
  id: { field: 'id' },
  description: 'An exact quote of an article, at its character offsets, supporting one fact.',
  fields: (t) => ({
    quote: t.exposeString('quote'),
    startOffset: t.exposeInt('startOffset', {
      description: 'Offset of the quote in the article body, in UTF-16 code units.',
    }),
    endOffset: t.exposeInt('endOffset'),
    supports: t.expose('supports', { type: EvidenceTargetEnum }),
    article: t.relation('article'),
    actor: t.relation('actor', { nullable: true }),
    meeting: t.relation('meeting', { nullable: true }),
    proposal: t.relation('proposal', { nullable: true }),
    stance: t.relation('stance', { nullable: true }),
    development: t.relation('development', { nullable: true }),
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
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    publishedAtPrecision: t.expose('publishedAtPrecision', { type: DatePrecisionEnum }),
    evidence: t.relatedConnection('evidence', {
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { startOffset: 'asc' } },
    }),
  }),
});

/** Evidence lists on facts are short; this caps them so a list can never grow unbounded. */
export const evidenceList = {
  orderBy: [{ articleId: 'asc' as const }, { startOffset: 'asc' as const }],
  take: 100,
};
