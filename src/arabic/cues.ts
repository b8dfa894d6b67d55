/**
 * Arabic cue words for negotiation developments, written in normalized form (ة→ه, ى→ي, hamza on alef
 * folded). Each pattern is tried on every clitic reading of a token, so «واجتمع», «المحادثات» and
 * «لاستئناف» need no entries of their own; verb inflections are spelled out in the patterns.
 */
import { cliticReadings, type Token } from './tokens';

export type CueKind =
  | 'MEET_PAST'
  | 'MEET_FUTURE'
  | 'MEET_NOUN'
  | 'CONDUCT'
  | 'CONTACT'
  | 'TALKS'
  | 'PLANNING'
  | 'PROPOSAL'
  | 'DEAL'
  | 'TABLE'
  | 'ACCEPT'
  | 'REJECT'
  | 'NEGATION'
  | 'SUSPEND'
  | 'SUSPEND_OR_COMMENT'
  | 'RESUME'
  | 'RELEASE'
  | 'RELEASE_HEAD'
  | 'PASSAGE_HEAD'
  | 'SAFE_PASSAGE'
  | 'STATEMENT'
  | 'VENUE'
  | 'VENUE_HEAD';

const WORD_CUES: [CueKind, RegExp][] = [
  ['MEET_PAST', /^(اجتمع|اجتمعت|اجتمعوا|اجتمعا|اجتمعتا|التقي|التقت|التقوا|التقيا|التقتا)$/],
  ['MEET_FUTURE', /^س?[يتن](جتمع|لتقي)(ون|ان|ا)?$|^س?[يت]لتقون$/],
  ['MEET_NOUN', /^(اجتماع|اجتماعا|اجتماعه|اجتماعها|اجتماعهم|اجتماعات|لقاء|لقاءا|لقاءه|لقاءات|قمه)$/],
  ['CONDUCT', /^(اجري|اجرت|اجروا|يجري|تجري|عقد|عقدت|عقدوا)$/],
  ['CONTACT', /^(تحدث|تحدثت|تحدثوا|اتصل|اتصلت|اتصلوا)$/],
  ['TALKS', /^(محادثات|مفاوضات|مباحثات|مشاورات|تفاوض|حوار|جوله|جولات)$/],
  // A trip under way is a meeting to come: «يتوجه ويتكوف … إلى الدوحة لاستئناف المحادثات».
  [
    'PLANNING',
    /^(يعتزم|تعتزم|يعتزمون|يرتقب|ترتقب|يتوقع|متوقع|مقرر|مزمع|سوف|مقبل|مقبله|قادم|قادمه|س?[يت]توجه|س?[يت]صل|س?[يت]زور)$/,
  ],
  ['PROPOSAL', /^(مقترح|مقترحا|مقترحه|مقترحات|اقتراح|اقتراحا|اقتراحه|اقتراحات|مبادره|مبادرات)$/],
  ['DEAL', /^(صفقه|صفقات|اتفاق|اتفاقا|هدنه)$/],
  ['TABLE', /^(قدم|قدمت|قدموا|يقدم|تقدم|سيقدم|ستقدم|تقديم|طرح|طرحت|طرحه|يطرح|تطرح)$/],
  ['ACCEPT', /^(وافق|وافقت|وافقوا|يوافق|توافق|موافقه|قبلت|قبلوا|يقبل|تقبل|قبول)$/],
  ['REJECT', /^(رفض|رفضت|رفضوا|يرفض|ترفض|يرفضون|رفضه|رفضها|رافض|رافضه)$/],
  ['NEGATION', /^(لن|لم|لا|ليس|ليست|عدم)$/],
  ['SUSPEND', /^(توقف|توقفت|تعثر|تعثرت|متعثر|متعثره|مسدود|جمود|انهيار|انهارت)$/],
  ['SUSPEND_OR_COMMENT', /^(علق|علقت|يعلق|تعلق|تعليق)$/],
  ['RESUME', /^(استئناف|استانف|استانفت|يستانف|تستانف|استؤنفت|سيستانف|ستستانف)$/],
  ['RELEASE', /^(افرج|افرجت|يفرج|تفرج|افراج|تبادل)$/],
  ['RELEASE_HEAD', /^(اطلاق|يطلق|تطلق|اطلقت|اطلق)$/],
  ['PASSAGE_HEAD', /^(ممر|ممرا|ممرات)$/],
  ['SAFE_PASSAGE', /^(اجلاء)$/],
  [
    'STATEMENT',
    /^(قال|قالت|قالوا|يقول|تقول|اكد|اكدت|اكدوا|يؤكد|صرح|صرحت|اعلن|اعلنت|يعلن|اوضح|اوضحت|اشار|اشارت|اضاف|اضافت|قوله|بيان|تصريح|تصريحات)$/,
  ],
  ['VENUE_HEAD', /^(تل|شرم)$/],
];

/** Cities where talks are held; the two-word ones are also reached through VENUE_HEAD. */
const VENUE_NAMES = new Set([
  'الدوحه',
  'القاهره',
  'باريس',
  'واشنطن',
  'القدس',
  'الرياض',
  'جنيف',
  'لندن',
  'روما',
  'بيروت',
  'دبي',
  'انقره',
  'اسطنبول',
  'مسقط',
  'اوسلو',
  'تل ابيب',
  'شرم الشيخ',
]);

/** Whether a normalized name is a city where meetings take place. */
export function isVenueName(normalized: string): boolean {
  return VENUE_NAMES.has(normalized);
}

/** Second words that complete a two-word cue started by a *_HEAD word. */
const PHRASE_TAILS: Partial<Record<CueKind, { tail: RegExp; becomes: CueKind }>> = {
  RELEASE_HEAD: { tail: /^(سراح)$/, becomes: 'RELEASE' },
  PASSAGE_HEAD: { tail: /^(امن|امنا|امنه)$/, becomes: 'SAFE_PASSAGE' },
  VENUE_HEAD: { tail: /^(ابيب|الشيخ)$/, becomes: 'VENUE' },
};

export interface Cue {
  kind: CueKind;
  /** Index of the first token of the cue in the token list it was found in. */
  tokenIndex: number;
  tokenCount: number;
}

function wordCueKinds(token: string): CueKind[] {
  const kinds: CueKind[] = [];
  const readings = cliticReadings(token);
  for (const [kind, pattern] of WORD_CUES) {
    if (readings.some((reading) => pattern.test(reading.form))) kinds.push(kind);
  }
  if (readings.some((reading) => VENUE_NAMES.has(reading.form))) kinds.push('VENUE');
  return kinds;
}

/** Cue words among `tokens[from..to)`, two-word cues («إطلاق سراح», «ممر آمن», «تل أبيب») folded into one. */
export function findCues(tokens: readonly Token[], from: number, to: number): Cue[] {
  const cues: Cue[] = [];
  for (let index = from; index < to; index += 1) {
    for (const kind of wordCueKinds(tokens[index].text)) {
      const phrase = PHRASE_TAILS[kind];
      if (!phrase) {
        cues.push({ kind, tokenIndex: index, tokenCount: 1 });
        continue;
      }
      const next = tokens[index + 1];
      if (
        index + 1 < to &&
        next &&
        cliticReadings(next.text).some((reading) => phrase.tail.test(reading.form))
      ) {
        cues.push({ kind: phrase.becomes, tokenIndex: index, tokenCount: 2 });
      }
    }
  }
  return cues;
}

/** Whether a cue word is any kind of development cue; such words are never part of a person's name. */
export function isCueWord(token: string): boolean {
  return wordCueKinds(token).some((kind) => kind !== 'VENUE' && kind !== 'VENUE_HEAD');
}
