import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { updateActor } from './actors';
import { setExcludedRanges } from './articles';
import type { DomainContext, Tx } from './context';
import { reviseDevelopment } from './developments';
import { loadQuotedArticles, readExcludedRanges, resolveEvidence } from './evidence';
import { updateMeeting } from './meetings';
import { updateProposal } from './proposals';
import { seedDay, seedIds, seedParticipants, seedProposers, seedTerms, type SeedData } from './seed';
import type { SeedQuote } from './seed-schema';
import { correctStance, retractStance } from './stance-corrections';

/**
 * Brings a database seeded from an earlier version of seeds/ to the current one, through the normal
 * writes: each changed meeting, proposal, stance or log entry gets a CORRECTION (or RETRACTION) entry on
 * the live log. Facts are matched by slug and seed key; what is already right is left alone, so running
 * it again changes nothing. Stances are history and are never matched loosely: the ones to retract are
 * named by the caller.
 */
export interface StanceRetraction {
  proposal: string;
  actor: string;
  reason: string;
}

export interface CorrectionReport {
  articles: number;
  actors: number;
  meetings: number;
  proposals: number;
  stances: number;
  developments: number;
}

type Row = { articleId: number; startOffset: number; endOffset: number };
const evidenceKey = (rows: readonly Row[]) =>
  rows
    .map((row) => `${row.articleId}:${row.startOffset}:${row.endOffset}`)
    .sort()
    .join(' ');
const sameDay = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

export async function correctSeededFacts(
  ctx: DomainContext,
  data: SeedData,
  retractions: readonly StanceRetraction[] = [],
): Promise<CorrectionReport> {
  const report: CorrectionReport = {
    articles: 0,
    actors: 0,
    meetings: 0,
    proposals: 0,
    stances: 0,
    developments: 0,
  };
  const { prisma } = ctx;
  const articleIds = new Map<string, number>();
  for (const seed of data.articles) {
    const stored = await prisma.article.findFirst({ where: { url: seed.url }, orderBy: { version: 'desc' } });
    if (!stored) continue;
    articleIds.set(seed.key, stored.id);
    const body = await readFile(path.join(data.dir, seed.file), 'utf8');
    if (body !== stored.body) throw new Error(`Seed article ${seed.key} differs from the stored one`);
    if (JSON.stringify(readExcludedRanges(stored.excludedRanges)) !== JSON.stringify(seed.excludedRanges)) {
      await setExcludedRanges(ctx, { articleId: stored.id, ranges: seed.excludedRanges });
      report.articles += 1;
    }
  }
  if (!articleIds.size) return report; // never seeded: nothing to correct
  const actorIds = new Map(
    (await prisma.actor.findMany({ select: { id: true, slug: true } })).map((row) => [row.slug, row.id]),
  );
  const ids = seedIds(articleIds, actorIds);
  const resolve = async (quotes: readonly SeedQuote[]) => {
    const items = ids.quotes(quotes);
    return resolveEvidence(await loadQuotedArticles(prisma as unknown as Tx, items), items, ['seed']);
  };

  for (const seed of data.actors) {
    const id = actorIds.get(seed.slug);
    if (id === undefined) continue;
    const stored = await prisma.actor.findUniqueOrThrow({ where: { id }, include: { aliases: true } });
    const affiliationId = seed.affiliation ? ids.actor(seed.affiliation) : null;
    const ambiguous = seed.aliases
      .filter(
        (alias) => alias.ambiguous && !stored.aliases.some((row) => row.text === alias.text && row.ambiguous),
      )
      .map((alias) => ({ text: alias.text, ambiguous: true }));
    if (
      stored.description !== seed.description ||
      stored.affiliationId !== affiliationId ||
      ambiguous.length
    ) {
      await updateActor(ctx, { id, description: seed.description, affiliationId, aliasAmbiguity: ambiguous });
      report.actors += 1;
    }
  }

  const proposalIds = new Map<string, number>();
  for (const seed of data.proposals) {
    const stored = await prisma.proposal.findUnique({
      where: { slug: seed.slug },
      include: {
        evidence: true,
        proposers: { include: { evidence: true }, orderBy: { id: 'asc' } },
        terms: { include: { evidence: true }, orderBy: { position: 'asc' } },
        stances: { include: { evidence: true } },
      },
    });
    if (!stored) continue;
    proposalIds.set(seed.slug, stored.id);
    const proposers = seedProposers(ids, seed);
    const terms = seedTerms(ids, seed);
    const wanted = {
      fields: [
        seed.title,
        seed.summary,
        seed.status,
        seedDay(seed.tabledAt)?.getTime() ?? null,
        seed.tabledAtPrecision,
      ],
      evidence: evidenceKey(await resolve(seed.evidence)),
      proposers: await Promise.all(
        seed.proposers.map(
          async (proposer) => `${ids.actor(proposer.actor)}=${evidenceKey(await resolve(proposer.evidence))}`,
        ),
      ),
      terms: await Promise.all(
        seed.terms.map(async (term) => `${term.text}=${evidenceKey(await resolve(term.evidence))}`),
      ),
    };
    const has = {
      fields: [
        stored.title,
        stored.summary,
        stored.status,
        stored.tabledAt?.getTime() ?? null,
        stored.tabledAtPrecision,
      ],
      evidence: evidenceKey(stored.evidence),
      proposers: stored.proposers.map((proposer) => `${proposer.actorId}=${evidenceKey(proposer.evidence)}`),
      terms: stored.terms.map((term) => `${term.text}=${evidenceKey(term.evidence)}`),
    };
    if (JSON.stringify(wanted) !== JSON.stringify(has)) {
      await updateProposal(ctx, {
        id: stored.id,
        title: seed.title,
        summary: seed.summary,
        status: seed.status,
        tabledAt: seedDay(seed.tabledAt),
        tabledAtPrecision: seed.tabledAtPrecision,
        proposers,
        terms,
        evidence: ids.quotes(seed.evidence),
        replaceEvidence: true,
        development: {
          summary: `Corrected: ${seed.title}`,
          change: 'CORRECTION',
          evidence: announcedQuotes(ids, [
            seed.evidence,
            ...seed.proposers.map((proposer) => proposer.evidence),
          ]),
        },
      });
      report.proposals += 1;
    }
    for (const stance of stored.stances) {
      const actor = [...actorIds].find(([, id]) => id === stance.actorId)?.[0];
      const retraction = retractions.find((item) => item.proposal === seed.slug && item.actor === actor);
      if (retraction) {
        await retractStance(ctx, { stanceId: stance.id, reason: retraction.reason });
        report.stances += 1;
        continue;
      }
      const match = seed.stances.find(
        (candidate) =>
          candidate.actor === actor &&
          candidate.position === stance.position &&
          sameDay(seedDay(candidate.asOf), stance.asOf),
      );
      if (!match) continue; // not a seed stance (or one this version does not know): left alone
      const evidence = await resolve(match.evidence);
      if (match.summary !== stance.summary || evidenceKey(evidence) !== evidenceKey(stance.evidence)) {
        await correctStance(ctx, {
          stanceId: stance.id,
          summary: match.summary,
          evidence: ids.quotes(match.evidence),
        });
        report.stances += 1;
      }
    }
  }

  for (const seed of data.meetings) {
    const stored = await prisma.meeting.findUnique({
      where: { slug: seed.slug },
      include: { evidence: true, participants: { include: { evidence: true }, orderBy: { id: 'asc' } } },
    });
    if (!stored) continue;
    const wanted = {
      fields: [
        seed.title,
        seed.summary,
        seed.status,
        seedDay(seed.occurredAt)?.getTime() ?? null,
        seed.occurredAtPrecision,
        seed.venue,
        seed.city,
      ],
      evidence: evidenceKey(await resolve(seed.evidence)),
      participants: await Promise.all(
        seed.participants.map(
          async (participant) =>
            `${ids.actor(participant.actor)}:${participant.role}=${evidenceKey(await resolve(participant.evidence))}`,
        ),
      ),
    };
    const has = {
      fields: [
        stored.title,
        stored.summary,
        stored.status,
        stored.occurredAt?.getTime() ?? null,
        stored.occurredAtPrecision,
        stored.venue,
        stored.city,
      ],
      evidence: evidenceKey(stored.evidence),
      participants: stored.participants.map(
        (participant) => `${participant.actorId}:${participant.role}=${evidenceKey(participant.evidence)}`,
      ),
    };
    if (JSON.stringify(wanted) === JSON.stringify(has)) continue;
    await updateMeeting(ctx, {
      id: stored.id,
      title: seed.title,
      summary: seed.summary,
      status: seed.status,
      occurredAt: seedDay(seed.occurredAt),
      occurredAtPrecision: seed.occurredAtPrecision,
      venue: seed.venue,
      city: seed.city,
      participants: seedParticipants(ids, seed),
      evidence: ids.quotes(seed.evidence),
      replaceEvidence: true,
      development: {
        summary: `Corrected: ${seed.title}`,
        change: 'CORRECTION',
        evidence: announcedQuotes(ids, [
          seed.evidence,
          ...seed.participants.map((participant) => participant.evidence),
        ]),
      },
    });
    report.meetings += 1;
  }

  for (const seed of data.developments) {
    const original = await prisma.development.findUnique({ where: { externalKey: `seed:${seed.key}` } });
    if (!original) continue;
    const latest = await latestVersion(prisma as unknown as Tx, original.id);
    const wanted = {
      fields: [
        seed.kind,
        seed.summary,
        seedDay(seed.occurredAt)?.getTime() ?? null,
        seed.occurredAtPrecision,
      ],
      actors: seed.actors.map(ids.actor).sort(),
      evidence: evidenceKey(await resolve(seed.evidence)),
    };
    const has = {
      fields: [latest.kind, latest.summary, latest.occurredAt?.getTime() ?? null, latest.occurredAtPrecision],
      actors: latest.actors.map((actor) => actor.actorId).sort(),
      evidence: evidenceKey(latest.evidence),
    };
    if (JSON.stringify(wanted) === JSON.stringify(has)) continue;
    await reviseDevelopment(ctx, {
      developmentId: original.id,
      change: 'CORRECTION',
      kind: seed.kind,
      summary: seed.summary,
      occurredAt: seedDay(seed.occurredAt),
      occurredAtPrecision: seed.occurredAtPrecision,
      actorIds: seed.actors.map(ids.actor),
      evidence: ids.quotes(seed.evidence),
    });
    report.developments += 1;
  }
  return report;
}

/** The quotes a correction entry carries: the fact's own and its links', each once, so they name its actors. */
function announcedQuotes(ids: ReturnType<typeof seedIds>, groups: readonly (readonly SeedQuote[])[]) {
  const seen = new Set<string>();
  const quotes = groups.flat().filter((quote) => {
    const key = `${quote.article}:${quote.nth ?? 1}:${quote.quote}`;
    return !seen.has(key) && seen.add(key);
  });
  return ids.quotes(quotes.slice(0, 20));
}

/** The newest entry of a log item: the original or its latest update or correction. */
export async function latestVersion(tx: Pick<Tx, 'development'>, originalId: number) {
  const include = { actors: true, evidence: true } as const;
  const revision = await tx.development.findFirst({
    where: { revisesId: originalId, change: { in: ['UPDATE', 'CORRECTION'] } },
    orderBy: { sequence: 'desc' },
    include,
  });
  return revision ?? tx.development.findUniqueOrThrow({ where: { id: originalId }, include });
}
