import { buildGazetteer, type ActorId, type Gazetteer } from '../arabic/gazetteer';
import { linkTokenized, type TokenMention } from '../arabic/linker';
import { roleCueApplies, type CuedRole } from '../arabic/role-cues';
import { tokenize, type TokenizedText } from '../arabic/tokens';
import type { ParticipantInput } from './claims';
import type { Tx } from './context';
import { loadQuotedArticles, resolveEvidence, type LocatedQuote } from './evidence';
import { ValidationError, type FieldPath } from './errors';

/**
 * A role is a claim. Every role but ATTENDEE needs a quote that names the actor (as the linker reads the
 * whole article, so short forms resolve) and holds a cue for that role (src/arabic/role-cues.ts).
 */
export class UnsupportedRoleError extends ValidationError {}

/** An article read once by the linker: its tokens and every actor mention, for checking many quotes. */
export interface LinkedArticle {
  tokenized: TokenizedText;
  mentions: TokenMention[];
}

export function linkArticle(body: string, gazetteer: Gazetteer): LinkedArticle {
  const tokenized = tokenize(body);
  return { tokenized, mentions: linkTokenized(tokenized, gazetteer) };
}

/** Every actor with its aliases, as the linker needs them; read inside the caller's transaction. */
export async function loadGazetteerIn(tx: Pick<Tx, 'actor'>): Promise<Gazetteer> {
  const actors = await tx.actor.findMany({
    select: { id: true, kind: true, aliases: { select: { text: true, language: true, ambiguous: true } } },
  });
  return buildGazetteer(actors);
}

/** Tokens wholly inside the span, as [from, to] (to < from when none). */
function tokenRange(tokenized: TokenizedText, span: LocatedQuote): [number, number] {
  let from = -1;
  let to = -2;
  tokenized.tokens.forEach((token, index) => {
    const start = tokenized.toOriginal[token.start];
    const end = tokenized.toOriginalEnd[token.end - 1];
    if (start >= span.startOffset && end <= span.endOffset) {
      if (from < 0) from = index;
      to = index;
    }
  });
  return [from, to];
}

/** The linker's mentions lying inside the span. */
export function mentionsIn(linked: LinkedArticle, span: LocatedQuote): TokenMention[] {
  return linked.mentions.filter(
    (mention) => mention.start >= span.startOffset && mention.end <= span.endOffset,
  );
}

/** Whether the quote at `span` names the actor. */
export function namesActor(linked: LinkedArticle, actorId: ActorId, span: LocatedQuote): boolean {
  return mentionsIn(linked, span).some((mention) => sameActor(mention.actorId, actorId));
}

/** Stored actors link by number, seed actors by slug: compare them as text. */
const sameActor = (a: ActorId, b: ActorId) => String(a) === String(b);

/** Why the quote at `span` does not support `role` for the actor, or null when it does. */
export function roleQuoteProblem(
  linked: LinkedArticle,
  actorId: ActorId,
  role: CuedRole,
  span: LocatedQuote,
): string | null {
  const inSpan = mentionsIn(linked, span);
  const own = inSpan.filter((mention) => sameActor(mention.actorId, actorId));
  if (!own.length) return 'the quote does not name the actor';
  const [from, to] = tokenRange(linked.tokenized, span);
  const cued = own.some((mention) => roleCueApplies(role, linked.tokenized, from, to, mention, inSpan));
  return cued ? null : `the quote has no ${roleCueDescription[role]}`;
}

const roleCueDescription: Record<CuedRole, string> = {
  HOST: 'hosting word (استضاف، المضيف، في ضيافة…)',
  VISITOR: 'visiting word (زار، زيارة، يتوجه، وصل…)',
  MEDIATOR: 'mediation word governing the actor (الوسيطين مصر وقطر، بوساطة قطر…)',
  DELEGATION_HEAD: 'word of leading a delegation governing the actor (برئاسة…)',
};

/**
 * Refuses participants whose role is not ATTENDEE unless one of their own quotes supports it. Runs after
 * the actor ids are known to exist; the quotes' offsets and excluded ranges are checked here too.
 */
export async function assertRolesSupported(
  tx: Tx,
  participants: readonly ParticipantInput[],
  field: FieldPath,
): Promise<void> {
  const claimed = participants
    .map((participant, index) => ({ participant, index }))
    .filter(({ participant }) => participant.role !== 'ATTENDEE');
  if (!claimed.length) return;
  for (const { participant, index } of claimed) {
    if (!participant.evidence.length)
      throw new UnsupportedRoleError([
        {
          field: [...field, index, 'evidence'],
          message: `a ${participant.role} role needs a quote naming the actor with a ${roleCueDescription[participant.role as CuedRole]}; otherwise record the actor as ATTENDEE`,
        },
      ]);
  }
  const articles = await loadQuotedArticles(
    tx,
    claimed.flatMap(({ participant }) => participant.evidence),
  );
  const gazetteer = await loadGazetteerIn(tx);
  const linked = new Map<number, LinkedArticle>();
  const linkedArticle = (id: number) => {
    let found = linked.get(id);
    if (!found) linked.set(id, (found = linkArticle(articles.get(id)!.body, gazetteer)));
    return found;
  };
  for (const { participant, index } of claimed) {
    const quotes = resolveEvidence(articles, participant.evidence, [...field, index, 'evidence']);
    const problems = quotes.map((quote) =>
      roleQuoteProblem(
        linkedArticle(quote.articleId),
        participant.actorId,
        participant.role as CuedRole,
        quote,
      ),
    );
    if (problems.every((problem) => problem !== null)) {
      throw new UnsupportedRoleError(
        problems.map((problem, quoteIndex) => ({
          field: [...field, index, 'evidence', quoteIndex],
          message: `not evidence of a ${participant.role} role: ${problem}`,
        })),
      );
    }
  }
}
