import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import pino from 'pino';
import { loadConfig, type DatabaseConfig } from '../../src/config';
import { bootstrap } from '../../src/server/bootstrap';

/**
 * Databases made once per run by the global setup (tests/support/global-setup.ts), through the app's own
 * start-up (bootstrap: migrations, data migrations, and the seed for `seeded`), which every test app then
 * copies instead of running them again: initdb, the migrations and the seed were most of a test app's
 * start (about 4 s on PGlite, 2.5 s on PostgreSQL, against 0.3 to 1.5 s for a copy). A copy is the state
 * the app's first start leaves, so the app's second start runs on it: the migrations and the seed find
 * nothing to do. The first start itself stays covered where it is the subject: `startTestApp(kind,
 * { fresh: true })` (tests/seeds/seed-data.test.ts), the server processes, which start on empty databases
 * (tests/support/processes.ts), and tests/server/startup-lock.test.ts.
 */
export type SnapshotName = 'migrated' | 'seeded';

export interface DatabaseSnapshots {
  /** PGlite: a dumpDataDir tarball per snapshot (a file), loaded into each new in-memory database. */
  pglite: Record<SnapshotName, string>;
  /** PostgreSQL: a template database per snapshot, for CREATE DATABASE ... TEMPLATE; null without a server. */
  postgres: Record<SnapshotName, string> | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseSnapshots: DatabaseSnapshots | null;
  }
}

const silent = pino({ level: 'silent' });

/** Runs the app's start-up on a new database, then closes it: the database is left as a first start leaves it. */
async function firstStart(database: DatabaseConfig, name: SnapshotName): Promise<void> {
  const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database };
  const foundation = await bootstrap(config, { logger: silent, seed: name === 'seeded' });
  await foundation.close();
}

/** Makes the snapshots (PGlite and PostgreSQL in parallel); `remove` drops the template databases and deletes the tarballs. */
export async function makeSnapshots(
  serverUrl: string | undefined,
): Promise<{ snapshots: DatabaseSnapshots; remove(): Promise<void> }> {
  // PGlite writes its data directory file by file: on tmpfs that is as fast as its in-memory one.
  const dir = await mkdtemp(
    path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'negotiations-snapshots-'),
  );
  const templates: string[] = [];
  // `seeded` is `migrated` with the seed loaded by a second start: the state a first start with the seed
  // leaves, made without running initdb and the migrations twice.
  const pglite = async () => {
    const snapshot = async (name: SnapshotName, from?: string) => {
      const dataDir = path.join(dir, name);
      const loadDataDir = from ? new Blob([await readFile(from)]) : undefined;
      // initdb with 1 MB WAL segments instead of 16: every test app's PGlite unpacks this tarball, and
      // the one preallocated segment was 16 of its 40 MB (a load took about 1.0 s, 0.7 s with 1 MB).
      if (!from) await (await PGlite.create({ dataDir, initDbStartParams: ['--wal-segsize=1'] })).close();
      await firstStart({ kind: 'pglite', dataDir, loadDataDir }, name);
      const reopened = await PGlite.create({ dataDir, extensions: { pg_trgm } });
      // The template databases go too (their catalogs were 14 of the tarball's 31 MB): on PGlite the app
      // and the tests never create a database, and Prisma's schema engine asks for no shadow one here.
      for (const statement of [
        "UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')",
        'DROP DATABASE IF EXISTS template0',
        'DROP DATABASE IF EXISTS template1',
        'CHECKPOINT',
      ])
        await reopened.query(statement);
      const tarball = path.join(dir, `${name}.tar`);
      await writeFile(tarball, Buffer.from(await (await reopened.dumpDataDir('none')).arrayBuffer()));
      await reopened.close();
      await rm(dataDir, { recursive: true, force: true });
      return tarball;
    };
    const migrated = await snapshot('migrated');
    return { migrated, seeded: await snapshot('seeded', migrated) };
  };
  const postgres = async (url: string) => {
    const snapshot = async (name: SnapshotName, from?: string) => {
      const template = `negotiations_template_${process.pid}_${name}`;
      await adminQuery(url, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await adminQuery(url, `CREATE DATABASE "${template}"${from ? ` TEMPLATE "${from}"` : ''}`);
      templates.push(template);
      await firstStart({ kind: 'postgres', url: databaseUrl(url, template), poolSize: 2 }, name);
      return template;
    };
    const migrated = await snapshot('migrated');
    return { migrated, seeded: await snapshot('seeded', migrated) };
  };
  const remove = async () => {
    for (const template of templates)
      await adminQuery(serverUrl!, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [pgliteFiles, templateNames] = await Promise.all([
      pglite(),
      serverUrl ? postgres(serverUrl) : null,
    ]);
    return { snapshots: { pglite: pgliteFiles, postgres: templateNames }, remove };
  } catch (error) {
    await remove().catch(() => {});
    throw error;
  }
}

const tarballs = new Map<string, Promise<Blob>>();

/** A snapshot's tarball as PGlite's loadDataDir takes it, read once per test worker. */
export function pgliteSnapshot(file: string): Promise<Blob> {
  let blob = tarballs.get(file);
  if (!blob) {
    blob = readFile(file).then((bytes) => new Blob([bytes]));
    tarballs.set(file, blob);
  }
  return blob;
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
