import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGazetteer } from '../../src/arabic/gazetteer';
import { gazetteerActorsFromSeeds } from '../../src/arabic/eval';
import { ROLE_CUES, isRoleCue, type CuedRole } from '../../src/arabic/role-cues';
import { locateQuote } from '../../src/domain/evidence';
import { linkArticle, roleQuoteProblem } from '../../src/domain/roles';
import { readSeedData } from '../../src/domain/seed';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';
import { globalId } from '../support/fixtures';

const data = await readSeedData();
const gazetteer = buildGazetteer(gazetteerActorsFromSeeds(data.actors));
const article = async (key: string) => {
  const seed = data.articles.find((candidate) => candidate.key === key)!;
  return readFile(new URL(`../../seeds/${seed.file}`, import.meta.url), 'utf8');
};
const bodies = Object.fromEntries(
  await Promise.all(['000', '001', '002', '003', '004'].map(async (key) => [key, await article(key)])),
) as Record<string, string>;
const linked = Object.fromEntries(
  Object.entries(bodies).map(([key, body]) => [key, linkArticle(body, gazetteer)]),
);

function problem(key: string, quote: string, actor: string, role: CuedRole) {
  const span = locateQuote(bodies[key], quote);
  if (!span) throw new Error(`quote not in ${key}: ${quote}`);
  return roleQuoteProblem(linked[key], actor, role, span);
}

describe('a role quote must name the actor and hold a cue for the role', () => {
  it('accepts a mediation word governing the actors it lists («الوسيطين مصر وقطر»)', () => {
    const quote = 'بقيادة الوسيطين مصر وقطر وبمشاركة أميركية نشطة';
    expect(problem('004', quote, 'egypt', 'MEDIATOR')).toBeNull();
    expect(problem('004', quote, 'qatar', 'MEDIATOR')).toBeNull();
  });

  it('refuses an actor listed beside the mediators («بمساعدة الوسطاء وبحبح»)', () => {
    const quote = 'نجح ويتكوف، بمساعدة الوسطاء وبحبح';
    expect(problem('002', quote, 'steve-witkoff', 'MEDIATOR')).toMatch(/mediation word/);
    expect(problem('002', quote, 'bishara-bahbah', 'MEDIATOR')).toMatch(/mediation word/);
  });

  it('refuses a meeting verb as evidence of hosting or mediating', () => {
    const netanyahu =
      'اجتمع رئيس الوزراء الإسرائيلي بنيامين نتنياهو يوم الاثنين مع المستشار السابق للبيت الأبيض جاريد كوشنر';
    expect(problem('000', netanyahu, 'benjamin-netanyahu', 'HOST')).toMatch(/hosting word/);
    const witkoff =
      'التقى المبعوث الأميركي إلى الشرق الأوسط، ستيف ويتكوف، برئيس الوزراء القطري محمد بن عبد الرحمن آل ثاني';
    expect(problem('001', witkoff, 'steve-witkoff', 'MEDIATOR')).toMatch(/mediation word/);
    expect(problem('001', witkoff, 'mohammed-bin-abdulrahman-al-thani', 'MEDIATOR')).toMatch(
      /mediation word/,
    );
  });

  it('refuses a quote that does not name the actor, even with the cue', () => {
    expect(problem('004', 'بقيادة الوسيطين مصر وقطر', 'united-states', 'MEDIATOR')).toMatch(/does not name/);
    // Demonyms are not mentions: «الوسطاء المصريين والقطريين» names neither state.
    expect(problem('004', 'بقيادة الوسطاء المصريين والقطريين', 'egypt', 'MEDIATOR')).toMatch(/does not name/);
  });

  it('accepts a travel word for a visitor the quote names', () => {
    const quote =
      'يتوجه كل من ستيف ويتكوف، مبعوث الرئيس الأمريكي دونالد ترامب للشرق الأوسط، والمفاوضون الإسرائيليون، اليوم الثلاثاء، إلى الدوحة';
    expect(problem('002', quote, 'steve-witkoff', 'VISITOR')).toBeNull();
    expect(problem('002', quote, 'israel', 'VISITOR')).toMatch(/does not name/);
  });

  it('property: no quote without a cue word of the role ever supports that role', () => {
    const roles = Object.keys(ROLE_CUES) as CuedRole[];
    const keys = Object.keys(bodies);
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.constantFrom(...roles),
        fc.nat(),
        fc.integer({ min: 5, max: 400 }),
        (key, role, seed, length) => {
          const body = bodies[key];
          const start = seed % body.length;
          const span = { startOffset: start, endOffset: Math.min(body.length, start + length) };
          const words = body.slice(span.startOffset, span.endOffset).split(/[^\p{L}\p{N}]+/u);
          const tokens = linked[key].tokenized.tokens.filter((token) => {
            const from = linked[key].tokenized.toOriginal[token.start];
            return (
              from >= span.startOffset && linked[key].tokenized.toOriginalEnd[token.end - 1] <= span.endOffset
            );
          });
          fc.pre(words.length > 0 && !tokens.some((token) => isRoleCue(role, token.text)));
          for (const mention of linked[key].mentions)
            expect(roleQuoteProblem(linked[key], mention.actorId, role, span)).not.toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });
});

const createMeeting = /* GraphQL */ `
  mutation ($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      participants {
        role
        actor {
          slug
        }
        evidence {
          quote
          startOffset
        }
      }
    }
  }
`;

describe.each(testDatabases())('role writes on %s', (kind) => {
  let app: TestApp;
  let ids: Record<string, string>;
  let articleId: string;

  beforeAll(async () => {
    app = await startTestApp(kind);
    const { prisma } = app.database;
    const actors = await prisma.actor.findMany({ select: { id: true, slug: true } });
    ids = Object.fromEntries(actors.map((actor) => [actor.slug, globalId('Actor', actor.id)]));
    const paris = await prisma.article.findFirstOrThrow({
      where: { url: 'file:seeds/articles/004_fc3fed639c1152ba.txt' },
    });
    articleId = globalId('Article', paris.id);
  });
  afterAll(() => app?.stop());

  const input = (participants: unknown[]) => ({
    title: 'Planned resumption (test)',
    status: 'PLANNED',
    participants,
  });

  it('refuses a non-ATTENDEE role without evidence, naming the field', async () => {
    for (const role of ['HOST', 'VISITOR', 'MEDIATOR', 'DELEGATION_HEAD']) {
      const response = await app.graphql(createMeeting, {
        input: input([{ actorId: ids.qatar, role }]),
      });
      expect(response.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: ['input', 'participants', 0, 'evidence'],
      });
    }
  });

  it('refuses a quote that names the actor without the cue, and writes nothing', async () => {
    const before = await app.database.prisma.meeting.count();
    const response = await app.graphql(createMeeting, {
      input: input([
        {
          actorId: ids.qatar,
          role: 'HOST',
          evidence: [{ articleId, quote: 'بقيادة الوسيطين مصر وقطر' }],
        },
      ]),
    });
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'participants', 0, 'evidence', 0],
    });
    expect(response.errors?.[0].message).toMatch(/hosting word/);
    expect(await app.database.prisma.meeting.count()).toBe(before);
  });

  it('refuses evidence from an excluded range of the article', async () => {
    const response = await app.graphql(createMeeting, {
      input: input([
        {
          actorId: ids['united-states'],
          role: 'ATTENDEE',
          evidence: [{ articleId, quote: 'الولايات المتحدة داعم عسكري رئيسي لأوكرانيا' }],
        },
      ]),
    });
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['input', 'participants', 0, 'evidence', 0, 'quote'],
    });
    expect(response.errors?.[0].message).toMatch(/excluded/);
  });

  it('stores a supported role with its own evidence and serves it', async () => {
    const quote = 'بقيادة الوسيطين مصر وقطر';
    const response = await app.graphql<{
      createMeeting: { participants: { role: string; evidence: { quote: string }[] }[] };
    }>(createMeeting, {
      input: input([
        { actorId: ids.egypt, role: 'MEDIATOR', evidence: [{ articleId, quote }] },
        { actorId: ids.qatar, role: 'MEDIATOR', evidence: [{ articleId, quote }] },
        { actorId: ids.hamas, role: 'ATTENDEE' },
      ]),
    });
    expect(response.errors).toBeUndefined();
    const participants = response.data!.createMeeting.participants;
    expect(participants.map((participant) => participant.role)).toEqual(['MEDIATOR', 'MEDIATOR', 'ATTENDEE']);
    expect(participants[0].evidence.map((item) => item.quote)).toEqual([quote]);
    expect(participants[2].evidence).toEqual([]);
  });
});
