import { rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { DatabaseConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import { datasetCounts, datasetStatements } from './dataset';
import { peerIndexes } from './queries';
import { log, rootDir, workDir, type DatasetSize } from './options';

export interface Target {
  kind: 'pglite' | 'postgres';
  /** What the server child gets in its environment. */
  serverEnv: Record<string, string>;
  config: DatabaseConfig;
  url: string | null;
  counts: Record<string, number>;
  loadSeconds: number;
  apiKey: string | null;
  apiKeyNote: string;
  /** Runs SQL against the database; on PGlite only while no server holds it. */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

export async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function pgQuery<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function pgliteQuery<T>(dataDir: string, sql: string): Promise<T[]> {
  const db = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  try {
    return (await db.query<T>(sql)).rows;
  } finally {
    await db.close();
  }
}

/** A fresh database with migrations applied and the synthetic dataset loaded. */
export async function prepareTarget(
  kind: Target['kind'],
  size: DatasetSize,
  serverUrl: string | null,
): Promise<Target> {
  let config: DatabaseConfig;
  let url: string | null = null;
  let drop: () => Promise<void>;
  if (kind === 'pglite') {
    const dataDir = path.join(workDir, `pglite-${process.pid}`);
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true });
    config = { kind: 'pglite', dataDir };
    drop = () => rm(dataDir, { recursive: true, force: true });
  } else {
    if (!serverUrl) throw new Error('no PostgreSQL server');
    const name = `negotiations_bench_${process.pid}_${Date.now().toString(36)}`;
    await pgQuery(serverUrl, `CREATE DATABASE "${name}"`);
    const target = new URL(serverUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    config = { kind: 'postgres', url, poolSize: 10 };
    drop = () => pgQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined);
  }
  const started = performance.now();
  const database = await openDatabase(config);
  await applyMigrations(database);
  await database.close();
  const migrateSeconds = (performance.now() - started) / 1000;
  const statements = datasetStatements(size);
  const timed = async (exec: (sql: string) => Promise<unknown>) => {
    for (const statement of statements) {
      const at = performance.now();
      await exec(statement);
      if (process.env.BENCH_VERBOSE)
        log(`  ${(performance.now() - at).toFixed(0)} ms ${statement.slice(0, 60).replace(/\s+/g, ' ')}`);
    }
  };
  if (kind === 'pglite') {
    const db = await PGlite.create({
      dataDir: (config as { dataDir: string }).dataDir,
      extensions: { pg_trgm },
    });
    await timed((sql) => db.exec(sql));
    await db.exec('VACUUM (ANALYZE)');
    await db.close();
  } else {
    const client = new pg.Client({ connectionString: url! });
    await client.connect();
    await timed((sql) => client.query(sql));
    // The peer's indexes (PostGraphile runs on PostgreSQL only), then VACUUM (ANALYZE), as pgbench does after
    // its load: fresh statistics so the planner sees the indexes, and a visibility map so index-only scans
    // need not visit the heap. Without it autovacuum reached the freshly loaded tables at some point during
    // the timed runs (after 15 minutes it had not yet: the nested statement took 4.0 ms, 3.0 after VACUUM).
    for (const statement of peerIndexes) await client.query(statement);
    await client.query('VACUUM (ANALYZE)');
    await client.end();
  }
  log(
    `${kind}: migrations ${migrateSeconds.toFixed(1)} s, bulk load ${((performance.now() - started) / 1000 - migrateSeconds).toFixed(1)} s`,
  );
  const loadSeconds = (performance.now() - started) / 1000;
  const query = <T>(sql: string) =>
    kind === 'pglite' ? pgliteQuery<T>((config as { dataDir: string }).dataDir, sql) : pgQuery<T>(url!, sql);
  const [counts] = await query<Record<string, number>>(datasetCounts);
  log(`${kind}: migrated and loaded in ${loadSeconds.toFixed(1)} s`, counts);
  const serverEnv: Record<string, string> =
    kind === 'pglite'
      ? { PGLITE_DIR: (config as { dataDir: string }).dataDir, DATABASE_URL: '' }
      : { DATABASE_URL: url! };
  const key = createApiKey(serverEnv);
  return {
    kind,
    serverEnv,
    config,
    url,
    counts,
    loadSeconds,
    apiKey: key.key,
    apiKeyNote: key.note,
    query,
    drop,
  };
}

/** Uses the API-key script when the project has one (mutations may require a key); otherwise writes go without one. */
function createApiKey(env: Record<string, string>): { key: string | null; note: string } {
  const script = ['scripts/apikey.ts', 'scripts/api-key.ts']
    .map((file) => path.join(rootDir, file))
    .find((file) => existsSync(file));
  if (!script) return { key: null, note: 'no scripts/apikey.ts at run time; mutations sent without a key' };
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', script, 'create', '--scope', 'articles:write', '--name', 'bench'],
    {
      cwd: rootDir,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn', SEED_ON_EMPTY: 'false' },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  const candidates = output.match(/[A-Za-z0-9_\-.]{24,}/g) ?? [];
  const key = candidates.find((token) => !token.includes('/')) ?? null;
  if (result.status !== 0 || !key)
    return { key: null, note: `scripts/apikey.ts failed (${result.status}): ${output.trim().slice(0, 300)}` };
  return { key, note: `created with ${path.relative(rootDir, script)} create --scope articles:write` };
}
