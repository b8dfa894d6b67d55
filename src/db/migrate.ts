import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../paths';
import type { Database, Db } from './client';
import { noFilters, openSchemaEngine, type MigrationList } from './schema-engine';

const prismaDir = path.join(projectRoot, 'prisma');
export const schemaPath = path.join(prismaDir, 'schema.prisma');
export const migrationsDir = path.join(prismaDir, 'migrations');

export async function readSchema(): Promise<{ path: string; content: string }> {
  return { path: schemaPath, content: await readFile(schemaPath, 'utf8') };
}

/** The migrations folder as the schema engine wants it: every directory with its migration.sql. */
export async function readMigrationList(): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      directories.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: {
            tag: 'ok' as const,
            value: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8'),
          },
        },
      })),
    ),
  };
}

/** Applies every migration the database has not seen yet; returns the names applied. */
export async function applyMigrations(
  database: Pick<Database, 'openMigrationAdapter' | 'prisma'>,
): Promise<string[]> {
  const recorded = (sql: string) => database.prisma.$queryRawUnsafe<{ migration_name: string }[]>(sql);
  // Loading the WASM engine costs start-up time and ~50 MB that stays allocated: only do it when there is work.
  if (!(await pendingMigrations(recorded)).length) return [];
  const adapter = database.openMigrationAdapter();
  const engine = await openSchemaEngine(await readSchema(), adapter.factory);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrationList(),
      filters: noFilters,
    });
    // The engine has been seen to resolve while a statement of a migration failed; trust the record instead.
    const pending = await pendingMigrations(recorded);
    if (pending.length) throw new Error(`Migrations did not apply: ${pending.join(', ')}`);
    return appliedMigrationNames;
  } finally {
    engine.free();
    await adapter.release();
  }
}

/** Names of migrations in the folder that the database has not recorded as finished. */
export async function pendingMigrations(
  query: (sql: string) => Promise<{ migration_name: string }[]>,
): Promise<string[]> {
  const { migrationDirectories } = await readMigrationList();
  const applied = await query(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  ).catch(() => [] as { migration_name: string }[]);
  const done = new Set(applied.map((row) => row.migration_name));
  return migrationDirectories.map((directory) => directory.path).filter((name) => !done.has(name));
}

/** The readiness probe's two questions, asked here so that raw SQL stays in src/db (lint rule). */
export async function pingDatabase(prisma: Db): Promise<void> {
  await prisma.$queryRawUnsafe('SELECT 1');
}

export function pendingMigrationsOn(prisma: Db): Promise<string[]> {
  return pendingMigrations((sql) => prisma.$queryRawUnsafe(sql));
}
