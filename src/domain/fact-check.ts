import type { CuedRole } from '../arabic/role-cues';
import type { Tx } from './context';
import { daySupported, type DatedQuote } from './dates';
import { excludedRangeOf, readExcludedRanges, type ExcludedRange } from './evidence';
import { linkArticle, loadGazetteerIn, namesActor, roleQuoteProblem, type LinkedArticle } from './roles';

/**
 * Checks every stored fact against its own quotes (npm run check-facts, tests/domain/fact-check.test.ts):
 * - every quote stands at its offsets and outside its article's excluded ranges;
 * - every participant, proposer, stance actor and actor of a current log entry is named in one of that
 *   fact's quotes (by the linker over the whole article, or by a stored mention of the actor inside it);
 * - every role but ATTENDEE has a quote of its own that names the actor with a cue for the role;
 * - every DAY-precision date is stated in a quote, or follows from one and a DAY-precision article date.
 * Log entries are checked as they now stand: a corrected entry by its latest correction, a retracted
 * one not at all.
 */

type Client = Pick<Tx, 'article' | 'actor' | 'evidence' | 'meeting' | 'proposal' | 'development'>;

export interface FactProblem {
  fact: string;
  problem: string;
}

export interface FactCheckReport {
  counts: Record<
    | 'evidence'
    | 'meetings'
    | 'participants'
    | 'proposals'
    | 'proposers'
    | 'terms'
    | 'stances'
    | 'developments',
    number
  >;
  problems: FactProblem[];
}

interface Quote {
  articleId: number;
  quote: string;
  startOffset: number;
  endOffset: number;
}

interface StoredArticle {
  body: string;
  publishedAt: Date | null;
  publishedAtPrecision: string;
  excludedRanges: ExcludedRange[];
  linked?: LinkedArticle;
  /** Stored mentions (curated or linked at ingestion): actor id → spans. */
  mentions: { actorId: number; startOffset: number; endOffset: number }[];
}

export async function checkFacts(db: Client): Promise<FactCheckReport> {
  const problems: FactProblem[] = [];
  const fail = (fact: string, problem: string) => problems.push({ fact, problem });
  const articles = new Map<number, StoredArticle>(
    (
      await db.article.findMany({
        select: { id: true, body: true, publishedAt: true, publishedAtPrecision: true, excludedRanges: true },
      })
    ).map((article) => [
      article.id,
      { ...article, excludedRanges: readExcludedRanges(article.excludedRanges), mentions: [] },
    ]),
  );
  const evidence = await db.evidence.findMany({
    select: {
      id: true,
      articleId: true,
      quote: true,
      startOffset: true,
      endOffset: true,
      supports: true,
      actorId: true,
    },
  });
  for (const item of evidence) {
    const article = articles.get(item.articleId)!;
    if (article.body.slice(item.startOffset, item.endOffset) !== item.quote)
      fail(`evidence ${item.id}`, 'the quote does not stand at its offsets');
    const excluded = excludedRangeOf(article.excludedRanges, item);
    if (excluded)
      fail(`evidence ${item.id} (${item.supports})`, `quotes an excluded range (${excluded.reason})`);
    if (item.supports === 'ACTOR_MENTION' && item.actorId !== null)
      article.mentions.push({
        actorId: item.actorId,
        startOffset: item.startOffset,
        endOffset: item.endOffset,
      });
  }
  const gazetteer = await loadGazetteerIn(db);
  const linked = (articleId: number) => {
    const article = articles.get(articleId)!;
    return (article.linked ??= linkArticle(article.body, gazetteer));
  };
  const named = (actorId: number, quotes: readonly Quote[]) =>
    quotes.some(
      (quote) =>
        articles
          .get(quote.articleId)!
          .mentions.some(
            (mention) =>
              mention.actorId === actorId &&
              mention.startOffset >= quote.startOffset &&
              mention.endOffset <= quote.endOffset,
          ) || namesActor(linked(quote.articleId), actorId, quote),
    );
  const dated = (quotes: readonly Quote[]): DatedQuote[] =>
    quotes.map((quote) => ({ quote: quote.quote, ...articles.get(quote.articleId)! }));
  const checkDay = (
    fact: string,
    date: Date | null,
    precision: string,
    quotes: readonly Quote[],
    asOfReport = false,
  ) => {
    if (date && precision === 'DAY' && !daySupported(date, dated(quotes), asOfReport))
      fail(
        fact,
        `its DAY date ${date.toISOString().slice(0, 10)} is in none of its quotes (nor follows from one and a DAY article date)`,
      );
  };
  const actorSlugs = new Map(
    (await db.actor.findMany({ select: { id: true, slug: true } })).map((a) => [a.id, a.slug]),
  );
  const slug = (id: number) => actorSlugs.get(id) ?? `actor ${id}`;
  const counts: FactCheckReport['counts'] = {
    evidence: evidence.length,
    meetings: 0,
    participants: 0,
    proposals: 0,
    proposers: 0,
    terms: 0,
    stances: 0,
    developments: 0,
  };

  const meetings = await db.meeting.findMany({
    include: { evidence: true, participants: { include: { evidence: true } } },
    orderBy: { id: 'asc' },
  });
  for (const meeting of meetings) {
    counts.meetings += 1;
    const fact = `meeting ${meeting.slug}`;
    checkDay(fact, meeting.occurredAt, meeting.occurredAtPrecision, meeting.evidence);
    for (const participant of meeting.participants) {
      counts.participants += 1;
      const who = `${fact}: ${participant.role} ${slug(participant.actorId)}`;
      if (!named(participant.actorId, [...meeting.evidence, ...participant.evidence]))
        fail(who, 'no quote of the meeting names this participant');
      if (participant.role === 'ATTENDEE') continue;
      const reasons = participant.evidence.map((quote) =>
        roleQuoteProblem(linked(quote.articleId), participant.actorId, participant.role as CuedRole, quote),
      );
      if (!reasons.length) fail(who, 'a role other than ATTENDEE without a quote of its own');
      else if (!reasons.includes(null)) fail(who, `no quote supports the role: ${reasons.join('; ')}`);
    }
  }

  const proposals = await db.proposal.findMany({
    include: {
      evidence: true,
      proposers: { include: { evidence: true } },
      terms: { include: { evidence: true } },
      stances: { include: { evidence: true } },
    },
    orderBy: { id: 'asc' },
  });
  for (const proposal of proposals) {
    counts.proposals += 1;
    const fact = `proposal ${proposal.slug}`;
    checkDay(fact, proposal.tabledAt, proposal.tabledAtPrecision, proposal.evidence);
    for (const proposer of proposal.proposers) {
      counts.proposers += 1;
      if (!named(proposer.actorId, [...proposal.evidence, ...proposer.evidence]))
        fail(`${fact}: proposer ${slug(proposer.actorId)}`, 'no quote of the proposal names this proposer');
    }
    counts.terms += proposal.terms.length;
    for (const stance of proposal.stances) {
      counts.stances += 1;
      const who = `${fact}: stance of ${slug(stance.actorId)}`;
      if (!stance.evidence.length) fail(who, 'has no quote');
      else if (!named(stance.actorId, stance.evidence)) fail(who, 'no quote of the stance names its actor');
      checkDay(who, stance.asOf, stance.asOfPrecision, stance.evidence, true);
    }
  }

  const developments = await db.development.findMany({
    include: { evidence: true, actors: true, revisions: { select: { id: true } } },
    orderBy: { sequence: 'asc' },
  });
  // Checked as each entry stands now: a retraction asserts nothing, and an entry that was updated or
  // corrected stands by its latest revision (revisions all point at the original).
  const latestRevision = new Map<number, number>();
  for (const development of developments)
    if (development.revisesId !== null) latestRevision.set(development.revisesId, development.sequence);
  for (const development of developments) {
    if (development.change === 'RETRACTION' || development.revisions.length) continue;
    if (development.revisesId !== null && latestRevision.get(development.revisesId) !== development.sequence)
      continue;
    counts.developments += 1;
    const fact = `development #${development.sequence}${development.externalKey ? ` (${development.externalKey})` : ''}`;
    for (const actor of development.actors)
      if (!named(actor.actorId, development.evidence))
        fail(fact, `no quote names its actor ${slug(actor.actorId)}`);
    checkDay(
      fact,
      development.occurredAt,
      development.occurredAtPrecision,
      development.evidence,
      development.kind === 'STATEMENT',
    );
  }
  return { counts, problems };
}
