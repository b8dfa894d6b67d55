import { createHash } from 'node:crypto';
import { z } from 'zod';
import { normalizeArabic } from '../arabic/normalize';
import { write, type DomainContext, type Tx } from './context';
import { ValidationError } from './errors';
import { canonicalUrl } from './urls';
import { parseInput, requiredText, visible, type DomainInput } from './validation';
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
