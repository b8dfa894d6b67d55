import { mkdir } from 'node:fs/promises';
import type { Tracer } from '@opentelemetry/api';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type {
  SqlDriverAdapterFactory,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../generated/prisma/client';
import type { DatabaseConfig } from '../config';
import { pgliteReader, poolReader, type SqlReader } from '../read/driver';
import { ReplicaRouter, type Replica } from './replicas';
import { ReplicaWatch, retryingReader } from './replica-retry';
import { retryingAdapterFactory } from './replica-retry-adapter';
import { preparedStatementNames } from './statement-names';
import { tracedAdapterFactory, tracedReader } from './tracing';

export type Db = PrismaClient;
export type { Prisma } from '../../generated/prisma/client';

export interface Database {
  /** For requests: on PostgreSQL its connections carry the statement timeout, if one was given. */
  prisma: Db;
  /**
   * For the server's own long-running reads (the live feed and resuming subscribers' backlogs), which a
   * request's statement timeout must not cut: on PostgreSQL a pool of its own (2 connections) without
   * it; on PGlite, which has one connection and no working statement timeout, the same client as `prisma`.
   */
  background: Db;
  /**
   * A driver adapter for the schema engine. On a server it gets a pool of one connection of its own:
   * the engine's advisory lock must be taken and released on the same session, or the next run
   * waits out the lock's 10 s timeout.
   */
  openMigrationAdapter(): { factory: SqlMigrationAwareDriverAdapterFactory; release(): Promise<void> };
  kind: DatabaseConfig['kind'];
  /** The connection pool on a PostgreSQL server (for pool metrics); PGlite has one embedded connection. */
  pool?: pg.Pool;
  /** Counts statements sent to the database; tests and benchmarks read it. */
  statements: StatementCounter;
  /** Hand-written reads straight on the driver (see src/read/driver.ts); counted in `statements` too. */
  reader: SqlReader;
  /**
   * With DATABASE_REPLICA_URLS: where queries are read (src/db/replicas.ts). `prisma` and `reader` above
   * are always the primary's; null without replicas (PGlite has none).
   */
  replicas: ReplicaRouter | null;
  close(): Promise<void>;
}

export class StatementCounter {
  count = 0;
  reset(): void {
    this.count = 0;
  }
}

export interface DatabaseOptions {
  /** Set when tracing is on: every statement, the Prisma client's and the reader's, gets a span. */
  tracer?: Tracer;
  /**
   * PostgreSQL `statement_timeout` (ms) for request connections, Prisma's and the hand-written reader's
   * (0 or unset: none). Migrations and `background` never get it. PGlite ignores it: it runs each
   * statement to the end on the JavaScript thread, and PostgreSQL's timer does not fire there.
   */
  statementTimeoutMs?: number;
  /** Told when a replica fails its position check (it is skipped until it answers again). */
  onReplicaError?: (error: unknown, replica: string) => void;
}

export async function openDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): Promise<Database> {
  const statements = new StatementCounter();
  const countStatement = () => {
    statements.count += 1;
  };
  const opened = await openAdapter(config, options, countStatement);
  const { tracer } = options;
  const { closeDriver, openMigrationAdapter, pool } = opened;
  const traced = (factory: SqlMigrationAwareDriverAdapterFactory) =>
    tracer ? tracedAdapterFactory(factory, tracer) : factory;
  const adapterFactory = traced(opened.adapterFactory);
  const backgroundAdapterFactory = opened.backgroundAdapterFactory && traced(opened.backgroundAdapterFactory);
  const reader = tracer ? tracedReader(opened.reader, tracer) : opened.reader;
  const client = (adapter: SqlDriverAdapterFactory) => {
    const created = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
    created.$on('query', countStatement);
    return created;
  };
  const prisma = client(adapterFactory);
  const background = backgroundAdapterFactory ? client(backgroundAdapterFactory) : prisma;
  const replicaUrls = config.kind === 'postgres' ? (config.replicaUrls ?? []) : [];
  const replicas: Replica[] = replicaUrls.map((url, index) => {
    const opened = openReplica(
      url,
      config.kind === 'postgres' ? config.poolSize : 1,
      options,
      countStatement,
    );
    // A statement the replica fails (it went away, froze, or cancelled it in a conflict with its replay)
    // is run again on the primary's adapter and reader (./replica-retry.ts).
    const watch = new ReplicaWatch();
    const replicaReader = tracer ? tracedReader(opened.reader, tracer) : opened.reader;
    return {
      name: `replica-${index + 1}`,
      pool: opened.pool,
      watch,
      prisma: client(retryingAdapterFactory(traced(opened.adapterFactory), adapterFactory, watch)),
      reader: retryingReader(replicaReader, reader, watch),
    };
  });
  const router =
    pool && replicas.length
      ? new ReplicaRouter({ name: 'primary', prisma, reader, pool }, replicas, {
          checkIntervalMs: config.kind === 'postgres' ? (config.replicaCheckMs ?? 100) : 100,
          onError: options.onReplicaError,
        })
      : null;
  // A replica's connection that dies while idle (the server stopping, or gone) takes it out of the
  // rotation at once rather than at the next check: the reads meanwhile would fail on it.
  if (router)
    for (const replica of replicas) replica.pool.on('error', () => router.unreachable(replica.name));
  await router?.start();
  return {
    prisma,
    background,
    openMigrationAdapter,
    kind: config.kind,
    pool,
    statements,
    reader,
    replicas: router,
    async close() {
      await router?.close();
      await prisma.$disconnect();
      if (background !== prisma) await background.$disconnect();
      for (const replica of replicas) {
        await replica.prisma.$disconnect();
        await replica.pool.end();
      }
      await closeDriver();
    },
  };
}

const requestTimeout = (options: DatabaseOptions) =>
  options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {};

const preparedStatements = () => ({
  statementNameGenerator: preparedStatementNames('prisma') as (query: { sql: string }) => string,
});

/** A replica's pool, with the same statement timeout and prepared statements as the primary's request pool. */
function openReplica(url: string, poolSize: number, options: DatabaseOptions, onStatement: () => void) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, ...requestTimeout(options) });
  // A replica that goes away fails its next position check and is skipped; it must not crash the process.
  pool.on('error', () => {});
  return {
    pool,
    adapterFactory: new PrismaPg(pool, preparedStatements()),
    reader: poolReader(pool, onStatement),
  };
}

async function openAdapter(
  config: DatabaseConfig,
  options: DatabaseOptions,
  onReaderStatement: () => void,
): Promise<{
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  backgroundAdapterFactory?: SqlMigrationAwareDriverAdapterFactory;
  closeDriver: () => Promise<void>;
  openMigrationAdapter: Database['openMigrationAdapter'];
  pool?: pg.Pool;
  reader: SqlReader;
}> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize,
      ...requestTimeout(options),
    });
    const backgroundPool = new pg.Pool({ connectionString: config.url, max: 2 });
    // An idle connection that dies (server restart, network cut) is dropped by the pool and replaced on
    // the next query. Without a listener the pool's 'error' event would crash the process instead.
    pool.on('error', () => {});
    backgroundPool.on('error', () => {});
    return {
      // Prepared statements: planning was most of PostgreSQL's time in the cold point read (bench/speed-work.md, "A point read is one round trip").
      adapterFactory: new PrismaPg(pool, preparedStatements()),
      backgroundAdapterFactory: new PrismaPg(backgroundPool, preparedStatements()),
      pool,
      reader: poolReader(pool, onReaderStatement),
      closeDriver: async () => {
        await pool.end();
        await backgroundPool.end();
      },
      openMigrationAdapter: () => {
        const single = new pg.Pool({ connectionString: config.url, max: 1 });
        single.on('error', () => {});
        return { factory: new PrismaPg(single), release: () => single.end() };
      },
    };
  }
  // PGlite reports a missing parent folder only as "External error id#0", so make it first.
  const dataDir = config.dataDir === 'memory://' ? config.dataDir : path.resolve(config.dataDir);
  if (dataDir !== 'memory://') await mkdir(path.dirname(dataDir), { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir === 'memory://' ? {} : { dataDir }),
    ...(config.loadDataDir ? { loadDataDir: config.loadDataDir } : {}),
    extensions: { pg_trgm },
  });
  const adapterFactory = new PrismaPGlite(pglite);
  return {
    adapterFactory,
    reader: pgliteReader(pglite, onReaderStatement),
    closeDriver: () => pglite.close(),
    openMigrationAdapter: () => ({ factory: adapterFactory, release: async () => {} }),
  };
}
