import { listCaps } from '../../src/schema/list-caps';
import type { App } from '../../src/server/app';

/**
 * A small world in which every plain list is longer than its cap: a few meetings, proposals and
 * developments, each linked to every actor, with more aliases, quotes, terms, stances and versions than
 * their fields return. Made through Prisma directly (createMany), in a few seconds.
 */
export async function createDenseWorld(app: App) {
  const { prisma } = app.database;
  const over = (cap: number) => cap + 5;
  const range = (count: number) => Array.from({ length: count }, (_, index) => index);
  const article = await prisma.article.create({
    data: {
      url: 'https://example.org/dense',
      title: 'Dense fixture',
      body: 'نص',
      language: 'ar',
      source: 'fixture',
      contentHash: 'dense-fixture',
    },
  });
  const actorCount = Math.max(
    over(listCaps.participants),
    over(listCaps.developmentActors),
    over(listCaps.proposers),
  );
  await prisma.actor.createMany({
    data: range(actorCount).map((index) => ({
      slug: `dense-actor-${index}`,
      kind: 'PERSON' as const,
      nameEn: `Dense Actor ${String(index).padStart(3, '0')}`,
    })),
  });
  const actors = await prisma.actor.findMany({ orderBy: { id: 'asc' } });
  // Every actor belongs to the first, so Actor.members (a connection) has a full page too.
  await prisma.actor.updateMany({
    where: { id: { not: actors[0].id } },
    data: { affiliationId: actors[0].id },
  });
  await prisma.actorAlias.createMany({
    data: actors.flatMap((actor) =>
      range(over(listCaps.aliases)).map((index) => ({
        actorId: actor.id,
        text: `alias ${index}`,
        normalized: `alias ${actor.id} ${index}`,
        language: 'EN' as const,
      })),
    ),
  });
  const evidence = (count: number, target: Record<string, number>, supports: string) =>
    range(count).map((index) => ({
      articleId: article.id,
      quote: `quote ${index}`,
      startOffset: index,
      endOffset: index + 1,
      supports: supports as 'MEETING',
      ...target,
    }));
  await prisma.evidence.createMany({
    data: actors.flatMap((actor) =>
      evidence(over(listCaps.mentions), { actorId: actor.id }, 'ACTOR_MENTION'),
    ),
  });

  const meetings: { id: number }[] = [];
  const proposals: { id: number }[] = [];
  for (const index of range(3)) {
    meetings.push(
      await prisma.meeting.create({
        data: {
          slug: `dense-meeting-${index}`,
          title: `Dense meeting ${index}`,
          status: 'HELD',
          occurredAt: new Date(Date.UTC(2025, 0, 1 + index)),
          participants: {
            createMany: { data: actors.map((actor) => ({ actorId: actor.id, role: 'ATTENDEE' as const })) },
          },
        },
      }),
    );
  }
  const versionsOf = await prisma.proposal.create({
    data: { slug: 'dense-proposal-root', title: 'Dense root proposal', status: 'TABLED' },
  });
  for (const index of range(over(listCaps.versions)))
    proposals.push(
      await prisma.proposal.create({
        data: {
          slug: `dense-proposal-${index}`,
          title: `Dense proposal ${index}`,
          status: 'TABLED',
          revisesId: versionsOf.id,
        },
      }),
    );
  proposals.unshift(versionsOf);
  // The first few proposals carry the long lists; more would only slow the fixture down.
  const dense = proposals.slice(0, 3);
  for (const proposal of dense) {
    await prisma.proposalTerm.createMany({
      data: range(over(listCaps.terms)).map((position) => ({
        proposalId: proposal.id,
        position,
        text: `term ${position}`,
      })),
    });
    await prisma.proposalProposer.createMany({
      data: actors
        .slice(0, over(listCaps.proposers))
        .map((actor) => ({ proposalId: proposal.id, actorId: actor.id })),
    });
    await prisma.stance.createMany({
      data: range(over(listCaps.stances)).map((index) => ({
        proposalId: proposal.id,
        actorId: actors[index % actors.length].id,
        position: 'SUPPORTS' as const,
        asOf: new Date(Date.UTC(2025, 1, 1 + (index % 28))),
      })),
    });
    await prisma.evidence.createMany({
      data: evidence(over(listCaps.factEvidence), { proposalId: proposal.id }, 'PROPOSAL'),
    });
  }
  const stances = await prisma.stance.findMany({ where: { proposalId: { in: dense.map((p) => p.id) } } });
  await prisma.evidence.createMany({
    data: stances.flatMap((stance) =>
      evidence(over(listCaps.factEvidence), { stanceId: stance.id }, 'STANCE'),
    ),
  });
  await prisma.meetingProposal.createMany({
    data: meetings.flatMap((meeting) =>
      proposals.slice(0, over(listCaps.meetingProposals)).map((proposal) => ({
        meetingId: meeting.id,
        proposalId: proposal.id,
      })),
    ),
  });
  // Every meeting of the dense proposals: Proposal.meetings needs more meetings than its cap.
  const extraMeetings = range(over(listCaps.proposalMeetings) - meetings.length).map((index) => ({
    slug: `dense-extra-meeting-${index}`,
    title: `Extra meeting ${index}`,
    status: 'REPORTED' as const,
  }));
  await prisma.meeting.createMany({ data: extraMeetings });
  const allMeetings = await prisma.meeting.findMany({ select: { id: true } });
  await prisma.meetingProposal.createMany({
    data: dense.flatMap((proposal) =>
      allMeetings.map((meeting) => ({ meetingId: meeting.id, proposalId: proposal.id })),
    ),
    skipDuplicates: true,
  });
  for (const meeting of meetings)
    await prisma.evidence.createMany({
      data: evidence(over(listCaps.factEvidence), { meetingId: meeting.id }, 'MEETING'),
    });

  for (const index of range(3)) {
    const development = await prisma.development.create({
      data: {
        sequence: 1_000_000 + index,
        kind: 'STATEMENT',
        summary: `Dense development ${index}`,
        reportedAt: new Date(Date.UTC(2025, 2, 1 + index)),
        meetingId: meetings[0].id,
        proposalId: dense[0].id,
        actors: { createMany: { data: actors.map((actor) => ({ actorId: actor.id })) } },
      },
    });
    await prisma.evidence.createMany({
      data: evidence(over(listCaps.factEvidence), { developmentId: development.id }, 'DEVELOPMENT'),
    });
  }
  await prisma.candidate.create({
    data: {
      articleId: article.id,
      kind: 'MEETING',
      developmentKind: 'MEETING_HELD',
      summary: 'Dense candidate',
      actorIds: actors.map((actor) => actor.id).slice(0, over(listCaps.candidateActors)),
      cueWords: ['اجتمع'],
      quote: 'نص',
      startOffset: 0,
      endOffset: 1,
      confidence: 0.5,
    },
  });
  return { article, actors, meetings, proposals };
}
