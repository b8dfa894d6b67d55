/**
 * Candidate extraction for review: unknown actors (title + name), meetings (one per event, with status,
 * date, place and roles) and other developments (cue words around linked actors). `analyzeArticle` runs
 * normalization, tokenization and linking once and feeds all three.
 */
import { findTimeExpressions, localDay, resolveTime, type DatePrecision } from './dates';
import { findDevelopmentsInTokens, type DevelopmentCandidate } from './developments';
import type { Gazetteer } from './gazetteer';
import { linkInContext, linkTokenized, type ActorMention } from './linker';
import { findMeetingsInTokens, type MeetingCandidate, type Publication } from './meetings';
import type { SentenceOptions } from './sentences';
import { tokenize, type TokenizedText } from './tokens';
import { findUnknownActorsInTokens, type UnknownActorCandidate } from './unknown-actors';

export type { CandidateKind, DevelopmentCandidate, DevelopmentKind } from './developments';
export type { UnknownActorCandidate } from './unknown-actors';
export type { MeetingCandidate, Publication } from './meetings';

/** A development other than a meeting, with the date its sentence gives. */
export interface DatedDevelopment extends DevelopmentCandidate {
  occurredAt: string | null;
  occurredAtPrecision: DatePrecision;
}

export interface ArticleAnalysis {
  mentions: ActorMention[];
  unknownActors: UnknownActorCandidate[];
  /** Other people with a known actor's surname («يوسف الحية»): new actors for review, never linked. */
  refusedNames: UnknownActorCandidate[];
  meetings: MeetingCandidate[];
  /** Developments that are not meetings: meetings are proposed once each, in `meetings`. */
  developments: DatedDevelopment[];
}

export interface AnalysisOptions extends SentenceOptions, Publication {}

function dated(
  tokenized: TokenizedText,
  candidate: DevelopmentCandidate,
  publication: Publication,
): DatedDevelopment {
  const tokens = tokenized.tokens;
  let from = 0;
  while (from < tokens.length && tokenized.toOriginal[tokens[from].start] < candidate.start) from += 1;
  let to = from;
  while (to < tokens.length && tokenized.toOriginal[tokens[to].start] < candidate.end) to += 1;
  const [first] = findTimeExpressions(tokenized, from, to);
  if (!first || !publication.publishedAt)
    return { ...candidate, occurredAt: null, occurredAtPrecision: 'DAY' };
  const resolved = resolveTime(first.value, localDay(publication.publishedAt, publication.timeZone), 'past');
  return { ...candidate, occurredAt: resolved.date, occurredAtPrecision: resolved.precision };
}

export function analyzeArticle(
  text: string,
  gazetteer: Gazetteer,
  options: AnalysisOptions = { publishedAt: null },
): ArticleAnalysis {
  const tokenized = tokenize(text);
  const { mentions, refused } = linkInContext(tokenized, gazetteer);
  const publication = { publishedAt: options.publishedAt ?? null, timeZone: options.timeZone };
  return {
    mentions: mentions.map(({ firstToken: _first, lastToken: _last, ...mention }) => mention),
    unknownActors: findUnknownActorsInTokens(tokenized, gazetteer, mentions),
    refusedNames: refused.map((name) => ({
      name: name.name,
      title: '',
      start: name.start,
      end: name.end,
      quote: name.name,
      nameStart: name.start,
      nameEnd: name.end,
    })),
    meetings: findMeetingsInTokens(tokenized, gazetteer, mentions, publication),
    developments: findDevelopmentsInTokens(tokenized, gazetteer, mentions, options)
      .filter((candidate) => candidate.kind !== 'MEETING')
      .map((candidate) => dated(tokenized, candidate, publication)),
  };
}

/** Title-plus-name phrases («المتحدث باسم مجلس الأمن القومي، جون كيربي») naming no known actor. */
export function findUnknownActors(text: string, gazetteer: Gazetteer): UnknownActorCandidate[] {
  const tokenized = tokenize(text);
  return findUnknownActorsInTokens(tokenized, gazetteer, linkTokenized(tokenized, gazetteer));
}

export function findDevelopmentCandidates(
  text: string,
  gazetteer: Gazetteer,
  options: SentenceOptions = {},
): DevelopmentCandidate[] {
  const tokenized = tokenize(text);
  return findDevelopmentsInTokens(tokenized, gazetteer, linkTokenized(tokenized, gazetteer), options);
}
