import { normalizeArabic } from '../arabic/normalize';
import {
  articleLamPrefixes,
  cliticPrefixes,
  expandQueryWords,
  fuzzyReadings,
  queryReadings,
  queryWords,
  toTsqueries,
} from '../arabic/search-terms';
import { snippetFor, type Snippet } from '../arabic/snippet';
import type { DomainContext, Tx } from '../domain/context';
import { ValidationError } from '../domain/errors';

export type SearchKind = 'ARTICLE' | 'ACTOR' | 'PROPOSAL';

export interface SearchHit {
  kind: SearchKind;
  id: number;
  score: number;
  snippet: Snippet;
}

// Actors and proposals are short texts: trigram word similarity (pg_trgm) of the normalized query and
// text absorbs variants and clitics at once, and the GIN trigram indexes answer `<%` cheaply.
const minimumScore = 0.45;
// Articles are long: a common phrase is in nearly all of them, and scoring trigram similarity against
// every ~5 KB text took 13 s per query over 10,000 articles. They are searched by full text (articleHits).
// Trigram neighbours of a query word in the vocabulary are only candidates; the linker's weighted edit
// distance decides which are spelling variants, so this threshold is loose on purpose.
const neighbourThreshold = 0.3;

/** Ranked matches across articles, actors and proposals; `limit` bounds each kind before merging. */
export async function search(
  ctx: Pick<DomainContext, 'prisma'>,
  query: string,
  options: { kinds?: SearchKind[]; limit: number },
): Promise<SearchHit[]> {
  const normalized = normalizeArabic(query).slice(0, 200);
  if (normalized.replace(/\s/g, '').length < 2)
    throw ValidationError.at(['query'], 'must have at least two letters');
  const kinds = new Set(options.kinds?.length ? options.kinds : ['ARTICLE', 'ACTOR', 'PROPOSAL']);
  const limit = options.limit;
  // Settings local to this transaction (set_config(…, true)): the trigram operators' thresholds, and no
  // sequential scans. Every query here is meant to start from a GIN index; on these small tables the
  // planner would rather scan and score every row, which costs 10× more (trigram similarity per row, or
  // a second read of each article vector), as it cannot know how expensive those functions are.
  const [articles, actors, proposals] = await ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('pg_trgm.similarity_threshold', ${String(neighbourThreshold)}, true),
                              set_config('pg_trgm.word_similarity_threshold', ${String(minimumScore)}, true),
                              set_config('enable_seqscan', 'off', true)`;
    const articleRows = kinds.has('ARTICLE') ? await articleHits(tx, normalized, limit) : [];
    const actorRows = kinds.has('ACTOR')
      ? await tx.$queryRaw<{ id: number; score: number; text: string }[]>`
          SELECT * FROM (
            SELECT DISTINCT ON (id) id, "text", score FROM (
              -- OFFSET 0 keeps the filter on the trigram index, not on a walk of the (actorId) index for DISTINCT ON.
              SELECT a."actorId" AS id, a."text",
                     greatest(similarity(${normalized}, a."normalized"), word_similarity(${normalized}, a."normalized"))::float8 AS score
              FROM "ActorAlias" a WHERE ${normalized} <% a."normalized" OR ${normalized} % a."normalized" OFFSET 0) matches
            ORDER BY id, score DESC) best
          WHERE score >= ${minimumScore} ORDER BY score DESC, id DESC LIMIT ${limit}`
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
    ...articles.map((row) => ({
      kind: 'ARTICLE' as const,
      id: row.id,
      score: row.score,
      snippet: snippetFor(`${row.title}\n${row.body}`, query),
    })),
    ...actors.map((row) => ({
      kind: 'ACTOR' as const,
      id: row.id,
      score: row.score,
      snippet: { text: row.text, highlight: { start: 0, end: row.text.length } },
    })),
    ...proposals
      .filter((row) => row.score >= minimumScore)
      .map((row) => ({
        kind: 'PROPOSAL' as const,
        id: row.id,
        score: row.score,
        snippet: snippetFor(`${row.title}\n${row.summary ?? ''}`, query),
      })),
  ];
  return hits
    .sort((a, b) => b.score - a.score || a.kind.localeCompare(b.kind) || b.id - a.id)
    .slice(0, limit);
}

/**
 * Full-text search over "Article"."searchVector" (generated from the normalized text, GIN-indexed). Two
 * statements: the vocabulary words each query word may stand for, then the articles that have, for every
 * query word, one of them, ranked by ts_rank (0..1: a title word weighs 10× a body word, repeats add less
 * and less). A common phrase matches nearly every article and each match's vector is read to rank it,
 * so the per-row cost is what counts: ts_rank_cd (cover density, rewarding words close together) costs
 * twice as much per article. Only the top rows' bodies are read, for their snippets.
 */
async function articleHits(tx: Tx, normalized: string, limit: number) {
  const words = queryWords(normalized);
  const readings = queryReadings(words);
  if (!readings.length) return [];
  // Every vocabulary word that reads as a query reading or one of its trigram neighbours once clitics are
  // stripped; expandQueryWords then keeps those that match (exactly, or as a spelling variant).
  const vocabulary = await tx.$queryRaw<{ word: string }[]>`
    WITH stems AS (
      SELECT r AS stem FROM unnest(${readings}::text[]) AS r
      UNION
      SELECT n."word" FROM unnest(${fuzzyReadings(readings)}::text[]) AS r
      CROSS JOIN LATERAL (SELECT "word" FROM "SearchWord" WHERE "word" % r) AS n
    ), forms AS (
      SELECT p || s.stem AS form FROM stems s CROSS JOIN unnest(${[...cliticPrefixes]}::text[]) AS p
      UNION
      SELECT p || substr(s.stem, 3) FROM stems s CROSS JOIN unnest(${[...articleLamPrefixes]}::text[]) AS p WHERE s.stem LIKE 'ال_%'
    )
    -- An array, so that each form is one primary-key probe rather than a join over the whole vocabulary.
    SELECT "word" FROM "SearchWord" WHERE "word" = ANY (ARRAY(SELECT form FROM forms))`;
  const queries = toTsqueries(
    expandQueryWords(
      words,
      vocabulary.map((row) => row.word),
    ),
  );
  if (!queries) return [];
  return tx.$queryRaw<{ id: number; score: number; title: string; body: string }[]>`
    WITH top AS (
      SELECT a."id", least(1, ts_rank(a."searchVector", ${queries.rank}::tsquery))::float8 AS score
      FROM "Article" a WHERE a."searchVector" @@ ${queries.match}::tsquery
      ORDER BY score DESC, a."id" DESC LIMIT ${limit})
    SELECT top."id", top.score, a."title", a."body" FROM top JOIN "Article" a ON a."id" = top."id"
    ORDER BY top.score DESC, top."id" DESC`;
}
