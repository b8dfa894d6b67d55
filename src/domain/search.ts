import { normalizeArabic } from '../arabic/normalize';
import { snippetFor, type Snippet } from '../arabic/snippet';
import type { DomainContext } from './context';
import { ValidationError } from './errors';

export type SearchKind = 'ARTICLE' | 'ACTOR' | 'PROPOSAL';

export interface SearchHit {
  kind: SearchKind;
  id: number;
  score: number;
  snippet: Snippet;
}

// Trigram word similarity (pg_trgm) between the normalized query and normalized text: the query's words
// need not stand whole in the text, so spelling variants and attached clitics still match, and the GIN
// trigram indexes on the normalized columns answer `<%` without scanning every row.
const minimumScore = 0.45;

/** Ranked matches across articles, actors and proposals; `limit` bounds each kind before merging. */
export async function search(ctx: Pick<DomainContext, 'prisma'>, query: string, options: { kinds?: SearchKind[]; limit: number }): Promise<SearchHit[]> {
  const normalized = normalizeArabic(query).slice(0, 200);
  if (normalized.replace(/\s/g, '').length < 2) throw ValidationError.at(['query'], 'must have at least two letters');
  const kinds = new Set(options.kinds?.length ? options.kinds : ['ARTICLE', 'ACTOR', 'PROPOSAL']);
  const limit = options.limit;
  // The trigram operators compare against a session threshold; SET LOCAL keeps ours inside this transaction.
  const [articles, actors, proposals] = await ctx.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL pg_trgm.word_similarity_threshold = ${minimumScore}`);
    await tx.$executeRawUnsafe(`SET LOCAL pg_trgm.similarity_threshold = ${minimumScore}`);
    const articleRows = kinds.has('ARTICLE')
      ? await tx.$queryRaw<{ id: number; score: number; title: string; body: string }[]>`
          SELECT "id", "title", "body", word_similarity(${normalized}, "searchText")::float8 AS score
          FROM "Article" WHERE ${normalized} <% "searchText"
          ORDER BY score DESC, "id" DESC LIMIT ${limit}`
      : [];
    const actorRows = kinds.has('ACTOR')
      ? await tx.$queryRaw<{ id: number; score: number; text: string }[]>`
          SELECT DISTINCT ON (a."actorId") a."actorId" AS id, a."text",
                 greatest(similarity(${normalized}, a."normalized"), word_similarity(${normalized}, a."normalized"))::float8 AS score
          FROM "ActorAlias" a WHERE ${normalized} <% a."normalized" OR ${normalized} % a."normalized"
          ORDER BY a."actorId", score DESC LIMIT ${limit * 4}`
      : [];
    const proposalRows = kinds.has('PROPOSAL')
      ? await tx.$queryRaw<{ id: number; score: number; title: string; summary: string | null }[]>`
          SELECT "id", "title", "summary", word_similarity(${normalized}, "searchText")::float8 AS score
          FROM "Proposal" WHERE ${normalized} <% "searchText"
          ORDER BY score DESC, "id" DESC LIMIT ${limit}`
      : [];
    return [articleRows, actorRows, proposalRows] as const;
  });
  const hits: SearchHit[] = [
    ...articles.map((row) => ({ kind: 'ARTICLE' as const, id: row.id, score: row.score, snippet: snippetFor(`${row.title}\n${row.body}`, query) })),
    ...actors.map((row) => ({ kind: 'ACTOR' as const, id: row.id, score: row.score, snippet: { text: row.text, highlight: { start: 0, end: row.text.length } } })),
    ...proposals.map((row) => ({ kind: 'PROPOSAL' as const, id: row.id, score: row.score, snippet: snippetFor(`${row.title}\n${row.summary ?? ''}`, query) })),
  ];
  return hits
    .filter((hit) => hit.score >= minimumScore)
    .sort((a, b) => b.score - a.score || a.kind.localeCompare(b.kind) || b.id - a.id)
    .slice(0, limit);
}
