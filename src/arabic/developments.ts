/**
 * Sentence-level suggestions of negotiation developments, from linked actors and cue words. They are
 * candidates for review, never facts: each carries the sentence as its quote so a reviewer can judge.
 */
import type { CandidateKind, DevelopmentKind } from '../../generated/prisma/enums';
import { findCues, type Cue, type CueKind } from './cues';
import type { ActorId, Gazetteer } from './gazetteer';
import type { TokenMention } from './linker';
import { originalSpan } from './normalize';
import { splitSentences, type Sentence, type SentenceOptions } from './sentences';
import { cliticReadings, tokensAreJoined, type TokenizedText } from './tokens';

// The vocabulary is the data model's (prisma/schema.prisma), imported as types only: the candidate's kind
// is the record a reviewer would create from it, its developmentKind the log entry it would announce.
export type { CandidateKind, DevelopmentKind };

export interface DevelopmentCandidate {
  kind: CandidateKind;
  developmentKind: DevelopmentKind;
  /** Distinct actors of the sentence, in order of first mention. */
  actorIds: ActorId[];
  /** The cue words as written in the article. */
  cueWords: string[];
  /** The whole sentence; `text.slice(start, end) === quote`. */
  quote: string;
  start: number;
  end: number;
  confidence: number;
}

const BASE_CONFIDENCE: Record<DevelopmentKind, number> = {
  MEETING_HELD: 0.6,
  MEETING_PLANNED: 0.55,
  PROPOSAL_TABLED: 0.5,
  PROPOSAL_ACCEPTED: 0.6,
  PROPOSAL_REJECTED: 0.55,
  TALKS_SUSPENDED: 0.5,
  TALKS_RESUMED: 0.5,
  RELEASE_OR_EXCHANGE: 0.5,
  SAFE_PASSAGE: 0.6,
  STATEMENT: 0.4,
};

const MEETING_VERBS: CueKind[] = ['MEET_PAST', 'MEET_FUTURE'];

interface SentenceContext {
  tokenized: TokenizedText;
  sentence: Sentence;
  cues: Cue[];
  mentions: TokenMention[];
  actorIds: ActorId[];
  /** A city cue, or a state named after «في» («اجتمعوا في قطر»). */
  hasVenue: boolean;
}

class SentenceReader {
  constructor(private readonly context: SentenceContext) {}

  has(...kinds: CueKind[]): boolean {
    return this.context.cues.some((cue) => kinds.includes(cue.kind));
  }

  /** A negation in the two words before the cue: «لن تستأنف», «لم توافق». */
  isNegated(cue: Cue): boolean {
    return this.context.cues.some(
      (other) =>
        other.kind === 'NEGATION' &&
        other.tokenIndex < cue.tokenIndex &&
        other.tokenIndex >= cue.tokenIndex - 2,
    );
  }

  cuesOf(kinds: CueKind[], negated?: boolean): Cue[] {
    return this.context.cues.filter(
      (cue) => kinds.includes(cue.kind) && (negated === undefined || this.isNegated(cue) === negated),
    );
  }

  /** Whether `word` (normalized, clitics allowed) is among the `window` words after `cue`. */
  wordFollows(cue: Cue, word: string, window: number): boolean {
    const tokens = this.context.tokenized.tokens;
    const last = Math.min(tokens.length - 1, cue.tokenIndex + cue.tokenCount - 1 + window);
    for (let index = cue.tokenIndex + cue.tokenCount; index <= last; index += 1) {
      if (cliticReadings(tokens[index].text).some((reading) => reading.form === word)) return true;
    }
    return false;
  }

  /** Cues of the given kinds among the `window` words after `cue`, where its object usually stands. */
  objectsAfter(cue: Cue, kinds: CueKind[], window = 5): Cue[] {
    const last = cue.tokenIndex + cue.tokenCount - 1 + window;
    return this.context.cues.filter(
      (other) => kinds.includes(other.kind) && other.tokenIndex > cue.tokenIndex && other.tokenIndex <= last,
    );
  }

  /**
   * «علّق» suspends talks only when talks follow it and it is not «علّق على» (commented on); the noun
   * «تعليق» must be followed at once by the talks («تعليق المفاوضات», not «أي تعليق رسمي حول المحادثات»).
   */
  suspensionCues(): Cue[] {
    const tokens = this.context.tokenized.tokens;
    return this.cuesOf(['SUSPEND_OR_COMMENT']).filter((cue) => {
      const isNoun = cliticReadings(tokens[cue.tokenIndex].text).some((reading) => reading.form === 'تعليق');
      const window = isNoun ? 1 : 3;
      return !this.wordFollows(cue, 'علي', window) && this.objectsAfter(cue, ['TALKS'], window).length > 0;
    });
  }

  candidate(
    kind: CandidateKind,
    developmentKind: DevelopmentKind,
    cues: Cue[],
    bonus = 0,
  ): DevelopmentCandidate {
    const { tokenized, sentence, mentions, actorIds } = this.context;
    const tokens = tokenized.tokens;
    const cueWords = cues.map((cue) => {
      const span = originalSpan(
        tokenized,
        tokens[cue.tokenIndex].start,
        tokens[cue.tokenIndex + cue.tokenCount - 1].end,
      );
      return tokenized.source.slice(span.start, span.end);
    });
    const linkConfidence = mentions.reduce((sum, mention) => sum + mention.confidence, 0) / mentions.length;
    const actorBonus = actorIds.length >= 2 ? 0.1 : 0;
    const confidence = Math.min(0.95, BASE_CONFIDENCE[developmentKind] + actorBonus + bonus) * linkConfidence;
    return {
      kind,
      developmentKind,
      actorIds,
      cueWords: [...new Set(cueWords)],
      quote: sentence.quote,
      start: sentence.start,
      end: sentence.end,
      confidence: Math.round(confidence * 100) / 100,
    };
  }
}

function meetingCandidate(reader: SentenceReader, context: SentenceContext): DevelopmentCandidate | null {
  const meetingCues = reader.cuesOf(['MEET_PAST', 'MEET_FUTURE', 'MEET_NOUN'], false);
  const conducted = reader.has('CONDUCT') && reader.has('TALKS') ? reader.cuesOf(['CONDUCT', 'TALKS']) : [];
  // «تحدث بهبه أيضًا مع …» is a contact; «التي تحدث فيها» (which occur) is not, hence the «مع».
  const contacts = reader.cuesOf(['CONTACT']).filter((cue) => reader.wordFollows(cue, 'مع', 4));
  // Talks in a named place are a meeting: «بعد عدة أيام من المحادثات في القاهرة والدوحة».
  const placedTalks = context.hasVenue ? reader.cuesOf(['TALKS']) : [];
  if (meetingCues.length === 0 && conducted.length === 0 && contacts.length === 0 && placedTalks.length === 0)
    return null;
  // A meeting needs two parties, or one party and a place.
  if (context.actorIds.length < 2 && !context.hasVenue) return null;
  const planned = reader.has('MEET_FUTURE', 'PLANNING');
  const cues = [
    ...meetingCues,
    ...conducted,
    ...contacts,
    ...placedTalks,
    ...reader.cuesOf(planned ? ['PLANNING'] : []),
    ...reader.cuesOf(['VENUE']),
  ];
  // «مصدر مطلع على الاجتماع» names a meeting without reporting one; only a verb says it took place.
  const verbal =
    meetingCues.some((cue) => MEETING_VERBS.includes(cue.kind)) ||
    conducted.length > 0 ||
    contacts.length > 0;
  return reader.candidate(
    'MEETING',
    planned ? 'MEETING_PLANNED' : 'MEETING_HELD',
    cues,
    verbal ? 0.15 : -0.2,
  );
}

function talksCandidate(reader: SentenceReader): DevelopmentCandidate | null {
  if (!reader.has('TALKS', 'DEAL')) return null;
  // «استئناف وقف إطلاق النار» resumes a ceasefire, not talks: the talks must be what is resumed.
  const resumes = reader
    .cuesOf(['RESUME'])
    .filter((cue) => reader.objectsAfter(cue, ['TALKS', 'DEAL'], 3).length > 0);
  const halted = [
    ...reader.cuesOf(['SUSPEND']),
    ...reader.suspensionCues(),
    ...resumes.filter((cue) => reader.isNegated(cue)),
  ];
  if (halted.length > 0)
    return reader.candidate('DEVELOPMENT', 'TALKS_SUSPENDED', [
      ...halted,
      ...reader.cuesOf(['NEGATION', 'TALKS']),
    ]);
  const resumed = resumes.filter((cue) => !reader.isNegated(cue));
  if (resumed.length > 0)
    return reader.candidate('DEVELOPMENT', 'TALKS_RESUMED', [...resumed, ...reader.cuesOf(['TALKS'])]);
  return null;
}

function positionCandidates(reader: SentenceReader): DevelopmentCandidate[] {
  const found: DevelopmentCandidate[] = [];
  const objectKinds: CueKind[] = ['PROPOSAL', 'DEAL', 'TALKS', 'RELEASE', 'SAFE_PASSAGE'];
  const objectsOf = (cues: Cue[]): Cue[] => cues.flatMap((cue) => reader.objectsAfter(cue, objectKinds));
  const accepted = reader.cuesOf(['ACCEPT'], false);
  // «لم توافق» refuses as clearly as «رفضت».
  const refused = [...reader.cuesOf(['REJECT'], false), ...reader.cuesOf(['ACCEPT'], true)];
  if (refused.length > 0) {
    // «رفض … الإدلاء بأي تصريحات» refuses to comment: a stance, but not on a proposal.
    const objects = objectsOf(refused);
    found.push(
      reader.candidate('STANCE', objects.length > 0 ? 'PROPOSAL_REJECTED' : 'STATEMENT', [
        ...refused,
        ...objects,
      ]),
    );
  } else if (accepted.length > 0) {
    found.push(reader.candidate('STANCE', 'PROPOSAL_ACCEPTED', [...accepted, ...objectsOf(accepted)]));
  }
  const passage = reader.cuesOf(['SAFE_PASSAGE']);
  if (passage.length > 0)
    found.push(reader.candidate('PROPOSAL', 'SAFE_PASSAGE', [...passage, ...reader.cuesOf(['PROPOSAL'])]));
  const proposals = reader.cuesOf(['PROPOSAL']);
  if (proposals.length > 0 && found.length === 0) {
    const tabled = reader.cuesOf(['TABLE']);
    found.push(
      reader.candidate(
        'PROPOSAL',
        'PROPOSAL_TABLED',
        [...tabled, ...proposals],
        tabled.length > 0 ? 0.15 : 0,
      ),
    );
  }
  return found;
}

function sentenceCandidates(context: SentenceContext): DevelopmentCandidate[] {
  if (context.actorIds.length === 0) return [];
  const reader = new SentenceReader(context);
  const found: DevelopmentCandidate[] = [];
  const meeting = meetingCandidate(reader, context);
  if (meeting) found.push(meeting);
  const talks = talksCandidate(reader);
  if (talks) found.push(talks);
  found.push(...positionCandidates(reader));
  const released = reader.cuesOf(['RELEASE'], false);
  if (released.length > 0) found.push(reader.candidate('DEVELOPMENT', 'RELEASE_OR_EXCHANGE', released));
  if (found.length === 0) {
    const said = [...reader.cuesOf(['STATEMENT']), ...reader.cuesOf(['SUSPEND_OR_COMMENT'])];
    if (said.length > 0) found.push(reader.candidate('DEVELOPMENT', 'STATEMENT', said));
  }
  return found;
}

/** Candidates sentence by sentence; a sentence may suggest several kinds (a meeting about a proposal). */
export function findDevelopmentsInTokens(
  tokenized: TokenizedText,
  gazetteer: Gazetteer,
  allMentions: readonly TokenMention[],
  options: SentenceOptions = {},
): DevelopmentCandidate[] {
  // Outlets report developments; they do not take part in them («كان 11», «أكسيوس»).
  const mentions = allMentions.filter((mention) => gazetteer.actorKinds.get(mention.actorId) !== 'MEDIA');
  const isPlace = (mention: TokenMention): boolean =>
    gazetteer.actorKinds.get(mention.actorId) === 'STATE' &&
    mention.firstToken > 0 &&
    tokenized.tokens[mention.firstToken - 1].text === 'في' &&
    tokensAreJoined(tokenized, mention.firstToken - 1, mention.firstToken);
  const found: DevelopmentCandidate[] = [];
  const tokens = tokenized.tokens;
  let tokenIndex = 0;
  let mentionIndex = 0;
  for (const sentence of splitSentences(tokenized.source, options)) {
    while (tokenIndex < tokens.length && tokenized.toOriginal[tokens[tokenIndex].start] < sentence.start)
      tokenIndex += 1;
    let tokenEnd = tokenIndex;
    while (tokenEnd < tokens.length && tokenized.toOriginal[tokens[tokenEnd].start] < sentence.end)
      tokenEnd += 1;
    while (mentionIndex < mentions.length && mentions[mentionIndex].start < sentence.start) mentionIndex += 1;
    const sentenceMentions: TokenMention[] = [];
    for (
      let index = mentionIndex;
      index < mentions.length && mentions[index].start < sentence.end;
      index += 1
    ) {
      sentenceMentions.push(mentions[index]);
    }
    const actorIds = [...new Set(sentenceMentions.map((mention) => mention.actorId))];
    const cues = findCues(tokens, tokenIndex, tokenEnd);
    // «تل أبيب تتلقى إشارات» names Israel, not a place: a city the linker kept as a mention is no venue.
    const isMentioned = (cue: Cue): boolean =>
      sentenceMentions.some((m) => m.firstToken <= cue.tokenIndex && cue.tokenIndex <= m.lastToken);
    const hasVenue =
      cues.some((cue) => cue.kind === 'VENUE' && !isMentioned(cue)) || sentenceMentions.some(isPlace);
    found.push(
      ...sentenceCandidates({ tokenized, sentence, cues, mentions: sentenceMentions, actorIds, hasVenue }),
    );
    tokenIndex = tokenEnd;
  }
  return found;
}
