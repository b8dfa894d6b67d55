import { z } from 'zod';
import { articleTextLock, lockKeysForTransaction } from '../db/locks';
import type { EvidenceTarget } from '../../generated/prisma/enums';
import type { Tx } from './context';
import { NotFoundError, ValidationError, type FieldPath } from './errors';
import type { EvidenceInput } from './validation';

export interface LocatedQuote {
  startOffset: number;
  endOffset: number;
}

/**
 * Finds a quote in an article body. With a start offset the quote must stand exactly there; without
 * one it must occur at least `nth` times (default 1), and that occurrence is used.
 */
export function locateQuote(body: string, quote: string, startOffset?: number, nth = 1): LocatedQuote | null {
  if (startOffset !== undefined) {
    return body.slice(startOffset, startOffset + quote.length) === quote
      ? { startOffset, endOffset: startOffset + quote.length }
      : null;
  }
  let found = -1;
  for (let seen = 0; seen < nth; seen += 1) {
    found = body.indexOf(quote, found + 1);
    if (found < 0) return null;
  }
  return { startOffset: found, endOffset: found + quote.length };
}

/** A part of an article that is not negotiation news; `end` is exclusive, offsets in UTF-16 code units. */
export const excludedRange = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(1),
    reason: z.string().trim().min(1).max(300),
  })
  .refine((range) => range.end > range.start, { message: 'must end after it starts', path: ['end'] });
export type ExcludedRange = z.infer<typeof excludedRange>;
export const excludedRanges = z.array(excludedRange).max(100);
/** Ranges as a writer sends them: stored sorted, and none may overlap another (say it once). */
export const excludedRangesInput = excludedRanges
  .transform((ranges) => [...ranges].sort((a, b) => a.start - b.start || a.end - b.end))
  .superRefine((ranges, context) => {
    for (let index = 1; index < ranges.length; index += 1)
      if (ranges[index].start < ranges[index - 1].end)
        context.addIssue({ code: 'custom', message: 'ranges must not overlap', path: [index, 'start'] });
  });

/** The stored `Article.excludedRanges` column, read defensively: a malformed value excludes nothing. */
export function readExcludedRanges(value: unknown): ExcludedRange[] {
  const parsed = excludedRanges.safeParse(value);
  return parsed.success ? parsed.data : [];
}

/** The excluded range a span overlaps, if any. */
export function excludedRangeOf(
  ranges: readonly ExcludedRange[],
  span: LocatedQuote,
): ExcludedRange | undefined {
  return ranges.find((range) => span.startOffset < range.end && range.start < span.endOffset);
}

export type EvidenceSubject =
  | { supports: 'ACTOR_MENTION'; actorId: number }
  | { supports: 'MEETING'; meetingId: number }
  | { supports: 'PROPOSAL'; proposalId: number }
  | { supports: 'STANCE'; stanceId: number }
  | { supports: 'DEVELOPMENT'; developmentId: number }
  // Only the link's own id: the meeting's or proposal's evidence lists stay what they are.
  | { supports: 'PARTICIPANT'; participantId: number }
  | { supports: 'PROPOSER'; proposerId: number }
  | { supports: 'TERM'; termId: number };

export interface ResolvedEvidence extends LocatedQuote {
  articleId: number;
  quote: string;
}

export interface QuotedArticle {
  id: number;
  body: string;
  excludedRanges: ExcludedRange[];
}

/** The articles the items quote, one query for all of them. */
export async function loadQuotedArticles(
  tx: Tx,
  items: readonly { articleId: number }[],
): Promise<Map<number, QuotedArticle>> {
  const articleIds = [...new Set(items.map((item) => item.articleId))];
  if (!articleIds.length) return new Map();
  await lockKeysForTransaction(tx, articleTextLock, articleIds, 'shared');
  const articles = await tx.article.findMany({
    where: { id: { in: articleIds } },
    select: { id: true, body: true, excludedRanges: true },
  });
  return new Map(
    articles.map((article) => [
      article.id,
      { id: article.id, body: article.body, excludedRanges: readExcludedRanges(article.excludedRanges) },
    ]),
  );
}

/**
 * Checks each quote against its article: it must stand where it says (or occur, the nth time) and lie
 * outside the article's excluded ranges. Returns the quotes with their offsets.
 */
export function resolveEvidence(
  articles: ReadonlyMap<number, QuotedArticle>,
  items: readonly EvidenceInput[],
  field: FieldPath,
): ResolvedEvidence[] {
  return items.map((item, index) => {
    const article = articles.get(item.articleId);
    if (!article) throw new NotFoundError('Article', item.articleId, [...field, index, 'articleId']);
    const located = locateQuote(article.body, item.quote, item.startOffset, item.nth);
    if (!located) {
      throw ValidationError.at(
        [...field, index, item.startOffset === undefined ? 'quote' : 'startOffset'],
        item.startOffset !== undefined
          ? 'the quote does not stand at that offset in the article'
          : item.nth && item.nth > 1
            ? `the quote does not occur ${item.nth} times in the article`
            : 'the quote does not occur in the article',
      );
    }
    const excluded = excludedRangeOf(article.excludedRanges, located);
    if (excluded) {
      throw ValidationError.at(
        [...field, index, 'quote'],
        `the quote lies in a part of the article excluded from negotiation news (${excluded.start}-${excluded.end}: ${excluded.reason})`,
      );
    }
    return { articleId: item.articleId, quote: item.quote, ...located };
  });
}

/** Checks every quote against its article (one query for all articles) and stores them. */
export async function attachEvidence(
  tx: Tx,
  items: EvidenceInput[] | undefined,
  subject: EvidenceSubject,
  field: FieldPath,
): Promise<void> {
  if (!items?.length) return;
  const resolved = resolveEvidence(await loadQuotedArticles(tx, items), items, field);
  await tx.evidence.createMany({
    data: resolved.map((item) => ({ ...item, ...subject, supports: subject.supports as EvidenceTarget })),
  });
}
