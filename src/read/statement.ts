import { Prisma } from '../../generated/prisma/client';

/**
 * A hand-read statement's text, built once per shape; each request only binds its values.
 *
 * What changes a statement's text is its shape: the document's selection (columns, totals, which pages),
 * page sizes and offsets (literals, ./cursor-sql.ts) and whether a cursor is given. Ids, slugs and cursor
 * values never change it: they are parameters. So the text is built once per shape, with named slots
 * (`slot('cursor')`) where the values go, and kept here; a request of that shape only puts its values in
 * slot order. The same text object is handed to the driver each time, so the prepared statement's name is
 * found without hashing a fresh string (src/db/statement-names.ts).
 *
 * The shape key must name everything the builder reads other than slot values: a builder that read a value
 * not in its key would hand one request another's text. tests/read/statements.test.ts checks this on
 * generated shapes, against a text built afresh for each request.
 */
export interface Statement {
  readonly text: string;
  /** The slot of each parameter, `$1` first. */
  readonly slots: readonly string[];
}

/** A statement ready for the driver: the shape's text and this request's values. */
export interface BoundStatement {
  readonly text: string;
  readonly values: readonly unknown[];
}

const slotMark = Symbol('slot');

interface SlotValue {
  readonly [slotMark]: string;
}

/** The parameter filled from `values[name]` when the statement is bound. */
export function slot(name: string): Prisma.Sql {
  const value: SlotValue = { [slotMark]: name };
  return Prisma.sql`${value}`;
}

/** Turns a statement built with slots into its reusable form; a plain value in it is a mistake. */
export function compile(sql: Prisma.Sql): Statement {
  const slots = sql.values.map((value) => {
    const name = (value as Partial<SlotValue> | null)?.[slotMark];
    if (typeof name !== 'string') throw new Error('read statement: a value outside a slot would be cached');
    return name;
  });
  return { text: sql.text, slots };
}

/** The statement with this request's values; a slot without a value is a mistake, not NULL. */
export function bind(statement: Statement, values: Readonly<Record<string, unknown>>): BoundStatement {
  return {
    text: statement.text,
    values: statement.slots.map((name) => {
      if (!(name in values)) throw new Error(`read statement: no value for slot ${name}`);
      return values[name];
    }),
  };
}

/** Counts of statements built and reused, for tests and for the bench's notes. */
export const statementCacheStats = { built: 0, reused: 0 };

/**
 * Statements by shape key, in a bounded cache: page sizes and offsets multiply shapes (a client paging
 * with `first: 1` to `first: 100`), and each is small, so the oldest are dropped past the bound.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();
  private generation = cacheGeneration;

  constructor(private readonly limit: number) {}

  get(key: string, build: () => Prisma.Sql): Statement {
    if (this.generation !== cacheGeneration) {
      this.statements.clear();
      this.generation = cacheGeneration;
    }
    const known = this.statements.get(key);
    if (known) {
      statementCacheStats.reused += 1;
      return known;
    }
    const statement = compile(build());
    statementCacheStats.built += 1;
    if (this.statements.size >= this.limit) this.statements.delete(this.statements.keys().next().value!);
    this.statements.set(key, statement);
    return statement;
  }
}

let cacheGeneration = 0;

/** Empties every statement cache (each on its next use), for tests that compare with texts built afresh. */
export function clearStatementCaches(): void {
  cacheGeneration += 1;
}
