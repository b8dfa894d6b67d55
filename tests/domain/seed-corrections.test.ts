import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteArticle } from '../../src/domain/articles';
import { runDataMigrations } from '../../src/domain/data-migrations';
import { DomainError } from '../../src/domain/errors';
import { checkFacts } from '../../src/domain/fact-check';
import { readSeedData } from '../../src/domain/seed';
import { correctSeededFacts } from '../../src/domain/seed-corrections';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { seedFirstCuration } from '../support/legacy-seeds';

describe.each(testDatabases())('correcting a database seeded by the first curation, on %s', (kind) => {
  let app: TestApp;
  let announced: number[];
  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    await seedFirstCuration(app.domain);
    announced = [];
    const announce = app.domain.onDevelopmentsCommitted;
    app.domain.onDevelopmentsCommitted = (sequence) => {
      announced.push(sequence);
      announce(sequence);
    };
  }, 120_000);
  afterAll(() => app?.stop());

  it('finds the problems the fact-check reported in the old seeds', async () => {
    const { problems } = await checkFacts(app.database.prisma);
    const facts = problems.map((problem) => `${problem.fact}: ${problem.problem}`);
    expect(facts).toContainEqual(
      expect.stringMatching(/cairo-doha-indirect-talks-2024-05: MEDIATOR egypt: .*own/),
    );
    expect(facts).toContainEqual(expect.stringMatching(/boehler-hamas-talks-qatar-2025-03: HOST qatar/));
    expect(facts).toContainEqual(
      expect.stringMatching(/netanyahu-kushner-witkoff-israel-2025-11: HOST benjamin-netanyahu/),
    );
    expect(facts).toContainEqual(
      expect.stringMatching(/resumed-hostage-talks-planned-2024-05: ATTENDEE israel: no quote/),
    );
    expect(facts).toContainEqual(expect.stringMatching(/seed:002-02.*DAY date 2025-05-12/));
    expect(problems.length).toBeGreaterThan(30);
  });

  it('corrects it once, through the log, and then every fact stands on its quotes', async () => {
    const before = await app.database.prisma.development.aggregate({ _max: { sequence: true } });
    await app.database.prisma.dataMigration.deleteMany(); // the empty database's start-up already ran it
    const ran = await runDataMigrations(app.domain);
    expect(ran.map((migration) => migration.name)).toEqual(['20261201_seed_facts_evidence']);
    expect(ran[0].result).toMatchObject({ articles: 2, meetings: 11, stances: expect.any(Number) });

    expect((await checkFacts(app.database.prisma)).problems).toEqual([]);
    const entries = await app.database.prisma.development.findMany({
      where: { sequence: { gt: before._max.sequence! } },
      orderBy: { sequence: 'asc' },
    });
    expect(new Set(entries.map((entry) => entry.change))).toEqual(new Set(['CORRECTION', 'RETRACTION']));
    expect(entries.filter((entry) => entry.change === 'RETRACTION')).toHaveLength(3);
    expect(
      entries.find((entry) => entry.externalKey === null && /001-06|starvation/.test(entry.summary)),
    ).toBeDefined();
    // Subscribers hear of them: each committed write announced its sequence.
    expect(Math.max(...announced)).toBe(entries.at(-1)!.sequence);

    // The corrected 001-06 is what a reader now gets for that entry.
    const original = await app.database.prisma.development.findUniqueOrThrow({
      where: { externalKey: 'seed:001-06' },
    });
    const correction = entries.find((entry) => entry.revisesId === original.id)!;
    expect(correction.summary).toMatch(/carried out by Israel/);
  });

  it('does not run again, and correcting again changes nothing', async () => {
    expect(await runDataMigrations(app.domain)).toEqual([]);
    const report = await correctSeededFacts(app.domain, await readSeedData());
    expect(report).toEqual({
      articles: 0,
      actors: 0,
      meetings: 0,
      proposals: 0,
      stances: 0,
      developments: 0,
    });
  });
});

describe.each(testDatabases())('seeded facts and their articles on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app?.stop());

  it('leaves a database seeded with the current seeds as it is', async () => {
    expect(await app.database.prisma.dataMigration.count({ where: { finishedAt: { not: null } } })).toBe(1);
    const report = await correctSeededFacts(app.domain, await readSeedData());
    expect(report).toEqual({
      articles: 0,
      actors: 0,
      meetings: 0,
      proposals: 0,
      stances: 0,
      developments: 0,
    });
  });

  it('refuses to delete an article that holds the only quote of a published fact, and deletes nothing', async () => {
    const { prisma } = app.database;
    const paris = await prisma.article.findFirstOrThrow({
      where: { url: 'file:seeds/articles/004_fc3fed639c1152ba.txt' },
    });
    const before = await prisma.evidence.count();
    const error = await deleteArticle(app.domain, { id: paris.id }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'CONFLICT', field: ['input', 'id'] });
    expect((error as Error).message).toMatch(/only quote of .*MEETING \d+/);
    expect(await prisma.evidence.count()).toBe(before);
    expect(await prisma.article.count({ where: { id: paris.id } })).toBe(1);
    // The database refuses too, whatever path a delete takes: evidence restricts it.
    await expect(prisma.article.delete({ where: { id: paris.id } })).rejects.toThrow();
  });

  it('deletes an article whose quotes back no fact alone, with its mentions', async () => {
    const { prisma } = app.database;
    const article = await prisma.article.create({
      data: {
        url: 'https://example.org/synthetic',
        title: 'نص اصطناعي للاختبار (synthetic test text, never seeded)',
        body: 'نص اصطناعي للاختبار، لا يُزرع أبدًا.\nقال مسؤول إن حماس لم تعلق.',
        language: 'ar',
        source: 'test',
        contentHash: 'synthetic-delete',
      },
    });
    const hamas = await prisma.actor.findUniqueOrThrow({ where: { slug: 'hamas' } });
    const start = 'نص اصطناعي للاختبار، لا يُزرع أبدًا.\nقال مسؤول إن '.length;
    await prisma.evidence.create({
      data: {
        articleId: article.id,
        quote: 'حماس',
        startOffset: start,
        endOffset: start + 4,
        supports: 'ACTOR_MENTION',
        actorId: hamas.id,
      },
    });
    // A second quote of a fact that the seed articles already support.
    const development = await prisma.development.findUniqueOrThrow({ where: { externalKey: 'seed:004-09' } });
    await prisma.evidence.create({
      data: {
        articleId: article.id,
        quote: 'حماس',
        startOffset: start,
        endOffset: start + 4,
        supports: 'DEVELOPMENT',
        developmentId: development.id,
      },
    });
    await deleteArticle(app.domain, { id: article.id });
    expect(await prisma.article.count({ where: { id: article.id } })).toBe(0);
    expect(await prisma.evidence.count({ where: { developmentId: development.id } })).toBeGreaterThan(0);
  });
});
