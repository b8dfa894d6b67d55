export { normalizeArabic, normalizeWithOffsets, originalSpan, type NormalizedText } from './normalize';
export {
  cliticReadings,
  resolveClitic,
  tokenize,
  tokenizeNormalized,
  type CliticReading,
  type Token,
  type TokenizedText,
} from './tokens';
export {
  buildGazetteer,
  type ActorId,
  type AliasEntry,
  type AliasLanguage,
  type Gazetteer,
  type GazetteerActor,
} from './gazetteer';
export { weightedDistance, fuzzyThreshold } from './fuzzy';
export { linkActors, linkTokenized, type ActorMention, type LinkMethod, type TokenMention } from './linker';
export { splitSentences, type Sentence, type SentenceOptions } from './sentences';
export {
  analyzeArticle,
  findDevelopmentCandidates,
  findUnknownActors,
  type AnalysisOptions,
  type ArticleAnalysis,
  type DatedDevelopment,
  type MeetingCandidate,
  type CandidateKind,
  type DevelopmentCandidate,
  type DevelopmentKind,
  type UnknownActorCandidate,
} from './candidates';
export { timeZoneForSource, localDay } from './dates';
export { sameMeeting, mergeMeetings, type EventShape } from './meetings';
