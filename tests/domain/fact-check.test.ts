import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { checkFacts } from '../../src/domain/fact-check';
import { projectRoot } from '../../src/paths';
import { startTestApp, type TestApp } from '../support/app';
import { createTestDatabase, testDatabases } from '../support/databases';

const run = promisify(execFile);

describe.each(testDatabases())('the fact check over the seeded database on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app?.stop());

  it('finds every seeded fact standing on its quotes, and counts what it checked', async () => {
    const { counts, problems } = await checkFacts(app.database.prisma);
    expect(problems).toEqual([]);
    expect(counts).toMatchObject({ meetings: 11, proposals: 11, developments: 46 });
    expect(counts.participants).toBeGreaterThan(20);
    expect(counts.evidence).toBeGreaterThan(300);
  });

  // Each breaks one fact the way a careless write would (straight through Prisma, past the domain's
  // checks), expects the check to name it, and puts it back.
  const breakages: [
    string,
    (prisma: TestApp['database']['prisma']) => Promise<() => Promise<unknown>>,
    RegExp,
  ][] = [
    [
      'a HOST without a quote of its own',
      async (prisma) => {
        const meeting = await prisma.meeting.findUniqueOrThrow({
          where: { slug: 'netanyahu-kushner-witkoff-israel-2025-11' },
          include: { participants: true },
        });
        const netanyahu = meeting.participants[0];
        await prisma.meetingParticipant.update({ where: { id: netanyahu.id }, data: { role: 'HOST' } });
        return () =>
          prisma.meetingParticipant.update({ where: { id: netanyahu.id }, data: { role: 'ATTENDEE' } });
      },
      /netanyahu-kushner-witkoff-israel-2025-11: HOST benjamin-netanyahu: a role other than ATTENDEE without a quote/,
    ],
    [
      'a VISITOR whose quote has no visiting word',
      async (prisma) => {
        const participant = await prisma.meetingParticipant.findFirstOrThrow({
          where: { meeting: { slug: 'witkoff-israeli-negotiators-doha-2025-05-13' } },
        });
        await prisma.meetingParticipant.update({ where: { id: participant.id }, data: { role: 'MEDIATOR' } });
        return () =>
          prisma.meetingParticipant.update({ where: { id: participant.id }, data: { role: 'VISITOR' } });
      },
      /MEDIATOR steve-witkoff: no quote supports the role: the quote has no mediation word/,
    ],
    [
      'a participant no quote names',
      async (prisma) => {
        const meeting = await prisma.meeting.findUniqueOrThrow({
          where: { slug: 'cairo-doha-indirect-talks-2024-05' },
        });
        const egypt = await prisma.actor.findUniqueOrThrow({ where: { slug: 'egypt' } });
        const row = await prisma.meetingParticipant.create({
          data: { meetingId: meeting.id, actorId: egypt.id, role: 'ATTENDEE' },
        });
        return () => prisma.meetingParticipant.delete({ where: { id: row.id } });
      },
      /cairo-doha-indirect-talks-2024-05: ATTENDEE egypt: no quote of the meeting names this participant/,
    ],
    [
      'a DAY date on a MONTH article',
      async (prisma) => {
        const where = { slug: 'netanyahu-kushner-witkoff-israel-2025-11' };
        await prisma.meeting.update({ where, data: { occurredAtPrecision: 'DAY' } });
        return () => prisma.meeting.update({ where, data: { occurredAtPrecision: 'MONTH' } });
      },
      /meeting netanyahu-kushner-witkoff-israel-2025-11: its DAY date 2025-11-01 is in none of its quotes/,
    ],
    [
      'a stance whose quote does not name its actor',
      async (prisma) => {
        const stance = await prisma.stance.findFirstOrThrow({
          where: { proposal: { slug: 'gaza-deal-phase-two-2025-11' }, actor: { slug: 'hamas' } },
        });
        const qatar = await prisma.actor.findUniqueOrThrow({ where: { slug: 'qatar' } });
        await prisma.stance.update({ where: { id: stance.id }, data: { actorId: qatar.id } });
        return () => prisma.stance.update({ where: { id: stance.id }, data: { actorId: stance.actorId } });
      },
      /gaza-deal-phase-two-2025-11: stance of qatar: no quote of the stance names its actor/,
    ],
    [
      'evidence from an excluded range',
      async (prisma) => {
        const paris = await prisma.article.findFirstOrThrow({
          where: { url: 'file:seeds/articles/004_fc3fed639c1152ba.txt' },
        });
        const meeting = await prisma.meeting.findUniqueOrThrow({
          where: { slug: 'paris-burns-barnea-al-thani-2024-05-24' },
        });
        const quote = 'جون كيربي';
        const start = paris.body.indexOf(quote);
        const row = await prisma.evidence.create({
          data: {
            articleId: paris.id,
            quote,
            startOffset: start,
            endOffset: start + quote.length,
            supports: 'MEETING',
            meetingId: meeting.id,
          },
        });
        return () => prisma.evidence.delete({ where: { id: row.id } });
      },
      /evidence \d+ \(MEETING\): quotes an excluded range/,
    ],
  ];

  it.each(breakages)('reports %s', async (_name, breakIt, expected) => {
    const { prisma } = app.database;
    const restore = await breakIt(prisma);
    try {
      const { problems } = await checkFacts(prisma);
      expect(problems.map((problem) => `${problem.fact}: ${problem.problem}`)).toContainEqual(
        expect.stringMatching(expected),
      );
    } finally {
      await restore();
    }
    expect((await checkFacts(prisma)).problems).toEqual([]);
  });
});

describe('npm run check-facts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'check-facts-'));
    // The run's seeded database (tests/support/snapshots.ts), written to a data directory the CLI opens.
    const { config } = await createTestDatabase('pglite', 'seeded');
    if (config.kind !== 'pglite') throw new Error('expected a PGlite database');
    const database = await openDatabase({ ...config, dataDir: dir });
    expect(await database.prisma.meeting.count()).toBe(11);
    await database.close();
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const checkFactsCli = () =>
    run('npx', ['tsx', 'scripts/check-facts.ts'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: dir, LOG_LEVEL: 'silent' },
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  it('prints the counts and exits 0 on the seeded database, 1 with the failing fact once one is broken', async () => {
    const clean = await checkFactsCli();
    expect(clean.stdout).toMatch(/checked \d+ evidence, 11 meetings, \d+ participants/);
    expect(clean.code).toBe(0);

    const database = await openDatabase({ kind: 'pglite', dataDir: dir });
    await database.prisma.meetingParticipant.updateMany({
      where: {
        meeting: { slug: 'israeli-security-cabinet-gaza-city-plan-2025-08' },
        actor: { slug: 'israeli-security-cabinet' },
      },
      data: { role: 'HOST' },
    });
    await database.close();
    const broken = await checkFactsCli();
    expect(broken.stdout).toMatch(
      /FAIL meeting israeli-security-cabinet-gaza-city-plan-2025-08: HOST israeli-security-cabinet: a role other than ATTENDEE/,
    );
    expect(broken.stdout).toMatch(/1 failing/);
    expect(broken.code).toBe(1);
  }, 120_000);
});
