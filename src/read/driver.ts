import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { preparedStatementNames } from '../db/statement-names';
import type { BoundStatement } from './statement';

/**
 * Runs hand-written read statements straight on the driver, outside the Prisma client.
 *
 * The hot read paths (an actor with its pages) are SQL we wrote and reviewed ourselves, so the Prisma
 * client adds nothing to them but its per-call cost: it was 0.35-0.4 ms of JavaScript per point read,
 * a quarter of the server's time (bench/speed-work.md, "A point read is one round trip"). Statements are texts built once per shape
 * (./statement.ts) with their values as parameters. Rows should be plain: ints, text and json read the same on both drivers,
 * whereas `timestamp` columns would come back as local time from pg; return dates inside the JSON.
 */
export interface SqlReader {
  rows<T>(statement: BoundStatement): Promise<T[]>;
}

export function poolReader(pool: pg.Pool, onStatement: () => void): SqlReader {
  // Few names: page shapes (columns, page sizes, cursors) multiply texts, and each prepared statement
  // keeps its plan in every connection's memory.
  const nameOf = preparedStatementNames('reader', 200);
  return {
    async rows<T>(statement: BoundStatement) {
      onStatement();
      const text = statement.text;
      const result = await pool.query({
        name: nameOf({ sql: text }),
        text,
        values: statement.values as unknown[],
      });
      return result.rows as T[];
    },
  };
}

/** PGlite runs one statement at a time and waits for any open transaction, so this cannot slip into one. */
export function pgliteReader(pglite: PGlite, onStatement: () => void): SqlReader {
  return {
    async rows<T>(statement: BoundStatement) {
      onStatement();
      return (await pglite.query<T>(statement.text, statement.values as unknown[])).rows;
    },
  };
}
