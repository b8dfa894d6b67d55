import {
  ActorKind,
  DevelopmentKind,
  MeetingStatus,
  ParticipantRole,
  ProposalStatus,
  StancePosition,
} from '../../generated/prisma/enums';
import { normalizeArabic } from '../../src/arabic/normalize';
import { fillerSentences, headlines, newsSentences, type Piece } from './corpus';
import type { DatasetSize } from './options';

// Synthetic negotiation world, written with a few bulk statements (INSERT … SELECT generate_series and
// multi-row VALUES) so that 100,000 developments load in seconds, not through the ORM row by row.

const firstNames: [string, string][] = [
  ['محمد', 'Mohammed'],
  ['أحمد', 'Ahmed'],
  ['خليل', 'Khalil'],
  ['إسماعيل', 'Ismail'],
  ['يحيى', 'Yahya'],
  ['مروان', 'Marwan'],
  ['حسن', 'Hassan'],
  ['علي', 'Ali'],
  ['عمر', 'Omar'],
  ['خالد', 'Khaled'],
  ['سامي', 'Sami'],
  ['نبيل', 'Nabil'],
  ['ماجد', 'Majed'],
  ['فادي', 'Fadi'],
  ['زياد', 'Ziad'],
  ['طارق', 'Tariq'],
  ['وليد', 'Walid'],
  ['ناصر', 'Nasser'],
  ['عبد الله', 'Abdullah'],
  ['يوسف', 'Yousef'],
];
const familyNames: [string, string][] = [
  ['الحية', 'al-Hayya'],
  ['هنية', 'Haniyeh'],
  ['السنوار', 'Sinwar'],
  ['الشيخ', 'al-Sheikh'],
  ['الأنصاري', 'al-Ansari'],
  ['المصري', 'al-Masri'],
  ['الخطيب', 'al-Khatib'],
  ['العاروري', 'al-Arouri'],
  ['أبو مرزوق', 'Abu Marzouk'],
  ['بدران', 'Badran'],
  ['الرشق', 'al-Rishq'],
  ['حمدان', 'Hamdan'],
  ['النخالة', 'al-Nakhalah'],
  ['عباس', 'Abbas'],
  ['الثاني', 'Al Thani'],
  ['عبد العاطي', 'Abdelatty'],
  ['رشوان', 'Rashwan'],
  ['الزهار', 'al-Zahar'],
  ['مشعل', 'Meshaal'],
  ['قاسم', 'Qassem'],
];
const cities: [string, string][] = [
  ['القاهرة', 'Cairo'],
  ['الدوحة', 'Doha'],
  ['باريس', 'Paris'],
  ['غزة', 'Gaza'],
  ['عمّان', 'Amman'],
  ['رام الله', 'Ramallah'],
];
const kinds = Object.values(ActorKind);
const proposalTopics: [string, string][] = [
  ['اتفاق وقف إطلاق النار في غزة', 'Gaza ceasefire agreement'],
  ['صفقة تبادل الأسرى والمحتجزين', 'Prisoner and hostage exchange deal'],
  ['هدنة إنسانية لإدخال المساعدات', 'Humanitarian truce for aid'],
  ['انسحاب من محور فيلادلفيا', 'Withdrawal from the Philadelphi corridor'],
  ['عودة النازحين إلى شمال غزة', 'Return of the displaced to northern Gaza'],
];
/** A phrase nearly every article has, and a name a few articles have, most of them spelled another way. */
export const searchTerm = 'وقف إطلاق النار';
export const searchNameTerm = 'بويلر';

const lit = (value: string) => `'${value.replace(/'/g, "''")}'`;
const arr = (values: string[]) => `ARRAY[${values.map(lit).join(',')}]`;
/** SQL picking one member of an enum (in declaration order) by an integer expression. */
const pick = (values: Record<string, string>, index: string) =>
  `(${arr(Object.values(values))})[1 + ${index} % ${Object.values(values).length}]`;

function actorRows(count: number): { actors: string[]; aliases: string[] } {
  const actors: string[] = [];
  const aliases: string[] = [];
  for (let id = 1; id <= count; id += 1) {
    const [firstAr, firstEn] = firstNames[id % firstNames.length];
    const [familyAr, familyEn] = familyNames[Math.floor(id / firstNames.length) % familyNames.length];
    const generation = Math.floor(id / (firstNames.length * familyNames.length));
    const nameEn = `${firstEn} ${familyEn}${generation ? ` ${generation + 1}` : ''}`;
    const nameAr = `${firstAr} ${familyAr}${generation ? ` ${generation + 1}` : ''}`;
    const affiliation = id > 20 && id % 7 === 0 ? String(1 + (id % 20)) : 'NULL';
    actors.push(
      `(${id}, ${lit(`bench-actor-${id}`)}, ${lit(kinds[id % kinds.length])}::"ActorKind", ${lit(nameAr)}, ${lit(nameEn)}, ${affiliation}, now())`,
    );
    const names: [string, string][] = [
      [nameAr, 'AR'],
      [`${familyAr}${generation ? ` ${generation + 1}` : ''}`, 'AR'],
      [nameEn, 'EN'],
    ];
    const seen = new Set<string>();
    for (const [text, language] of names) {
      const normalized = language === 'AR' ? normalizeArabic(text) : text.toLowerCase();
      if (seen.has(normalized)) continue;
      seen.add(normalized);
      aliases.push(`(${id}, ${lit(text)}, ${lit(normalized)}, ${lit(language)}::"AliasLanguage")`);
    }
  }
  return { actors, aliases };
}

function chunked(prefix: string, rows: string[], size = 1000): string[] {
  const statements: string[] = [];
  for (let index = 0; index < rows.length; index += size)
    statements.push(`${prefix} VALUES ${rows.slice(index, index + size).join(',\n')}`);
  return statements;
}

// Pieces of article text per kind (1 headline, 2 news sentence, 3 filler) in a temporary table; each article
// picks its own by a hash of (article, slot). Raw and normalized text are assembled side by side, so
// "searchText" is exactly what ingestion stores (articleSearchText), contentHash is the real hash of the
// normalized body, and the database fills the search vector and vocabulary through the same generated
// column and trigger as for any insert.
const pieceCounts = { headline: 300, news: 2_000, filler: 4_000 };
const slotsPerArticle = 28;
const articlesPerStatement = 2_000;

function articleStatements(count: number): string[] {
  const rows = (kind: number, pieces: Piece[]) =>
    pieces.map((piece, index) => `(${kind}, ${index}, ${lit(piece.raw)}, ${lit(piece.normalized)})`);
  const pick = (kind: number, pool: number, salt: string) =>
    `(SELECT p FROM bench_piece p WHERE p.kind = ${kind} AND p.n = mod(hashint8(${salt})::bigint + 2147483648, ${pool}))`;
  const statements = [
    'CREATE TEMPORARY TABLE bench_piece (kind int, n int, raw text, norm text, PRIMARY KEY (kind, n))',
    ...chunked('INSERT INTO bench_piece (kind, n, raw, norm)', [
      ...rows(1, headlines(pieceCounts.headline)),
      ...rows(2, newsSentences(pieceCounts.news)),
      ...rows(3, fillerSentences(pieceCounts.filler)),
    ]),
  ];
  for (let first = 1; first <= count; first += articlesPerStatement) {
    const last = Math.min(count, first + articlesPerStatement - 1);
    // Every third slot is filler; a paragraph break every six. The report number keeps bodies distinct.
    statements.push(`INSERT INTO "Article" ("id","url","title","body","language","source","publishedAt","contentHash","searchText")
     SELECT g, 'https://news.example/bench/' || g, (h).raw || ' (' || g || ')', body, 'ar', 'bench',
            timestamp '2023-10-08' + g * interval '1 hour', encode(sha256(convert_to(norm, 'UTF8')), 'hex'),
            (h).norm || ' (' || g || ')' || E'\n' || norm
     FROM (
       SELECT g, ${pick(1, pieceCounts.headline, 'g')} AS h,
              string_agg((s).raw, CASE WHEN j % 6 = 1 THEN E'\n\n' ELSE ' ' END ORDER BY j) || E'\n\n(تقرير رقم ' || g || ')' AS body,
              string_agg((s).norm, ' ' ORDER BY j) || ' (تقرير رقم ' || g || ')' AS norm
       FROM generate_series(${first}, ${last}) AS g, generate_series(1, ${slotsPerArticle}) AS j,
            LATERAL (SELECT CASE WHEN j % 3 = 0 THEN ${pick(3, pieceCounts.filler, 'g * 64 + j')} ELSE ${pick(2, pieceCounts.news, 'g * 64 + j')} END AS s) AS slot
       GROUP BY g
     ) AS article`);
  }
  return [...statements, 'DROP TABLE bench_piece'];
}

/** The statements that fill an empty, migrated database. */
export function datasetStatements(size: DatasetSize): string[] {
  const { actors: A, meetings: M, proposals: P, developments: D, articles: R } = size;
  const { actors, aliases } = actorRows(A);
  const titlesAr = proposalTopics.map(([ar]) => ar);
  const titlesEn = proposalTopics.map(([, en]) => en);
  const searchTexts = proposalTopics.map(([ar, en]) => normalizeArabic(`${ar} ${en}`));
  const actorOf = (expression: string) => `(((${expression}) % ${A}) + ${A}) % ${A} + 1`;
  return [
    ...chunked(
      'INSERT INTO "Actor" ("id","slug","kind","nameAr","nameEn","affiliationId","updatedAt")',
      actors,
    ),
    ...chunked('INSERT INTO "ActorAlias" ("actorId","text","normalized","language")', aliases),
    `INSERT INTO "Meeting" ("id","slug","title","summary","occurredAt","venue","city","status","updatedAt")
     SELECT g, 'bench-meeting-' || g,
            'Round ' || g || ' of talks in ' || (${arr(cities.map(([, en]) => en))})[1 + g % ${cities.length}],
            'جولة مفاوضات في ' || (${arr(cities.map(([ar]) => ar))})[1 + g % ${cities.length}],
            timestamp '2023-10-07' + (g * interval '17 minutes'),
            'Venue ' || (g % 50), (${arr(cities.map(([, en]) => en))})[1 + g % ${cities.length}],
            ${pick(MeetingStatus, 'g')}::"MeetingStatus", now()
     FROM generate_series(1, ${M}) AS g`,
    // 3 to 6 participants per meeting; the strides keep the actors of one meeting distinct.
    `INSERT INTO "MeetingParticipant" ("meetingId","actorId","role")
     SELECT g, ${actorOf('g * 7919 + j * 104729')},
            ${pick(ParticipantRole, '(g + j)')}::"ParticipantRole"
     FROM generate_series(1, ${M}) AS g, generate_series(0, 5) AS j
     WHERE j < 3 + g % 4
     ON CONFLICT DO NOTHING`,
    `INSERT INTO "Proposal" ("id","slug","title","summary","status","tabledAt","searchText","updatedAt")
     SELECT g, 'bench-proposal-' || g,
            (${arr(titlesEn)})[1 + g % ${titlesEn.length}] || ' (version ' || g || ')',
            (${arr(titlesAr)})[1 + g % ${titlesAr.length}],
            ${pick(ProposalStatus, 'g')}::"ProposalStatus",
            timestamp '2023-11-01' + (g * interval '97 minutes'),
            (${arr(searchTexts)})[1 + g % ${searchTexts.length}] || ' ' || g, now()
     FROM generate_series(1, ${P}) AS g`,
    `INSERT INTO "ProposalProposer" ("proposalId","actorId")
     SELECT g, ${actorOf('g * 31 + j * 613')} FROM generate_series(1, ${P}) AS g, generate_series(0, 2) AS j
     WHERE j < 1 + g % 3 ON CONFLICT DO NOTHING`,
    `INSERT INTO "ProposalTerm" ("proposalId","position","text")
     SELECT g, j, 'البند ' || j || ': ' || (${arr(titlesAr)})[1 + (g + j) % ${titlesAr.length}]
     FROM generate_series(1, ${P}) AS g, generate_series(1, 3) AS j`,
    `INSERT INTO "Stance" ("proposalId","actorId","position","summary","asOf")
     SELECT g, ${actorOf('g * 131 + j * 977')},
            ${pick(StancePosition, '(g + j)')}::"StancePosition",
            'موقف من المقترح ' || g, timestamp '2023-11-02' + (g * interval '97 minutes') + (j * interval '1 day')
     FROM generate_series(1, ${P}) AS g, generate_series(0, 4) AS j WHERE j < 2 + g % 4`,
    `INSERT INTO "MeetingProposal" ("meetingId","proposalId")
     SELECT 1 + (g * 13) % ${M}, g FROM generate_series(1, ${P}) AS g ON CONFLICT DO NOTHING`,
    ...articleStatements(R),
    `INSERT INTO "Development" ("id","sequence","kind","summary","occurredAt","reportedAt","meetingId","proposalId")
     SELECT g, g,
            ${pick(DevelopmentKind, 'g')}::"DevelopmentKind",
            'تطور رقم ' || g || ' في مفاوضات غزة', timestamp '2023-10-07' + g * interval '5 minutes', timestamp '2023-10-07' + g * interval '5 minutes' + interval '1 hour',
            CASE WHEN g % 10 < 2 THEN 1 + g % ${M} END, CASE WHEN g % 10 BETWEEN 2 AND 4 THEN 1 + g % ${P} END
     FROM generate_series(1, ${D}) AS g`,
    `INSERT INTO "DevelopmentActor" ("developmentId","actorId")
     SELECT g, ${actorOf('g * 17 + j * 389')} FROM generate_series(1, ${D}) AS g, generate_series(0, 2) AS j
     WHERE j < 1 + g % 3 ON CONFLICT DO NOTHING`,
    `INSERT INTO "FeedCounter" ("id","value") SELECT 1, coalesce(max("sequence"), 0) FROM "Development"
     ON CONFLICT ("id") DO UPDATE SET "value" = excluded."value"`,
    ...[
      'Actor',
      'ActorAlias',
      'Meeting',
      'MeetingParticipant',
      'Proposal',
      'ProposalTerm',
      'Stance',
      'Article',
      'Development',
    ].map(
      (table) =>
        `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce((SELECT max("id") FROM "${table}"), 1))`,
    ),
    'ANALYZE',
  ];
}

export const datasetCounts = `SELECT
  (SELECT count(*) FROM "Actor")::int AS actors, (SELECT count(*) FROM "ActorAlias")::int AS aliases,
  (SELECT count(*) FROM "Meeting")::int AS meetings, (SELECT count(*) FROM "MeetingParticipant")::int AS participants,
  (SELECT count(*) FROM "Proposal")::int AS proposals, (SELECT count(*) FROM "ProposalProposer")::int AS proposers,
  (SELECT count(*) FROM "Stance")::int AS stances, (SELECT count(*) FROM "Article")::int AS articles,
  (SELECT count(*) FROM "Development")::int AS developments, (SELECT count(*) FROM "DevelopmentActor")::int AS "developmentActors",
  (SELECT "value" FROM "FeedCounter" WHERE "id" = 1)::int AS "feedCounter"`;
