import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gazetteerActorsFromSeeds } from '../../src/arabic/eval';
import { buildGazetteer, type GazetteerActor } from '../../src/arabic/gazetteer';
import { linkActors } from '../../src/arabic/linker';
import { createActor } from '../../src/domain/actors';
import { loadGazetteer } from '../../src/domain/ingest';
import { readSeedData } from '../../src/domain/seed';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';

// Hand-written texts here are synthetic (their first line says so) and are never seeded.
const SYNTHETIC = 'نص اصطناعي للاختبار، لا يُزرع أبدًا.\n';

const actors: GazetteerActor[] = [
  {
    id: 'burns',
    kind: 'PERSON',
    aliases: [
      { text: 'وليام بيرنز', language: 'AR' },
      { text: 'بيرنز', language: 'AR', ambiguous: true },
    ],
  },
  {
    id: 'us',
    kind: 'STATE',
    aliases: [
      { text: 'الولايات المتحدة', language: 'AR' },
      { text: 'واشنطن', language: 'AR', ambiguous: true },
    ],
  },
  {
    id: 'barnea',
    kind: 'PERSON',
    aliases: [
      { text: 'ديفيد بارنيا', language: 'AR' },
      { text: 'مدير الموساد ديفيد بارنيا', language: 'AR' },
      { text: 'برنياع', language: 'AR', ambiguous: true },
    ],
  },
  {
    id: 'kushner',
    kind: 'PERSON',
    aliases: [
      { text: 'جاريد كوشنر', language: 'AR' },
      { text: 'كوشنر', language: 'AR', ambiguous: true },
    ],
  },
];
const gazetteer = buildGazetteer(actors);
const linked = (text: string) => linkActors(SYNTHETIC + text, gazetteer).map((mention) => mention.actorId);

describe('an ambiguous alias alone never links', () => {
  it('drops a lone ambiguous alias', () => {
    expect(linked('قال بيرنز إن المحادثات مستمرة.')).toEqual([]);
    expect(linked('وصل الوفد إلى واشنطن أمس.')).toEqual([]);
  });

  it('links it after a full mention of the actor earlier in the text, not before', () => {
    expect(linked('قال كوشنر إن الاتفاق قريب. وأضاف جاريد كوشنر أن… ثم قال كوشنر')).toEqual([
      'kushner',
      'kushner',
    ]);
    expect(linked('التقى وليام بيرنز الوسطاء، ثم غادر بيرنز.')).toEqual(['burns', 'burns']);
  });

  it('does not take a full mention of another actor as its licence', () => {
    expect(linked('أعلنت الولايات المتحدة… وقال بيرنز')).toEqual(['us']);
  });

  it('links it beside a word of one of the actor’s own unambiguous aliases', () => {
    // «الموساد» is a word of «مدير الموساد ديفيد بارنيا»: beside it, «برنياع» is David Barnea.
    expect(linked('قال مدير الموساد برنياع إن…')).toEqual(['barnea']);
    expect(linked('قال الكاتب برنياع إن…')).toEqual([]);
    // A comma or a line break is no neighbourhood.
    expect(linked('في الموساد، برنياع')).toEqual([]);
  });

  it('property: whatever words surround it, an ambiguous alias without a full mention links nothing', () => {
    const filler = fc.constantFrom(
      'قال',
      'إن',
      'المحادثات',
      'في',
      'مستمرة',
      'الوفد',
      'أمس',
      'مع',
      'الوسطاء',
      'قطر',
      '،',
      '.',
    );
    fc.assert(
      fc.property(
        fc.array(filler, { maxLength: 12 }),
        fc.constantFrom('بيرنز', 'وبيرنز', 'لبيرنز', 'واشنطن', 'بواشنطن', 'كوشنر', 'وكوشنر'),
        fc.array(filler, { maxLength: 12 }),
        (before, alias, after) => {
          expect(linked([...before, alias, ...after].join(' '))).toEqual([]);
        },
      ),
    );
  });
});

describe('the seed articles', () => {
  it('link «بيرنز» in 004 to nobody (William Burns is never named in full) but «كوشنر» in 000 after «جاريد كوشنر»', async () => {
    const data = await readSeedData();
    const seedGazetteer = buildGazetteer(gazetteerActorsFromSeeds(data.actors));
    const body = async (key: string) =>
      readFile(
        new URL(`../../seeds/${data.articles.find((article) => article.key === key)!.file}`, import.meta.url),
        'utf8',
      );
    const paris = linkActors(await body('004'), seedGazetteer);
    expect(paris.some((mention) => mention.actorId === 'william-burns')).toBe(false);
    expect(paris.some((mention) => mention.actorId === 'cia')).toBe(false);
    const text000 = await body('000');
    const kushner = linkActors(text000, seedGazetteer).filter(
      (mention) => mention.actorId === 'jared-kushner',
    );
    const full = text000.indexOf('جاريد كوشنر');
    expect(kushner.length).toBeGreaterThan(1);
    expect(kushner.every((mention) => mention.start >= full)).toBe(true); // the headline's «كوشنر» comes first
  });
});

describe.each(testDatabases())('ambiguity in the stored gazetteer on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app?.stop());

  it('stores the seeds’ ambiguous aliases and hands the flag to the linker', async () => {
    const flagged = await app.database.prisma.actorAlias.findMany({
      where: { ambiguous: true },
      select: { text: true },
    });
    for (const text of [
      'برنياع',
      'بيرنز',
      'كوشنر',
      'ألكسندر',
      'الاستخبارات الأميركية',
      'ICC',
      'Kan',
      "Prime Minister's Office",
      'Security Cabinet',
      'Yisrael',
      'واشنطن',
    ])
      expect(flagged.map((alias) => alias.text)).toContain(text);
    const gazetteer = await loadGazetteer(app.domain);
    const burns = await app.database.prisma.actor.findUniqueOrThrow({ where: { slug: 'william-burns' } });
    expect(
      linkActors(`${SYNTHETIC}قال بيرنز`, gazetteer).some((mention) => mention.actorId === burns.id),
    ).toBe(false);
  });

  it('marks by default a common first name, and an alias two actors share, as ambiguous', async () => {
    const first = await createActor(app.domain, {
      kind: 'PERSON',
      nameEn: 'Synthetic Person One',
      aliases: [
        { text: 'محمد', language: 'AR' },
        { text: 'المفاوض الاصطناعي', language: 'AR' },
      ],
    });
    const second = await createActor(app.domain, {
      kind: 'PERSON',
      nameEn: 'Synthetic Person Two',
      aliases: [{ text: 'المفاوض الاصطناعي', language: 'AR' }],
    });
    const aliases = await app.database.prisma.actorAlias.findMany({
      where: { actorId: { in: [first.id, second.id] } },
      select: { actorId: true, text: true, ambiguous: true },
    });
    const flag = (actorId: number, text: string) =>
      aliases.find((alias) => alias.actorId === actorId && alias.text === text)?.ambiguous;
    expect(flag(first.id, 'محمد')).toBe(true);
    expect(flag(first.id, 'المفاوض الاصطناعي')).toBe(true);
    expect(flag(second.id, 'المفاوض الاصطناعي')).toBe(true);
    expect(flag(first.id, 'Synthetic Person One')).toBe(false);
  });
});
