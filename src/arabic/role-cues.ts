/**
 * The one lexicon of role cues: which words say that an actor took part in a meeting in a given role.
 * The extractor reads it to propose roles (src/arabic/meetings.ts). Words are in normalized form (ة→ه,
 * ى→ي, hamza folded) and are tried on every clitic reading of a token, so «الوسيطين», «بوساطة» and
 * «واستضافت» need no entries of their own.
 */
import { cliticReadings } from './tokens';

export type CuedRole = 'HOST' | 'VISITOR' | 'MEDIATOR' | 'DELEGATION_HEAD';

export const ROLE_CUES: Record<CuedRole, RegExp> = {
  // استضاف / يستضيف / استقبل / بدعوة من / في ضيافة
  HOST: /^(استضاف|استضافت|استضافوا|استضافا|يستضيف|تستضيف|يستضيفون|سيستضيف|ستستضيف|استضافه|مستضيف|مستضيفه|مضيف|مضيفه|ضيافه|استقبل|استقبلت|استقبلوا|استقبلا|يستقبل|تستقبل|سيستقبل|ستستقبل|دعوه)$/,
  // زار / يزور / زيارة / يتوجه إلى / وصل إلى
  VISITOR:
    /^(زار|زارت|زاروا|زارا|يزور|تزور|يزورون|سيزور|ستزور|زياره|زيارته|زيارتها|زيارتهم|توجه|توجهت|توجهوا|يتوجه|تتوجه|يتوجهون|سيتوجه|ستتوجه|التوجه|وصل|وصلت|وصلوا|يصل|تصل|سيصل|ستصل)$/,
  // وسيط / الوسطاء / وساطة / توسط
  MEDIATOR: /^(وسيط|وسيطا|وسيطه|وسيطان|وسيطين|وسطاء|وساطه|وساطتها|وساطته|وساطتهم|توسط|توسطت|يتوسط|تتوسط)$/,
  // برئاسة / يترأس / ترأس
  DELEGATION_HEAD: /^(برئاسه|رئاسه|تراس|تراست|يتراس|تتراس|يراس|يراسه)$/,
};

/** The order in which one actor's roles give way: a host who also travels is the host. */
export const ROLE_PRECEDENCE = ['HOST', 'MEDIATOR', 'DELEGATION_HEAD', 'VISITOR', 'ATTENDEE'] as const;

export function isRoleCue(role: CuedRole, token: string): boolean {
  return cliticReadings(token).some((reading) => ROLE_CUES[role].test(reading.form));
}
