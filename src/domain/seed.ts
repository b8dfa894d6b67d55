import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../paths';
import { createActor, updateActor } from './actors';
import { storeArticle } from './articles';
import type { DomainContext } from './context';
import { recordDevelopment } from './developments';
import { createMeeting } from './meetings';
import { createProposal, recordStance } from './proposals';

// Shapes of the curated files in seeds/ (described in seeds/README.md).
type Precision = 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
interface SeedEvidence {
  article: string;
  quote: string;
  start: number;
  end: number;
}
interface SeedArticle {
  key: string;
  file: string;
  url: string;
  title: string;
  source: string;
  language: string;
  publishedAt: string;
  publishedAtPrecision: Precision;
}
interface SeedActor {
  slug: string;
  kind: 'PERSON' | 'ORGANISATION' | 'STATE' | 'ARMED_GROUP' | 'MEDIA';
  nameEn: string;
  nameAr?: string | null;
  wikidataId?: string | null;
  description?: string | null;
  affiliation?: string | null;
  aliases: { text: string; language: 'AR' | 'EN' | 'HE' }[];
}
interface SeedMeeting {
  slug: string;
  title: string;
  summary?: string | null;
  occurredAt?: string | null;
  occurredAtPrecision: Precision;
  venue?: string | null;
  city?: string | null;
  status: 'HELD' | 'PLANNED' | 'CANCELLED' | 'REPORTED';
  participants: { actor: string; role: 'HOST' | 'VISITOR' | 'MEDIATOR' | 'ATTENDEE' | 'DELEGATION_HEAD' }[];
  proposals?: string[];
  evidence: SeedEvidence[];
}
interface SeedStance {
  actor: string;
  position: 'SUPPORTS' | 'OPPOSES' | 'ACCEPTS' | 'REJECTS' | 'CONDITIONAL' | 'UNDECIDED';
  summary?: string | null;
  asOf: string;
  asOfPrecision: Precision;
  evidence: SeedEvidence[];
}
interface SeedProposal {
  slug: string;
  title: string;
  summary?: string | null;
  status: 'TABLED' | 'UNDER_DISCUSSION' | 'ACCEPTED' | 'REJECTED' | 'WITHDRAWN' | 'SUPERSEDED';
  tabledAt?: string | null;
  tabledAtPrecision: Precision;
  proposers: string[];
  revises?: string | null;
  terms: string[];
  stances?: SeedStance[];
  evidence: SeedEvidence[];
}
interface SeedDevelopment {
  key: string;
  kind: string;
  summary: string;
  occurredAt?: string | null;
  occurredAtPrecision: Precision;
  reportedAt: string;
  actors: string[];
  meeting?: string | null;
  proposal?: string | null;
  evidence: SeedEvidence[];
}
interface SeedMention {
  article: string;
  actor: string;
  start: number;
  end: number;
  text: string;
}

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

export async function readSeedData(dir = defaultSeedsDir): Promise<SeedData> {
  const json = async <T>(name: string): Promise<T> =>
    JSON.parse(await readFile(path.join(dir, name), 'utf8')) as T;
  return {
    dir,
    articles: await json('articles.json'),
    actors: await json('actors.json'),
    meetings: await json('meetings.json'),
    proposals: await json('proposals.json'),
    developments: await json('developments.json'),
    mentions: await json('gold/mentions.json'),
  };
}

const day = (value: string | null | undefined) => (value ? new Date(`${value}T00:00:00Z`) : null);

export interface SeedReport {
  articles: number;
  actors: number;
  proposals: number;
  meetings: number;
  developments: number;
}

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
    const { article, created } = await storeArticle(ctx, {
      url: seed.url,
      title: seed.title,
      body,
      source: seed.source,
      language: seed.language,
      publishedAt: day(seed.publishedAt),
      publishedAtPrecision: seed.publishedAtPrecision,
    });
    articleIds.set(seed.key, article.id);
    if (created) report.articles += 1;
  }
  const evidence = (items: SeedEvidence[] | undefined) =>
    (items ?? []).map((item) => ({
      articleId: articleIds.get(item.article)!,
      quote: item.quote,
      startOffset: item.start,
    }));

  const actorIds = new Map(
    (await prisma.actor.findMany({ select: { id: true, slug: true } })).map((row) => [row.slug, row.id]),
  );
  const newActors = data.actors.filter((actor) => !actorIds.has(actor.slug));
  for (const seed of newActors) {
    const mentions = data.mentions.filter((mention) => mention.actor === seed.slug);
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
  // Affiliations point at other actors, so they are set once every actor exists.
  for (const seed of newActors) {
    if (seed.affiliation)
      await updateActor(ctx, {
        id: actorIds.get(seed.slug)!,
        affiliationId: actorIds.get(seed.affiliation)!,
      });
  }
  const actorId = (slug: string) => {
    const found = actorIds.get(slug);
    if (!found) throw new Error(`Seed data names an unknown actor: ${slug}`);
    return found;
  };

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
      tabledAt: day(seed.tabledAt),
      tabledAtPrecision: seed.tabledAtPrecision,
      proposers: seed.proposers.map((slug) => ({ actorId: actorId(slug) })),
      terms: seed.terms,
      revisesId: seed.revises ? proposalIds.get(seed.revises) : null,
      evidence: evidence(seed.evidence),
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
    for (const stance of seed.stances ?? []) {
      await recordStance(ctx, {
        proposalId: proposal.id,
        actorId: actorId(stance.actor),
        position: stance.position,
        summary: stance.summary,
        asOf: day(stance.asOf)!,
        asOfPrecision: stance.asOfPrecision,
        evidence: evidence(stance.evidence),
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
      occurredAt: day(seed.occurredAt),
      occurredAtPrecision: seed.occurredAtPrecision,
      venue: seed.venue,
      city: seed.city,
      status: seed.status,
      participants: seed.participants.map((participant) => ({
        actorId: actorId(participant.actor),
        role: participant.role,
      })),
      proposalIds: (seed.proposals ?? []).map((slug) => proposalIds.get(slug)!),
      evidence: evidence(seed.evidence),
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
      kind: seed.kind as never,
      summary: seed.summary,
      occurredAt: day(seed.occurredAt),
      occurredAtPrecision: seed.occurredAtPrecision,
      reportedAt: day(seed.reportedAt)!,
      actorIds: seed.actors.map(actorId),
      meetingId: seed.meeting ? meetingIds.get(seed.meeting) : null,
      proposalId: seed.proposal ? proposalIds.get(seed.proposal) : null,
      evidence: evidence(seed.evidence),
    });
    report.developments += 1;
  }
  return report;
}
