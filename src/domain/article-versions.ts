import type { ArticleAnalysis } from '../arabic/candidates';
import { nearDuplicateThreshold, similarity } from '../arabic/near-duplicates';
import { normalizeArabic } from '../arabic/normalize';
import type { Tx } from './context';

/** How long back a new feed article is compared with stored ones for near-duplicates. */
const nearDuplicateWindowMs = 7 * 24 * 60 * 60 * 1000;
/** Stored articles compared at most (the newest first): a signature is 128 integers, so this is cheap. */
const nearDuplicateCandidates = 5000;

export type FeedArticleFate =
  | { kind: 'duplicate'; articleId: number }
  | { kind: 'version'; previous: { id: number; version: number; body: string } }
  | { kind: 'near_duplicate'; of: number; similarity: number }
  | { kind: 'new' };

/**
 * What a fetched article is, decided inside the storing transaction: the same text again (same canonical
 * URL and body, or the same body anywhere) is a duplicate; a new text at a stored URL from the same
 * source is an edit, stored as that URL's next version (from another source, a duplicate); a text most of whose shingles an article of the last week already has is a
 * near-duplicate of that article's first copy; anything else is new.
 */
export async function feedArticleFate(
  tx: Tx,
  article: { url: string; contentHash: string; minhash: number[]; sourceId: number },
  now = Date.now(),
): Promise<FeedArticleFate> {
  const sameText = await tx.article.findFirst({
    where: { contentHash: article.contentHash },
    select: { id: true },
  });
  if (sameText) return { kind: 'duplicate', articleId: sameText.id };
  const latest = await tx.article.findFirst({
    where: { url: article.url },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, body: true, sourceId: true },
  });
  // An edit is a new text from the outlet that published the URL; another feed's (a summary) is not.
  if (latest)
    return latest.sourceId === article.sourceId
      ? { kind: 'version', previous: latest }
      : { kind: 'duplicate', articleId: latest.id };
  if (article.minhash.length === 0) return { kind: 'new' };
  const recent = await tx.article.findMany({
    where: { createdAt: { gte: new Date(now - nearDuplicateWindowMs) } },
    orderBy: { id: 'desc' },
    take: nearDuplicateCandidates,
    select: { id: true, minhash: true, nearDuplicateOfId: true },
  });
  let best: { of: number; similarity: number } | null = null;
  for (const stored of recent) {
    const score = similarity(article.minhash, stored.minhash);
    if (score >= nearDuplicateThreshold && (!best || score > best.similarity)) {
      best = { of: stored.nearDuplicateOfId ?? stored.id, similarity: score };
    }
  }
  return best ? { kind: 'near_duplicate', ...best } : { kind: 'new' };
}

/**
 * The part of an edited text's analysis that the earlier version did not already say: candidates whose
 * quotes all appear in the earlier text were made (and reviewed) from that version, so only what changed
 * goes back to review. Mentions are kept whole, since evidence points into this version's own body.
 */
export function changedOnly(analysis: ArticleAnalysis, previousBody: string): ArticleAnalysis {
  const before = normalizeArabic(previousBody);
  const isNew = (quote: string) => !before.includes(normalizeArabic(quote));
  return {
    mentions: analysis.mentions,
    unknownActors: analysis.unknownActors.filter((candidate) => isNew(candidate.quote)),
    refusedNames: analysis.refusedNames.filter((candidate) => isNew(candidate.quote)),
    meetings: analysis.meetings.filter((meeting) => meeting.quotes.some((quote) => isNew(quote.quote))),
    developments: analysis.developments.filter((candidate) => isNew(candidate.quote)),
  };
}

/** A near-duplicate is linked to its first copy and proposes nothing: the first copy's candidates stand. */
export function nothingToPropose(analysis: ArticleAnalysis): ArticleAnalysis {
  return { ...analysis, unknownActors: [], refusedNames: [], meetings: [], developments: [] };
}
