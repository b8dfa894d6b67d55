import type { App } from '../../src/server/app';

/** Builds a small negotiation world directly through Prisma: fast set-up for query tests. */
export async function createWorld(
  app: App,
  options: { actors: number; meetings: number; participantsPerMeeting: number },
) {
  const { prisma } = app.database;
  const actors: { id: number }[] = [];
  for (let index = 0; index < options.actors; index += 1) {
    actors.push(
      await prisma.actor.create({
        data: { slug: `fixture-actor-${index}`, kind: 'PERSON', nameEn: `Fixture Actor ${index}` },
      }),
    );
  }
  const meetings: { id: number }[] = [];
  for (let index = 0; index < options.meetings; index += 1) {
    meetings.push(
      await prisma.meeting.create({
        data: {
          slug: `fixture-meeting-${index}`,
          title: `Fixture meeting ${index}`,
          status: 'HELD',
          occurredAt: new Date(Date.UTC(2025, 0, 1 + index)),
          participants: {
            createMany: {
              data: Array.from({ length: options.participantsPerMeeting }, (_, offset) => ({
                actorId: actors[(index + offset) % actors.length].id,
                role: offset === 0 ? ('HOST' as const) : ('ATTENDEE' as const),
              })),
            },
          },
        },
      }),
    );
  }
  return { actors, meetings };
}

export function globalId(typename: string, id: number): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}
