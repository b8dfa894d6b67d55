/**
 * The one lexicon of role cues: which words say that an actor took part in a meeting in a given role.
 * Domain writes check a role's quote against it (src/domain/roles.ts), and the extractor reads it to
 * propose roles (src/arabic/meetings.ts). Words are in normalized form (ة→ه, ى→ي, hamza folded) and are tried on every clitic
 * reading of a token, so «الوسيطين», «بوساطة» and «واستضافت» need no entries of their own.
 */
import { ParticipantRole } from '../../generated/prisma/enums';
import type { TokenMention } from './linker';
import { cliticReadings, type TokenizedText } from './tokens';

/** Every role but ATTENDEE needs a cue. */
export type CuedRole = Exclude<ParticipantRole, 'ATTENDEE'>;

export const ROLE_CUES: Record<CuedRole, RegExp> = {
  // استضاف / يستضيف / استضافة / المضيف / في ضيافة / استقبل / بدعوة من
  HOST: /^(استضاف|استضافت|استضافوا|استضافا|يستضيف|تستضيف|يستضيفون|سيستضيف|ستستضيف|استضافه|استضافتها|مستضيف|مستضيفه|مضيف|مضيفه|ضيافه|استقبل|استقبلت|استقبلوا|استقبلا|يستقبل|تستقبل|سيستقبل|ستستقبل|دعوه)$/,
  // زار / يزور / زيارة / يتوجه إلى / وصل إلى
  VISITOR:
    /^(زار|زارت|زاروا|زارا|يزور|تزور|يزورون|سيزور|ستزور|زياره|زيارته|زيارتها|زيارتهم|توجه|توجهت|توجهوا|يتوجه|تتوجه|يتوجهون|سيتوجه|ستتوجه|التوجه|وصل|وصلت|وصلوا|يصل|تصل|سيصل|ستصل)$/,
  // وسيط / الوسطاء / وساطة / توسط
  MEDIATOR:
    /^(وسيط|وسيطا|وسيطه|وسيطان|وسيطين|وسطاء|وساطه|وساطتها|وساطته|وساطتهم|توسط|توسطت|يتوسط|تتوسط|متوسط)$/,
  // برئاسة / يترأس / ترأس
  DELEGATION_HEAD: /^(برئاسه|رئاسه|تراس|تراست|يتراس|تتراس|يراس|يراسه)$/,
};

/** Copulas before a predicate noun: «… ليكون وسيطا», «بصفتها وسيطا». */
const COPULAS = /^(كان|كانت|يكون|تكون|ليكون|لتكون|بصفته|بصفتها|بوصفه|بوصفها|باعتباره|باعتبارها)$/;

/** Words (a title: «المبعوث الأميركي») that may stand between a governing cue and the first actor. */
const MAX_TITLE_WORDS = 2;

/** The order in which one actor's roles give way (lower first): a host who also travels is the host. */
const ROLE_RANK: Record<ParticipantRole, number> = {
  HOST: 0,
  MEDIATOR: 1,
  DELEGATION_HEAD: 2,
  VISITOR: 3,
  ATTENDEE: 4,
};
export const ROLE_PRECEDENCE: readonly ParticipantRole[] = Object.values(ParticipantRole).sort(
  (a, b) => ROLE_RANK[a] - ROLE_RANK[b],
);
/** The roles a cue can state, in precedence order. */
export const CUED_ROLES = ROLE_PRECEDENCE.filter((role): role is CuedRole => role !== 'ATTENDEE');

export function isRoleCue(role: CuedRole, token: string): boolean {
  return cliticReadings(token).some((reading) => ROLE_CUES[role].test(reading.form));
}

type SpanMention = Pick<TokenMention, 'actorId' | 'start' | 'firstToken' | 'lastToken'>;

/** Whether the mention's word carries the conjunction و outside its span («وقطر», «وبحبح»). */
function isCoordinated(tokenized: TokenizedText, mention: SpanMention): boolean {
  const wordStart = tokenized.toOriginal[tokenized.tokens[mention.firstToken].start];
  return tokenized.source.slice(wordStart, mention.start).startsWith('و');
}

/**
 * The actors a cue at `cueIndex` governs: the mention right after it (up to MAX_TITLE_WORDS title words
 * between, none of them joined by «و») and the mentions coordinated with that one, as in «بقيادة الوسيطين
 * مصر وقطر» or «برئاسة رون ديرمر». «بمساعدة الوسطاء وبحبح» lists Bahbah beside the mediators: not governed.
 */
function governedActors(
  tokenized: TokenizedText,
  cueIndex: number,
  to: number,
  mentions: readonly SpanMention[],
): SpanMention[] {
  const startingAt = (index: number) => mentions.find((mention) => mention.firstToken === index);
  let index = cueIndex + 1;
  let first = startingAt(index);
  for (let titles = 0; !first && titles < MAX_TITLE_WORDS && index <= to; titles += 1) {
    if (tokenized.tokens[index].text.startsWith('و')) return [];
    index += 1;
    first = startingAt(index);
  }
  if (!first || first.lastToken > to || isCoordinated(tokenized, first)) return [];
  const chain = [first];
  for (let next = startingAt(first.lastToken + 1); next && next.lastToken <= to;) {
    chain.push(next);
    next = startingAt(next.lastToken + 1);
  }
  return chain;
}

/**
 * Whether the quote tokens[from..to] carry a cue for `role` that applies to `mention` (one of `mentions`,
 * the actors the linker found in the quote): a hosting or visiting word anywhere in the quote; a mediation
 * word or «برئاسة» governing the actor (see governedActors), or a mediation word as the predicate of a
 * copula right after the actor («… بحبح ليكون وسيطا»).
 */
export function roleCueApplies(
  role: CuedRole,
  tokenized: TokenizedText,
  from: number,
  to: number,
  mention: SpanMention,
  mentions: readonly SpanMention[],
): boolean {
  const tokens = tokenized.tokens;
  const cueAt = (index: number) => index >= from && index <= to && isRoleCue(role, tokens[index].text);
  for (let index = from; index <= to; index += 1) {
    if (!cueAt(index)) continue;
    if (role === 'HOST' || role === 'VISITOR') return true;
    if (governedActors(tokenized, index, to, mentions).some((governed) => governed === mention)) return true;
  }
  if (role !== 'MEDIATOR') return false;
  const copula = mention.lastToken + 1;
  return copula < to && COPULAS.test(tokens[copula].text) && cueAt(copula + 1);
}
