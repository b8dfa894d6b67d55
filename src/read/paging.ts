import { decodeCursor, MAX_PAGE_SIZE } from '../cursors';
import { ValidationError } from '../domain/errors';
import type { Paging } from './actor-pages';

/** A connection's arguments, as GraphQL hands them over. */
export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/**
 * Prisma cursor connections read one way from one boundary: `before` with `after`, `first` with `before` and
 * `last` with `after` are refused as BAD_USER_INPUT at the argument (Pothos' own PothosValidationError reached
 * clients as INTERNAL_SERVER_ERROR). The strict-inputs plugin applies it to every key cursor connection.
 */
export function refuseMixedDirections({ first, last, after, before }: ConnectionArgs): void {
  if (before != null && after != null)
    throw ValidationError.at(['before'], 'cannot be used together with `after`');
  if (before != null && first != null)
    throw ValidationError.at(['before'], 'cannot be used together with `first`');
  if (after != null && last != null)
    throw ValidationError.at(['after'], 'cannot be used together with `last`');
}

/** How a hand-read page's cursor names its row: one id, or the two columns of a compound key. */
export type PageCursor =
  { kind: 'key'; field: string } | { kind: 'keyPair'; field: string; columns: [string, string] };

/**
 * A connection's arguments as paging under Prisma's cursor rules (take one row more than the page, to know
 * whether another exists; a negative take reads backwards; skip the cursor row itself), with the cursor read
 * by the one strict codec (src/cursors.ts), the same one every Prisma-backed connection's arguments go
 * through. Mirrors Pothos' `prismaCursorConnectionQuery` (which builds the edges and page info afterwards from
 * the same arguments), except that the combinations it refuses are refused here as BAD_USER_INPUT at the
 * argument, where Pothos' own error reached clients as an internal error.
 */
export function cursorPaging(
  args: ConnectionArgs,
  cursor: PageCursor,
  { defaultSize = 20, maxSize = MAX_PAGE_SIZE }: { defaultSize?: number; maxSize?: number } = {},
): Paging {
  const { first, last, after, before } = args;
  refuseMixedDirections(args);
  const size = Math.min(first ?? last ?? defaultSize, maxSize) + 1;
  const take = before != null || last != null ? -size : size;
  const text = before ?? after;
  if (text == null) return { take, skip: 0 };
  const argument = before != null ? 'before' : 'after';
  if (cursor.kind === 'key')
    return { take, skip: 1, cursor: { [cursor.field]: decodeCursor('key', text, [argument]) } };
  const [a, b] = decodeCursor('keyPair', text, [argument]);
  return { take, skip: 1, cursor: { [cursor.field]: { [cursor.columns[0]]: a, [cursor.columns[1]]: b } } };
}
