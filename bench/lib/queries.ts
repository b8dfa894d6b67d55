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
// <table>By<Column>. Ordering: ours lists an actor's meetings by the meeting's date; amber cannot order by a
// related table's column without a plugin, so theirs orders the participation rows by id (same row count and shape).
export const theirs = {
  nested: `query Nested {
  allMeetings(first: 20, orderBy: [OCCURRED_AT_DESC, ROW_ID_DESC]) { totalCount nodes { title
    meetingParticipantsByMeetingId(orderBy: ROW_ID_ASC) { nodes { role actorByActorId { nameEn
      meetingParticipantsByActorId(first: 5, orderBy: ROW_ID_DESC) { totalCount nodes { meetingByMeetingId { title } } } } } } } }
}`,
  point: `query Point($id: Int!) {
  actorByRowId(rowId: $id) { nameEn nameAr kind
    proposalProposersByActorId(first: 10, orderBy: PROPOSAL_ID_ASC) { totalCount nodes { proposalByProposalId { title status } } }
    stancesByActorId(first: 10, orderBy: [AS_OF_DESC, ROW_ID_DESC]) { totalCount nodes { position asOf proposalByProposalId { title } } } }
}`,
  pointVariables: { id: pointActorId },
};

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
