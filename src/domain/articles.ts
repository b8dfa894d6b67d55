import { createHash } from 'node:crypto';
import { z } from 'zod';
import { normalizeArabic } from '../arabic/normalize';
import { write, type DomainContext, type Tx } from './context';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { idempotentWrite } from './idempotency';
import { excludedRangeOf, excludedRanges } from './evidence';
import { canonicalUrl } from './urls';
import { id, parseInput, requiredText, visible, type DomainInput } from './validation';
import { datePrecision } from './vocabulary';

/** Two copies of a text that differ only in marks, spacing or letter variants are one article. */
export function contentHash(body: string): string {
  return createHash('sha256').update(normalizeArabic(body)).digest('hex');
}

/**
 * What search matches an article on: title and body through the one normalizer, on two lines (normalizing
 * turns every line break into a space), so the database can weigh title words above body words when it
 * generates the article's full-text vector from this column.
 */
export function articleSearchText(title: string, body: string): string {
  return `${normalizeArabic(title)}\n${normalizeArabic(body)}`;
}

export const knownLanguages = ['ar', 'en', 'he', 'fr'] as const;

const dayMs = 24 * 60 * 60 * 1000;

/** An article as every way in (the API, the ingest CLI, the seed) gives it. */
export const articleInput = z.object({
  url: z.string().trim().min(1, 'must not be empty').max(2048, 'must be at most 2048 characters'),
  title: requiredText(300),
  body: z
    .string()
    .max(100_000, 'must be at most 100000 characters')
    .refine((body) => body.trim().length > 0, 'must not be empty')
    .refine(visible, 'must not be empty (it holds only invisible marks or diacritics)'),
  source: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  language: z.enum(knownLanguages, { message: `must be one of ${knownLanguages.join(', ')}` }),
  publishedAt: z
    .date()
    .refine((date) => date.getUTCFullYear() >= 1900, 'must be in or after 1900')
    .refine((date) => date.getTime() <= Date.now() + dayMs, 'must not be after tomorrow')
    .nullish(),
  publishedAtPrecision: datePrecision.default('DAY'),
  /** Parts that are not negotiation news (a story glued on): no evidence may come from them. */
  excludedRanges: excludedRanges.default([]),
});
export type ArticleInput = DomainInput<typeof articleInput>;

export interface ArticleOptions {
  /** The CLI and the seed may store local files under a file: URL; the API accepts http(s) only. */
  allowFileUrls?: boolean;
}

/**
 * Validates an article and canonicalises its URL (tracking parameters and fragments dropped), so one
 * article has one URL whichever way it came in.
 */
export function parseArticle(rawInput: ArticleInput, options: ArticleOptions = {}) {
  const input = parseInput(articleInput, rawInput);
  const url = input.url.startsWith('file:') && options.allowFileUrls ? input.url : canonicalUrl(input.url);
  if (!url) throw ValidationError.at(['input', 'url'], 'must be an absolute http(s) URL');
  const outside = input.excludedRanges.findIndex((range) => range.end > input.body.length);
  if (outside >= 0)
    throw ValidationError.at(['input', 'excludedRanges', outside, 'end'], 'must lie within the body');
  return { ...input, url };
}

/**
 * Stores an article once, without linking it (the seed brings its own curated mentions): the same
 * canonical URL or the same normalized body returns the existing row.
 */
export async function storeArticle(ctx: DomainContext, rawInput: ArticleInput, options: ArticleOptions = {}) {
  const input = parseArticle(rawInput, options);
  const hash = contentHash(input.body);
  return write(ctx, async (tx) => {
    const existingId = await findStoredArticleId(tx, input.url, hash);
    if (existingId)
      return { article: await tx.article.findUniqueOrThrow({ where: { id: existingId } }), created: false };
    const article = await tx.article.create({
      data: {
        ...input,
        publishedAt: input.publishedAt ?? null,
        contentHash: hash,
        searchText: articleSearchText(input.title, input.body),
      },
    });
    return { article, created: true };
  });
}

/** One article per canonical URL and per normalized body: the id of the stored one, if any. */
export async function findStoredArticleId(tx: Tx, url: string, hash: string): Promise<number | null> {
  const article = await tx.article.findFirst({
    where: { OR: [{ url }, { contentHash: hash }] },
    select: { id: true },
  });
  return article?.id ?? null;
}

const excludedRangesInput = z.object({ articleId: id, ranges: excludedRanges });
export type ExcludedRangesInput = z.input<typeof excludedRangesInput>;

/**
 * Sets the parts of an article that are not negotiation news. Actor mentions found there are dropped
 * (they name actors of another story); a quote behind any other fact refuses the change, naming it.
 */
export async function setExcludedRanges(ctx: DomainContext, rawInput: ExcludedRangesInput) {
  const input = parseInput(excludedRangesInput, rawInput);
  return write(ctx, idempotentWrite(ctx, 'setExcludedRanges', input), async (tx) => {
    const article = await tx.article.findUnique({ where: { id: input.articleId }, select: { body: true } });
    if (!article) throw new NotFoundError('Article', input.articleId, ['input', 'articleId']);
    const outside = input.ranges.findIndex((range) => range.end > article.body.length);
    if (outside >= 0)
      throw ValidationError.at(['input', 'ranges', outside, 'end'], 'must lie within the body');
    const evidence = await tx.evidence.findMany({
      where: { articleId: input.articleId },
      select: { id: true, supports: true, startOffset: true, endOffset: true },
    });
    const inside = evidence.filter((item) => excludedRangeOf(input.ranges, item));
    const facts = inside.filter((item) => item.supports !== 'ACTOR_MENTION');
    if (facts.length)
      throw new ConflictError(
        `Evidence ${facts.map((item) => item.id).join(', ')} of stored facts lies in that range; correct those facts first`,
        ['input', 'ranges'],
      );
    await tx.evidence.deleteMany({ where: { id: { in: inside.map((item) => item.id) } } });
    await tx.article.update({ where: { id: input.articleId }, data: { excludedRanges: input.ranges } });
    return { id: input.articleId, mentionsDropped: inside.length };
  });
}

/** The facts a set of evidence rows supports, each named as "<target> <id>". */
function factOf(item: {
  supports: string;
  meetingId: number | null;
  proposalId: number | null;
  stanceId: number | null;
  developmentId: number | null;
  participantId: number | null;
  proposerId: number | null;
  termId: number | null;
}): string {
  const id =
    item.meetingId ??
    item.proposalId ??
    item.stanceId ??
    item.developmentId ??
    item.participantId ??
    item.proposerId ??
    item.termId;
  return `${item.supports} ${id}`;
}

/**
 * Deletes an article. Refused (CONFLICT, naming the facts) while it holds the only quote behind a stored
 * fact: a published fact must not lose its evidence silently. Mentions and quotes of facts that other
 * articles also support go with it; candidates cascade.
 */
export async function deleteArticle(ctx: DomainContext, rawInput: { id: number }) {
  const input = parseInput(z.object({ id }), rawInput);
  return write(ctx, idempotentWrite(ctx, 'deleteArticle', input), async (tx) => {
    const article = await tx.article.findUnique({ where: { id: input.id }, select: { id: true } });
    if (!article) throw new NotFoundError('Article', input.id, ['input', 'id']);
    const facts = { not: 'ACTOR_MENTION' as const };
    const own = await tx.evidence.findMany({ where: { articleId: input.id, supports: facts } });
    const elsewhere = new Set(
      (
        await tx.evidence.findMany({
          where: { articleId: { not: input.id }, supports: facts, OR: factFilters(own) },
        })
      ).map(factOf),
    );
    const orphaned = [...new Set(own.map(factOf))].filter((fact) => !elsewhere.has(fact));
    if (orphaned.length)
      throw new ConflictError(
        `The article holds the only quote of ${orphaned.join(', ')}; correct or retract those facts first`,
        ['input', 'id'],
      );
    await tx.evidence.deleteMany({ where: { articleId: input.id } });
    await tx.article.delete({ where: { id: input.id } });
    return { id: input.id };
  });
}

function factFilters(rows: Parameters<typeof factOf>[0][]) {
  const ids = (pick: (row: Parameters<typeof factOf>[0]) => number | null) =>
    rows.map(pick).filter((value): value is number => value !== null);
  return [
    { meetingId: { in: ids((row) => row.meetingId) } },
    { proposalId: { in: ids((row) => row.proposalId) } },
    { stanceId: { in: ids((row) => row.stanceId) } },
    { developmentId: { in: ids((row) => row.developmentId) } },
    { participantId: { in: ids((row) => row.participantId) } },
    { proposerId: { in: ids((row) => row.proposerId) } },
    { termId: { in: ids((row) => row.termId) } },
  ];
}
