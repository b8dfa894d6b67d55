import { linkInArticleContext } from './context-links';
import { isVenueName } from './cues';
import {
  coreLength,
  FUZZY_MARGIN,
  fuzzyThreshold,
  isInflectionOf,
  MIN_FUZZY_LENGTH,
  weightedDistance,
} from './fuzzy';
import {
  fuzzyCandidates,
  type ActorId,
  type AliasEntry,
  type Gazetteer,
  type GazetteerNode,
} from './gazetteer';
import { cliticReadings, tokenize, tokensAreJoined, tokenSpanToOriginal, type TokenizedText } from './tokens';

export type LinkMethod = 'exact' | 'clitic' | 'fuzzy' | 'context';

/** An actor named in the text; `text.slice(start, end) === quote`, and a stripped proclitic is outside the span. */
export interface ActorMention {
  actorId: ActorId;
  start: number;
  end: number;
  quote: string;
  matchedAlias: string;
  method: LinkMethod;
  confidence: number;
}

/** A mention plus the token positions it covers, for callers that reason about neighbouring words. */
export interface TokenMention extends ActorMention {
  firstToken: number;
  lastToken: number;
  /** Matched through an alias marked ambiguous (see context-links.ts). */
  ambiguousAlias?: boolean;
}

const LOCATIVES = new Set(['في', 'الي']);
const CONFIDENCE: Record<LinkMethod, number> = { exact: 1, clitic: 0.9, fuzzy: 0.8, context: 0.8 };
const METHOD_RANK: Record<LinkMethod, number> = { exact: 0, clitic: 1, fuzzy: 2, context: 3 };

interface Reach {
  node: GazetteerNode;
  lastToken: number;
  cost: number;
  /** False when some step was only close enough to count as a rival, not as a match. */
  withinThreshold: boolean;
}

interface Match {
  entry: AliasEntry;
  firstToken: number;
  lastToken: number;
  prefixLength: number;
  method: LinkMethod;
  cost: number;
}

/** Distance of a text word to an alias word, `Infinity` when they must never be confused. */
function stepDistance(word: string, key: string): { distance: number; threshold: number } {
  const threshold = fuzzyThreshold(word, key);
  if (threshold === 0 || isInflectionOf(word, key)) return { distance: Infinity, threshold };
  return { distance: weightedDistance(word, key, threshold + FUZZY_MARGIN), threshold };
}

class Linker {
  private readonly rootSteps = new Map<string, { key: string; distance: number; threshold: number }[]>();

  constructor(
    private readonly gazetteer: Gazetteer,
    private readonly tokenized: TokenizedText,
  ) {}

  /** Follows the trie from `node` (which consumed `lastToken`) along the next joined words. */
  private extend(
    node: GazetteerNode,
    lastToken: number,
    cost: number,
    within: boolean,
    fuzzy: boolean,
    out: Reach[],
  ): void {
    if (node.entries.length > 0) out.push({ node, lastToken, cost, withinThreshold: within });
    const next = lastToken + 1;
    if (next >= this.tokenized.tokens.length || !tokensAreJoined(this.tokenized, lastToken, next)) return;
    const word = this.tokenized.tokens[next].text;
    const exactChild = node.children.get(word);
    if (exactChild) this.extend(exactChild, next, cost, within, fuzzy, out);
    if (!fuzzy) return;
    for (const key of fuzzyCandidates(node, word)) {
      if (key === word) continue;
      const step = stepDistance(word, key);
      if (step.distance === Infinity) continue;
      this.extend(
        node.children.get(key) as GazetteerNode,
        next,
        cost + step.distance,
        within && step.distance <= step.threshold,
        fuzzy,
        out,
      );
    }
  }

  private fuzzyRootSteps(form: string): { key: string; distance: number; threshold: number }[] {
    let steps = this.rootSteps.get(form);
    if (!steps) {
      steps = [];
      if (coreLength(form) >= MIN_FUZZY_LENGTH) {
        for (const key of fuzzyCandidates(this.gazetteer.root, form)) {
          if (key === form) continue;
          const step = stepDistance(form, key);
          if (step.distance !== Infinity) steps.push({ key, ...step });
        }
      }
      this.rootSteps.set(form, steps);
    }
    return steps;
  }

  /** The longest exact alias starting at `index`; the whole word wins over any clitic reading. */
  private exactMatch(index: number): Match | 'ambiguous' | null {
    let best: { reach: Reach; prefixLength: number } | null = null;
    for (const reading of cliticReadings(this.tokenized.tokens[index].text)) {
      const node = this.gazetteer.root.children.get(reading.form);
      if (!node) continue;
      const reaches: Reach[] = [];
      this.extend(node, index, 0, true, false, reaches);
      const longest = reaches.reduce<Reach | null>((a, b) => (a && a.lastToken >= b.lastToken ? a : b), null);
      if (!longest) continue;
      if (reading.prefixLength === 0) {
        best = { reach: longest, prefixLength: 0 };
        break;
      }
      if (!best || longest.lastToken > best.reach.lastToken)
        best = { reach: longest, prefixLength: reading.prefixLength };
    }
    if (!best) return null;
    const entries = best.reach.node.entries;
    if (entries.length > 1) return 'ambiguous';
    return {
      entry: entries[0],
      firstToken: index,
      lastToken: best.reach.lastToken,
      prefixLength: best.prefixLength,
      method: best.prefixLength === 0 ? 'exact' : 'clitic',
      cost: 0,
    };
  }

  /**
   * A spelling variant is linked only when one actor is within the threshold and every other actor is at
   * least FUZZY_MARGIN farther: two people whose names differ by a letter must not be confused.
   */
  private fuzzyMatch(index: number): Match | null {
    const found: { reach: Reach; prefixLength: number }[] = [];
    for (const reading of cliticReadings(this.tokenized.tokens[index].text)) {
      const reaches: Reach[] = [];
      for (const step of this.fuzzyRootSteps(reading.form)) {
        const child = this.gazetteer.root.children.get(step.key) as GazetteerNode;
        this.extend(child, index, step.distance, step.distance <= step.threshold, true, reaches);
      }
      const exactStart = this.gazetteer.root.children.get(reading.form);
      if (exactStart) this.extend(exactStart, index, 0, true, true, reaches);
      for (const reach of reaches)
        if (reach.cost > 0) found.push({ reach, prefixLength: reading.prefixLength });
    }
    let best: { reach: Reach; prefixLength: number } | null = null;
    for (const candidate of found) {
      if (!candidate.reach.withinThreshold) continue;
      if (
        !best ||
        candidate.reach.cost < best.reach.cost ||
        (candidate.reach.cost === best.reach.cost && candidate.reach.lastToken > best.reach.lastToken)
      ) {
        best = candidate;
      }
    }
    if (!best || best.reach.node.entries.length > 1) return null;
    const entry = best.reach.node.entries[0];
    const bestCost = best.reach.cost;
    const rivalled = found.some(
      (candidate) =>
        candidate.reach.cost < bestCost + FUZZY_MARGIN &&
        candidate.reach.node.entries.some((other) => other.actorId !== entry.actorId),
    );
    if (rivalled) return null;
    return {
      entry,
      firstToken: index,
      lastToken: best.reach.lastToken,
      prefixLength: best.prefixLength,
      method: 'fuzzy',
      cost: bestCost,
    };
  }

  private matchAt(index: number): Match | null {
    const exact = this.exactMatch(index);
    if (exact === 'ambiguous') return null;
    return exact ?? this.fuzzyMatch(index);
  }

  /**
   * «في واشنطن», «بالدوحة»: a capital used as an alias of its state is a place after a locative
   * preposition, not a mention of the state («تل أبيب تتلقى إشارات» stays a mention).
   */
  private isLocative(match: Match): boolean {
    if (!isVenueName(match.entry.normalized)) return false;
    const word = this.tokenized.tokens[match.firstToken].text;
    if (match.prefixLength > 0 && word.slice(0, match.prefixLength).endsWith('ب')) return true;
    const previous = match.firstToken - 1;
    return (
      previous >= 0 &&
      tokensAreJoined(this.tokenized, previous, match.firstToken) &&
      LOCATIVES.has(this.tokenized.tokens[previous].text)
    );
  }

  link(): TokenMention[] {
    const candidates: Match[] = [];
    for (let index = 0; index < this.tokenized.tokens.length; index += 1) {
      const match = this.matchAt(index);
      if (match && !this.isLocative(match)) candidates.push(match);
    }
    // Overlaps resolve to the longest name; among equals the surer method, then the earlier one.
    candidates.sort(
      (a, b) =>
        b.lastToken - b.firstToken - (a.lastToken - a.firstToken) ||
        METHOD_RANK[a.method] - METHOD_RANK[b.method] ||
        a.firstToken - b.firstToken,
    );
    const taken = new Uint8Array(this.tokenized.tokens.length);
    const chosen: Match[] = [];
    for (const match of candidates) {
      let free = true;
      for (let t = match.firstToken; t <= match.lastToken && free; t += 1) free = taken[t] === 0;
      if (!free) continue;
      taken.fill(1, match.firstToken, match.lastToken + 1);
      chosen.push(match);
    }
    chosen.sort((a, b) => a.firstToken - b.firstToken);
    return this.withoutLoneAmbiguous(chosen).map((match) => this.toMention(match));
  }

  /**
   * An alias that also names others («بيرنز», «واشنطن», «ألكسندر») links only after a full (unambiguous)
   * mention of the same actor earlier in the text, or beside a word of one of the actor's own unambiguous
   * aliases; alone it is dropped.
   */
  private withoutLoneAmbiguous(chosen: readonly Match[]): Match[] {
    const named = new Set<ActorId>();
    return chosen.filter((match) => {
      const actorId = match.entry.actorId;
      if (!match.entry.ambiguous) {
        named.add(actorId);
        return true;
      }
      return named.has(actorId) || this.hasDisambiguatingNeighbour(match);
    });
  }

  private hasDisambiguatingNeighbour(match: Match): boolean {
    const own = this.gazetteer.actorTokens.get(match.entry.actorId);
    if (!own?.size) return false;
    const { tokens } = this.tokenized;
    const neighbours = [
      match.firstToken > 0 && tokensAreJoined(this.tokenized, match.firstToken - 1, match.firstToken)
        ? match.firstToken - 1
        : -1,
      match.lastToken + 1 < tokens.length &&
      tokensAreJoined(this.tokenized, match.lastToken, match.lastToken + 1)
        ? match.lastToken + 1
        : -1,
    ];
    const ambiguousWords = new Set(match.entry.normalized.split(' '));
    return neighbours.some(
      (index) =>
        index >= 0 &&
        cliticReadings(tokens[index].text).some(
          (reading) => own.has(reading.form) && !ambiguousWords.has(reading.form),
        ),
    );
  }

  private toMention(match: Match): TokenMention {
    const span = tokenSpanToOriginal(this.tokenized, match.firstToken, match.lastToken, match.prefixLength);
    const confidence =
      match.method === 'fuzzy'
        ? Math.max(0.5, CONFIDENCE.fuzzy - 0.1 * match.cost)
        : CONFIDENCE[match.method];
    return {
      actorId: match.entry.actorId,
      start: span.start,
      end: span.end,
      quote: this.tokenized.source.slice(span.start, span.end),
      matchedAlias: match.entry.alias,
      method: match.method,
      confidence,
      firstToken: match.firstToken,
      lastToken: match.lastToken,
      ambiguousAlias: match.entry.ambiguous,
    };
  }
}

/**
 * Links mentions in already tokenized text (lets callers share one tokenization between steps): aliases
 * first, then the article-context step (short forms, ambiguous aliases, other people with the surname).
 */
export function linkInContext(tokenized: TokenizedText, gazetteer: Gazetteer) {
  return linkInArticleContext(tokenized, gazetteer, new Linker(gazetteer, tokenized).link());
}

export function linkTokenized(tokenized: TokenizedText, gazetteer: Gazetteer): TokenMention[] {
  return linkInContext(tokenized, gazetteer).mentions;
}

export function linkActors(text: string, gazetteer: Gazetteer): ActorMention[] {
  return linkTokenized(tokenize(text), gazetteer).map(
    ({ firstToken: _first, lastToken: _last, ...mention }) => mention,
  );
}
