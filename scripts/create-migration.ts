// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes a database from the
// existing migrations to prisma/schema.prisma. Replays the history on a throwaway in-memory PGlite.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { migrationsDir, readMigrationList, readSchema } from '../src/db/migrate';
import { noFilters, openSchemaEngine } from '../src/db/schema-engine';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]+/gi, '_').toLowerCase();
if (!name) {
  console.error('usage: npm run migration:create -- <name>');
  process.exit(2);
}

const scratch = new PGlite({ extensions: { pg_trgm } });
const engine = await openSchemaEngine(await readSchema(), new PrismaPGlite(scratch));
const migrations = await readMigrationList();
await engine.applyMigrations({ migrationsList: migrations, filters: noFilters });
// With the history applied to the scratch database, diffing that live database against the
// datamodel yields exactly the next migration (createMigration would want a shadow database).
const schema = await readSchema();
const { stdout } = await engine.diff({
  from: migrations.migrationDirectories.length
    ? { tag: 'schemaDatasource', files: [schema], configDir: process.cwd() }
    : { tag: 'empty' },
  to: { tag: 'schemaDatamodel', files: [schema] },
  script: true,
  exitCode: null,
  filters: noFilters,
});
engine.free();
await scratch.close();

// Indexes Prisma's schema language cannot express (NULLS LAST orders, expression and full-text indexes)
// are written by hand in migrations and named `…_sql_idx`; the diff does not know them, so it would drop them.
const script = (stdout ?? '').replace(/^-- DropIndex\nDROP INDEX "[^"]+_sql_idx";\n*/gm, '').trim();
if (!script || script === '-- This is an empty migration.') {
  console.log('The schema matches the migrations: nothing to write.');
} else {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const directory = path.join(migrationsDir, `${stamp}_${name}`);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, 'migration.sql'), `${script}\n`);
  await writeFile(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  console.log(`Wrote ${path.relative(process.cwd(), directory)}/migration.sql`);
}
