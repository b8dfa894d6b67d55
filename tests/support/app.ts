import { loadConfig, type Config, type DatabaseConfig } from '../../src/config';
import { buildApp, type App } from '../../src/server/app';
import { createTestDatabase, type DatabaseKind } from './databases';
import type { TracerProvider } from '@opentelemetry/api';
import pino from 'pino';
import { createApiKey } from '../../src/server/api-keys';
import type { Network } from '../../src/sources/http';

export interface TestApp extends App {
  /** POSTs a GraphQL operation through yoga.fetch (no socket) and returns the parsed body. */
  /**
   * POSTs a GraphQL operation through yoga.fetch (no socket) and returns the parsed body. Sends the
   * admin key unless `headers` has its own `authorization` (use `authorization: ''` to be anonymous).
   */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** An API key with the admin scope, created for every test app. */
  adminKey: string;
  stop(): Promise<void>;
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Starts the real app through buildApp, on a fresh database of the given kind. */
export async function startTestApp(
  kind: DatabaseKind,
  options: {
    seed?: boolean;
    env?: Record<string, string>;
    logger?: pino.Logger;
    tracerProvider?: TracerProvider;
    /** The feed poller's network (tests/sources/): name resolution and connections it records. */
    network?: Network;
    /** Servers holding streaming replicas of the test server (tests/support/replica.ts): reads go there. */
    replicaServerUrls?: string[];
    /** DATABASE_REPLICA_CHECK_MS for those replicas (default 100). */
    replicaCheckMs?: number;
    /**
     * Start on an empty database, so that the app's start migrates (and seeds) it, as a new deployment's
     * first start does. Otherwise the database is a copy of the run's snapshot (./snapshots.ts).
     */
    fresh?: boolean;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(
    kind,
    options.fresh ? undefined : (options.seed ?? true) ? 'seeded' : 'migrated',
  );
  // The feed's safety-net poll and the response cache would change the statement counts taken in tests;
  // suites that rely on either turn it on themselves.
  const base = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    LIVE_POLL_MS: '60000',
    RESPONSE_CACHE_TTL_MS: '0',
    // Suites send many costly reads from one address; the read limit's own tests set a small budget.
    READ_RATE_POINTS: '1000000000',
    // The deadlines (5 s per statement, 10 s per query) would turn a loaded test machine's slowness into
    // TIMEOUT failures; tests/server/deadlines.test.ts sets them where they are the subject.
    DATABASE_STATEMENT_TIMEOUT_MS: '0',
    OPERATION_TIMEOUT_MS: '0',
    // The feed poller's ticks would add statements to every suite; tests/sources/ turn it on.
    FEEDS_POLLER: 'false',
    ...options.env,
  });
  const replicaUrls = (options.replicaServerUrls ?? []).map((server) =>
    sameDatabaseOn(server, database.config),
  );
  const config: Config = {
    ...base,
    database:
      database.config.kind === 'postgres' && replicaUrls.length
        ? { ...database.config, replicaUrls, replicaCheckMs: options.replicaCheckMs }
        : database.config,
  };

  const app = await buildApp(config, {
    seed: options.seed ?? true,
    logger: options.logger ?? pino({ level: 'silent' }),
    tracerProvider: options.tracerProvider,
    network: options.network,
  });
  const { token: adminKey } = await createApiKey(app.database.prisma, {
    name: 'test admin',
    scopes: ['admin'],
  });
  return Object.assign(app, {
    adminKey,
    async graphql<T>(
      query: string,
      variables?: Record<string, unknown>,
      headers: Record<string, string> = {},
    ) {
      const auth = 'authorization' in headers ? headers.authorization : `Bearer ${adminKey}`;
      const { authorization: _ignored, ...rest } = headers;
      const response = await app.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(auth ? { authorization: auth } : {}),
          ...rest,
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<T>;
    },
    async stop() {
      await app.close();
      await database.drop();
    },
  });
}

/** The test database's URL with another server's host and port (its replica holds the same databases). */
function sameDatabaseOn(server: string, primary: DatabaseConfig): string {
  if (primary.kind !== 'postgres') throw new Error('replicas need a PostgreSQL test database');
  const url = new URL(server);
  url.pathname = new URL(primary.url).pathname;
  return url.toString();
}
