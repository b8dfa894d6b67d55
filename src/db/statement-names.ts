/**
 * Gives each distinct SQL text a name, so that pg prepares it once per connection and PostgreSQL parses
 * it once rather than on every request. Texts are few (one per query shape; values are parameters), but
 * `IN` lists of varying length multiply them, so past `limit` names new texts run unprepared rather than
 * filling every connection's cache. The prefix keeps two generators on one pool from sharing names.
 */
export function preparedStatementNames(
  prefix: string,
  limit = 2000,
): (query: { sql: string }) => string | undefined {
  const names = new Map<string, string>();
  return (query) => {
    let name = names.get(query.sql);
    if (name === undefined) {
      if (names.size >= limit) return undefined;
      name = `${prefix}_${names.size}`;
      names.set(query.sql, name);
    }
    return name;
  };
}
