/**
 * Meeting candidates of one article, one per event: each sentence that reports a meeting is read
 * (meeting-sentences.ts), given a date (dates.ts) and a place (places.ts), and sentences about the same
 * meeting (compatible status, date and place, shared parties, or «the meeting» referring back) merge into
 * one candidate with all their quotes. `sameMeeting` is the one rule for "same event", used again across
 * articles and against recorded meetings.
 */
import { findTimeExpressions, localDay, resolveTime, type DatePrecision, type ResolvedDate } from './dates';
import type { ActorId, Gazetteer } from './gazetteer';
import type { TokenMention } from './linker';
import { readMeetingSentence, type MeetingStatus, type ParticipantRole } from './meeting-sentences';
import { originalSpan } from './normalize';
import { countryArabicNames, findPlaces, type PlaceMatch } from './places';
import { ROLE_PRECEDENCE } from './role-cues';
import { splitSentences } from './sentences';
import { tokenizeNormalized, type TokenizedText } from './tokens';
import { normalizeArabic } from './normalize';

export type { MeetingStatus, ParticipantRole } from './meeting-sentences';

export interface QuoteSpan {
  quote: string;
  start: number;
  end: number;
  /** The article it stands in, once stored: a merged candidate holds quotes of several articles. */
  articleId?: number;
}

/** One quote: the same text at the same place of the same article (two outlets may run one wire sentence). */
function sameQuote(a: QuoteSpan, b: QuoteSpan): boolean {
  return a.start === b.start && a.quote === b.quote && a.articleId === b.articleId;
}

export interface ProposedParticipant {
  actorId: ActorId;
  role: ParticipantRole;
  /** The quotes that state the role; empty for ATTENDEE. */
  evidence: QuoteSpan[];
}

export interface MeetingCandidate {
  status: MeetingStatus;
  occurredAt: string | null;
  occurredAtPrecision: DatePrecision;
  city: string | null;
  venue: string | null;
  participants: ProposedParticipant[];
  /** Every sentence the candidate rests on, in text order. */
  quotes: QuoteSpan[];
  cueWords: string[];
  confidence: number;
}

export interface Publication {
  publishedAt: Date | null;
  timeZone?: string;
}

/** The actor a country stands for, found by the country's Arabic names in the gazetteer. */
export function countryActorLookup(gazetteer: Gazetteer): (country: string) => ActorId | null {
  const cache = new Map<string, ActorId | null>();
  return (country) => {
    if (cache.has(country)) return cache.get(country) ?? null;
    let found: ActorId | null = null;
    for (const name of countryArabicNames(country)) {
      let node = gazetteer.root;
      for (const word of tokenizeNormalized(normalizeArabic(name)).map((t) => t.text)) {
        const child = node?.children.get(word);
        if (!child) {
          node = undefined as never;
          break;
        }
        node = child;
      }
      const entry = node?.entries.find((e) => gazetteer.actorKinds.get(e.actorId) === 'STATE');
      if (entry) {
        found = entry.actorId;
        break;
      }
    }
    cache.set(country, found);
    return found;
  };
}

const STATUS_GROUP: Record<MeetingStatus, string> = {
  HELD: 'past',
  REPORTED: 'past',
  PLANNED: 'future',
  POSTPONED: 'future',
  CANCELLED: 'future',
};

function dateWindow(date: string, precision: DatePrecision): [number, number] {
  const start = Date.parse(`${date}T00:00:00Z`);
  const day = 86_400_000;
  if (precision === 'DAY') return [start, start + day];
  if (precision === 'WEEK') return [start, start + 7 * day];
  const d = new Date(start);
  if (precision === 'MONTH') return [start, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)];
  return [start, Date.UTC(d.getUTCFullYear() + 1, 0, 1)];
}

/** Whether two dates (each possibly unknown) can name the same day: their windows overlap. */
export function compatibleDates(
  a: { occurredAt: string | null; occurredAtPrecision: DatePrecision },
  b: { occurredAt: string | null; occurredAtPrecision: DatePrecision },
): boolean {
  if (!a.occurredAt || !b.occurredAt) return true;
  const [as, ae] = dateWindow(a.occurredAt, a.occurredAtPrecision);
  const [bs, be] = dateWindow(b.occurredAt, b.occurredAtPrecision);
  return as < be && bs < ae;
}

export interface EventShape {
  status: MeetingStatus;
  occurredAt: string | null;
  occurredAtPrecision: DatePrecision;
  city: string | null;
  participants: { actorId: ActorId }[];
}

/**
 * The one rule for "same meeting": same kind of status (past or to come), dates that can agree, the same
 * city when both say one, and shared parties: at least two, or all of the smaller side's (within one
 * article); across articles (`across`) the same parties, or most of them on the same stated day.
 */
export function sameMeeting(a: EventShape, b: EventShape, across = false): boolean {
  if (STATUS_GROUP[a.status] !== STATUS_GROUP[b.status]) return false;
  if (!compatibleDates(a, b)) return false;
  if (a.city && b.city && a.city !== b.city) return false;
  const left = new Set(a.participants.map((p) => String(p.actorId)));
  const right = new Set(b.participants.map((p) => String(p.actorId)));
  const shared = [...left].filter((id) => right.has(id)).length;
  if (!across) return shared >= 2 || (shared >= 1 && shared === Math.min(left.size, right.size));
  // Across articles the bar is higher: the same parties, or most of them on the same stated day; a date
  // only one side gives is no agreement.
  if ((a.occurredAt === null) !== (b.occurredAt === null)) return false;
  const sameParties = shared === left.size && shared === right.size;
  const sameDay =
    a.occurredAtPrecision === 'DAY' &&
    b.occurredAtPrecision === 'DAY' &&
    a.occurredAt !== null &&
    a.occurredAt === b.occurredAt;
  return shared >= 2 && (sameParties || (sameDay && 2 * shared >= Math.max(left.size, right.size)));
}

/** Which status wins when two reports of one meeting differ: the later stage of its life. */
const STATUS_RANK: Record<MeetingStatus, number> = {
  REPORTED: 0,
  HELD: 1,
  PLANNED: 2,
  POSTPONED: 3,
  CANCELLED: 4,
};

/** Folds `from` into `into`: parties and quotes add up, the stronger role and the later status win. */
export function mergeMeetings<T extends MeetingCandidate>(into: T, from: MeetingCandidate): T {
  const roles = new Map<string, ProposedParticipant>();
  for (const p of [...into.participants, ...from.participants]) {
    const key = String(p.actorId);
    const known = roles.get(key);
    if (!known) roles.set(key, { ...p, evidence: [...p.evidence] });
    else if (ROLE_PRECEDENCE.indexOf(p.role) < ROLE_PRECEDENCE.indexOf(known.role))
      roles.set(key, { ...p, evidence: [...p.evidence] });
    else if (p.role === known.role)
      known.evidence.push(...p.evidence.filter((q) => !known.evidence.some((k) => sameQuote(k, q))));
  }
  const quotes = [...into.quotes];
  for (const quote of from.quotes) if (!quotes.some((q) => sameQuote(q, quote))) quotes.push(quote);
  const status = STATUS_RANK[from.status] > STATUS_RANK[into.status] ? from.status : into.status;
  const dated = into.occurredAt ? into : from;
  return {
    ...into,
    status,
    occurredAt: dated.occurredAt,
    occurredAtPrecision: dated.occurredAtPrecision,
    city: into.city ?? from.city,
    venue: into.venue ?? from.venue,
    participants: [...roles.values()],
    quotes,
    cueWords: [...new Set([...into.cueWords, ...from.cueWords])],
    confidence: Math.max(into.confidence, from.confidence),
  };
}

function pickPlace(places: PlaceMatch[], anchor: number): PlaceMatch | null {
  const scored = places.map((place) => ({
    place,
    score: Math.abs(place.firstToken - anchor) - (place.preposition && place.preposition !== 'من' ? 100 : 0),
  }));
  scored.sort((a, b) => a.score - b.score);
  return scored[0]?.place ?? null;
}

/** Meeting candidates of one article, one per meeting, in order of first report. */
export function findMeetingsInTokens(
  tokenized: TokenizedText,
  gazetteer: Gazetteer,
  mentions: readonly TokenMention[],
  publication: Publication,
): MeetingCandidate[] {
  const tokens = tokenized.tokens;
  const published = publication.publishedAt ? localDay(publication.publishedAt, publication.timeZone) : null;
  const countryActor = countryActorLookup(gazetteer);
  const drafts: MeetingCandidate[] = [];
  let tokenIndex = 0;
  for (const sentence of splitSentences(tokenized.source)) {
    while (tokenIndex < tokens.length && tokenized.toOriginal[tokens[tokenIndex].start] < sentence.start)
      tokenIndex += 1;
    let tokenEnd = tokenIndex;
    while (tokenEnd < tokens.length && tokenized.toOriginal[tokens[tokenEnd].start] < sentence.end)
      tokenEnd += 1;
    const from = tokenIndex;
    tokenIndex = tokenEnd;
    // A headline (a line without a full stop) repeats the body in the present tense: it is not read.
    if (tokenEnd === from || !/[.!?؟…"»)]$/u.test(sentence.quote)) continue;
    const places = findPlaces(tokenized, from, tokenEnd);
    const placeTokens = new Set<number>();
    for (const place of places)
      for (let t = place.firstToken; t <= place.lastToken; t += 1) placeTokens.add(t);
    const reading = readMeetingSentence({
      tokenized,
      gazetteer,
      from,
      to: tokenEnd,
      mentions,
      placeTokens,
      countryActor,
    });
    if (!reading) continue;
    const [clauseFrom, clauseTo] = reading.clause;
    const quote: QuoteSpan = { quote: sentence.quote, start: sentence.start, end: sentence.end };
    const times = findTimeExpressions(tokenized, clauseFrom, clauseTo);
    const nearest = [...times].sort(
      (a, b) => Math.abs(a.firstToken - reading.firstTrigger) - Math.abs(b.firstToken - reading.firstTrigger),
    )[0];
    const resolved: ResolvedDate | null =
      nearest && published ? resolveTime(nearest.value, published, reading.tense) : null;
    const place = pickPlace(
      places.filter((p) => p.firstToken >= clauseFrom && p.lastToken < clauseTo),
      reading.firstTrigger,
    );
    const status: MeetingStatus =
      reading.status === 'HELD' && !nearest ? 'REPORTED' : (reading.status ?? 'REPORTED');
    const cueWords = reading.cueTokens.map((index) => {
      const span = originalSpan(tokenized, tokens[index].start, tokens[index].end);
      return tokenized.source.slice(span.start, span.end);
    });
    const draft: MeetingCandidate = {
      status,
      occurredAt: resolved?.date ?? null,
      occurredAtPrecision: resolved?.precision ?? 'DAY',
      city: place?.city ?? null,
      venue: place?.venue ?? null,
      participants: [...reading.participants].map(([actorId, role]) => ({
        actorId,
        role,
        evidence: role === 'ATTENDEE' ? [] : [quote],
      })),
      quotes: [quote],
      cueWords,
      confidence: 0.5,
    };
    const previous = drafts[drafts.length - 1];
    if (reading.reference || reading.status === null) {
      // «خلال اللقاء»: a sentence that only refers back adds to the last meeting when nothing contradicts it.
      // It adds only the parties whose role it states: «أعلنت قطر في بيان عقب اللقاء» does not make Qatar a party.
      if (
        previous &&
        compatibleDates(previous, draft) &&
        (!draft.city || !previous.city || draft.city === previous.city)
      ) {
        const known = new Set(previous.participants.map((p) => String(p.actorId)));
        const participants = draft.participants.filter(
          (p) => p.role !== 'ATTENDEE' || known.has(String(p.actorId)),
        );
        drafts[drafts.length - 1] = mergeMeetings(previous, {
          ...draft,
          participants,
          status: previous.status,
        });
      }
      continue;
    }
    const same = drafts.findIndex((known) => sameMeeting(known, draft));
    if (same >= 0) drafts[same] = mergeMeetings(drafts[same], draft);
    else if (draft.participants.length >= 2) drafts.push(draft);
  }
  return drafts
    .filter((draft) => draft.participants.length >= 2)
    .map((draft) => ({
      ...draft,
      status: draft.status === 'HELD' && !draft.occurredAt ? 'REPORTED' : draft.status,
      confidence: Math.min(
        0.95,
        0.5 + 0.1 * draft.quotes.length + (draft.city ? 0.1 : 0) + (draft.occurredAt ? 0.1 : 0),
      ),
    }));
}
