import { Prisma } from '../../generated/prisma/client';
import { ValidationError } from '../domain/errors';

/**
 * LIMIT and OFFSET go into the text as literals, not parameters: with parameters PostgreSQL never settles
 * on a generic plan for a prepared statement and plans it again on every call (bench/speed-work.md, "A point
 * read is one round trip"). Pages are at most a few hundred rows, so the texts stay few.
 */
export function literalInt(value: number): Prisma.Sql {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`read: ${value} is not a row count`);
  return Prisma.raw(String(value));
}

/** A cursor's id as the codec decoded it; anything else is refused as bad input, never sent. */
export function cursorInt(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw ValidationError.at([], 'Invalid cursor');
  return value;
}

/**
 * The rows at or after the cursor row in an order "date DESC NULLS LAST, id DESC" (before or at it when
 * reading backwards), given the cursor row's date as `c.occ` and id as `c.id`. A cursor on a row without a
 * date pages among the undated ones; Prisma's own condition (cursor + skip on a NULL sort key) restarted the
 * list there (a deliberate difference, listed in tests/read/parity.test.ts).
 */
export function datedBoundary(date: string, id: string, backward: boolean): Prisma.Sql {
  return backward
    ? Prisma.raw(`AND ((c.occ IS NULL AND (${date} IS NOT NULL OR ${id} >= c.id))
        OR (c.occ IS NOT NULL AND ${date} IS NOT NULL AND (${date} > c.occ OR (${date} = c.occ AND ${id} >= c.id))))`)
    : Prisma.raw(`AND ((c.occ IS NULL AND ${date} IS NULL AND ${id} <= c.id)
        OR (c.occ IS NOT NULL AND (${date} IS NULL OR ${date} < c.occ OR (${date} = c.occ AND ${id} <= c.id))))`);
}
