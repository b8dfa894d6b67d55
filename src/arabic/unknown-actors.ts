/**
 * People the gazetteer does not know yet, found the way Arabic news introduces them: a title phrase
 * («وزير الشؤون الاستراتيجية الإسرائيلي») followed by a name («رون ديرمر»), directly or between commas.
 * The output is for a human to review, so the rules prefer missing a name to inventing one.
 */
import { isCueWord } from './cues';
import type { Gazetteer } from './gazetteer';
import type { TokenMention } from './linker';
import { originalSpan } from './normalize';
import { cliticReadings, gapBetween, type TokenizedText } from './tokens';

export interface UnknownActorCandidate {
  /** The name as written in the article. */
  name: string;
  /** The title phrase as written, e.g. «المتحدث باسم مجلس الأمن القومي». */
  title: string;
  /** Span of title and name together, the quote a reviewer sees. */
  start: number;
  end: number;
  quote: string;
  nameStart: number;
  nameEnd: number;
}

const TITLE_WORDS = new Set([
  'وزير',
  'رئيس',
  'مدير',
  'مبعوث',
  'مستشار',
  'ناطق',
  'متحدث',
  'قائد',
  'زعيم',
  'سفير',
  'نائب',
  'امين',
  'قيادي',
  'وسيط',
  'مفاوض',
  'منسق',
  'ممثل',
  'مندوب',
  'رئيسه',
  'وزيره',
  'مديره',
  'سفيره',
  'مستشاره',
]);
/** Titles of two words whose first word alone is too common to be a title («كبير», «رجل»). */
const TITLE_PHRASES: [string, string][] = [
  ['كبير', 'المفاوضين'],
  ['رجل', 'الاعمال'],
];
/** Construct heads inside a title; the word after one is its complement («وزراء لبنان», «باسم الحركة»). */
const CONSTRUCT_HEADS = new Set([
  'باسم',
  'وزراء',
  'جهاز',
  'مجلس',
  'وزاره',
  'حركه',
  'مكتب',
  'شؤون',
  'دوله',
  'اداره',
  'حكومه',
  'وكاله',
  'خارجيه',
  'دفاع',
  'داخليه',
  'هيئه',
  'لجنه',
  'منظمه',
]);
/** Words that continue a title without the article: construct heads and a few adjectives. */
const QUALIFIER_WORDS = new Set([...CONSTRUCT_HEADS, 'سابق', 'خاص']);
const PREPOSITIONS = new Set(['في', 'الى', 'لدي', 'عن']);
const CONNECTORS = new Set(['بن', 'بنت', 'ابن', 'ابو', 'ام', 'ال', 'عبد']);
const STOPWORDS = new Set([
  'في',
  'من',
  'الى',
  'علي',
  'عن',
  'مع',
  'بين',
  'حول',
  'خلال',
  'بعد',
  'قبل',
  'منذ',
  'حتي',
  'لدي',
  'ضد',
  'دون',
  'عبر',
  'نحو',
  'يوم',
  'امس',
  'الذي',
  'التي',
  'الذين',
  'ان',
  'او',
  'ثم',
  'لكن',
  'بل',
  'كما',
  'قد',
  'لم',
  'لن',
  'لا',
  'ما',
  'هذا',
  'هذه',
  'ذلك',
  'تلك',
  'هو',
  'هي',
  'هم',
  'كان',
  'كانت',
  'يكون',
  'انه',
  'انها',
  'ايضا',
  'غير',
  'كل',
  'بعض',
  'اي',
  'حسب',
  'وفق',
  'وفقا',
  'بحسب',
  'نقلا',
  'اذ',
  'حيث',
  'بينما',
  'فيما',
  'الا',
  'اذا',
  'لقد',
  'ناقش',
  'اوضح',
  'ذكر',
  'مضيفا',
  'قائلا',
  'انذاك',
  'حاليا',
  'سابقا',
  'رسميا',
  'مناقشه',
  'بحث',
  'دفع',
  'تطوير',
  'ادلاء',
  'قاده',
  'وفد',
  'اجل',
  'هدف',
]);
const PRONOUN_SUFFIXES = ['ه', 'ها', 'هم'];

/** Whether a word is a title («رئيس», «المبعوث», «الوزير»), with or without the article. */
export function isTitleWord(token: string): boolean {
  return (
    hasReading(token, TITLE_WORDS) ||
    hasReading(token, new Set(['شيخ', 'الشيخ', 'الرئيس', 'المبعوث', 'الوزير']))
  );
}
const NATIONALITY_STEMS = new Set([
  'اسرائيل',
  'امريك',
  'اميرك',
  'قطر',
  'مصر',
  'فلسطين',
  'ايران',
  'روس',
  'عرب',
  'اوروب',
  'بريطان',
  'فرنس',
  'ترك',
  'سعود',
  'امارات',
  'اردن',
  'لبنان',
  'سور',
  'اوكران',
  'صين',
  'يمن',
  'عراق',
  'دول',
]);
const NISBA_ENDINGS = ['يين', 'يون', 'يان', 'يه', 'يا', 'ي'];

type Gap = 'space' | 'comma' | 'break';

function hasReading(token: string, words: ReadonlySet<string>): boolean {
  return cliticReadings(token).some((reading) => words.has(reading.form));
}

/** «ووزير دفاعه»: a construct word may carry a possessive pronoun. */
function hasReadingWithPronoun(token: string, words: ReadonlySet<string>): boolean {
  return (
    hasReading(token, words) ||
    PRONOUN_SUFFIXES.some(
      (suffix) => token.endsWith(suffix) && hasReading(token.slice(0, -suffix.length), words),
    )
  );
}

/** Stopwords are matched with their proclitics too («بأي», «لمناقشة»). */
export function isStopword(token: string): boolean {
  return hasReading(token, STOPWORDS);
}

/** Leading characters that are a conjunction or preposition; the article belongs to the title («الرئيس»). */
function procliticLength(token: string, prefixLength: number): number {
  const head = token.slice(0, prefixLength);
  if (head.endsWith('ال')) return prefixLength - 2;
  return head.endsWith('لل') ? prefixLength - 1 : prefixLength;
}

/** An adjective of nationality or of a known actor: «إسرائيلي», «القطري», «أميركية». */
function isNisba(token: string, gazetteer: Gazetteer): boolean {
  const word = token.startsWith('ال') ? token.slice(2) : token;
  const ending = NISBA_ENDINGS.find((suffix) => word.endsWith(suffix) && word.length > suffix.length + 1);
  if (!ending) return false;
  const stem = word.slice(0, -ending.length);
  return (
    NATIONALITY_STEMS.has(stem) ||
    [stem, stem + 'ا', stem + 'ه'].some((form) => gazetteer.aliasTokens.has(form))
  );
}

class UnknownActorScanner {
  private readonly covered: Uint8Array;

  constructor(
    private readonly tokenized: TokenizedText,
    private readonly gazetteer: Gazetteer,
    mentions: readonly TokenMention[],
  ) {
    this.covered = new Uint8Array(tokenized.tokens.length);
    for (const mention of mentions) this.covered.fill(1, mention.firstToken, mention.lastToken + 1);
  }

  private word(index: number): string {
    return this.tokenized.tokens[index].text;
  }

  /** What separates token `index` from the next: a plain space, a comma, or anything that ends a phrase. */
  private gapAfter(index: number): Gap {
    if (index + 1 >= this.tokenized.tokens.length) return 'break';
    const gap = gapBetween(this.tokenized, index, index + 1);
    if (gap.crossesLine) return 'break';
    if (gap.text === ' ') return 'space';
    return /^ ?[،,] ?$/u.test(gap.text) ? 'comma' : 'break';
  }

  /** The title starting at `index`: how many tokens, and how many leading characters are a proclitic. */
  private titleAt(index: number): { tokens: number; prefixLength: number } | null {
    const readings = cliticReadings(this.word(index));
    const word = this.word(index);
    const single = readings.find((reading) => TITLE_WORDS.has(reading.form));
    if (single) return { tokens: 1, prefixLength: procliticLength(word, single.prefixLength) };
    if (index + 1 >= this.tokenized.tokens.length || this.gapAfter(index) !== 'space') return null;
    for (const [first, second] of TITLE_PHRASES) {
      const head = readings.find((reading) => reading.form === first);
      if (head && this.word(index + 1) === second)
        return { tokens: 2, prefixLength: procliticLength(word, head.prefixLength) };
    }
    return null;
  }

  /** Whether a word continues a title phrase; known actors are handled by the caller. */
  private isQualifier(index: number): boolean {
    const word = this.word(index);
    if (this.covered[index] === 1) return false;
    if (isNisba(word, this.gazetteer)) return true;
    if ((word.startsWith('ال') && word !== 'ال') || word.startsWith('لل')) return true;
    if (hasReadingWithPronoun(word, QUALIFIER_WORDS)) return true;
    const nextWord = index + 1 < this.tokenized.tokens.length ? this.word(index + 1) : '';
    return (
      PREPOSITIONS.has(word) &&
      this.gapAfter(index) === 'space' &&
      (nextWord.startsWith('ال') || this.covered[index + 1] === 1)
    );
  }

  private isNameLike(index: number): boolean {
    const word = this.word(index);
    if (word.length < 2 || /\p{N}|[a-z]/u.test(word) || this.covered[index] === 1) return false;
    if (isStopword(word) || this.titleAt(index) || hasReadingWithPronoun(word, QUALIFIER_WORDS)) return false;
    return !isNisba(word, this.gazetteer) && !isCueWord(word);
  }

  /** The name tokens starting at `first`, or null when what follows the title is not a name. */
  private nameAt(first: number, appositive: boolean): { last: number } | null {
    const tokens = this.tokenized.tokens;
    let last = -1;
    let nameWords = 0;
    for (let index = first; index < tokens.length; index += 1) {
      if (index > first && this.gapAfter(index - 1) !== 'space') break;
      const word = this.word(index);
      const afterAbd = index > first && this.word(index - 1) === 'عبد';
      if (CONNECTORS.has(word) || (afterAbd && word.startsWith('ال'))) {
        last = index;
        continue;
      }
      if (
        word.startsWith('ال') &&
        nameWords > 0 &&
        this.gapAfter(index) !== 'space' &&
        !isNisba(word, this.gazetteer) &&
        !this.titleAt(index) &&
        !this.covered[index]
      ) {
        // A family name with the article («خليل الحية») only where it closes the phrase.
        last = index;
        nameWords += 1;
        break;
      }
      if (!this.isNameLike(index) || nameWords === 3) break;
      last = index;
      nameWords += 1;
    }
    while (last >= first && CONNECTORS.has(this.word(last)) && this.word(last) !== 'ال') last -= 1;
    if (nameWords === 0 || last < first) return null;
    // Between commas a name must be closed by punctuation: «…القطري، أحرز تقدما» is not a name.
    if (appositive && this.gapAfter(last) === 'space') return null;
    // «دونالد ترامب» with «ترامب» known: the first name belongs to the known actor.
    if (this.gapAfter(last) === 'space' && this.covered[last + 1] === 1) return null;
    return { last };
  }

  /** Index after the known actor covering `index`, or -1 when the token is not part of a mention. */
  private mentionEnd(index: number): number {
    if (this.covered[index] !== 1) return -1;
    let end = index;
    while (end < this.covered.length && this.covered[end] === 1) end += 1;
    return end;
  }

  private candidateAt(
    titleIndex: number,
    title: { tokens: number; prefixLength: number },
  ): UnknownActorCandidate | null {
    let titleStart = titleIndex;
    let titlePrefix = title.prefixLength;
    let titleEnd = titleIndex + title.tokens - 1;
    let appositive = false;
    let index = titleEnd + 1;
    for (let qualifiers = 0; index < this.tokenized.tokens.length; qualifiers += 1) {
      const gap = this.gapAfter(index - 1);
      if (gap === 'break') return null;
      if (gap === 'comma') {
        appositive = true;
        break;
      }
      const known = this.mentionEnd(index);
      if (known >= 0) {
        // A known actor inside the title («مبعوث ترامب للرهائن …», «رئيس وزراء قطر، …») lets it go on;
        // one that ends the phrase is the person the title describes, and is already linked.
        const continues =
          known < this.tokenized.tokens.length &&
          (this.gapAfter(known - 1) === 'comma' ||
            (this.gapAfter(known - 1) === 'space' && this.isQualifier(known)));
        if (!continues) return null;
        titleEnd = known - 1;
        index = known;
        continue;
      }
      const nested = this.titleAt(index);
      if (nested) {
        // «مبعوث الرئيس الأمريكي دونالد ترامب»: the name belongs to the nearer title.
        titleStart = index;
        titlePrefix = nested.prefixLength;
        index += nested.tokens;
        titleEnd = index - 1;
        continue;
      }
      const complement = hasReading(this.word(index - 1), CONSTRUCT_HEADS);
      if (qualifiers >= 6 || !(complement || this.isQualifier(index))) break;
      titleEnd = index;
      index += 1;
    }
    if (index >= this.tokenized.tokens.length) return null;
    const name = this.nameAt(index, appositive);
    if (!name) return null;
    const titleSpan = originalSpan(
      this.tokenized,
      this.tokenized.tokens[titleStart].start + titlePrefix,
      this.tokenized.tokens[titleEnd].end,
    );
    const nameSpan = originalSpan(
      this.tokenized,
      this.tokenized.tokens[index].start,
      this.tokenized.tokens[name.last].end,
    );
    const source = this.tokenized.source;
    return {
      name: source.slice(nameSpan.start, nameSpan.end),
      title: source.slice(titleSpan.start, titleSpan.end),
      start: titleSpan.start,
      end: nameSpan.end,
      quote: source.slice(titleSpan.start, nameSpan.end),
      nameStart: nameSpan.start,
      nameEnd: nameSpan.end,
    };
  }

  scan(): UnknownActorCandidate[] {
    const found: UnknownActorCandidate[] = [];
    const seenNames = new Set<number>();
    for (let index = 0; index < this.tokenized.tokens.length; index += 1) {
      const title = this.titleAt(index);
      if (!title) continue;
      const candidate = this.candidateAt(index, title);
      // A nested title yields the same name as its outer title; keep it once.
      if (candidate && !seenNames.has(candidate.nameStart)) {
        seenNames.add(candidate.nameStart);
        found.push(candidate);
      }
    }
    return found;
  }
}

/** Title-plus-name phrases whose name no alias covers, in text order. */
export function findUnknownActorsInTokens(
  tokenized: TokenizedText,
  gazetteer: Gazetteer,
  mentions: readonly TokenMention[],
): UnknownActorCandidate[] {
  return new UnknownActorScanner(tokenized, gazetteer, mentions).scan();
}
