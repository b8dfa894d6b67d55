import { AssertionError, deepStrictEqual } from 'node:assert';

// Before a comparison is timed, both servers must answer the same thing: otherwise a ratio compares two
// different amounts of work (the committed "nested 5.2×" came from a peer query that read other rows,
// without the index its ordering needed). Each answer is mapped into one neutral shape that keeps every
// field of every node in the selection, so a difference anywhere (a title, a role, a total, an order, a date)
// shows up, not only a different first title.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Row = Record<string, unknown>;

const object = (value: unknown, path: string): Row => {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`expected an object at ${path}, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value as Row;
};
const list = (value: unknown, path: string): unknown[] => {
  if (!Array.isArray(value))
    throw new Error(`expected a list at ${path}, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value;
};
/** Both servers serialise timestamps differently (Z vs +00:00, milliseconds or not): compare the instant. */
const instant = (value: unknown, path: string): string => {
  const time = Date.parse(String(value));
  if (Number.isNaN(time)) throw new Error(`expected a timestamp at ${path}, got ${JSON.stringify(value)}`);
  return new Date(time).toISOString();
};
/** Relay edges (ours) and PostGraphile's `nodes` both become a plain list of nodes. */
const edgesOf = (connection: Row, path: string) =>
  list(connection.edges, `${path}.edges`).map((edge, i) =>
    object(object(edge, `${path}.edges[${i}]`).node, `${path}.edges[${i}].node`),
  );
const nodesOf = (connection: Row, path: string) =>
  list(connection.nodes, `${path}.nodes`).map((node, i) => object(node, `${path}.nodes[${i}]`));

export const normalise = {
  nested: {
    ours(data: unknown): Json {
      const meetings = object(object(data, 'data').meetings, 'meetings');
      return {
        totalCount: meetings.totalCount as number,
        meetings: edgesOf(meetings, 'meetings').map((meeting, i) => ({
          title: meeting.title as string,
          participants: list(meeting.participants, `meetings[${i}].participants`).map((entry, j) => {
            const participant = object(entry, `meetings[${i}].participants[${j}]`);
            const actor = object(participant.actor, `…participants[${j}].actor`);
            const page = object(actor.meetings, `…actor.meetings`);
            return {
              role: participant.role as string,
              actor: {
                name: actor.name as string,
                meetings: {
                  totalCount: page.totalCount as number,
                  titles: edgesOf(page, '…actor.meetings').map((node) => node.title as string),
                },
              },
            };
          }),
        })),
      };
    },
    theirs(data: unknown): Json {
      const meetings = object(object(data, 'data').allMeetings, 'allMeetings');
      return {
        totalCount: meetings.totalCount as number,
        meetings: nodesOf(meetings, 'allMeetings').map((meeting, i) => ({
          title: meeting.title as string,
          participants: nodesOf(
            object(
              meeting.meetingParticipantsByMeetingId,
              `allMeetings[${i}].meetingParticipantsByMeetingId`,
            ),
            `allMeetings[${i}].meetingParticipantsByMeetingId`,
          ).map((participant, j) => {
            const actor = object(participant.actorByActorId, `…[${j}].actorByActorId`);
            const page = object(actor.meetingParticipantsByActorId, '…meetingParticipantsByActorId');
            return {
              role: participant.role as string,
              actor: {
                name: actor.nameEn as string,
                meetings: {
                  totalCount: page.totalCount as number,
                  titles: nodesOf(page, '…meetingParticipantsByActorId').map(
                    (node, k) =>
                      object(node.meetingByMeetingId, `…nodes[${k}].meetingByMeetingId`).title as string,
                  ),
                },
              },
            };
          }),
        })),
      };
    },
  },
  point: {
    ours(data: unknown): Json {
      const actor = object(object(data, 'data').actor, 'actor');
      const proposals = object(actor.proposals, 'actor.proposals');
      const stances = object(actor.stances, 'actor.stances');
      return {
        name: actor.name as string,
        nameAr: actor.nameAr as string | null,
        kind: actor.kind as string,
        proposals: {
          totalCount: proposals.totalCount as number,
          nodes: edgesOf(proposals, 'actor.proposals').map((node) => ({
            title: node.title as string,
            status: node.status as string,
          })),
        },
        stances: {
          totalCount: stances.totalCount as number,
          nodes: edgesOf(stances, 'actor.stances').map((node, i) => ({
            position: node.stance as string,
            asOf: instant(node.asOf, `actor.stances[${i}].asOf`),
            proposal: object(node.proposal, `actor.stances[${i}].proposal`).title as string,
          })),
        },
      };
    },
    theirs(data: unknown): Json {
      const actor = object(object(data, 'data').actorByRowId, 'actorByRowId');
      const proposals = object(actor.proposalProposersByActorId, 'actorByRowId.proposalProposersByActorId');
      const stances = object(actor.stancesByActorId, 'actorByRowId.stancesByActorId');
      return {
        name: actor.nameEn as string,
        nameAr: actor.nameAr as string | null,
        kind: actor.kind as string,
        proposals: {
          totalCount: proposals.totalCount as number,
          nodes: nodesOf(proposals, 'proposalProposersByActorId').map((node, i) => {
            const proposal = object(
              node.proposalByProposalId,
              `proposalProposersByActorId[${i}].proposalByProposalId`,
            );
            return { title: proposal.title as string, status: proposal.status as string };
          }),
        },
        stances: {
          totalCount: stances.totalCount as number,
          nodes: nodesOf(stances, 'stancesByActorId').map((node, i) => ({
            position: node.position as string,
            asOf: instant(node.asOf, `stancesByActorId[${i}].asOf`),
            proposal: object(node.proposalByProposalId, `stancesByActorId[${i}].proposalByProposalId`)
              .title as string,
          })),
        },
      };
    },
  },
};

/** Null when the two normalised answers are equal; otherwise the assertion's diff (truncated for the report). */
export function difference(ours: Json, theirs: Json, limit = 4000): string | null {
  try {
    deepStrictEqual(ours, theirs);
    return null;
  } catch (error) {
    if (!(error instanceof AssertionError)) throw error;
    return error.message.slice(0, limit);
  }
}
