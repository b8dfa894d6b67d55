import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { projectRoot } from '../paths';
import { createActor, updateActor } from './actors';
import { storeArticle } from './articles';
import type { DomainContext } from './context';
import { recordDevelopment } from './developments';
import { excludedRangeOf } from './evidence';
import { createMeeting } from './meetings';
import { createProposal, recordStance } from './proposals';
import {
  seedFiles,
  type SeedActor,
  type SeedArticle,
  type SeedDevelopment,
  type SeedMeeting,
  type SeedMention,
  type SeedProposal,
  type SeedQuote,
} from './seed-schema';

export const defaultSeedsDir = path.join(projectRoot, 'seeds');

export interface SeedData {
  dir: string;
  articles: SeedArticle[];
  actors: SeedActor[];
  meetings: SeedMeeting[];
  proposals: SeedProposal[];
  developments: SeedDevelopment[];
  mentions: SeedMention[];
}

/** Reads and validates the curated files; a file that does not match its schema names itself and the field. */
export async function readSeedData(dir = defaultSeedsDir): Promise<SeedData> {
  const load = async <N extends keyof typeof seedFiles>(
    name: N,
  ): Promise<z.output<(typeof seedFiles)[N]>> => {
    const parsed = seedFiles[name].safeParse(JSON.parse(await readFile(path.join(dir, name), 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`seeds/${name}: ${issue.path.join('.')}: ${issue.message}`);
    }
    return parsed.data as z.output<(typeof seedFiles)[N]>;
  };
  return {
    dir,
    articles: await load('articles.json'),
    actors: await load('actors.json'),
    meetings: await load('meetings.json'),
    proposals: await load('proposals.json'),
    developments: await load('developments.json'),
    mentions: await load('gold/mentions.json'),
  };
}

export const seedDay = (value: string | null | undefined) => (value ? new Date(`${value}T00:00:00Z`) : null);

export interface SeedReport {
  articles: number;
  actors: number;
  proposals: number;
  meetings: number;
  developments: number;
}

/** Seed slugs and keys mapped to database ids, and quotes turned into evidence input. */
export interface SeedIds {
  article(key: string): number;
  actor(slug: string): number;
  quotes(items: readonly SeedQuote[]): { articleId: number; quote: string; nth?: number }[];
}

export function seedIds(articleIds: Map<string, number>, actorIds: Map<string, number>): SeedIds {
  const lookup = (map: Map<string, number>, kind: string) => (key: string) => {
    const found = map.get(key);
    if (found === undefined) throw new Error(`Seed data names an unknown ${kind}: ${key}`);
    return found;
  };
  const article = lookup(articleIds, 'article');
  return {
    article,
    actor: lookup(actorIds, 'actor'),
    quotes: (items) =>
      items.map((item) => ({ articleId: article(item.article), quote: item.quote, nth: item.nth })),
  };
}

export const seedParticipants = (ids: SeedIds, meeting: SeedMeeting) =>
  meeting.participants.map((participant) => ({
    actorId: ids.actor(participant.actor),
    role: participant.role,
    evidence: ids.quotes(participant.evidence),
  }));

export const seedProposers = (ids: SeedIds, proposal: SeedProposal) =>
  proposal.proposers.map((proposer) => ({
    actorId: ids.actor(proposer.actor),
    evidence: ids.quotes(proposer.evidence),
  }));

export const seedTerms = (ids: SeedIds, proposal: SeedProposal) =>
  proposal.terms.map((term) => ({ text: term.text, evidence: ids.quotes(term.evidence) }));

/**
 * Loads the curated seed data through the same domain writes the API uses. Every entity is looked up by
 * its natural key first, so running it again changes nothing.
 */
export async function seedDatabase(ctx: DomainContext, data: SeedData): Promise<SeedReport> {
  const report: SeedReport = { articles: 0, actors: 0, proposals: 0, meetings: 0, developments: 0 };
  const { prisma } = ctx;

  const articleIds = new Map<string, number>();
  for (const seed of data.articles) {
    const body = await readFile(path.join(data.dir, seed.file), 'utf8');
    const { article, created } = await storeArticle(
      ctx,
      {
        url: seed.url,
        title: seed.title,
        body,
        source: seed.source,
        language: seed.language,
        publishedAt: seedDay(seed.publishedAt),
        publishedAtPrecision: seed.publishedAtPrecision,
        excludedRanges: seed.excludedRanges,
      },
      { allowFileUrls: true },
    );
    articleIds.set(seed.key, article.id);
    if (created) report.articles += 1;
  }
  const excluded = new Map(data.articles.map((article) => [article.key, article.excludedRanges]));

  const actorIds = new Map(
    (await prisma.actor.findMany({ select: { id: true, slug: true } })).map((row) => [row.slug, row.id]),
  );
  const newActors = data.actors.filter((actor) => !actorIds.has(actor.slug));
  for (const seed of newActors) {
    // Gold mentions are evidence that the actor is named there; none may lie in an excluded range.
    const mentions = data.mentions.filter(
      (mention) =>
        mention.actor === seed.slug &&
        !excludedRangeOf(excluded.get(mention.article) ?? [], {
          startOffset: mention.start,
          endOffset: mention.end,
        }),
    );
    const actor = await createActor(ctx, {
      slug: seed.slug,
      kind: seed.kind,
      nameEn: seed.nameEn,
      nameAr: seed.nameAr,
      wikidataId: seed.wikidataId,
      description: seed.description,
      aliases: seed.aliases,
      evidence: mentions.map((mention) => ({
        articleId: articleIds.get(mention.article)!,
        quote: mention.text,
        startOffset: mention.start,
      })),
    });
    actorIds.set(seed.slug, actor.id);
    report.actors += 1;
  }
  const ids = seedIds(articleIds, actorIds);
  // Affiliations point at other actors, so they are set once every actor exists.
  for (const seed of newActors) {
    if (seed.affiliation)
      await updateActor(ctx, { id: ids.actor(seed.slug), affiliationId: ids.actor(seed.affiliation) });
  }

  const proposalIds = new Map(
    (await prisma.proposal.findMany({ select: { id: true, slug: true } })).map((row) => [row.slug, row.id]),
  );
  const pending = data.proposals.filter((proposal) => !proposalIds.has(proposal.slug));
  // A revision is created after the proposal it revises.
  while (pending.length) {
    const index = pending.findIndex((proposal) => !proposal.revises || proposalIds.has(proposal.revises));
    if (index < 0)
      throw new Error(`Seed proposals revise unknown proposals: ${pending.map((p) => p.slug).join(', ')}`);
    const [seed] = pending.splice(index, 1);
    const proposal = await createProposal(ctx, {
      slug: seed.slug,
      title: seed.title,
      summary: seed.summary,
      status: seed.status,
      tabledAt: seedDay(seed.tabledAt),
      tabledAtPrecision: seed.tabledAtPrecision,
      proposers: seedProposers(ids, seed),
      terms: seedTerms(ids, seed),
      revisesId: seed.revises ? proposalIds.get(seed.revises) : null,
      evidence: ids.quotes(seed.evidence),
      recordDevelopment: false,
    });
    // Creating a revision marks the revised proposal superseded; the curated status is the truth here.
    if (seed.revises) {
      const revised = data.proposals.find((p) => p.slug === seed.revises);
      if (revised)
        await prisma.proposal.update({
          where: { id: proposalIds.get(seed.revises)! },
          data: { status: revised.status },
        });
    }
    proposalIds.set(seed.slug, proposal.id);
    for (const stance of seed.stances) {
      await recordStance(ctx, {
        proposalId: proposal.id,
        actorId: ids.actor(stance.actor),
        position: stance.position,
        summary: stance.summary,
        asOf: seedDay(stance.asOf)!,
        asOfPrecision: stance.asOfPrecision,
        evidence: ids.quotes(stance.evidence),
        recordDevelopment: false,
      });
    }
    report.proposals += 1;
  }

  const meetingIds = new Map(
    (await prisma.meeting.findMany({ select: { id: true, slug: true } })).map((row) => [row.slug, row.id]),
  );
  for (const seed of data.meetings) {
    if (meetingIds.has(seed.slug)) continue;
    const meeting = await createMeeting(ctx, {
      slug: seed.slug,
      title: seed.title,
      summary: seed.summary,
      occurredAt: seedDay(seed.occurredAt),
      occurredAtPrecision: seed.occurredAtPrecision,
      venue: seed.venue,
      city: seed.city,
      status: seed.status,
      participants: seedParticipants(ids, seed),
      proposalIds: seed.proposals.map((slug) => proposalIds.get(slug)!),
      evidence: ids.quotes(seed.evidence),
      recordDevelopment: false,
    });
    meetingIds.set(seed.slug, meeting.id);
    report.meetings += 1;
  }

  const recorded = new Set(
    (
      await prisma.development.findMany({
        where: { externalKey: { startsWith: 'seed:' } },
        select: { externalKey: true },
      })
    ).map((row) => row.externalKey),
  );
  for (const seed of data.developments) {
    const externalKey = `seed:${seed.key}`;
    if (recorded.has(externalKey)) continue;
    await recordDevelopment(ctx, {
      externalKey,
      kind: seed.kind,
      summary: seed.summary,
      occurredAt: seedDay(seed.occurredAt),
      occurredAtPrecision: seed.occurredAtPrecision,
      reportedAt: seedDay(seed.reportedAt)!,
      actorIds: seed.actors.map(ids.actor),
      meetingId: seed.meeting ? meetingIds.get(seed.meeting) : null,
      proposalId: seed.proposal ? proposalIds.get(seed.proposal) : null,
      evidence: ids.quotes(seed.evidence),
    });
    report.developments += 1;
  }
  return report;
}
