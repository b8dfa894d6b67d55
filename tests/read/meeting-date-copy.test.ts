import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';

// An actor's meetings page is read through the participation's copy of its meeting's date
// (`MeetingParticipant.meetingOccurredAt`, migration 20261201175255_participant_meeting_date): the copy must
// follow every way the date or the participation changes, or the page would list meetings out of order.

const globalId = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');
const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n));

describe.each(testDatabases())('the meeting date copied onto participations on %s', (database) => {
  let app: TestApp;
  let actorId: number;
  const meetingIds: number[] = [];

  beforeAll(async () => {
    app = await startTestApp(database, { seed: false });
    const { prisma } = app.database;
    actorId = (await prisma.actor.create({ data: { slug: 'copy', kind: 'PERSON', nameEn: 'Copy' } })).id;
    for (const [index, date] of [day(1), day(2), null].entries()) {
      const meeting = await prisma.meeting.create({
        data: {
          slug: `copy-${index}`,
          title: `Copy ${index}`,
          status: 'HELD',
          occurredAt: date,
          participants: { create: [{ actorId, role: 'HOST' }] },
        },
      });
      meetingIds.push(meeting.id);
    }
  });
  afterAll(() => app?.stop());

  const copies = async () =>
    (
      await app.database.prisma.meetingParticipant.findMany({
        where: { actorId },
        select: { meetingOccurredAt: true, meeting: { select: { occurredAt: true } } },
      })
    ).map((row) => [row.meetingOccurredAt?.getTime() ?? null, row.meeting.occurredAt?.getTime() ?? null]);

  const titles = async () => {
    const response = await app.graphql<{ actor: { meetings: { edges: { node: { title: string } }[] } } }>(
      `query($id: ID!) { actor(id: $id) { meetings(first: 10) { edges { node { title } } } } }`,
      { id: globalId('Actor', actorId) },
      { authorization: '' },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.actor.meetings.edges.map((edge) => edge.node.title);
  };

  it('takes the date when a participation is written, and follows the meeting when its date changes', async () => {
    const { prisma } = app.database;
    const same = () => copies().then((rows) => rows.every(([copy, date]) => copy === date));
    expect(await same()).toBe(true);
    expect(await titles()).toEqual(['Copy 1', 'Copy 0', 'Copy 2']);

    // The oldest meeting becomes the latest, the undated one gets a date, the latest loses its own.
    await prisma.meeting.update({ where: { id: meetingIds[0] }, data: { occurredAt: day(9) } });
    await prisma.meeting.update({ where: { id: meetingIds[2] }, data: { occurredAt: day(0) } });
    await prisma.meeting.update({ where: { id: meetingIds[1] }, data: { occurredAt: null } });
    expect(await same()).toBe(true);
    expect(await titles()).toEqual(['Copy 0', 'Copy 2', 'Copy 1']);

    // A participation moved to another meeting, and a write of the copy itself, both end on the meeting's date.
    const moved = await prisma.meetingParticipant.findFirstOrThrow({ where: { meetingId: meetingIds[1] } });
    const other = await prisma.actor.create({ data: { slug: 'copy-other', kind: 'STATE', nameEn: 'Other' } });
    const extra = await prisma.meeting.create({
      data: { slug: 'copy-extra', title: 'Copy extra', status: 'HELD', occurredAt: day(5) },
    });
    await prisma.meetingParticipant.update({ where: { id: moved.id }, data: { meetingId: extra.id } });
    await prisma.meetingParticipant.updateMany({ where: { actorId }, data: { meetingOccurredAt: day(99) } });
    await prisma.meetingParticipant.create({
      data: { meetingId: extra.id, actorId: other.id, role: 'ATTENDEE' },
    });
    expect(await same()).toBe(true);
    expect(await titles()).toEqual(['Copy 0', 'Copy extra', 'Copy 2']);
  });
});
