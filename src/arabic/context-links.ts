/**
 * The linker's article-context step. Short forms that are not curated aliases name a person only after
 * the article has named him in full: a surname alone, «الشيخ» with a given name, or the title that stood
 * before the full name («رئيس الوزراء القطري»). An alias marked ambiguous (a curated short form that may
 * name someone else) links only beside a title or after a full mention. A
 * surname after a different given name is another person («يوسف الحية» is not «خليل الحية»): it is
 * refused and that full name is proposed as a new actor.
 */
import type { ActorId, Gazetteer } from './gazetteer';
import type { TokenMention } from './linker';
import { cliticReadings, tokensAreJoined, tokenSpanToOriginal, type TokenizedText } from './tokens';
import givenNames from './data/given-names.json' with { type: 'json' };
import { normalizeArabic } from './normalize';
import { isStopword } from './unknown-actors';

export interface RefusedName {
  /** The other person's name as written: given name and surname. */
  name: string;
  start: number;
  end: number;
  /** The actor the surname alone would have named. */
  resembles: ActorId;
}

interface FullName {
  words: string[];
}

const MAX_TITLE_WORDS = 4;

const GIVEN_NAMES = new Set(givenNames.names.map((name) => normalizeArabic(name)));

/** A given name (data/given-names.json), possibly after the conjunction: «ويوسف». */
function looksLikeGivenName(word: string): boolean {
  return GIVEN_NAMES.has(word) || (word.startsWith('و') && GIVEN_NAMES.has(word.slice(1)));
}

const formsOf = (word: string) => cliticReadings(word).map((reading) => reading.form);

export function linkInArticleContext(
  tokenized: TokenizedText,
  gazetteer: Gazetteer,
  mentions: readonly TokenMention[],
): { mentions: TokenMention[]; refused: RefusedName[] } {
  const tokens = tokenized.tokens;
  const fullNames = new Map<ActorId, FullName>();
  const titles = new Map<string, ActorId>();
  const byFirstToken = new Map(mentions.map((m) => [m.firstToken, m]));
  const kept: TokenMention[] = [];
  const refused: RefusedName[] = [];
  const isPerson = (id: ActorId) => gazetteer.actorKinds.get(id) === 'PERSON';
  const seen = new Set<ActorId>();

  const contextMention = (actorId: ActorId, first: number, last: number, alias: string): TokenMention => {
    const span = tokenSpanToOriginal(
      tokenized,
      first,
      last,
      cliticReadings(tokens[first].text)[0].prefixLength,
    );
    return {
      actorId,
      start: span.start,
      end: span.end,
      quote: tokenized.source.slice(span.start, span.end),
      matchedAlias: alias,
      method: 'context',
      confidence: 0.8,
      firstToken: first,
      lastToken: last,
    };
  };
  /** The given name before a surname at `index`, when there is one and it is not the actor's. */
  const otherGivenName = (index: number, actorId: ActorId): number | null => {
    const previous = index - 1;
    if (previous < 0 || !tokensAreJoined(tokenized, previous, index) || byFirstToken.has(previous))
      return null;
    const word = tokens[previous].text;
    if (!looksLikeGivenName(word)) return null;
    const known = fullNames.get(actorId);
    const own = known?.words ?? ownNameWords(actorId);
    return own.includes(word.replace(/^و/u, '')) ? null : previous;
  };
  /** The words of the actor's aliases: «ستيف» is Witkoff's own given name even before a full mention. */
  const ownNameWords = (actorId: ActorId): string[] => gazetteer.aliasWords.get(actorId) ?? [];
  const refuse = (given: number, last: number, actorId: ActorId) => {
    const span = tokenSpanToOriginal(tokenized, given, last);
    refused.push({
      name: tokenized.source.slice(span.start, span.end),
      start: span.start,
      end: span.end,
      resembles: actorId,
    });
  };

  for (let index = 0; index < tokens.length; index += 1) {
    const mention = byFirstToken.get(index);
    if (mention) {
      const words = mention.lastToken - mention.firstToken + 1;
      const shortForm =
        isPerson(mention.actorId) && words === 1 && (gazetteer.longestAlias.get(mention.actorId) ?? 0) >= 2;
      if (shortForm) {
        const given = otherGivenName(index, mention.actorId);
        if (given !== null) refuse(given, index, mention.actorId);
        // A curated alias not marked ambiguous is the curator's word that the short form names one person;
        // an ambiguous one reaches here only when the linker found its licence (a full mention earlier, or
        // a word of the actor's own aliases beside it).
        else kept.push(mention);
      } else {
        kept.push(mention);
        if (isPerson(mention.actorId) && words >= 2) {
          const nameWords = tokens
            .slice(mention.firstToken, mention.lastToken + 1)
            .map((t) => formsOf(t.text))
            .flat();
          fullNames.set(mention.actorId, { words: nameWords });
          const title = titlePhrase(mention.firstToken);
          if (title) titles.set(title, mention.actorId);
        }
      }
      seen.add(mention.actorId);
      index = mention.lastToken;
      continue;
    }
    const linked = shortFormAt(index);
    if (linked) {
      kept.push(linked);
      index = linked.lastToken;
    }
  }
  return { mentions: kept.sort((a, b) => a.firstToken - b.firstToken), refused };

  /** The title words right before a full name: from the nearest title word up to the name («الشيخ» left out). */
  function titlePhrase(nameStart: number): string | null {
    let end = nameStart;
    if (end > 0 && formsOf(tokens[end - 1].text).includes('الشيخ')) end -= 1;
    for (let start = end - 1; start >= Math.max(0, end - MAX_TITLE_WORDS); start -= 1) {
      if (byFirstToken.has(start) || isStopword(tokens[start].text)) return null;
      if (!tokensAreJoined(tokenized, start, start + 1)) return null;
      if (/^(رئيس|وزير|المبعوث|مبعوث|الرئيس|الوزير)$/u.test(tokens[start].text))
        return end - start >= 2
          ? tokens
              .slice(start, end)
              .map((t) => t.text)
              .join(' ')
          : null;
    }
    return null;
  }

  /** A surname, «الشيخ» + given name, or a title phrase naming someone already named in full. */
  function shortFormAt(index: number): TokenMention | null {
    const word = tokens[index].text;
    for (const [title, actorId] of titles) {
      const parts = title.split(' ');
      const last = index + parts.length - 1;
      if (
        last >= tokens.length ||
        !parts.every(
          (part, k) =>
            tokens[index + k].text.replace(/^و/u, '') === part.replace(/^و/u, '') &&
            (k === 0 || tokensAreJoined(tokenized, index + k - 1, index + k)),
        )
      )
        continue;
      // «رئيس الوزراء القطري الشيخ محمد …» again is a full mention the linker already has.
      if (byFirstToken.has(last + 1) || formsOf(tokens[last + 1]?.text ?? '').includes('الشيخ')) continue;
      return contextMention(actorId, index, last, title);
    }
    for (const [actorId, name] of fullNames) {
      if (
        formsOf(word).includes('الشيخ') &&
        index + 1 < tokens.length &&
        tokens[index + 1].text === name.words[0]
      ) {
        const next = tokens[index + 2]?.text;
        if (
          next &&
          tokensAreJoined(tokenized, index + 1, index + 2) &&
          !name.words.includes(next) &&
          looksLikeGivenName(next)
        )
          continue;
        return contextMention(actorId, index, index + 1, `الشيخ ${name.words[0]}`);
      }
    }
    const forms = formsOf(word);
    const owners = [...fullNames].filter(([, name]) => {
      const surname = name.words[name.words.length - 1];
      return surname.length >= 3 && forms.includes(surname);
    });
    if (owners.length !== 1) return null;
    const [actorId] = owners[0];
    const given = otherGivenName(index, actorId);
    if (given !== null) {
      refuse(given, index, actorId);
      return null;
    }
    return contextMention(actorId, index, index, word);
  }
}
