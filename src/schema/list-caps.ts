/**
 * Every plain list field of objects returns at most its cap (the resolver's `take`), and the operation
 * analysis counts it as that many items (it reads `extensions.listCap`, src/operation). Longer lists
 * are paged connections instead. tests/operation/list-caps.test.ts checks that no list field lacks one.
 */
export const listCaps = {
  /** Quotes backing one fact (meeting, proposal, stance, development). */
  factEvidence: 20,
  /** Quotes naming an actor, oldest article first. */
  mentions: 100,
  aliases: 50,
  participants: 50,
  terms: 50,
  proposers: 20,
  versions: 20,
  stances: 100,
  proposalMeetings: 50,
  meetingProposals: 50,
  developmentActors: 50,
  candidateActors: 50,
  /** Parts of an article that are not negotiation news (the domain allows at most this many). */
  excludedRanges: 100,
  /** API keys an admin lists, oldest first. */
  apiKeys: 500,
} as const;

/** The field option that tells the cost analysis a list's cap; spread into the field's options. */
export function capped(cap: number): { extensions: { listCap: number } } {
  return { extensions: { listCap: cap } };
}
