import type { TracerProvider } from '@opentelemetry/api';
import type { Config } from '../config';
import { openDatabase, type Database } from '../db/client';
import { withStartupLock } from '../db/locks';
import { applyMigrations } from '../db/migrate';
import type { DomainContext } from '../domain/context';
import { runDataMigrations } from '../domain/data-migrations';
import { readSeedData, seedDatabase, type SeedReport } from '../domain/seed';
import { InProcessSignal, RedisSignal, type FeedSignal } from '../live/signal';
import type { Logger } from './logger';
import { startTracing, type Tracing } from './tracing';

/**
 * What the server stands on, made ready before any request: tracing (first, so the database driver is
 * wrapped when it is on), the database (opened, migrated, seeded when empty) and the live feed's wake-up
 * signal (Redis when configured). `npm run migrate` and `npm run seed` use the same steps without a server.
 */
export interface Foundation {
  database: Database;
  signal: FeedSignal;
  /** Ids of candidates created, edited or decided, for the review desk's live queue (same transport). */
  reviewSignal: FeedSignal;
  tracing: Tracing | null;
  seedReport: SeedReport | null;
  /** Closes what bootstrap opened, in reverse order; the server closes its own parts first. */
  close(): Promise<void>;
}

export interface BootstrapOptions {
  logger: Logger;
  /** Seed an empty database with the curated articles (default: config.seedOnEmpty). */
  seed?: boolean;
  /** Traces to this provider (tests: an in-memory exporter) instead of the one config.tracing names. */
  tracerProvider?: TracerProvider;
}

export async function bootstrap(config: Config, options: BootstrapOptions): Promise<Foundation> {
  const { logger } = options;
  const tracing = startTracing(config, options.tracerProvider);
  const database = await openDatabase(config.database, {
    tracer: tracing?.tracer,
    statementTimeoutMs: config.security.statementTimeoutMs,
    onReplicaError: (error, replica) =>
      logger.warn({ err: error, replica }, 'replica skipped: its replay position could not be read'),
  });
  await migrate(database, logger);
  // Processes starting together on one database take turns here: the first seeds, the others find it seeded.
  const seedReport = await withStartupLock(database.pool, async () => {
    await correctStoredFacts(config, database, logger);
    return (options.seed ?? config.seedOnEmpty) && (await database.prisma.article.count()) === 0
      ? await seed(config, database, logger)
      : null;
  });
  const signal: FeedSignal = config.redis
    ? new RedisSignal(config.redis.url, config.redis.channelPrefix, (error) =>
        logger.warn({ err: error }, 'redis signal error'),
      )
    : new InProcessSignal();
  const reviewSignal: FeedSignal = config.redis
    ? new RedisSignal(
        config.redis.url,
        config.redis.channelPrefix,
        (error) => logger.warn({ err: error }, 'redis review signal error'),
        'candidates',
      )
    : new InProcessSignal();
  return {
    database,
    signal,
    reviewSignal,
    tracing,
    seedReport,
    async close() {
      await signal.close();
      await reviewSignal.close();
      await database.close();
      await tracing?.close();
    },
  };
}

/** Applies the migrations the database has not seen (src/db/migrate.ts). */
export async function migrate(database: Database, logger: Logger): Promise<string[]> {
  const applied = await applyMigrations(database);
  if (applied.length) logger.info({ migrations: applied }, 'applied migrations');
  return applied;
}

/**
 * Loads the curated seed through the domain writes (idempotent: what exists is left alone). It runs before
 * the live feed starts, so its log entries are history, not news, and nothing needs announcing.
 */
export async function seed(config: Config, database: Database, logger: Logger): Promise<SeedReport> {
  const report = await seedDatabase(startupDomain(config, database, logger), await readSeedData());
  logger.info(report, 'seeded the database');
  return report;
}

/**
 * Corrections to stored facts (src/domain/data-migrations.ts), once per database, through the domain's
 * writes: each is a CORRECTION or RETRACTION entry on the log, read by the live feed once it starts.
 */
export async function correctStoredFacts(config: Config, database: Database, logger: Logger): Promise<void> {
  for (const { name, result } of await runDataMigrations(startupDomain(config, database, logger)))
    logger.info({ result }, `ran data migration ${name}`);
}

/** The domain as start-up uses it: no server is listening yet, so nothing is announced but the log. */
function startupDomain(config: Config, database: Database, logger: Logger): DomainContext {
  return {
    prisma: database.prisma,
    onDevelopmentsCommitted: () => {},
    idempotencyWaitMs: config.idempotencyWaitMs,
    onBackgroundError: (error) => logger.warn({ err: error }, 'could not prune expired idempotency keys'),
  };
}
