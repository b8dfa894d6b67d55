/**
 * One sentence read for a meeting: whether it reports one (and not an interview, a strike, a denial or
 * a hedge), its status from tense, aspect and modality, and who takes part in which role, only where a
 * role word governs that actor (src/arabic/role-cues.ts).
 */
import type { ActorId, Gazetteer } from './gazetteer';
import type { TokenMention } from './linker';
import { demonymCountry } from './places';
import type { MeetingStatus, ParticipantRole } from '../../generated/prisma/enums';
import { CUED_ROLES, isRoleCue, ROLE_PRECEDENCE, type CuedRole } from './role-cues';
import { cliticReadings, tokensAreJoined, type TokenizedText } from './tokens';

export type { MeetingStatus, ParticipantRole };

/** A meeting word: a verb in the perfect or the imperfect, an indefinite noun, or «the meeting» (a reference). */
type TriggerKind = 'past' | 'future' | 'noun' | 'reference' | 'travel';

const TRIGGERS: [TriggerKind, RegExp][] = [
  [
    'past',
    /^(التقي|التقت|التقوا|التقيا|التقتا|اجتمع|اجتمعت|اجتمعوا|اجتمعا|عقد|عقدت|عقدوا|عقدا|استقبل|استقبلت|استقبلا|استضاف|استضافت|زار|زارت|زاروا|اجري|اجرت|اجروا|بحث|بحثت|بحثا|جمع|ضم|شهدت|انتهت)$/,
  ],
  [
    'future',
    /^س?(يلتقي|تلتقي|يلتقيان|يلتقون|يجتمع|تجتمع|يجتمعون|يعقد|تعقد|يستضيف|تستضيف|يستقبل|تستقبل|يزور|تزور|يتوجه|تتوجه|يجري|تجري)$/,
  ],
  ['travel', /^(وصل|وصلت|وصلوا|توجه|توجهت|التوجه|ارسال|زياره)$/],
  ['noun', /^(اجتماع|اجتماعا|لقاء|لقاءا|مباحثات|محادثات|مفاوضات|جوله|قمه|اجتماعات|لقاءات)$/],
];
const REFERENCES = new Set(['الاجتماع', 'اللقاء', 'المباحثات', 'الجوله', 'الزياره', 'لقاء', 'اجتماع']);

const CANCEL = /^(الغي|الغت|الغوا|الغاء|الغيت|يلغي|تلغي)$/;
const POSTPONE = /^(اجل|اجلت|اجلوا|تاجيل|ارجاء|ارجئ|ارجئت|ارجا|ارجات|تاجل|تاجلت|يؤجل|تؤجل|تقرر تاجيل)$/;
const FUTURE_MARKERS =
  /^(سوف|المقرر|مقرر|مقررا|مقرره|المنتظر|ينتظر|ينوي|تنوي|يعتزم|تعتزم|يرتقب|مرتقب|مرتقبه|غدا|المقبل|المقبله|القادم|القادمه|يزمع|تزمع|المزمع)$/;
const DENIAL = /^(نفي|نفت|ينفي|تنفي|نفوا|تنفيان)$/;
const HEDGES = /^(ربما|احتمال|يحتمل|يستبعد|تستبعد|يستبعدون|تكهنات)$/;
const NEGATIONS = new Set(['لم', 'لن', 'لا', 'ولم', 'ولن', 'ولا']);

/** Words that head a party: a demonym after one names its state («وفد مصري», «الرئيس المصري»). */
const PARTY_HEADS =
  /^(وفد|وفدا|وفدي|وفود|وفدان|الوفد|الوفدين|وفدين|الوفدان|وفده|الوسيط|الوسيطين|الوسيطان|الوسطاء|وساطه|مسؤول|مسؤولين|مسؤولون|مسؤولي|المسؤولين|المسؤولون|الجانب|الجانبين|نظير|نظيره|نظيرها|نظيريه|الخارجيه|الرئيس|المخابرات|العامه|الحكومه|الاداره|الطرف|ممثلين|ممثلي|قاده|قيادات|رئيس|وزير|دبلوماسيين)$/;
const SOURCE_WORDS = new Set(['مصدر', 'مصادر', 'بحسب', 'حسب', 'وفق', 'وفقا', 'نقلا']);
const CLAUSE_BREAKS = new Set(['فيما', 'بينما', 'وذلك', 'حين']);

export interface Unit {
  actorId: ActorId;
  firstToken: number;
  lastToken: number;
  person: boolean;
}

export interface SentenceReading {
  status: MeetingStatus | null;
  /** The sentence only refers back to a meeting («خلال اللقاء»). */
  reference: boolean;
  firstTrigger: number;
  clause: [number, number];
  participants: Map<ActorId, ParticipantRole>;
  tense: 'past' | 'future';
  cueTokens: number[];
}

const formsOf = (tokenized: TokenizedText, index: number): string[] =>
  tokenized.tokens[index] ? cliticReadings(tokenized.tokens[index].text).map((r) => r.form) : [];
const matches = (tokenized: TokenizedText, index: number, pattern: RegExp): boolean =>
  formsOf(tokenized, index).some((form) => pattern.test(form));

function triggerAt(tokenized: TokenizedText, index: number): TriggerKind | null {
  const word = tokenized.tokens[index].text.replace(/^[وف]/u, '');
  const definite = /^([بك]?ال|لل)/u.test(word);
  const bare = word.replace(/^([بك]?ال|لل|[بلك])/u, '');
  if (definite && REFERENCES.has(`ال${bare}`)) return 'reference';
  for (const [kind, pattern] of TRIGGERS) {
    if (!matches(tokenized, index, pattern)) continue;
    // «المفاوضات», «المحادثات»: the talks in general, not a meeting.
    if (kind === 'noun' && definite) return null;
    return kind;
  }
  return null;
}

export interface SentenceInput {
  tokenized: TokenizedText;
  gazetteer: Gazetteer;
  from: number;
  to: number;
  mentions: readonly TokenMention[];
  /** Token ranges the place matcher took («العاصمة القطرية», «البيت الأبيض»): no party there. */
  placeTokens: ReadonlySet<number>;
  countryActor: (country: string) => ActorId | null;
}

/** The parties named in the clause: linked actors that are not places, sources or titles, and demonyms after a party word. */
function partiesOf(input: SentenceInput, from: number, to: number): Unit[] {
  const { tokenized, gazetteer } = input;
  const tokens = tokenized.tokens;
  const units: Unit[] = [];
  const inClause = input.mentions.filter((m) => m.firstToken >= from && m.lastToken < to);
  const personAt = (index: number) =>
    inClause.some(
      (m) =>
        m.firstToken > index && m.firstToken <= index + 3 && gazetteer.actorKinds.get(m.actorId) === 'PERSON',
    );
  for (const mention of inClause) {
    const kind = gazetteer.actorKinds.get(mention.actorId);
    if (kind === 'MEDIA' || input.placeTokens.has(mention.firstToken)) continue;
    const before = mention.firstToken - 1;
    const previous = before >= 0 ? tokens[before].text.replace(/^و/u, '') : '';
    if (
      kind === 'STATE' &&
      (previous === 'في' ||
        previous === 'الي' ||
        (/^و?ب/u.test(tokens[mention.firstToken].text) && mention.quote !== tokens[mention.firstToken].text))
    )
      continue;
    if (before >= 0 && SOURCE_WORDS.has(previous)) continue;
    // «رئيس جهاز الموساد ديفيد برنياع»: an organisation in a person's title is not a party of its own.
    if (
      kind !== 'PERSON' &&
      inClause.some(
        (m) => m.firstToken === mention.lastToken + 1 && gazetteer.actorKinds.get(m.actorId) === 'PERSON',
      )
    )
      continue;
    units.push({
      actorId: mention.actorId,
      firstToken: mention.firstToken,
      lastToken: mention.lastToken,
      person: kind === 'PERSON',
    });
  }
  for (let index = from; index < to; index += 1) {
    if (input.placeTokens.has(index) || inClause.some((m) => m.firstToken <= index && index <= m.lastToken))
      continue;
    const country = demonymCountry(tokens[index].text);
    if (!country) continue;
    const actorId = input.countryActor(country);
    if (actorId === null || personAt(index)) continue;
    let governed = false;
    for (let back = index - 1; back >= Math.max(from, index - 3) && !governed; back -= 1) {
      const word = tokens[back].text;
      if (matches(tokenized, back, PARTY_HEADS)) governed = true;
      else if (SOURCE_WORDS.has(word)) break;
    }
    if (governed && !SOURCE_WORDS.has(tokens[index - 1]?.text ?? ''))
      units.push({ actorId, firstToken: index, lastToken: index, person: false });
  }
  return units.sort((a, b) => a.firstToken - b.firstToken);
}

/** Units a role word governs: the first one after it (titles and «وفد من» between) and those joined to it. */
function governed(
  units: Unit[],
  tokenized: TokenizedText,
  cue: number,
  to: number,
  personOnly: boolean,
): Unit[] {
  const tokens = tokenized.tokens;
  let first: Unit | undefined;
  for (let index = cue + 1; index < Math.min(to, cue + 8) && !first; index += 1) {
    first = units.find((unit) => unit.firstToken === index && (!personOnly || unit.person));
    if (first) break;
    const word = tokens[index].text;
    if (['في', 'الي', 'مع', 'علي', 'عن', 'بين', 'خلال'].includes(word) || (/^و/u.test(word) && !personOnly)) {
      if (!(word === 'وفد' || word === 'وفدا' || word === 'وزير')) return [];
    }
  }
  if (!first) return [];
  if (personOnly) return [first];
  const chain = [first];
  for (let last = first.lastToken; ;) {
    const next = units.find(
      (unit) =>
        unit.firstToken === last + 1 || (unit.firstToken === last + 2 && tokens[last + 1].text === 'و'),
    );
    if (!next || !tokensAreJoined(tokenized, last, next.firstToken === last + 1 ? next.firstToken : last + 1))
      break;
    chain.push(next);
    last = next.lastToken;
  }
  return chain;
}

/** The unit just before a relative «الذي» / «التي» at `index` («ويتكوف، الذي وصل»), or the nearest subject before `index`. */
function subjectBefore(units: Unit[], index: number, from: number): Unit | undefined {
  return [...units].reverse().find((unit) => unit.lastToken < index && unit.firstToken >= from);
}

export function readMeetingSentence(input: SentenceInput): SentenceReading | null {
  const { tokenized, from, to } = input;
  const tokens = tokenized.tokens;
  let firstTrigger = -1;
  let triggerKind: TriggerKind | null = null;
  const cueTokens: number[] = [];
  for (let index = from; index < to; index += 1) {
    const kind = triggerAt(tokenized, index);
    if (!kind) continue;
    cueTokens.push(index);
    if (firstTrigger < 0 || (triggerKind === 'reference' && kind !== 'reference')) {
      firstTrigger = index;
      triggerKind = kind;
    }
  }
  if (firstTrigger < 0) return null;
  let clauseFrom = from;
  let clauseTo = to;
  for (let index = from; index < to; index += 1) {
    const word = tokens[index].text;
    const breaks =
      CLAUSE_BREAKS.has(word) || ((word === 'بعد' || word === 'قبل') && tokens[index + 1]?.text === 'ان');
    if (!breaks) continue;
    if (index <= firstTrigger) clauseFrom = index + 1;
    else if (index < clauseTo) clauseTo = index;
  }
  // Denials and hedges report no meeting: «نفى … أن يكون … قد التقى», «لم يلتق», «قد يجمع», «لا يستبعد».
  for (let index = clauseFrom; index < clauseTo; index += 1) {
    if (matches(tokenized, index, DENIAL) || matches(tokenized, index, HEDGES)) return null;
    const word = tokens[index].text;
    if (word === 'قد' && /^[يتن]/u.test(tokens[index + 1]?.text ?? '')) return null;
    if (NEGATIONS.has(word) && cueTokens.some((cue) => cue > index && cue <= index + 2)) return null;
  }
  const status = statusOf(tokenized, clauseFrom, clauseTo, triggerKind);
  const reference = status === null;
  const units = partiesOf(input, clauseFrom, clauseTo);
  const roles = new Map<ActorId, ParticipantRole>();
  for (const unit of units) if (!roles.has(unit.actorId)) roles.set(unit.actorId, 'ATTENDEE');
  const give = (unit: Unit | undefined, role: CuedRole) => {
    if (!unit) return;
    const current = roles.get(unit.actorId) ?? 'ATTENDEE';
    if (ROLE_PRECEDENCE.indexOf(role) < ROLE_PRECEDENCE.indexOf(current)) roles.set(unit.actorId, role);
  };
  for (let index = clauseFrom; index < clauseTo; index += 1) {
    const relative = ['الذي', 'التي'].includes(tokens[index - 1]?.text ?? '');
    for (const role of CUED_ROLES) {
      if (!isRoleCue(role, tokens[index].text)) continue;
      if (role === 'HOST' && /دعوه$/u.test(tokens[index].text) && tokens[index + 1]?.text !== 'من') continue;
      if (relative) {
        give(subjectBefore(units, index - 1, clauseFrom), role);
        continue;
      }
      const chain = governed(units, tokenized, index, clauseTo, role === 'DELEGATION_HEAD');
      if (role === 'HOST' || role === 'DELEGATION_HEAD') give(chain[0], role);
      else if (role === 'MEDIATOR') chain.forEach((unit) => give(unit, role));
      else if (chain.length > 0) chain.forEach((unit) => give(unit, role));
      else give(subjectBefore(units, index, clauseFrom), role);
    }
  }
  if (!reference && roles.size < 2 && !(roles.size === 1 && triggerKind === 'travel')) {
    if (roles.size < 2) return null;
  }
  return {
    status,
    reference,
    firstTrigger,
    clause: [clauseFrom, clauseTo],
    participants: roles,
    tense: status === 'HELD' || status === 'REPORTED' || status === null ? 'past' : 'future',
    cueTokens,
  };
}

/** Status from the clause's words: cancelling and postponing first, then future and intention, else a past report. */
function statusOf(
  tokenized: TokenizedText,
  from: number,
  to: number,
  trigger: TriggerKind | null,
): MeetingStatus | null {
  let future = trigger === 'future';
  for (let index = from; index < to; index += 1) {
    if (matches(tokenized, index, CANCEL)) return 'CANCELLED';
    if (matches(tokenized, index, POSTPONE) && tokenized.tokens[index - 1]?.text !== 'من') return 'POSTPONED';
    if (matches(tokenized, index, FUTURE_MARKERS)) future = true;
    const word = tokenized.tokens[index].text;
    if (/^(س|وس)[يتن]/u.test(word) && triggerAt(tokenized, index) === 'future') future = true;
    if (/^(س|وس)?[يت](توجه|زور|صل|لتقي|جتمع)/u.test(word.replace(/^و/u, ''))) future = true;
  }
  if (future) return 'PLANNED';
  if (trigger === 'reference') return null;
  return 'HELD';
}
