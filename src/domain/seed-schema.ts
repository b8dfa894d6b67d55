import { z } from 'zod';
import { knownLanguages } from './articles';
import { excludedRange } from './evidence';
import {
  actorKind,
  aliasLanguage,
  datePrecision,
  developmentKind,
  meetingStatus,
  participantRole,
  proposalStatus,
  slug,
  stancePosition,
} from './vocabulary';

// The curated files in seeds/ (described in seeds/README.md), validated on load. A quote is its text and,
// when it occurs more than once in the article, which occurrence (`nth`, 1-based); the domain resolves
// the offsets, so no file stores them.

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const precision = datePrecision;
const articleKey = z.string().regex(/^\d{3}$/);

export const seedQuote = z.strictObject({
  article: articleKey,
  quote: z.string().min(1),
  nth: z.number().int().min(2).optional(),
});
export type SeedQuote = z.infer<typeof seedQuote>;
const quotes = z.array(seedQuote);

export const seedArticle = z.strictObject({
  key: articleKey,
  file: z.string().regex(/^articles\/\d{3}_[0-9a-f]+\.txt$/),
  url: z.string().min(1),
  title: z.string().min(1),
  source: z.string().min(1),
  language: z.enum(knownLanguages),
  publishedAt: isoDay,
  publishedAtPrecision: precision,
  excludedRanges: z.array(excludedRange).default([]),
});

export const seedActor = z.strictObject({
  slug,
  kind: actorKind,
  nameEn: z.string().min(1),
  nameAr: z.string().min(1).nullable(),
  wikidataId: z
    .string()
    .regex(/^Q[1-9]\d*$/)
    .nullable(),
  description: z.string().min(1).nullable(),
  affiliation: slug.nullable(),
  aliases: z.array(
    z.strictObject({
      text: z.string().min(1),
      language: aliasLanguage,
      ambiguous: z.boolean().optional(),
    }),
  ),
});

export const seedMeeting = z.strictObject({
  slug,
  title: z.string().min(1),
  summary: z.string().min(1).nullable(),
  occurredAt: isoDay.nullable(),
  occurredAtPrecision: precision,
  venue: z.string().min(1).nullable(),
  city: z.string().min(1).nullable(),
  status: meetingStatus,
  participants: z
    .array(z.strictObject({ actor: slug, role: participantRole, evidence: quotes.default([]) }))
    .min(1),
  proposals: z.array(slug).default([]),
  evidence: quotes.min(1),
});

export const seedStance = z.strictObject({
  actor: slug,
  position: stancePosition,
  summary: z.string().min(1).nullable(),
  asOf: isoDay,
  asOfPrecision: precision,
  evidence: quotes.min(1),
});

export const seedProposal = z.strictObject({
  slug,
  title: z.string().min(1),
  summary: z.string().min(1).nullable(),
  status: proposalStatus,
  tabledAt: isoDay.nullable(),
  tabledAtPrecision: precision,
  proposers: z.array(z.strictObject({ actor: slug, evidence: quotes.min(1) })),
  revises: slug.nullable(),
  terms: z.array(z.strictObject({ text: z.string().min(1), evidence: quotes.min(1) })),
  stances: z.array(seedStance).default([]),
  evidence: quotes.min(1),
});

export const seedDevelopment = z.strictObject({
  key: z.string().regex(/^\d{3}-\d{2}$/),
  kind: developmentKind,
  summary: z.string().min(1),
  occurredAt: isoDay.nullable(),
  occurredAtPrecision: precision,
  reportedAt: isoDay,
  actors: z.array(slug),
  meeting: slug.nullable(),
  proposal: slug.nullable(),
  evidence: quotes.min(1),
});

/** A gold actor mention for the linker's evaluation: exact offsets, since it is measured, not written. */
export const seedMention = z.strictObject({
  article: articleKey,
  actor: slug,
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  text: z.string().min(1),
});

export const seedFiles = {
  'articles.json': z.array(seedArticle),
  'actors.json': z.array(seedActor),
  'meetings.json': z.array(seedMeeting),
  'proposals.json': z.array(seedProposal),
  'developments.json': z.array(seedDevelopment),
  'gold/mentions.json': z.array(seedMention),
};

export type SeedArticle = z.infer<typeof seedArticle>;
export type SeedActor = z.infer<typeof seedActor>;
export type SeedMeeting = z.infer<typeof seedMeeting>;
export type SeedProposal = z.infer<typeof seedProposal>;
export type SeedStance = z.infer<typeof seedStance>;
export type SeedDevelopment = z.infer<typeof seedDevelopment>;
export type SeedMention = z.infer<typeof seedMention>;
