import { analyzeArticle, buildGazetteer, timeZoneForSource, type Gazetteer } from '../arabic';
import { minhashSignature } from '../arabic/near-duplicates';
import { changedOnly, feedArticleFate, nothingToPropose, type FeedArticleFate } from './article-versions';
import { gazetteerVersion } from '../read/gazetteer-stamp';
import { proposeMeetings } from './candidate-meetings';
import { developmentFacts } from './proposed';
import {
  articleSearchText,
  contentHash,
  findStoredArticleId,
  parseArticle,
  type ArticleInput,
  type ArticleOptions,
} from './articles';
import { write, type DomainContext, type Tx } from './context';
import { idempotentWrite } from './idempotency';

export type AddArticleInput = ArticleInput;

export interface AddArticleOptions extends ArticleOptions {
  /**
   * Set by the feed poller (src/sources/): the article belongs to this source; a new text at a stored URL
   * becomes that URL's next version with candidates for what changed only; a near-duplicate of an
   * article of the last week is linked to its first copy and proposes no candidates of its own.
   */
  feed?: {
    sourceId: number;
    timeZone?: string;
    /** Runs first inside the storing transaction and throws if the poller's lease on the source is lost. */
    fence?: (tx: Tx) => Promise<void>;
  };
}

// A type, not an interface: it must fit an idempotent write's plain-values result.
export type AddArticleResult = {
  articleId: number;
  created: boolean;
  mentions: number;
  candidates: number;
  candidateActors: number;
  /** What the article turned out to be (the poller counts these); absent on results stored before it existed. */
  fate?: FeedArticleFate['kind'];
  /** For a near-duplicate: the first copy it was linked to. */
  nearDuplicateOf?: number | null;
};

/**
 * Stores an article once and links it: actor mentions become evidence, and what looks like news
 * becomes candidates for review. The same canonical URL or the same normalized body returns the stored
 * article and writes nothing; a retry with the same idempotency key returns the first call's result.
 */
export async function addArticle(
  ctx: DomainContext,
  rawInput: AddArticleInput,
  options: AddArticleOptions = {},
): Promise<AddArticleResult> {
  try {
    const { result, replayed } = await storeAndLink(ctx, rawInput, options);
    // A replayed retry stored nothing this time, whatever the first call answered.
    ctx.onArticleIngested?.(result.created && !replayed ? 'added' : 'duplicate');
    return result;
  } catch (error) {
    ctx.onArticleIngested?.('failed');
    throw error;
  }
}

async function storeAndLink(
  ctx: DomainContext,
  rawInput: AddArticleInput,
  options: AddArticleOptions,
): Promise<{ result: AddArticleResult; replayed: boolean }> {
  const input = parseArticle(rawInput, options);
  const { url } = input;
  const hash = contentHash(input.body);
  const minhash = minhashSignature(input.body);
  const { feed } = options;
  // Linking is pure and can be slow on long texts: do it before the transaction opens.
  const fullAnalysis = analyzeArticle(input.body, await loadGazetteer(ctx), {
    publishedAt: input.publishedAt ?? null,
    timeZone: feed?.timeZone ?? timeZoneForSource(input.source),
  });

  let ran = false;
  const result = await write(ctx, idempotentWrite(ctx, 'addArticle', input), async (tx) => {
    ran = true;
    const duplicate = (articleId: number) =>
      ({
        articleId,
        created: false,
        mentions: 0,
        candidates: 0,
        candidateActors: 0,
        fate: 'duplicate',
      }) as const;
    let fate: FeedArticleFate = { kind: 'new' };
    if (feed) {
      await feed.fence?.(tx);
      fate = await feedArticleFate(tx, { url, contentHash: hash, minhash, sourceId: feed.sourceId });
      if (fate.kind === 'duplicate') return duplicate(fate.articleId);
    } else {
      const existing = await findStoredArticleId(tx, url, hash);
      if (existing) return duplicate(existing);
    }
    const analysis =
      fate.kind === 'version'
        ? changedOnly(fullAnalysis, fate.previous.body)
        : fate.kind === 'near_duplicate'
          ? nothingToPropose(fullAnalysis)
          : fullAnalysis;
    const article = await tx.article.create({
      data: {
        url,
        minhash,
        sourceId: feed?.sourceId ?? null,
        version: fate.kind === 'version' ? fate.previous.version + 1 : 1,
        previousVersionId: fate.kind === 'version' ? fate.previous.id : null,
        nearDuplicateOfId: fate.kind === 'near_duplicate' ? fate.of : null,
        title: input.title,
        body: input.body,
        source: input.source,
        language: input.language,
        publishedAt: input.publishedAt ?? null,
        publishedAtPrecision: input.publishedAtPrecision,
        contentHash: hash,
        searchText: articleSearchText(input.title, input.body),
      },
      select: { id: true },
    });
    await tx.evidence.createMany({
      data: analysis.mentions.map((mention) => ({
        articleId: article.id,
        quote: mention.quote,
        startOffset: mention.start,
        endOffset: mention.end,
        supports: 'ACTOR_MENTION' as const,
        actorId: Number(mention.actorId),
        method: mention.method,
        confidence: mention.confidence,
      })),
    });
    await tx.candidateActor.createMany({
      data: [...analysis.unknownActors, ...analysis.refusedNames].map((candidate) => ({
        articleId: article.id,
        name: candidate.name,
        title: candidate.title || null,
        quote: candidate.quote,
        startOffset: candidate.start,
        endOffset: candidate.end,
      })),
    });
    await tx.candidate.createMany({
      data: analysis.developments.map((candidate) => ({
        articleId: article.id,
        kind: candidate.kind,
        developmentKind: candidate.developmentKind,
        summary: candidate.quote.slice(0, 300),
        actorIds: candidate.actorIds.map(Number),
        cueWords: candidate.cueWords,
        quote: candidate.quote,
        startOffset: candidate.start,
        endOffset: candidate.end,
        confidence: candidate.confidence,
        quotes: [
          { articleId: article.id, quote: candidate.quote, start: candidate.start, end: candidate.end },
        ],
        proposed: developmentFacts(article.id, candidate),
      })),
    });
    const meetings = await proposeMeetings(tx, article.id, analysis.meetings);
    return {
      articleId: article.id,
      created: true,
      mentions: analysis.mentions.length,
      candidates: analysis.developments.length + meetings.created,
      candidateActors: analysis.unknownActors.length + analysis.refusedNames.length,
      fate: fate.kind,
      nearDuplicateOf: fate.kind === 'near_duplicate' ? fate.of : null,
    };
  });
  if (ran && result.created && result.candidates && ctx.onCandidatesChanged) {
    // Reviewers hear of the new candidates (after commit, like every announcement).
    const created = await ctx.prisma.candidate.findMany({
      where: { articleId: result.articleId },
      select: { id: true },
    });
    ctx.onCandidatesChanged(created.map((candidate) => candidate.id));
  }
  return { result, replayed: !ran };
}

// The gazetteer is rebuilt only when the aliases change; one cheap query tells whether they did.
const gazetteers = new WeakMap<object, { version: string; gazetteer: Gazetteer }>();

export async function loadGazetteer(ctx: Pick<DomainContext, 'prisma'>): Promise<Gazetteer> {
  const version = await gazetteerVersion(ctx.prisma);
  const cached = gazetteers.get(ctx.prisma);
  if (cached?.version === version) return cached.gazetteer;
  const actors = await ctx.prisma.actor.findMany({
    select: { id: true, kind: true, aliases: { select: { text: true, language: true, ambiguous: true } } },
  });
  const gazetteer = buildGazetteer(actors);
  gazetteers.set(ctx.prisma, { version, gazetteer });
  return gazetteer;
}
