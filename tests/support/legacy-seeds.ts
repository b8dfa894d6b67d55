import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../src/db/client';
import { createActor, updateActor } from '../../src/domain/actors';
import { storeArticle, type ArticleInput } from '../../src/domain/articles';
import type { DomainContext } from '../../src/domain/context';
import { recordDevelopment } from '../../src/domain/developments';
import { defaultSeedsDir } from '../../src/domain/seed';

// The seeds as first curated (before issue 15), loaded the way that version's seedDatabase stored them:
// the domain's writes where they still accept the data, Prisma directly where today's rules refuse it
// (roles without evidence). Used to test that the data migration corrects such a database.

interface OldQuote {
  article: string;
  quote: string;
  start: number;
  end: number;
}
const fixtures = path.join(import.meta.dirname, '../fixtures/seeds-v1');
const json = async <T>(name: string) => JSON.parse(await readFile(path.join(fixtures, name), 'utf8')) as T;
const day = (value: string | null | undefined) => (value ? new Date(`${value}T00:00:00Z`) : null);

export async function seedFirstCuration(ctx: DomainContext): Promise<void> {
  const prisma: Db = ctx.prisma;
  const articleIds = new Map<string, number>();
  for (const seed of await json<
    {
      key: string;
      file: string;
      url: string;
      title: string;
      source: string;
      language: ArticleInput['language'];
      publishedAt: string;
      publishedAtPrecision: 'DAY' | 'MONTH';
    }[]
  >('articles.json')) {
    const body = await readFile(path.join(defaultSeedsDir, seed.file), 'utf8');
    const { article } = await storeArticle(
      ctx,
      { ...seed, body, publishedAt: day(seed.publishedAt) },
      { allowFileUrls: true },
    );
    articleIds.set(seed.key, article.id);
  }
  const rows = (items: OldQuote[]) =>
    items.map((item) => ({
      articleId: articleIds.get(item.article)!,
      quote: item.quote,
      startOffset: item.start,
      endOffset: item.end,
    }));
  const mentions = await json<{ article: string; actor: string; start: number; end: number; text: string }[]>(
    '../../../seeds/gold/mentions.json',
  );
  const actors = await json<
    {
      slug: string;
      kind: 'PERSON';
      nameEn: string;
      nameAr: string | null;
      wikidataId: string | null;
      description: string | null;
      affiliation: string | null;
      aliases: { text: string; language: 'AR' }[];
    }[]
  >('actors.json');
  const actorIds = new Map<string, number>();
  for (const seed of actors) {
    const { affiliation: _affiliation, ...fields } = seed;
    // The first curation had no ambiguity flags; today's defaults would set some, so clear them after.
    const actor = await createActor(ctx, {
      ...fields,
      evidence: mentions
        .filter((mention) => mention.actor === seed.slug)
        .map((mention) => ({
          articleId: articleIds.get(mention.article)!,
          quote: mention.text,
          startOffset: mention.start,
        })),
    });
    actorIds.set(seed.slug, actor.id);
  }
  await prisma.actorAlias.updateMany({ data: { ambiguous: false } });
  for (const seed of actors)
    if (seed.affiliation)
      await updateActor(ctx, {
        id: actorIds.get(seed.slug)!,
        affiliationId: actorIds.get(seed.affiliation)!,
      });
  const actor = (slug: string) => actorIds.get(slug)!;

  const proposalIds = new Map<string, number>();
  type OldProposal = {
    slug: string;
    title: string;
    summary: string | null;
    status: 'TABLED';
    tabledAt: string | null;
    tabledAtPrecision: 'DAY';
    proposers: string[];
    terms: string[];
    evidence: OldQuote[];
    stances: {
      actor: string;
      position: 'SUPPORTS';
      summary: string | null;
      asOf: string;
      asOfPrecision: 'DAY';
      evidence: OldQuote[];
    }[];
  };
  for (const seed of await json<OldProposal[]>('proposals.json')) {
    const proposal = await prisma.proposal.create({
      data: {
        slug: seed.slug,
        title: seed.title,
        summary: seed.summary,
        status: seed.status,
        tabledAt: day(seed.tabledAt),
        tabledAtPrecision: seed.tabledAtPrecision,
        proposers: { create: seed.proposers.map((slug) => ({ actorId: actor(slug) })) },
        terms: { create: seed.terms.map((text, index) => ({ text, position: index + 1 })) },
        evidence: { create: rows(seed.evidence).map((row) => ({ ...row, supports: 'PROPOSAL' as const })) },
      },
    });
    proposalIds.set(seed.slug, proposal.id);
    for (const stance of seed.stances ?? [])
      await prisma.stance.create({
        data: {
          proposalId: proposal.id,
          actorId: actor(stance.actor),
          position: stance.position,
          summary: stance.summary,
          asOf: day(stance.asOf)!,
          asOfPrecision: stance.asOfPrecision,
          evidence: { create: rows(stance.evidence).map((row) => ({ ...row, supports: 'STANCE' as const })) },
        },
      });
  }
  const meetingIds = new Map<string, number>();
  type OldMeeting = {
    slug: string;
    title: string;
    summary: string | null;
    occurredAt: string | null;
    occurredAtPrecision: 'DAY';
    venue: string | null;
    city: string | null;
    status: 'HELD';
    participants: { actor: string; role: 'HOST' }[];
    proposals: string[];
    evidence: OldQuote[];
  };
  for (const seed of await json<OldMeeting[]>('meetings.json')) {
    const meeting = await prisma.meeting.create({
      data: {
        slug: seed.slug,
        title: seed.title,
        summary: seed.summary,
        occurredAt: day(seed.occurredAt),
        occurredAtPrecision: seed.occurredAtPrecision,
        venue: seed.venue,
        city: seed.city,
        status: seed.status,
        participants: { create: seed.participants.map((p) => ({ actorId: actor(p.actor), role: p.role })) },
        proposals: { create: (seed.proposals ?? []).map((slug) => ({ proposalId: proposalIds.get(slug)! })) },
        evidence: { create: rows(seed.evidence).map((row) => ({ ...row, supports: 'MEETING' as const })) },
      },
    });
    meetingIds.set(seed.slug, meeting.id);
  }
  type OldDevelopment = {
    key: string;
    kind: 'STATEMENT';
    summary: string;
    occurredAt: string | null;
    occurredAtPrecision: 'DAY';
    reportedAt: string;
    actors: string[];
    meeting: string | null;
    proposal: string | null;
    evidence: OldQuote[];
  };
  for (const seed of await json<OldDevelopment[]>('developments.json'))
    await recordDevelopment(ctx, {
      externalKey: `seed:${seed.key}`,
      kind: seed.kind,
      summary: seed.summary,
      occurredAt: day(seed.occurredAt),
      occurredAtPrecision: seed.occurredAtPrecision,
      reportedAt: day(seed.reportedAt)!,
      actorIds: seed.actors.map(actor),
      meetingId: seed.meeting ? meetingIds.get(seed.meeting) : null,
      proposalId: seed.proposal ? proposalIds.get(seed.proposal) : null,
      evidence: rows(seed.evidence).map(({ articleId, quote, startOffset }) => ({
        articleId,
        quote,
        startOffset,
      })),
    });
}
