import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/config';
import { quickRun } from './run-profile';
import { adminQuery, databaseUrl, pgliteSnapshot, type SnapshotName } from './snapshots';

export type DatabaseKind = 'pglite' | 'postgres';

const serverUrl = process.env.TEST_DATABASE_URL;

/**
 * Databases every database-backed suite runs on. In CI a missing server is an error, not a skip.
 * A quick run (./run-profile.ts) runs them on PGlite alone: what they test of PostgreSQL does not depend on
 * the Node version, and PGlite (WebAssembly, in the worker) is the one that could.
 */
export function testDatabases(): DatabaseKind[] {
  if (!serverUrl && process.env.CI) {
    throw new Error(
      'CI must set TEST_DATABASE_URL (postgres://...) so the suite also runs on a real PostgreSQL server',
    );
  }
  return serverUrl && !quickRun ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/**
 * A new database: in-memory PGlite, or a uniquely named database on the test server, dropped after.
 * Empty, or with `from`, a copy of one of the run's snapshots (./snapshots.ts): migrated, or migrated and
 * seeded. Without snapshots (a run without the global setup) it is empty, and the app's start fills it.
 */
export async function createTestDatabase(kind: DatabaseKind, from?: SnapshotName): Promise<TestDatabase> {
  const snapshots = from ? inject('databaseSnapshots') : null;
  if (kind === 'pglite') {
    const loadDataDir = snapshots ? await pgliteSnapshot(snapshots.pglite[from!]) : undefined;
    return { config: { kind: 'pglite', dataDir: 'memory://', loadDataDir }, drop: async () => {} };
  }
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `negotiations_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const template = snapshots?.postgres?.[from!];
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  return {
    config: { kind: 'postgres', url: databaseUrl(serverUrl, name), poolSize: 10 },
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
