import { Prisma } from '../../generated/prisma/client';
import { getDatamodel } from '../../generated/pothos-types';

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
}

const models = getDatamodel().datamodel.models;

export function modelJson(model: string): ModelJson {
  const fields = models[model].fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum');
  // Column names are taken to be field names: tests/schema/actor-pages.test.ts fails if these models gain an @map.
  const unsupported = fields.find(
    (field) =>
      (field.kind === 'scalar' && !['Int', 'String', 'Boolean', 'Float', 'DateTime'].includes(field.type)) ||
      (field as { isList?: boolean }).isList,
  );
  // JSON loses the type of these columns; teach `revive` about the type before selecting it this way.
  if (unsupported)
    throw new Error(
      `model json: ${model}.${unsupported.name} is ${unsupported.type}${(unsupported as { isList?: boolean }).isList ? '[]' : ''}, which revive does not convert`,
    );
  const dates = fields.filter((field) => field.type === 'DateTime').map((field) => field.name);
  const names = new Set(fields.map((field) => field.name));
  return {
    // Prisma stores DateTime as UTC in `timestamp(3)`. It travels as epoch milliseconds: a number is
    // cheaper to turn back into a Date than the zoneless text JSON would render (bench/speed-work.md, "A point read is one round trip").
    sql: (alias, extra, columns) => {
      const chosen =
        columns && columns.every((column) => names.has(column))
          ? fields.filter((field) => columns.includes(field.name))
          : fields;
      const pairs = chosen.map((field) =>
        field.type === 'DateTime'
          ? `'${field.name}', (extract(epoch FROM ${alias}."${field.name}") * 1000)::bigint`
          : `'${field.name}', ${alias}."${field.name}"`,
      );
      return extra
        ? Prisma.sql`json_build_object(${Prisma.raw(pairs.join(', '))}, ${extra})`
        : Prisma.raw(`json_build_object(${pairs.join(', ')})`);
    },
    revive: (row) => {
      for (const name of dates) if (typeof row[name] === 'number') row[name] = new Date(row[name]);
      return row;
    },
  };
}
