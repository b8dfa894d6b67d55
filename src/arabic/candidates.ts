/**
 * Candidate extraction for review: unknown actors (title + name) and developments (cue words around
 * linked actors). `analyzeArticle` runs normalization, tokenization and linking once and feeds both.
 */
import { findDevelopmentsInTokens, type DevelopmentCandidate } from './developments';
import type { Gazetteer } from './gazetteer';
import { linkTokenized, type ActorMention } from './linker';
import type { SentenceOptions } from './sentences';
import { tokenize } from './tokens';
import { findUnknownActorsInTokens, type UnknownActorCandidate } from './unknown-actors';

export type { CandidateKind, DevelopmentCandidate, DevelopmentKind } from './developments';
export type { UnknownActorCandidate } from './unknown-actors';

export interface ArticleAnalysis {
  mentions: ActorMention[];
  unknownActors: UnknownActorCandidate[];
  developments: DevelopmentCandidate[];
}

export function analyzeArticle(
  text: string,
  gazetteer: Gazetteer,
  options: SentenceOptions = {},
): ArticleAnalysis {
  const tokenized = tokenize(text);
  const mentions = linkTokenized(tokenized, gazetteer);
  return {
    mentions: mentions.map(({ firstToken: _first, lastToken: _last, ...mention }) => mention),
    unknownActors: findUnknownActorsInTokens(tokenized, gazetteer, mentions),
    developments: findDevelopmentsInTokens(tokenized, gazetteer, mentions, options),
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
