import type { EvidenceTarget } from '../../generated/prisma/enums';
import type { Tx } from './context';
import { NotFoundError, ValidationError, type FieldPath } from './errors';
import type { EvidenceInput } from './validation';

export interface LocatedQuote {
  startOffset: number;
  endOffset: number;
}

/**
 * Finds a quote in an article body. With a start offset the quote must stand exactly there;
 * without one it must occur, and its first occurrence is used.
 */
export function locateQuote(body: string, quote: string, startOffset?: number): LocatedQuote | null {
  if (startOffset !== undefined) {
    return body.slice(startOffset, startOffset + quote.length) === quote
      ? { startOffset, endOffset: startOffset + quote.length }
      : null;
  }
  const found = body.indexOf(quote);
  return found < 0 ? null : { startOffset: found, endOffset: found + quote.length };
}

export type EvidenceSubject =
  | { supports: 'ACTOR_MENTION'; actorId: number }
  | { supports: 'MEETING'; meetingId: number }
  | { supports: 'PROPOSAL'; proposalId: number }
  | { supports: 'STANCE'; stanceId: number }
  | { supports: 'DEVELOPMENT'; developmentId: number };

/** Checks every quote against its article (one query for all articles) and stores them. */
export async function attachEvidence(
  tx: Tx,
  items: EvidenceInput[] | undefined,
  subject: EvidenceSubject,
  field: FieldPath,
): Promise<void> {
  if (!items?.length) return;
  const articleIds = [...new Set(items.map((item) => item.articleId))];
  const articles = await tx.article.findMany({
    where: { id: { in: articleIds } },
    select: { id: true, body: true },
  });
  const bodies = new Map(articles.map((article) => [article.id, article.body]));
  const rows = items.map((item, index) => {
    const body = bodies.get(item.articleId);
    if (body === undefined)
      throw new NotFoundError('Article', item.articleId, [...field, index, 'articleId']);
    const located = locateQuote(body, item.quote, item.startOffset);
    if (!located) {
      throw ValidationError.at(
        [...field, index, item.startOffset === undefined ? 'quote' : 'startOffset'],
        item.startOffset === undefined
          ? 'the quote does not occur in the article'
          : 'the quote does not stand at that offset in the article',
      );
    }
    return {
      articleId: item.articleId,
      quote: item.quote,
      ...located,
      ...subject,
      supports: subject.supports as EvidenceTarget,
    };
  });
  await tx.evidence.createMany({ data: rows });
}
