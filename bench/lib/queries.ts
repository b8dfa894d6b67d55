import { searchNameTerm, searchTerm } from './dataset';

export const globalId = (typename: string, id: number) => Buffer.from(`${typename}:${id}`).toString('base64');

/** The actor used by the point read: one with proposals and stances at every scale. */
export const pointActorId = 7;

export const ours = {
  nested: `query Nested {
  meetings(first: 20) { totalCount edges { node { title participants { role actor { name
    meetings(first: 5) { totalCount edges { node { title } } } } } } } }
}`,
  point: `query Point($id: ID!) {
  actor(id: $id) { name nameAr kind
    proposals(first: 10) { totalCount edges { node { title status } } }
    stances(first: 10) { totalCount edges { node { stance asOf proposal { title } } } } }
}`,
  pointVariables: { id: globalId('Actor', pointActorId) },
  search: `query Search($query: String!) { search(query: $query, first: 10) { edges { node { kind score snippet node { __typename } } } } }`,
  searchVariables: { query: searchTerm },
  /** A rare name, asked in a spelling most of the articles that name him do not use. */
  searchNameVariables: { query: searchNameTerm },
  addArticle: `mutation Add($input: AddArticleInput!) { addArticle(input: $input) { created mentions candidates candidateActors } }`,
};

// PostGraphile 5 amber naming, checked by introspection: Prisma's "id" column becomes rowId, relations are
// <table>By<Column>. Orderings are the ones that return our rows on the bench dataset (checked before timing,
// bench/lib/equivalence.ts), each backed by an index (peerIndexes): ours lists an actor's meetings by the
// meeting's date, newest first; the dataset dates meetings in id order, so theirs orders the participations by
// MEETING_ID_DESC (amber cannot order by a related table's column without a plugin). ROW_ID_DESC, used before,
// returned other rows and had no index to follow: PostgreSQL walked the primary key backwards and discarded
// thousands of rows per actor.
export const theirs = {
  nested: `query Nested {
  allMeetings(first: 20, orderBy: [OCCURRED_AT_DESC, ROW_ID_DESC]) { totalCount nodes { title
    meetingParticipantsByMeetingId(orderBy: ROW_ID_ASC) { nodes { role actorByActorId { nameEn
      meetingParticipantsByActorId(first: 5, orderBy: MEETING_ID_DESC) { totalCount nodes { meetingByMeetingId { title } } } } } } } }
}`,
  point: `query Point($id: Int!) {
  actorByRowId(rowId: $id) { nameEn nameAr kind
    proposalProposersByActorId(first: 10, orderBy: PROPOSAL_ID_DESC) { totalCount nodes { proposalByProposalId { title status } } }
    stancesByActorId(first: 10, orderBy: [AS_OF_DESC, ROW_ID_DESC]) { totalCount nodes { position asOf proposalByProposalId { title } } } }
}`,
  pointVariables: { id: pointActorId },
};

/**
 * PostGraphile's documented best practice (postgraphile.org/postgraphile/5/best-practices, "Foreign Key
 * Indexes"): index the foreign keys of the reverse relations it reads, in the order the query asks for, so
 * that `first: N` is an index range scan rather than a walk of the whole table. Created on the bench database
 * before either server starts; ours runs on the same database, so both have them.
 */
export const peerIndexes = [
  // meetingParticipantsByActorId(orderBy: MEETING_ID_DESC): the audited one (111 ms → index scan).
  'CREATE INDEX IF NOT EXISTS "bench_peer_mp_actor_meeting" ON "MeetingParticipant" ("actorId", "meetingId")',
  // meetingParticipantsByMeetingId(orderBy: ROW_ID_ASC).
  'CREATE INDEX IF NOT EXISTS "bench_peer_mp_meeting_id" ON "MeetingParticipant" ("meetingId", "id")',
  // allMeetings(orderBy: [OCCURRED_AT_DESC, ROW_ID_DESC]): DESC (NULLS FIRST) is this index read backwards; ours
  // has ("occurredAt" DESC NULLS LAST, "id" DESC), which fits NULLS LAST only.
  'CREATE INDEX IF NOT EXISTS "bench_peer_meeting_occurred_id" ON "Meeting" ("occurredAt", "id")',
  // proposalProposersByActorId(orderBy: PROPOSAL_ID_DESC).
  'CREATE INDEX IF NOT EXISTS "bench_peer_pp_actor_proposal" ON "ProposalProposer" ("actorId", "proposalId")',
  // stancesByActorId(orderBy: [AS_OF_DESC, ROW_ID_DESC]).
  'CREATE INDEX IF NOT EXISTS "bench_peer_stance_actor_asof_id" ON "Stance" ("actorId", "asOf", "id")',
];

export interface GraphQLBody {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLBody> {
  // A fresh connection each time: a kept-alive socket to a server stopped earlier (same port) would reset.
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          connection: 'close',
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLBody;
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

/** True when the schema has no such root field (the feature is not implemented yet). */
export function missingField(body: GraphQLBody, field: string): boolean {
  return Boolean(
    body.errors?.some(
      (error) =>
        error.message.includes(`Cannot query field "${field}"`) || error.message.includes(`Unknown type "`),
    ),
  );
}
