// The synthetic gold (seeds/gold/synthetic/<part>/gold.json, rules in seeds/gold/GUIDELINE.md) run through
// the extractor and scored: meetings strict and lenient, roles, developments by kind, linking. Used by
// `npm run eval` and by the test that keeps the committed figures from dropping.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { analyzeArticle, buildGazetteer, normalizeArabic } from '../../src/arabic';
import { gazetteerActorsFromSeeds, type SeedActor } from '../../src/arabic/eval';
import { mergeMeetings, sameMeeting, type MeetingCandidate } from '../../src/arabic/meetings';
import { scoreMatching, type PrecisionRecall } from '../../src/arabic/scoring';
import { projectRoot as root } from '../../src/paths';

export type Part = 'heldout' | 'tuning';

interface GoldText {
  key: string;
  file: string;
  source: string;
  publishedAt: string;
  timeZone: string;
}
interface GoldMeeting {
  id: string;
  texts: string[];
  status: string;
  occurredAt: string | null;
  precision: string;
  city: string | null;
  participants: { actor: string; role: string }[];
}
interface GoldDevelopment {
  id: string;
  text: string;
  kind: string;
  occurredAt: string | null;
  precision: string;
  actors: string[];
}
interface GoldFile {
  texts: GoldText[];
  meetings: GoldMeeting[];
  developments: GoldDevelopment[];
  actors: Record<string, { linked: string[]; notLinked: string[] }>;
}

export interface PartScores {
  meetingsStrict: PrecisionRecall;
  meetingsLenient: PrecisionRecall;
  roles: PrecisionRecall;
  developments: PrecisionRecall;
  developmentsByKind: Record<string, PrecisionRecall>;
  linking: PrecisionRecall;
  /** Surfaces that must not link to a known actor, and how many did not. */
  refusals: { correct: number; total: number };
  misses: string[];
}

const goldDir = (part: Part) => path.join(root, 'seeds/gold/synthetic', part);

/** sha256 over the part's files (name and content, sorted by name): shows when the held-out gold changed. */
export async function partHash(part: Part): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(goldDir(part))).sort()) {
    hash
      .update(name)
      .update('\0')
      .update(await readFile(path.join(goldDir(part), name)))
      .update('\0');
  }
  return hash.digest('hex');
}

type Event = MeetingCandidate & { texts: string[] };

const windowOf = (date: string, precision: string): [number, number] => {
  const start = Date.parse(`${date}T00:00:00Z`);
  const d = new Date(start);
  if (precision === 'WEEK') return [start, start + 7 * 86_400_000];
  if (precision === 'MONTH') return [start, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)];
  return [start, start + 86_400_000];
};

/** A proposed date is right when it lies inside the gold date's window (DAY, WEEK, MONTH). */
function dateAgrees(event: Event, gold: GoldMeeting): boolean {
  if (!gold.occurredAt) return event.occurredAt === null;
  if (!event.occurredAt) return false;
  const [start, end] = windowOf(gold.occurredAt, gold.precision);
  const at = Date.parse(`${event.occurredAt}T00:00:00Z`);
  return at >= start && at < end;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
const actorsOf = (event: Event) => [...new Set(event.participants.map((p) => String(p.actorId)))];
const goldActors = (gold: GoldMeeting) => [...new Set(gold.participants.map((p) => p.actor))];
const shareText = (event: Event, gold: GoldMeeting) => event.texts.some((t) => gold.texts.includes(t));

export async function evaluatePart(part: Part): Promise<PartScores> {
  const gold = JSON.parse(await readFile(path.join(goldDir(part), 'gold.json'), 'utf8')) as GoldFile;
  const actors = JSON.parse(await readFile(path.join(root, 'seeds/actors.json'), 'utf8')) as SeedActor[];
  const gazetteer = buildGazetteer(gazetteerActorsFromSeeds(actors));
  const events: Event[] = [];
  const developments: { text: string; kind: string; actors: string[] }[] = [];
  const linked: { text: string; actor: string }[] = [];
  let refusalsCorrect = 0;
  let refusalsTotal = 0;
  for (const text of gold.texts) {
    const body = await readFile(path.join(goldDir(part), text.file), 'utf8');
    const analysis = analyzeArticle(body, gazetteer, {
      publishedAt: new Date(text.publishedAt),
      timeZone: text.timeZone,
    });
    // Pending candidates of different articles about one event merge, as ingestion merges them.
    for (const meeting of analysis.meetings) {
      const known = events.find((event) => sameMeeting(event, meeting, true));
      if (known) Object.assign(known, mergeMeetings(known, meeting), { texts: [...known.texts, text.key] });
      else events.push({ ...meeting, texts: [text.key] });
    }
    for (const development of analysis.developments)
      developments.push({
        text: text.key,
        kind: development.developmentKind,
        actors: development.actorIds.map(String),
      });
    for (const actor of new Set(analysis.mentions.map((m) => String(m.actorId))))
      linked.push({ text: text.key, actor });
    const normalizedBody = normalizeArabic(body);
    for (const surface of gold.actors[text.key]?.notLinked ?? []) {
      const at = body.indexOf(surface);
      if (at < 0 && !normalizedBody.includes(normalizeArabic(surface))) continue;
      refusalsTotal += 1;
      // Only the surname may be linked by mistake: a mention inside the surface's span is a failure.
      let bad = false;
      for (let from = body.indexOf(surface); from >= 0; from = body.indexOf(surface, from + 1)) {
        const end = from + surface.length;
        bad ||= analysis.mentions.some(
          (m) => m.start < end && from < m.end && gazetteer.actorKinds.get(m.actorId) === 'PERSON',
        );
      }
      if (!bad) refusalsCorrect += 1;
    }
  }
  const strict = scoreMatching(
    events,
    gold.meetings,
    (e, g) =>
      shareText(e, g) &&
      sameSet(actorsOf(e), goldActors(g)) &&
      e.status === g.status &&
      e.city === g.city &&
      dateAgrees(e, g),
  );
  const lenient = scoreMatching(
    events,
    gold.meetings,
    (e, g) => shareText(e, g) && sameSet(actorsOf(e), goldActors(g)),
  );
  const misses = gold.meetings
    .filter((_, g) => !strict.pairs.some(([, matched]) => matched === g))
    .map((g) => g.id);
  // Roles: every stated role (not ATTENDEE) of a meeting paired by participants.
  const pairOf = new Map(lenient.pairs.map(([e, g]) => [e, g]));
  const predictedRoles = events.flatMap((e, index) =>
    e.participants
      .filter((p) => p.role !== 'ATTENDEE')
      .map((p) => ({ index, actor: String(p.actorId), role: p.role })),
  );
  const goldRoles = gold.meetings.flatMap((g, index) =>
    g.participants.filter((p) => p.role !== 'ATTENDEE').map((p) => ({ index, actor: p.actor, role: p.role })),
  );
  const roles = scoreMatching(
    predictedRoles,
    goldRoles,
    (p, g) => pairOf.get(p.index) === g.index && p.actor === g.actor && p.role === g.role,
  );
  const developmentMatch = (p: (typeof developments)[number], g: GoldDevelopment) =>
    p.text === g.text &&
    p.kind === g.kind &&
    (p.actors.some((a) => g.actors.includes(a)) ||
      (g.actors.every((a) => a.startsWith('new:')) && p.actors.length === 0));
  const developmentScore = scoreMatching(developments, gold.developments, developmentMatch);
  const kinds = [
    ...new Set([...gold.developments.map((d) => d.kind), ...developments.map((d) => d.kind)]),
  ].sort();
  const developmentsByKind = Object.fromEntries(
    kinds.map((kind) => {
      const { pairs: _pairs, ...score } = scoreMatching(
        developments.filter((d) => d.kind === kind),
        gold.developments.filter((d) => d.kind === kind),
        developmentMatch,
      );
      return [kind, score];
    }),
  );
  const goldLinked = Object.entries(gold.actors).flatMap(([text, entry]) =>
    entry.linked.map((actor) => ({ text, actor })),
  );
  const linking = scoreMatching(linked, goldLinked, (p, g) => p.text === g.text && p.actor === g.actor);
  const strip = <T extends { pairs: unknown }>({ pairs: _pairs, ...rest }: T) => rest;
  return {
    meetingsStrict: strip(strict),
    meetingsLenient: strip(lenient),
    roles: strip(roles),
    developments: strip(developmentScore),
    developmentsByKind,
    linking: strip(linking),
    refusals: { correct: refusalsCorrect, total: refusalsTotal },
    misses,
  };
}

/** Debug view of a part's proposed meetings (never used for the held-out part while tuning). */
export async function proposedMeetings(part: Part) {
  const gold = JSON.parse(await readFile(path.join(goldDir(part), 'gold.json'), 'utf8')) as GoldFile;
  const actors = JSON.parse(await readFile(path.join(root, 'seeds/actors.json'), 'utf8')) as SeedActor[];
  const gazetteer = buildGazetteer(gazetteerActorsFromSeeds(actors));
  const out = [];
  for (const text of gold.texts) {
    const body = await readFile(path.join(goldDir(part), text.file), 'utf8');
    const analysis = analyzeArticle(body, gazetteer, {
      publishedAt: new Date(text.publishedAt),
      timeZone: text.timeZone,
    });
    out.push({
      text: text.key,
      meetings: analysis.meetings,
      developments: analysis.developments,
      mentions: analysis.mentions,
    });
  }
  return out;
}
