/**
 * Words that name many people or things: an alias made of one of them alone is ambiguous by default
 * (ActorAlias.ambiguous). Normalized form (src/arabic/normalize.ts), as the gazetteer compares them.
 * Editors and seeds can still mark any alias either way; this only sets the default.
 */
import { normalizeArabic } from './normalize';

const COMMON_FIRST_NAMES = [
  'محمد',
  'أحمد',
  'علي',
  'عمر',
  'خالد',
  'خليل',
  'إبراهيم',
  'يوسف',
  'آدم',
  'ألكسندر',
  'الكسندر',
  'ديفيد',
  'دافيد',
  'جون',
  'وليام',
  'ويليام',
  'رون',
  'جو',
  'ستيف',
  'بشارة',
  'جاريد',
  'دونالد',
  'بنيامين',
  'Mohammed',
  'Muhammad',
  'Ahmed',
  'Ali',
  'Adam',
  'Alexander',
  'David',
  'John',
  'William',
  'Bill',
  'Ron',
  'Joe',
  'Steve',
  'Steven',
  'Jared',
  'Donald',
  'Benjamin',
  'Edan',
  'Idan',
];

/** Nouns and verbs that are also aliases: «كان» (was), «الحية» (the snake), «واشنطن» the city. */
const COMMON_NOUNS = ['كان', 'الحية', 'واشنطن', 'Kan', 'Washington'];

const COMMON = new Set([...COMMON_FIRST_NAMES, ...COMMON_NOUNS].map((word) => normalizeArabic(word)));

/** Whether an alias, on its own, is a common first name or a common word. */
export function isCommonWord(alias: string): boolean {
  return COMMON.has(normalizeArabic(alias));
}
