import { builder } from './builder';

export const EvidenceInput = builder.inputType('EvidenceInput', {
  description: 'An exact quote of a stored article. Without a start offset, its first occurrence is used.',
  fields: (t) => ({
    articleId: t.nodeId({ for: 'Article', required: true }),
    quote: t.string({ required: true }),
    startOffset: t.int({ required: false }),
    nth: t.int({ required: false, description: 'Without a start offset: which occurrence (1 = the first).' }),
  }),
});

export const AnnouncementInput = builder.inputType('AnnouncementInput', {
  description:
    'How a write is announced on the live log: its summary, when it was reported, and the quotes behind it.',
  fields: (t) => ({
    summary: t.string({ required: false }),
    reportedAt: t.field({ type: 'DateTime', required: false }),
    evidence: t.field({ type: [EvidenceInput], required: false }),
  }),
});
