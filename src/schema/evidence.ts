import { builder } from './builder';
import { EvidenceTargetEnum } from './enums';

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

/** Evidence lists on facts are short; this caps them so a list can never grow unbounded. */
export const evidenceList = {
  orderBy: [{ articleId: 'asc' as const }, { startOffset: 'asc' as const }],
  take: 100,
};
