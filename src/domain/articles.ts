import { createHash } from 'node:crypto';
import { z } from 'zod';
import { normalizeArabic } from '../arabic/normalize';
import { write, type DomainContext, type Tx } from './context';
import { excludedRanges } from './evidence';
import { parseInput } from './validation';

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

const articleInput = z
  .object({
    url: z.string().trim().min(1).max(2048),
    title: z.string().trim().min(1).max(300),
    body: z.string().min(1).max(100_000),
    source: z.string().trim().min(1).max(200),
    language: z.string().trim().min(2).max(10),
    publishedAt: z.date().nullish(),
    publishedAtPrecision: z.enum(['DAY', 'WEEK', 'MONTH', 'YEAR']).default('DAY'),
    excludedRanges: excludedRanges.default([]),
  })
  .refine((input) => input.excludedRanges.every((range) => range.end <= input.body.length), {
    message: 'must lie within the body',
    path: ['excludedRanges'],
  });
export type ArticleInput = z.input<typeof articleInput>;

/** Stores an article once: the same URL or the same normalized body returns the existing row. */
export async function storeArticle(ctx: DomainContext, rawInput: ArticleInput) {
  const input = parseInput(articleInput, rawInput);
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
