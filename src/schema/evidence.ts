import { builder } from './builder';
import { EvidenceTargetEnum } from './enums';
import { capped, listCaps } from './list-caps';

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
  take: listCaps.factEvidence,
};

/** The options of a fact's `evidence` field: ordered, capped, and its cap declared for the cost analysis. */
export const factEvidence = { query: evidenceList, ...capped(listCaps.factEvidence) };
