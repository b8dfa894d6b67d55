import { createServer, type Server } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from '../config';
import { openDatabase, type Database } from '../db/client';
import { applyMigrations } from '../db/migrate';
import type { DomainContext } from '../domain/context';
import { readSeedData, seedDatabase, type SeedReport } from '../domain/seed';
import { CohortRegistry, useLiveCohorts } from '../live/cohorts';
import { LiveFeed } from '../live/feed';
import { InProcessSignal, RedisSignal, type FeedSignal } from '../live/signal';
import { buildSchema, developmentsLiveField, type GraphQLContext } from '../schema';
import { maskError } from './errors';
import { usePageLimits } from './limits';
import { graphiqlTabs } from './graphiql';
import { createLogger, type Logger } from './logger';

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => Promise<ExecutionResult>;
  subscribe: (args: ExecutionArgs) => Promise<ExecutionResult | AsyncIterable<ExecutionResult>>;
}

export interface AppOptions {
  logger?: Logger;
  /** Seed an empty database with the curated articles (default: config.seedOnEmpty). */
  seed?: boolean;
}

export interface App {
  config: Config;
  database: Database;
  domain: DomainContext;
  yoga: YogaServerInstance<Record<string, never>, GraphQLContext>;
  server: Server;
  logger: Logger;
  seedReport: SeedReport | null;
  feed: LiveFeed;
  cohorts: CohortRegistry;
  sockets: WebSocketServer;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config);
  const database = await openDatabase(config.database);
  const applied = await applyMigrations(database);
  if (applied.length) logger.info({ migrations: applied }, 'applied migrations');

  const signal: FeedSignal = config.redis
    ? new RedisSignal(config.redis.url, config.redis.channelPrefix, (error) => logger.warn({ err: error }, 'redis signal error'))
    : new InProcessSignal();
  const feed = new LiveFeed(database.prisma, signal, {
    pollIntervalMs: config.livePollMs,
    onError: (error) => logger.warn({ err: error }, 'live feed could not read the log'),
  });
  const domain: DomainContext = {
    prisma: database.prisma,
    onDevelopmentsCommitted: (lastSequence) => feed.announce(lastSequence),
  };

  let seedReport: SeedReport | null = null;
  if ((options.seed ?? config.seedOnEmpty) && (await database.prisma.article.count()) === 0) {
    seedReport = await seedDatabase(domain, await readSeedData());
    logger.info(seedReport, 'seeded the empty database');
  }

  // Started after seeding so that the seed's entries count as history, not news.
  await feed.start();
  const cohorts = new CohortRegistry(feed);

  const yoga = createYoga<Record<string, never>, GraphQLContext>({
    plugins: [usePageLimits(), useLiveCohorts(cohorts, developmentsLiveField)],
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    context: () => ({ prisma: database.prisma, domain }),
    graphiql: config.graphiql ? { title: 'Gaza negotiations tracker', defaultTabs: graphiqlTabs, subscriptionsProtocol: 'WS' } : false,
    landingPage: false,
    batching: false,
    maskedErrors: { maskError },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error({ err: args.find((arg) => arg instanceof Error) }, args.map(String).join(' ')),
    },
  });

  const server = createServer(yoga);
  const sockets = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: 64 * 1024 });
  // The graphql-ws + Yoga recipe: every operation goes through Yoga's envelop, so its plugins apply to sockets too.
  useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        const args = {
          schema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        return errors.length ? errors : args;
      },
    },
    sockets,
  );

  return {
    config,
    database,
    domain,
    yoga,
    server,
    logger,
    seedReport,
    feed,
    cohorts,
    sockets,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}/graphql`);
        });
      });
    },
    async close() {
      cohorts.close();
      for (const client of sockets.clients) client.close(1001, 'Server shutting down');
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      server.closeAllConnections();
      await feed.close();
      await signal.close();
      await database.close();
    },
  };
}
