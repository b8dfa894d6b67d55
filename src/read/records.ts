import { Prisma } from '../../generated/prisma/client';
import { readModels } from '../../generated/read-columns';

export type JsonRecord = Record<string, unknown>;

/**
 * A model's row built as JSON inside a hand-written statement, and turned back into a Prisma-shaped record.
 * `json`, not `jsonb`: the row is only sent, never queried, and building text JSON cost PostgreSQL a
 * quarter less time per point read (bench/speed-work.md, "A point read is one round trip").
 */
export interface ModelJson {
  /**
   * `json_build_object(...)` of the model's scalar columns, plus `extra` pairs: the `columns` named, or
   * every column as Prisma loads them by default (also when a name is not a column of the model).
   */
  sql: (alias: string, extra?: Prisma.Sql, columns?: readonly string[] | null) => Prisma.Sql;
  revive: (row: JsonRecord) => JsonRecord;
  /**
   * The same columns as positional values, for a `json_build_array(...)` that a caller assembles: for rows
   * built by the hundred (page edges), PostgreSQL builds an array of values a fifth faster than an object
   * with its keys, and the answer is shorter to send and parse (bench/speed-work.md, "Page edges travel as
   * arrays").
   */
  tuple: (alias: string, columns?: readonly string[] | null) => string;
  /** The record from `tuple`'s values, starting at `offset` of `values`, revived. */
  fromTuple: (values: readonly unknown[], offset: number, columns?: readonly string[] | null) => JsonRecord;
  /** How many values `tuple` puts in for these columns. */
  width: (columns?: readonly string[] | null) => number;
}

/** Converts a column's JSON value back into what Prisma returns for the field. */
type Codec = (value: unknown) => unknown;

const toDate: Codec = (value) => (typeof value === 'number' ? new Date(value) : value);

/**
 * How each field type travels inside `json_build_object` and comes back. Types not listed here (BigInt,
 * Decimal, Bytes) would lose precision or form in JSON: a model with one is refused until it is taught here.
 * - DateTime: Prisma stores UTC in `timestamp(3)`; it travels as epoch milliseconds, cheaper to turn back into
 *   a Date than the zoneless text JSON would render (bench/speed-work.md, "A point read is one round trip").
 * - Json: a json/jsonb column nests as JSON and parses to the same value Prisma returns.
 * - Lists: PostgreSQL arrays become JSON arrays, as Prisma returns them.
 */
const codecs: Record<string, { sql: (column: string) => string; revive?: Codec }> = {
  Int: { sql: (column) => column },
  String: { sql: (column) => column },
  Boolean: { sql: (column) => column },
  Float: { sql: (column) => column },
  Json: { sql: (column) => column },
  DateTime: { sql: (column) => `(extract(epoch FROM ${column}) * 1000)::bigint`, revive: toDate },
};

const listOfDates = (column: string) =>
  `(SELECT json_agg((extract(epoch FROM d) * 1000)::bigint) FROM unnest(${column}) d)`;

export function modelJson(model: string): ModelJson {
  const definition = readModels[model];
  if (!definition) throw new Error(`model json: no model ${model} in generated/read-columns.ts`);
  const fields = Object.entries(definition.fields).map(([name, field]) => {
    const codec = field.kind === 'enum' ? codecs.String : codecs[field.type];
    if (!codec)
      throw new Error(
        `model json: ${model}.${name} is ${field.type}${field.isList ? '[]' : ''}, which revive does not convert`,
      );
    const revive = codec.revive;
    return {
      name,
      column: field.column,
      sql: (alias: string) => {
        const column = `${alias}."${field.column}"`;
        return field.isList && field.type === 'DateTime' ? listOfDates(column) : codec.sql(column);
      },
      revive:
        revive &&
        (field.isList ? (value: unknown) => (Array.isArray(value) ? value.map(revive) : value) : revive),
    };
  });
  const revived = fields.filter((field) => field.revive);
  const names = new Set(fields.map((field) => field.name));
  // The fields for a column list: those named, or every one when the list is absent or names a non-column.
  // Lists come from plans (one array per document shape), so the choice is kept per list.
  const chosenFor = new WeakMap<readonly string[], typeof fields>();
  const chosenOf = (columns: readonly string[] | null | undefined) => {
    if (!columns) return fields;
    let chosen = chosenFor.get(columns);
    if (!chosen) {
      chosen = columns.every((column) => names.has(column))
        ? fields.filter((field) => columns.includes(field.name))
        : fields;
      chosenFor.set(columns, chosen);
    }
    return chosen;
  };
  return {
    tuple: (alias, columns) =>
      chosenOf(columns)
        .map((field) => field.sql(alias))
        .join(', '),
    width: (columns) => chosenOf(columns).length,
    fromTuple: (values, offset, columns) => {
      const record: JsonRecord = {};
      const chosen = chosenOf(columns);
      for (let index = 0; index < chosen.length; index += 1) {
        const field = chosen[index];
        const value = values[offset + index];
        record[field.name] =
          field.revive && value !== null && value !== undefined ? field.revive(value) : value;
      }
      return record;
    },
    sql: (alias, extra, columns) => {
      const chosen = chosenOf(columns);
      const pairs = chosen.map((field) => `'${field.name}', ${field.sql(alias)}`);
      return extra
        ? Prisma.sql`json_build_object(${Prisma.raw(pairs.join(', '))}, ${extra})`
        : Prisma.raw(`json_build_object(${pairs.join(', ')})`);
    },
    revive: (row) => {
      for (const field of revived)
        if (row[field.name] !== undefined && row[field.name] !== null)
          row[field.name] = field.revive!(row[field.name]);
      return row;
    },
  };
}
