import { mkdir } from 'node:fs/promises';
import type { Tracer } from '@opentelemetry/api';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../generated/prisma/client';
import type { DatabaseConfig } from '../config';
import { pgliteReader, poolReader, preparedStatementNames, type SqlReader } from './reader';
import { tracedAdapterFactory, tracedReader } from './tracing';

export type Db = PrismaClient;
export type { Prisma } from '../../generated/prisma/client';

export interface Database {
  prisma: Db;
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
  /** Hand-written reads straight on the driver (see ./reader.ts); counted in `statements` too. */
  reader: SqlReader;
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
}

export async function openDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): Promise<Database> {
  const statements = new StatementCounter();
  const opened = await openAdapter(config, () => {
    statements.count += 1;
  });
  const { tracer } = options;
  const { closeDriver, openMigrationAdapter, pool } = opened;
  const adapterFactory = tracer ? tracedAdapterFactory(opened.adapterFactory, tracer) : opened.adapterFactory;
  const reader = tracer ? tracedReader(opened.reader, tracer) : opened.reader;
  const prisma = new PrismaClient({
    adapter: adapterFactory,
    log: [{ emit: 'event', level: 'query' }],
  });
  prisma.$on('query', () => {
    statements.count += 1;
  });
  return {
    prisma,
    openMigrationAdapter,
    kind: config.kind,
    pool,
    statements,
    reader,
    async close() {
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}

async function openAdapter(
  config: DatabaseConfig,
  onReaderStatement: () => void,
): Promise<{
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  closeDriver: () => Promise<void>;
  openMigrationAdapter: Database['openMigrationAdapter'];
  pool?: pg.Pool;
  reader: SqlReader;
}> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize });
    // An idle connection that dies (server restart, network cut) is dropped by the pool and replaced on
    // the next query. Without a listener the pool's 'error' event would crash the process instead.
    pool.on('error', () => {});
    return {
      // Prepared statements: planning was most of PostgreSQL's time in the cold point read (bench/speed-work.md, "A point read is one round trip").
      adapterFactory: new PrismaPg(pool, {
        statementNameGenerator: preparedStatementNames('prisma') as (query: { sql: string }) => string,
      }),
      pool,
      reader: poolReader(pool, onReaderStatement),
      closeDriver: () => pool.end(),
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
