import { describe, expect, it } from 'vitest';
import { difference, normalise } from '../../bench/lib/equivalence';

// The bench refuses to time a comparison whose two answers differ (issue 18): these pin that the check
// sees a difference in any field of any node, not only in the first title, and accepts the two schemas'
// spellings of the same data.
const ours = (role = 'MEDIATOR', second = 'Round 3') => ({
  meetings: {
    totalCount: 2,
    edges: [
      {
        node: {
          title: 'Round 9',
          participants: [
            {
              role,
              actor: {
                name: 'Qatar',
                meetings: {
                  totalCount: 3,
                  edges: [{ node: { title: 'Round 9' } }, { node: { title: second } }],
                },
              },
            },
          ],
        },
      },
    ],
  },
});
const theirs = (orderOfPage = ['Round 9', 'Round 3']) => ({
  allMeetings: {
    totalCount: 2,
    nodes: [
      {
        title: 'Round 9',
        meetingParticipantsByMeetingId: {
          nodes: [
            {
              role: 'MEDIATOR',
              actorByActorId: {
                nameEn: 'Qatar',
                meetingParticipantsByActorId: {
                  totalCount: 3,
                  nodes: orderOfPage.map((title) => ({ meetingByMeetingId: { title } })),
                },
              },
            },
          ],
        },
      },
    ],
  },
});

describe('bench answer equivalence', () => {
  it('accepts the same nested data in the two schemas', () => {
    expect(difference(normalise.nested.ours(ours()), normalise.nested.theirs(theirs()))).toBeNull();
  });

  it('reports a different role deep in the selection, a different order and a different row', () => {
    expect(difference(normalise.nested.ours(ours('GUARANTOR')), normalise.nested.theirs(theirs()))).toMatch(
      /GUARANTOR/,
    );
    expect(
      difference(normalise.nested.ours(ours()), normalise.nested.theirs(theirs(['Round 3', 'Round 9']))),
    ).toMatch(/Round 3/);
    expect(
      difference(normalise.nested.ours(ours('MEDIATOR', 'Round 1')), normalise.nested.theirs(theirs())),
    ).toMatch(/Round 1/);
  });

  it('compares point-read dates as instants and stance positions across field names', () => {
    const our = {
      actor: {
        name: 'Egypt',
        nameAr: 'مصر',
        kind: 'STATE',
        proposals: { totalCount: 1, edges: [{ node: { title: 'P', status: 'TABLED' } }] },
        stances: {
          totalCount: 1,
          edges: [
            { node: { stance: 'SUPPORTS', asOf: '2023-11-02T01:37:00.000Z', proposal: { title: 'P' } } },
          ],
        },
      },
    };
    const their = (asOf: string) => ({
      actorByRowId: {
        nameEn: 'Egypt',
        nameAr: 'مصر',
        kind: 'STATE',
        proposalProposersByActorId: {
          totalCount: 1,
          nodes: [{ proposalByProposalId: { title: 'P', status: 'TABLED' } }],
        },
        stancesByActorId: {
          totalCount: 1,
          nodes: [{ position: 'SUPPORTS', asOf, proposalByProposalId: { title: 'P' } }],
        },
      },
    });
    expect(
      difference(normalise.point.ours(our), normalise.point.theirs(their('2023-11-02T01:37:00+00:00'))),
    ).toBeNull();
    expect(
      difference(normalise.point.ours(our), normalise.point.theirs(their('2023-11-02T01:38:00+00:00'))),
    ).toMatch(/asOf/);
  });
});
