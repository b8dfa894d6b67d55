import pg from 'pg';
import type { DatabaseConfig } from '../../src/config';

export type DatabaseKind = 'pglite' | 'postgres';

const serverUrl = process.env.TEST_DATABASE_URL;

/** Databases every database-backed suite runs on. In CI a missing server is an error, not a skip. */
export function testDatabases(): DatabaseKind[] {
  if (!serverUrl && process.env.CI) {
    throw new Error(
      'CI must set TEST_DATABASE_URL (postgres://...) so the suite also runs on a real PostgreSQL server',
    );
  }
  return serverUrl ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** A fresh database: in-memory PGlite, or a uniquely named database on the test server, dropped after. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') return { config: { kind: 'pglite', dataDir: 'memory://' }, drop: async () => {} };
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `negotiations_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString(), poolSize: 10 },
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
