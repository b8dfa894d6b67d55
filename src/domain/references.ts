import type { Tx } from './context';
import { NotFoundError, type FieldPath } from './errors';

type Entity = 'Actor' | 'Meeting' | 'Proposal';

/**
 * Checks that every id names an existing row, in one query. Foreign keys would reject a missing id
 * too, but only this can say which input field held it.
 */
export async function assertIdsExist(
  tx: Tx,
  entity: Entity,
  ids: readonly number[],
  fieldOf: (index: number) => FieldPath,
): Promise<void> {
  if (!ids.length) return;
  const where = { where: { id: { in: [...new Set(ids)] } }, select: { id: true } };
  const rows =
    entity === 'Actor'
      ? await tx.actor.findMany(where)
      : entity === 'Meeting'
        ? await tx.meeting.findMany(where)
        : await tx.proposal.findMany(where);
  const found = new Set(rows.map((row) => row.id));
  const index = ids.findIndex((id) => !found.has(id));
  if (index >= 0) throw new NotFoundError(entity, ids[index], fieldOf(index));
}

/** A field path builder for a list input: `listField(['input', 'proposerIds'])(2)` is `input.proposerIds.2`. */
export const listField =
  (path: FieldPath) =>
  (index: number): FieldPath => [...path, index];
