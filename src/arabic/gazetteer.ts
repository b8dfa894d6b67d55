import type { AliasLanguage } from '../../generated/prisma/enums';
import { compatibleInitials, coreLength, MIN_FUZZY_LENGTH } from './fuzzy';
import { normalizeArabic } from './normalize';
import { tokenizeNormalized } from './tokens';

export type ActorId = string | number;
export type { AliasLanguage };

export interface GazetteerActor {
  id: ActorId;
  kind: string;
  /** `ambiguous`: the alias also names others; alone it does not link (see the linker). */
  aliases: { text: string; language: AliasLanguage; ambiguous?: boolean }[];
}

/** One alias as written by the curator, reached at the end of its token path. */
export interface AliasEntry {
  actorId: ActorId;
  alias: string;
  /** The alias's words, normalized and joined by single spaces. */
  normalized: string;
  language: AliasLanguage;
  /** The alias names other things too («واشنطن»): linked only beside a disambiguating word or after a full mention. */
  ambiguous: boolean;
}

/** A trie over normalized alias tokens: a path of words, so matching costs one step per article token. */
export interface GazetteerNode {
  children: Map<string, GazetteerNode>;
  /** Aliases that end here; two actors here means the alias is ambiguous. */
  entries: AliasEntry[];
  /** Children long enough to be fuzzy-matched, grouped by first letter for a quick first filter. */
  fuzzyChildren: Map<string, string[]>;
}

export interface Gazetteer {
  root: GazetteerNode;
  actorKinds: Map<ActorId, string>;
  /** Every token that occurs in some alias, in any position. */
  aliasTokens: Set<string>;
  /** The most words of any alias of the actor: a person with a two-word name has short forms. */
  longestAlias: Map<ActorId, number>;
  /** Every word of the actor's aliases. */
  aliasWords: Map<ActorId, string[]>;
  /** Per actor, the tokens of its unambiguous aliases: a neighbour among them disambiguates an ambiguous one. */
  actorTokens: Map<ActorId, Set<string>>;
}

function createNode(): GazetteerNode {
  return { children: new Map(), entries: [], fuzzyChildren: new Map() };
}

function indexFuzzyChildren(node: GazetteerNode): void {
  for (const [key, child] of node.children) {
    if (coreLength(key) >= MIN_FUZZY_LENGTH) {
      const bucket = node.fuzzyChildren.get(key[0]);
      if (bucket) bucket.push(key);
      else node.fuzzyChildren.set(key[0], [key]);
    }
    indexFuzzyChildren(child);
  }
}

export function buildGazetteer(actors: readonly GazetteerActor[]): Gazetteer {
  const root = createNode();
  const actorKinds = new Map<ActorId, string>();
  const aliasTokens = new Set<string>();
  const longestAlias = new Map<ActorId, number>();
  const aliasWords = new Map<ActorId, string[]>();
  const actorTokens = new Map<ActorId, Set<string>>();
  for (const actor of actors) {
    actorKinds.set(actor.id, actor.kind);
    const own = new Set<string>();
    actorTokens.set(actor.id, own);
    for (const alias of actor.aliases) {
      const words = tokenizeNormalized(normalizeArabic(alias.text)).map((token) => token.text);
      if (words.length === 0) continue;
      aliasWords.set(actor.id, [...(aliasWords.get(actor.id) ?? []), ...words]);
      if (alias.language === 'AR')
        longestAlias.set(actor.id, Math.max(longestAlias.get(actor.id) ?? 0, words.length));
      let node = root;
      for (const word of words) {
        aliasTokens.add(word);
        if (!alias.ambiguous) own.add(word);
        let child = node.children.get(word);
        if (!child) {
          child = createNode();
          node.children.set(word, child);
        }
        node = child;
      }
      // Two spellings of one alias normalize alike; keeping one entry per actor, ambiguous if either is.
      const existing = node.entries.find((entry) => entry.actorId === actor.id);
      if (existing) existing.ambiguous ||= alias.ambiguous === true;
      else
        node.entries.push({
          actorId: actor.id,
          alias: alias.text,
          normalized: words.join(' '),
          language: alias.language,
          ambiguous: alias.ambiguous === true,
        });
    }
  }
  indexFuzzyChildren(root);
  return { root, actorKinds, aliasTokens, longestAlias, aliasWords, actorTokens };
}

/** Children of `node` worth a fuzzy comparison with `form` (same or interchangeable first letter). */
export function fuzzyCandidates(node: GazetteerNode, form: string): string[] {
  const keys: string[] = [];
  for (const [initial, bucket] of node.fuzzyChildren) {
    if (compatibleInitials(initial, form)) keys.push(...bucket);
  }
  return keys;
}
