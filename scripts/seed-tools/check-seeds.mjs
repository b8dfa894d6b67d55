// Validates the curated seed data in seeds/. Plain Node ESM, no dependencies.
// Run: node scripts/seed-tools/check-seeds.mjs   (exit code 1 on any error; warnings do not fail)
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seedsDir = process.env.SEEDS_DIR ? path.resolve(process.env.SEEDS_DIR) : path.join(root, 'seeds');
// The original article files, when at hand (SEED_SOURCES_DIR): the copies in seeds/articles must match them.
const sharedDir = process.env.SEED_SOURCES_DIR ? path.resolve(process.env.SEED_SOURCES_DIR) : null;

const errors = [];
const warnings = [];
const fail = (where, message) => errors.push(`${where}: ${message}`);
const warn = (where, message) => warnings.push(`${where}: ${message}`);

// Enums, read from prisma/schema.prisma: the one place they are declared (the app gets them from the
// generated Prisma client; this checker is plain Node and reads the schema itself).
const schemaPath = path.join(root, 'prisma/schema.prisma');
const ENUMS = Object.fromEntries(
  [...readFileSync(schemaPath, 'utf8').matchAll(/^enum (\w+) \{([^}]*)\}/gm)].map(([, name, body]) => [
    name,
    body.split(/\s+/).filter((word) => /^[A-Z][A-Z0-9_]*$/.test(word)),
  ]),
);
for (const name of [
  'ActorKind',
  'AliasLanguage',
  'DatePrecision',
  'MeetingStatus',
  'ParticipantRole',
  'ProposalStatus',
  'StancePosition',
  'DevelopmentKind',
]) {
  if (!ENUMS[name]) fail('schema', `enum ${name} not found in prisma/schema.prisma`);
}
const inEnum = (name, value) => (ENUMS[name] ?? []).includes(value);

// ---------------------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------------------
function load(name) {
  const file = path.join(seedsDir, name);
  if (!existsSync(file)) {
    fail(name, 'missing');
    return null;
  }
  const raw = readFileSync(file, 'utf8');
  let value;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    fail(name, `invalid JSON: ${error.message}`);
    return null;
  }
  if (raw !== JSON.stringify(value, null, 2) + '\n')
    fail(name, 'not formatted as JSON.stringify(value, null, 2) + newline');
  if (raw.charCodeAt(0) === 0xfeff) fail(name, 'starts with a BOM');
  return value;
}
const articles = load('articles.json') ?? [];
const actors = load('actors.json') ?? [];
const meetings = load('meetings.json') ?? [];
const proposals = load('proposals.json') ?? [];
const developments = load('developments.json') ?? [];
const mentions = load('gold/mentions.json') ?? [];
const candidateMeetings = load('gold/candidate-meetings.json') ?? {};
if (!existsSync(path.join(seedsDir, 'README.md'))) fail('README.md', 'missing');

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------
// The app's SLUG_PATTERN (src/domain/vocabulary.ts); tests/vocabulary.test.ts keeps the two equal.
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const LETTER = /[\p{L}\p{M}]/u;
const isString = (v) => typeof v === 'string' && v.trim().length > 0;

function checkDate(where, value, precision, { nullable = true } = {}) {
  if (!inEnum('DatePrecision', precision))
    fail(where, `precision ${JSON.stringify(precision)} is not a DatePrecision`);
  if (value === null || value === undefined) {
    if (!nullable) fail(where, 'date is required');
    return null;
  }
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    fail(where, `date ${JSON.stringify(value)} is not YYYY-MM-DD`);
    return null;
  }
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    fail(where, `date ${value} does not exist`);
    return null;
  }
  if (date.getUTCFullYear() < 1900) fail(where, `date ${value} is before 1900`);
  if (precision === 'MONTH' && !value.endsWith('-01'))
    fail(where, `MONTH precision must use the first day of the month, got ${value}`);
  if (precision === 'YEAR' && !value.endsWith('-01-01'))
    fail(where, `YEAR precision must use 1 January, got ${value}`);
  return date;
}

function unique(where, list, label) {
  const seen = new Set();
  for (const item of list) {
    if (seen.has(item)) fail(where, `duplicate ${label} ${JSON.stringify(item)}`);
    seen.add(item);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Articles
// ---------------------------------------------------------------------------------------------------------
if (!Array.isArray(articles)) fail('articles.json', 'must be an array');
const texts = new Map();
const tails = new Map(); // article key -> unrelatedFrom
const published = new Map();
unique(
  'articles.json',
  articles.map((a) => a.key),
  'key',
);
for (const [i, a] of articles.entries()) {
  const where = `articles.json[${i}] ${a.key}`;
  if (!/^\d{3}$/.test(a.key ?? '')) fail(where, 'key must be three digits');
  if (!isString(a.file) || !a.file.startsWith('articles/') || !a.file.startsWith(`articles/${a.key}_`))
    fail(where, `file ${a.file} must be articles/<key>_….txt`);
  if (a.url !== `file:seeds/${a.file}`) fail(where, `url must be file:seeds/${a.file}`);
  if (a.source !== 'unknown outlet (seed corpus)')
    fail(where, 'source must be "unknown outlet (seed corpus)"');
  if (a.language !== 'ar') fail(where, 'language must be "ar"');
  const date = checkDate(where, a.publishedAt, a.publishedAtPrecision, { nullable: false });
  if (date) published.set(a.key, a.publishedAt);
  const file = path.join(seedsDir, a.file ?? '');
  if (!existsSync(file)) {
    fail(where, `article file ${a.file} missing`);
    continue;
  }
  const bytes = readFileSync(file);
  const shared = sharedDir && path.join(sharedDir, path.basename(a.file));
  if (shared && existsSync(shared) && !bytes.equals(readFileSync(shared)))
    fail(where, `${a.file} is not a byte-for-byte copy of ${shared}`);
  const text = readFileSync(file, 'utf8');
  texts.set(a.key, text);
  const lines = text.split('\n');
  if (!isString(a.title) || a.title.length > 300)
    fail(where, 'title must be a non-empty string of at most 300 characters');
  else if (!lines.includes(a.title)) fail(where, 'title is not a line of the article');
  else if (a.title !== lines[0])
    warn(where, `title is line ${lines.indexOf(a.title) + 1} of the article, not the first line`);
  if ('unrelatedFrom' in a) {
    const at = a.unrelatedFrom;
    if (!Number.isInteger(at) || at <= 0 || at >= text.length)
      fail(where, 'unrelatedFrom must be an offset inside the text');
    else if (text[at - 1] !== '\n') fail(where, 'unrelatedFrom must be at the start of a line');
    else tails.set(a.key, at);
  }
}
if (sharedDir && existsSync(sharedDir)) {
  for (const name of readdirSync(sharedDir).filter((f) => f.endsWith('.txt'))) {
    if (!articles.some((a) => path.basename(a.file ?? '') === name))
      fail('articles.json', `shared article ${name} is not listed`);
  }
}
if (!tails.has('004')) fail('articles.json', 'article 004 must record unrelatedFrom');

function checkEvidence(where, list, { min = 1, article: onlyArticle } = {}) {
  if (!Array.isArray(list)) {
    fail(where, 'evidence must be an array');
    return;
  }
  if (list.length < min) fail(where, `needs at least ${min} evidence quote(s)`);
  if (list.length > 20) fail(where, 'the app accepts at most 20 evidence quotes per item');
  for (const [i, e] of list.entries()) {
    const w = `${where} evidence[${i}]`;
    const text = texts.get(e.article);
    if (text === undefined) {
      fail(w, `unknown article ${e.article}`);
      continue;
    }
    if (onlyArticle && e.article !== onlyArticle)
      fail(w, `comes from article ${e.article}, expected ${onlyArticle}`);
    if (!isString(e.quote)) {
      fail(w, 'quote must be a non-empty string');
      continue;
    }
    if (e.quote !== e.quote.trim()) fail(w, 'quote has leading or trailing whitespace');
    if (e.quote.length > 2000) fail(w, 'quote longer than 2000 characters');
    if (
      !Number.isInteger(e.start) ||
      !Number.isInteger(e.end) ||
      e.start < 0 ||
      e.end > text.length ||
      e.end <= e.start
    ) {
      fail(w, `offsets ${e.start}..${e.end} out of bounds`);
      continue;
    }
    if (e.end - e.start !== e.quote.length) fail(w, 'end - start differs from the quote length');
    if (text.slice(e.start, e.end) !== e.quote) fail(w, `text.slice(${e.start}, ${e.end}) is not the quote`);
    const tail = tails.get(e.article);
    if (tail !== undefined && e.end > tail)
      fail(w, `quote lies in the unrelated tail of ${e.article} (from ${tail})`);
    const words = e.quote.split(/\s+/).filter(Boolean).length;
    if (words < 4 || words > 30) warn(w, `quote has ${words} words (aim for 5–25)`);
  }
}
const evidenceArticles = (list) => [...new Set((list ?? []).map((e) => e.article))];

// ---------------------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------------------
const actorBySlug = new Map();
unique(
  'actors.json',
  actors.map((a) => a.slug),
  'slug',
);
unique(
  'actors.json',
  actors.filter((a) => a.wikidataId).map((a) => a.wikidataId),
  'wikidataId',
);
for (const [i, a] of actors.entries()) {
  const where = `actors.json[${i}] ${a.slug}`;
  actorBySlug.set(a.slug, a);
  if (!SLUG.test(a.slug ?? '') || a.slug.length > 100) fail(where, 'bad slug');
  if (!inEnum('ActorKind', a.kind)) fail(where, `kind ${a.kind} is not an ActorKind`);
  if (!isString(a.nameEn) || a.nameEn.length > 200) fail(where, 'nameEn must be a non-empty string (≤200)');
  if (a.nameAr !== null && (!isString(a.nameAr) || a.nameAr.length > 200))
    fail(where, 'nameAr must be null or a non-empty string');
  if (a.wikidataId !== null && !/^Q[1-9]\d*$/.test(a.wikidataId ?? ''))
    fail(where, 'wikidataId must be null or Q…');
  if (a.description !== null && (!isString(a.description) || a.description.length > 2000))
    fail(where, 'description must be null or a non-empty string');
  if ('mentions' in a) fail(where, 'mentions belong in gold/mentions.json, not in actors.json');
  if (!Array.isArray(a.aliases) || a.aliases.length === 0) {
    fail(where, 'aliases must be a non-empty array');
    continue;
  }
  if (a.aliases.length > 100) fail(where, 'the app accepts at most 100 aliases');
  unique(
    where,
    a.aliases.map((al) => al.text),
    'alias',
  );
  for (const al of a.aliases) {
    if (!isString(al.text) || al.text !== al.text.trim() || al.text.length > 200)
      fail(where, `bad alias ${JSON.stringify(al.text)}`);
    if (!inEnum('AliasLanguage', al.language))
      fail(where, `alias language ${al.language} is not an AliasLanguage`);
    const arabic = /[\u0600-\u06FF]/.test(al.text);
    if (arabic !== (al.language === 'AR'))
      fail(where, `alias ${JSON.stringify(al.text)} script does not match language ${al.language}`);
  }
  if (a.nameAr && !a.aliases.some((al) => al.text === a.nameAr))
    warn(where, 'nameAr is not among the aliases (the app adds it anyway)');
  if (!a.aliases.some((al) => al.text === a.nameEn))
    warn(where, 'nameEn is not among the aliases (the app adds it anyway)');
}
for (const a of actors) {
  if (a.affiliation === null || a.affiliation === undefined) continue;
  if (!actorBySlug.has(a.affiliation))
    fail(`actors.json ${a.slug}`, `affiliation ${a.affiliation} is not an actor`);
  if (a.affiliation === a.slug) fail(`actors.json ${a.slug}`, 'affiliated with itself');
}
// Affiliation chains must end.
for (const a of actors) {
  const seen = new Set([a.slug]);
  let cursor = actorBySlug.get(a.affiliation);
  while (cursor) {
    if (seen.has(cursor.slug)) {
      fail(`actors.json ${a.slug}`, 'affiliation cycle');
      break;
    }
    seen.add(cursor.slug);
    cursor = actorBySlug.get(cursor.affiliation);
  }
}
const refActor = (where, slug) => {
  if (!actorBySlug.has(slug)) fail(where, `unknown actor ${JSON.stringify(slug)}`);
};

// ---------------------------------------------------------------------------------------------------------
// Proposals
// ---------------------------------------------------------------------------------------------------------
const proposalBySlug = new Map();
unique(
  'proposals.json',
  proposals.map((p) => p.slug),
  'slug',
);
for (const p of proposals) proposalBySlug.set(p.slug, p);
for (const [i, p] of proposals.entries()) {
  const where = `proposals.json[${i}] ${p.slug}`;
  if (!SLUG.test(p.slug ?? '') || p.slug.length > 120) fail(where, 'bad slug');
  if (!isString(p.title) || p.title.length > 300) fail(where, 'title must be a non-empty string (≤300)');
  if (p.summary !== null && !isString(p.summary)) fail(where, 'summary must be null or a non-empty string');
  if (!inEnum('ProposalStatus', p.status)) fail(where, `status ${p.status} is not a ProposalStatus`);
  checkDate(where, p.tabledAt, p.tabledAtPrecision);
  if (!Array.isArray(p.proposers)) fail(where, 'proposers must be an array');
  else {
    p.proposers.forEach((s) => refActor(where, s));
    unique(where, p.proposers, 'proposer');
  }
  if (p.revises !== null && p.revises !== undefined) {
    if (!proposalBySlug.has(p.revises)) fail(where, `revises unknown proposal ${p.revises}`);
    if (p.revises === p.slug) fail(where, 'revises itself');
  }
  if (!Array.isArray(p.terms)) fail(where, 'terms must be an array');
  else {
    p.terms.forEach((t) => {
      if (!isString(t) || t.length > 2000) fail(where, `bad term ${JSON.stringify(t)}`);
    });
    unique(where, p.terms, 'term');
  }
  checkEvidence(where, p.evidence);
  for (const [j, s] of (p.stances ?? []).entries()) {
    const w = `${where} stances[${j}]`;
    refActor(w, s.actor);
    if (!inEnum('StancePosition', s.position)) fail(w, `position ${s.position} is not a StancePosition`);
    if (s.summary !== null && !isString(s.summary)) fail(w, 'summary must be null or a non-empty string');
    const asOf = checkDate(w, s.asOf, s.asOfPrecision, { nullable: false });
    const latest = evidenceArticles(s.evidence)
      .map((k) => published.get(k))
      .sort()
      .pop();
    if (asOf && latest && s.asOf > latest)
      fail(w, `asOf ${s.asOf} is after the article that reports it (${latest})`);
    checkEvidence(w, s.evidence);
  }
}
for (const p of proposals) {
  // revision chains must end
  const seen = new Set([p.slug]);
  let cursor = proposalBySlug.get(p.revises);
  while (cursor) {
    if (seen.has(cursor.slug)) {
      fail(`proposals.json ${p.slug}`, 'revision cycle');
      break;
    }
    seen.add(cursor.slug);
    cursor = proposalBySlug.get(cursor.revises);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------------------------------------
const meetingBySlug = new Map();
unique(
  'meetings.json',
  meetings.map((m) => m.slug),
  'slug',
);
for (const [i, m] of meetings.entries()) {
  const where = `meetings.json[${i}] ${m.slug}`;
  meetingBySlug.set(m.slug, m);
  if (!SLUG.test(m.slug ?? '') || m.slug.length > 120) fail(where, 'bad slug');
  if (!isString(m.title) || m.title.length > 300) fail(where, 'title must be a non-empty string (≤300)');
  if (m.summary !== null && !isString(m.summary)) fail(where, 'summary must be null or a non-empty string');
  checkDate(where, m.occurredAt, m.occurredAtPrecision);
  for (const field of ['venue', 'city'])
    if (m[field] !== null && (!isString(m[field]) || m[field].length > 200))
      fail(where, `${field} must be null or a non-empty string`);
  if (!inEnum('MeetingStatus', m.status)) fail(where, `status ${m.status} is not a MeetingStatus`);
  if (!Array.isArray(m.participants) || m.participants.length === 0)
    fail(where, 'needs at least one participant');
  else {
    for (const p of m.participants) {
      refActor(where, p.actor);
      if (!inEnum('ParticipantRole', p.role)) fail(where, `role ${p.role} is not a ParticipantRole`);
    }
    unique(
      where,
      m.participants.map((p) => p.actor),
      'participant',
    );
  }
  for (const slug of m.proposals ?? [])
    if (!proposalBySlug.has(slug)) fail(where, `unknown proposal ${slug}`);
  unique(where, m.proposals ?? [], 'proposal');
  checkEvidence(where, m.evidence);
  const latest = evidenceArticles(m.evidence)
    .map((k) => published.get(k))
    .sort()
    .pop();
  if (m.status === 'HELD' && m.occurredAt && latest && m.occurredAt > latest)
    fail(where, `held meeting dated ${m.occurredAt}, after its latest report ${latest}`);
}

// ---------------------------------------------------------------------------------------------------------
// Developments
// ---------------------------------------------------------------------------------------------------------
unique(
  'developments.json',
  developments.map((d) => d.key),
  'key',
);
let previous = null;
for (const [i, d] of developments.entries()) {
  const where = `developments.json[${i}] ${d.key}`;
  const match = /^(\d{3})-(\d{2})$/.exec(d.key ?? '');
  if (!match) {
    fail(where, 'key must be <article>-<NN>');
    continue;
  }
  const article = match[1];
  if (!texts.has(article)) fail(where, `key names unknown article ${article}`);
  if (!inEnum('DevelopmentKind', d.kind)) fail(where, `kind ${d.kind} is not a DevelopmentKind`);
  if (!isString(d.summary) || d.summary.length > 2000) fail(where, 'summary must be a non-empty string');
  checkDate(where, d.occurredAt, d.occurredAtPrecision);
  checkDate(where, d.reportedAt, 'DAY', { nullable: false });
  if (d.reportedAt !== published.get(article))
    fail(
      where,
      `reportedAt ${d.reportedAt} is not the publication date of article ${article} (${published.get(article)})`,
    );
  if (d.occurredAt && d.reportedAt && d.occurredAt > d.reportedAt && d.kind !== 'MEETING_PLANNED')
    fail(where, `occurredAt ${d.occurredAt} is after reportedAt ${d.reportedAt}`);
  if (!Array.isArray(d.actors)) fail(where, 'actors must be an array');
  else {
    d.actors.forEach((s) => refActor(where, s));
    unique(where, d.actors, 'actor');
  }
  if (d.meeting !== null && !meetingBySlug.has(d.meeting)) fail(where, `unknown meeting ${d.meeting}`);
  if (d.proposal !== null && !proposalBySlug.has(d.proposal)) fail(where, `unknown proposal ${d.proposal}`);
  checkEvidence(where, d.evidence, { article });
  if (['MEETING_HELD', 'MEETING_PLANNED'].includes(d.kind) && !d.meeting)
    fail(where, `${d.kind} needs a meeting`);
  if (d.kind.startsWith('PROPOSAL_') && !d.proposal) fail(where, `${d.kind} needs a proposal`);
  if (d.meeting && meetingBySlug.has(d.meeting)) {
    const status = meetingBySlug.get(d.meeting).status;
    if (d.kind === 'MEETING_HELD' && status !== 'HELD')
      fail(where, `MEETING_HELD for a meeting whose status is ${status}`);
    if (d.kind === 'MEETING_PLANNED' && status !== 'PLANNED')
      fail(where, `MEETING_PLANNED for a meeting whose status is ${status}`);
  }
  // Order: by reportedAt, then by position (first evidence offset) within the article; keys count up.
  const position = Math.min(...(d.evidence ?? []).map((e) => e.start));
  if (previous) {
    const sameArticle = previous.article === article;
    if (d.reportedAt < previous.reportedAt) fail(where, 'not ordered by reportedAt');
    if (sameArticle && position < previous.position) fail(where, 'not ordered by position in the article');
    if (sameArticle && Number(match[2]) !== previous.n + 1)
      fail(where, 'keys within an article must count up by one');
    if (!sameArticle && Number(match[2]) !== 1)
      fail(where, 'the first development of an article must be NN = 01');
  } else if (Number(match[2]) !== 1) fail(where, 'the first development must be NN = 01');
  previous = { article, reportedAt: d.reportedAt, position, n: Number(match[2]) };
}

// Every meeting and proposal should appear in the log.
for (const m of meetings)
  if (!developments.some((d) => d.meeting === m.slug))
    warn(`meetings.json ${m.slug}`, 'no development refers to it');
for (const p of proposals)
  if (!developments.some((d) => d.proposal === p.slug))
    warn(`proposals.json ${p.slug}`, 'no development refers to it');

// ---------------------------------------------------------------------------------------------------------
// Gold mentions
// ---------------------------------------------------------------------------------------------------------
const arabicAliases = new Map(
  actors.map((a) => [
    a.slug,
    new Set(
      [...(a.aliases ?? []).filter((al) => al.language === 'AR').map((al) => al.text), a.nameAr].filter(
        Boolean,
      ),
    ),
  ]),
);
let previousMention = null;
const mentionCount = new Map();
for (const [i, m] of mentions.entries()) {
  const where = `gold/mentions.json[${i}] ${m.article}:${m.start}`;
  const text = texts.get(m.article);
  if (text === undefined) {
    fail(where, `unknown article ${m.article}`);
    continue;
  }
  refActor(where, m.actor);
  if (
    !Number.isInteger(m.start) ||
    !Number.isInteger(m.end) ||
    m.start < 0 ||
    m.end > text.length ||
    m.end <= m.start
  ) {
    fail(where, 'offsets out of bounds');
    continue;
  }
  if (text.slice(m.start, m.end) !== m.text)
    fail(
      where,
      `text.slice(start, end) is ${JSON.stringify(text.slice(m.start, m.end))}, not ${JSON.stringify(m.text)}`,
    );
  const tail = tails.get(m.article);
  if (tail !== undefined && m.end > tail) fail(where, `mention in the unrelated tail (from ${tail})`);
  if (m.end < text.length && LETTER.test(text[m.end])) fail(where, 'span ends inside a word');
  // Before the span: nothing, or only proclitics (و ف then ب ل ك) of the same word.
  let wordStart = m.start;
  while (wordStart > 0 && LETTER.test(text[wordStart - 1])) wordStart -= 1;
  const prefix = text.slice(wordStart, m.start);
  if (!/^[وف]?[بلك]?$/u.test(prefix))
    fail(where, `span starts inside a word (prefix ${JSON.stringify(prefix)})`);
  const aliases = arabicAliases.get(m.actor) ?? new Set();
  const restored = m.text.startsWith('ل') && /ل$/u.test(prefix) ? 'ا' + m.text : null; // "للبيت" -> span "لبيت", alias "البيت"
  if (!aliases.has(m.text) && !(restored && aliases.has(restored)))
    fail(where, `${JSON.stringify(m.text)} is not an Arabic alias of ${m.actor}`);
  if (previousMention) {
    if (
      m.article < previousMention.article ||
      (m.article === previousMention.article && m.start < previousMention.start)
    )
      fail(where, 'not sorted by article then start');
    if (m.article === previousMention.article && m.start < previousMention.end)
      fail(where, 'overlaps the previous mention');
  }
  previousMention = m;
  mentionCount.set(m.actor, (mentionCount.get(m.actor) ?? 0) + 1);
}
// Exhaustiveness: every standalone occurrence of a mentioned Arabic alias must be in the gold file, except
// where README documents why not (names used for something else).
const DOCUMENTED_NON_MENTIONS = [
  { article: '002', text: 'واشنطن', why: 'the city (Dermer was in Washington), not the US as an actor' },
];
for (const [key, text] of texts) {
  const limit = tails.get(key) ?? text.length;
  for (const a of actors) {
    for (const alias of arabicAliases.get(a.slug) ?? []) {
      const variants = [alias, ...(alias.startsWith('ال') ? [alias.slice(1)] : [])];
      for (const v of variants) {
        let at = text.indexOf(v);
        while (at >= 0) {
          const end = at + v.length;
          let wordStart = at;
          while (wordStart > 0 && LETTER.test(text[wordStart - 1])) wordStart -= 1;
          const prefix = text.slice(wordStart, at);
          const okPrefix = v === alias ? /^[وف]?[بلك]?$/u.test(prefix) : /^[وف]?ل$/u.test(prefix);
          const standalone = okPrefix && !(end < text.length && LETTER.test(text[end]));
          if (standalone && end <= limit) {
            const covered = mentions.some(
              (m) => m.article === key && m.actor === a.slug && m.start <= at && end <= m.end,
            );
            const documented = DOCUMENTED_NON_MENTIONS.some((d) => d.article === key && d.text === v);
            if (!covered && !documented)
              fail(
                `gold/mentions.json ${key}:${at}`,
                `${JSON.stringify(v)} (${a.slug}) occurs here but is not a gold mention`,
              );
          }
          at = text.indexOf(v, at + 1);
        }
      }
    }
  }
}
for (const a of actors) {
  const count = mentionCount.get(a.slug) ?? 0;
  if (count === 0) fail(`actors.json ${a.slug}`, 'has no gold mention: not named in the related text');
  if (count > 20)
    warn(
      `actors.json ${a.slug}`,
      `${count} gold mentions; src/domain/seed.ts passes them all as actor evidence, and createActor accepts at most 20`,
    );
}

// ---------------------------------------------------------------------------------------------------------
// Candidate meetings
// ---------------------------------------------------------------------------------------------------------
const keys = [...texts.keys()].sort();
if (JSON.stringify(Object.keys(candidateMeetings).sort()) !== JSON.stringify(keys))
  fail('gold/candidate-meetings.json', `must have exactly the article keys ${keys.join(', ')}`);
for (const [key, slugs] of Object.entries(candidateMeetings)) {
  if (!Array.isArray(slugs)) {
    fail('gold/candidate-meetings.json', `${key} must be an array`);
    continue;
  }
  unique(`gold/candidate-meetings.json ${key}`, slugs, 'meeting');
  for (const slug of slugs) {
    const m = meetingBySlug.get(slug);
    if (!m) {
      fail('gold/candidate-meetings.json', `${key}: unknown meeting ${slug}`);
      continue;
    }
    if (!evidenceArticles(m.evidence).includes(key))
      fail('gold/candidate-meetings.json', `${key}: meeting ${slug} has no evidence in article ${key}`);
  }
}
for (const m of meetings) {
  for (const key of evidenceArticles(m.evidence)) {
    if (!(candidateMeetings[key] ?? []).includes(m.slug))
      fail('gold/candidate-meetings.json', `${key}: missing ${m.slug}, which has evidence there`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------
const stances = proposals.reduce((n, p) => n + (p.stances?.length ?? 0), 0);
console.log(
  `articles ${articles.length}, actors ${actors.length}, meetings ${meetings.length}, proposals ${proposals.length} (stances ${stances}), developments ${developments.length}, gold mentions ${mentions.length}`,
);
for (const w of warnings) console.log(`warning  ${w}`);
for (const e of errors) console.log(`ERROR    ${e}`);
if (errors.length) {
  console.log(`${errors.length} error(s)`);
  process.exit(1);
}
console.log('seed data OK');
