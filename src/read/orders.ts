import { readModels } from '../../generated/read-columns';

/**
 * Each connection's order, declared once: the Prisma-backed connections take `prismaOrderBy(order)`, the
 * hand-read pages `sqlOrder(order, …)`, and the parity test (tests/read/parity.test.ts) checks the hand-read
 * pages against Prisma reading with the same declaration.
 */
export interface OrderKey {
  /** The model holding the field; `via` is the relation from the connection's model, when it is another. */
  model: string;
  via?: string;
  field: string;
  direction: 'asc' | 'desc';
  /** Where NULLs sort; only for nullable fields. */
  nulls?: 'first' | 'last';
}

export const orders = {
  /** `Query.meetings`: latest first, undated last, the meeting id breaking ties. */
  meetings: [
    { model: 'Meeting', field: 'occurredAt', direction: 'desc', nulls: 'last' },
    { model: 'Meeting', field: 'id', direction: 'desc' },
  ],
  /** `Actor.meetings` (participations): as `meetings`, the participation id breaking ties. */
  actorMeetings: [
    { model: 'Meeting', via: 'meeting', field: 'occurredAt', direction: 'desc', nulls: 'last' },
    { model: 'MeetingParticipant', field: 'id', direction: 'desc' },
  ],
  /** `Meeting.participants`: in the order they were recorded. */
  meetingParticipants: [{ model: 'MeetingParticipant', field: 'id', direction: 'asc' }],
  /** `Actor.proposals`: newest proposal first (a proposer row is unique per proposal and actor). */
  actorProposals: [{ model: 'ProposalProposer', field: 'proposalId', direction: 'desc' }],
  /** `Actor.stances`: newest stance first, the id breaking ties. */
  actorStances: [
    { model: 'Stance', field: 'asOf', direction: 'desc' },
    { model: 'Stance', field: 'id', direction: 'desc' },
  ],
} as const satisfies Record<string, readonly OrderKey[]>;

type PrismaOrder = Record<string, unknown>;

/** The order as Prisma's `orderBy` list. */
export function prismaOrderBy(order: readonly OrderKey[]): PrismaOrder[] {
  return order.map((key) => {
    const sort = key.nulls ? { sort: key.direction, nulls: key.nulls } : key.direction;
    return key.via ? { [key.via]: { [key.field]: sort } } : { [key.field]: sort };
  });
}

const flip = { asc: 'desc', desc: 'asc', first: 'last', last: 'first' } as const;

/** The column of a key, quoted, from the generated column map (so @map is honoured). */
export function orderColumn(key: OrderKey, alias: string): string {
  const column = readModels[key.model]?.fields[key.field]?.column;
  if (!column) throw new Error(`order: no column for ${key.model}.${key.field}`);
  return `${alias}."${column}"`;
}

/**
 * The order as an SQL ORDER BY list; `expression(key, index)` names each key's column (a table column, or
 * a sort-key alias of a subquery). `backward` reverses every key, NULLs included, for reading a page from
 * its end.
 */
export function sqlOrder(
  order: readonly OrderKey[],
  expression: (key: OrderKey, index: number) => string,
  backward = false,
): string {
  return order
    .map((key, index) => {
      const direction = backward ? flip[key.direction] : key.direction;
      const nulls = key.nulls && (backward ? flip[key.nulls] : key.nulls);
      return `${expression(key, index)} ${direction.toUpperCase()}${nulls ? ` NULLS ${nulls.toUpperCase()}` : ''}`;
    })
    .join(', ');
}
