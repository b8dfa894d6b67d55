import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { DomainContext } from '../domain/context';
import { CohortRegistry, useLiveCohorts } from '../live/cohorts';
import { LiveFeed } from '../live/feed';
import { ReviewNotices } from '../live/review-notices';
import { buildSchema, developmentsLiveField, type GraphQLContext } from '../schema';
import type { ApiKeyAdmin } from '../schema/api-key';
import { limitRequestBody } from './body-limit';
import { clientErrorCode, maskError, resultForClient, useClientErrors } from './errors';
import { usePageLimits } from './limits';
import { ResponseCache } from './response-cache';
import { graphiqlTabs, useGraphiQLPolicy } from './graphiql';
import { createLogger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import type { Network } from '../sources/http';
import { createSourceMetrics } from '../sources/metrics';
import { SourcePoller } from '../sources/poller';
import { codesOf, useObservability } from './observability';
import { createHttpHandler } from './routes';
import { tickerRoute } from './ticker';
import { reviewRoute } from './review';
import { renderOfflineGraphiQL } from './graphiql';
import { ApiKeyAuthenticator, createApiKey, listApiKeys, revokeApiKey } from './api-keys';
import { KeyRevocations, useRevocationEndsStreams } from './key-revocation';
import { tokenFromConnectionParams, tokenFromRequest, useReadAccess, viewerForToken } from './auth';
import { createClientAddressResolver } from './client-address';
import { useOperationDeadline } from './deadline';
import { healthRoutes } from './health';
import { createMetricsServer, metricsOnApiPort } from './metrics-access';
import { requestIdOf } from './observability';
import { createRateLimiters, useMutationRateLimit, useReadRateLimit } from './rate-limit';
import { securityPlugins } from './security';
import { useStreamCaps } from './stream-caps';
import { drainHttpServer } from './shutdown';
import { useReadSources } from './read-sources';
import { WriteHorizon, type ReadSource } from '../db/replicas';
import { bootstrap, type BootstrapOptions } from './bootstrap';
import { nextMessageSink, serveGraphQLOverWebSocket, type SocketExtra } from './sockets';

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => Promise<ExecutionResult>;
  subscribe: (args: ExecutionArgs) => Promise<ExecutionResult | AsyncIterable<ExecutionResult>>;
}

export type AppOptions = Partial<BootstrapOptions> & {
  /** Name resolution and connections for the feed poller; tests inject a recording one. */
  network?: Network;
};

/**
 * The running app. `listen` and `close` are its interface (src/main.ts uses nothing else); the other
 * fields are the parts tests reach into (tests/support/app.ts): the database and domain context to
 * arrange data, Yoga to send requests without a socket, the feed, cohorts, cache, metrics and sockets to
 * observe.
 */
export interface App {
  config: Config;
  database: Database;
  domain: DomainContext;
  yoga: YogaServerInstance<Record<string, never>, GraphQLContext>;
  server: Server;
  feed: LiveFeed;
  responseCache: ResponseCache;
  cohorts: CohortRegistry;
  /** The review queue's notices (the `candidateChanges` subscription); tests count its subscribers. */
  reviewNotices: ReviewNotices;
  sockets: WebSocketServer;
  metrics: Metrics;
  /** The feed poller, or null when FEEDS_POLLER=false; `pollNow()` is the tests' hook. */
  poller: SourcePoller | null;
  /** Where /metrics is served when it has a port of its own (METRICS_PORT), once listening. */
  metricsUrl: string | null;
  /** Keys held by open sockets and SSE streams, checked for revocation. */
  revocations: KeyRevocations;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/** Error codes of a live result that failed only for now (src/live/cohorts.ts runs the event again). */
const transientCodes = new Set(['SERVICE_UNAVAILABLE', 'TIMEOUT']);

export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config);
  // Migrate, seed, connect (./bootstrap.ts); everything below is the server.
  const foundation = await bootstrap(config, {
    logger,
    seed: options.seed,
    tracerProvider: options.tracerProvider,
  });
  const { database, signal, reviewSignal, tracing } = foundation;
  const reviewNotices = new ReviewNotices(reviewSignal);
  // The feed reads on the background client: a request's statement timeout must not cut it.
  const { replicas } = database;
  const feed = new LiveFeed(database.background, signal, {
    pollIntervalMs: config.livePollMs,
    onError: (error) => logger.warn({ err: error }, 'live feed could not read the log'),
    // With replicas every entry carries a position its commit is at or below (see the cohorts below).
    primaryPosition: replicas ? () => replicas.primaryPosition() : undefined,
  });
  // Assigned once the metrics exist; the domain and cohort callbacks below run only after that.
  // eslint-disable-next-line prefer-const
  let metricsReady: Metrics | undefined;
  const responseCache = new ResponseCache();
  // With replicas: the newest write known here, which a cached answer must include (./read-sources.ts).
  const horizon = replicas
    ? new WriteHorizon(
        () => replicas.primaryPosition(),
        () => responseCache.clear(),
      )
    : null;
  // Seeding (bootstrap) wrote before the horizon existed: start it at the primary's position now.
  await horizon?.readNow();
  const domain: DomainContext = {
    prisma: database.prisma,
    onCommitted: () => {
      responseCache.clear();
      horizon?.noteCommit();
    },
    onDevelopmentsCommitted: (lastSequence) => {
      // FAULT_POINT=after-commit (tests only, src/config.ts): die between commit and announcement, so the
      // soak can prove that the poll and other processes deliver what no one announced.
      if (config.faultPoint === 'after-commit') process.kill(process.pid, 'SIGKILL');
      feed.announce(lastSequence);
    },
    onCandidatesChanged: (candidateIds) => reviewNotices.announce(candidateIds),
    // Metrics exist only once the feed is running; ingestion before that (seeding) is not counted.
    onArticleIngested: (outcome) => metricsReady?.articleIngested(outcome),
    idempotencyWaitMs: config.idempotencyWaitMs,
    onBackgroundError: (error) => logger.warn({ err: error }, 'could not prune expired idempotency keys'),
  };

  // Started after seeding (bootstrap) so that the seed's entries count as history, not news.
  await feed.start();
  // Results written straight to sockets skip the envelop hooks that mask errors and count deliveries.
  // A failed live result is masked once for its whole cohort, so it gets one request id of its own: the
  // id every subscriber sees is the one its single log line carries.
  const cohorts = new CohortRegistry(feed, {
    toWire: (result) => (result.errors?.length ? resultForClient(result, randomUUID(), logger) : result),
    onSinkDeliveries: (count, result) => metricsReady?.delivered(codesOf(result), count),
    // The database away (SERVICE_UNAVAILABLE) or slow (TIMEOUT): the event is run again, not lost.
    isTransient: (result) =>
      Boolean(result.errors?.some((error) => transientCodes.has(clientErrorCode(error)))),
    // With replicas, an entry's data is read on the primary or on a replica that has replayed its commit.
    contextFor: replicas
      ? (context, event) => {
          const source: ReadSource =
            event.committedBy === undefined
              ? replicas.primarySource()
              : replicas.sourceFor(event.committedBy);
          return { ...(context as GraphQLContext), prisma: source.prisma, reader: source.reader };
        }
      : undefined,
  });
  // Writes committed by other processes reach this one as log entries: they too make cached answers old.
  feed.subscribe((events) => {
    const newest = events[events.length - 1]?.committedBy;
    if (newest !== undefined) horizon?.advance(newest);
    responseCache.clear();
  });
  const readSources =
    replicas && horizon
      ? useReadSources({
          router: replicas,
          horizon,
          storesAnswer: (args) => responseCache.storesAnswer(args),
        })
      : null;
  const metrics = createMetrics({
    feed,
    cohorts,
    database,
    poolSize: config.database.kind === 'postgres' ? config.database.poolSize : undefined,
    replicas,
  });
  metricsReady = metrics;
  // The feed poller (src/sources/): in every process, kept apart by row leases; a new source wakes it.
  const poller = config.feeds.poller
    ? new SourcePoller({
        prisma: database.prisma,
        domain,
        feeds: config.feeds,
        logger,
        metrics: createSourceMetrics(metrics.registry),
        network: options.network,
      })
    : null;
  domain.onSourcesChanged = () => poller?.wake();
  poller?.start();

  const { security } = config;
  const authenticator = new ApiKeyAuthenticator(database.prisma, (error) =>
    logger.warn({ err: error }, 'could not record API key use'),
  );
  const revocations = new KeyRevocations(database.prisma, {
    intervalMs: security.apiKeyRecheckMs,
    onError: (error) => logger.warn({ err: error }, 'could not check API keys in use for revocation'),
  });
  revocations.start();
  const apiKeys: ApiKeyAdmin = {
    list: () => listApiKeys(database.prisma),
    create: (input) => createApiKey(database.prisma, input),
    async revoke(prefix) {
      const key = await revokeApiKey(database.prisma, prefix);
      if (key) revocations.revoked(key.id);
      return key;
    },
  };
  const rateLimiters = await createRateLimiters({
    mutations: { points: security.mutationRatePoints, durationSeconds: security.mutationRateDurationSeconds },
    reads: { points: security.readRatePoints, durationSeconds: security.readRateDurationSeconds },
    redis: config.redis ? { url: config.redis.url, keyPrefix: config.redis.channelPrefix } : null,
    onError: (error) => logger.warn({ err: error }, 'rate limiter redis error'),
  });
  let shuttingDown = false;
  const clientAddress = createClientAddressResolver(security.trustedProxies);

  const yoga = createYoga<Record<string, never>, GraphQLContext>({
    // The order matters: envelop runs each hook in this order, over HTTP, SSE and graphql-ws alike.
    plugins: [
      // 1. First, so every operation is logged and counted, refused ones included, under its request id.
      useObservability({ logger, metrics }),
      // 2. Document limits, CSRF, introspection: refuse hostile documents before any work on them.
      ...securityPlugins(config),
      // 3. Before anything that executes: every result's errors pass `toClientError` with the request id.
      useClientErrors(logger),
      // 4. Who may read at all (PUBLIC_READS); mutations' scopes are checked per field by Pothos.
      useReadAccess(security.publicReads),
      // 4b. A keyed SSE stream ends when its key is revoked (graphql-ws sockets close with 4403).
      useRevocationEndsStreams(revocations),
      // 4c. SSE streams per client address (graphql-ws sockets are capped at the upgrade).
      useStreamCaps(security.sseMaxStreamsPerAddress, clientAddress),
      // 5. Page and cost limits before rate limits: an operation they refuse costs no rate-limit points.
      usePageLimits(),
      // 6-7. Rate limits: mutations per API key, reads per client address (trusted proxies only).
      useMutationRateLimit(rateLimiters.mutations),
      useReadRateLimit(rateLimiters.reads, clientAddress),
      // 7b. The per-query deadline (TIMEOUT), around execution and the cache alike.
      useOperationDeadline(security.operationTimeoutMs),
      // 7c. With replicas: where the operation reads (./read-sources.ts); before the cache, so that a
      //     request's readAfterLsn is known before the cache could answer it.
      ...(readSources ? [readSources] : []),
      // 8. After every guard, so a cached answer is only served to a request that passed them; only
      //    while reads are public (every caller then gets the same answer).
      ...(security.publicReads && config.responseCacheTtlMs > 0
        ? responseCache.plugins(config.responseCacheTtlMs)
        : []),
      // 9. Takes over the live subscription field's execution: cohorts run it once per event.
      useLiveCohorts(cohorts, developmentsLiveField),
      // 9b. GraphiQL's page gets its Content-Security-Policy (./graphiql.ts).
      useGraphiQLPolicy(),
      // 10. Last, so that its execute wrapper is the outermost and the operation's span is the active
      //     one whatever the plugins above put in place (database spans find their parent through it).
      ...(tracing?.plugins ?? []),
    ],
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    // HTTP: the key comes from the Authorization header. graphql-ws: onConnect already resolved it.
    context: async (initial: {
      request?: Request;
      viewer?: GraphQLContext['viewer'];
      requestId?: string;
    }) => ({
      prisma: database.prisma,
      reader: database.reader,
      domain,
      apiKeys,
      reviewNotices,
      live: feed,
      viewer:
        initial.viewer !== undefined
          ? initial.viewer
          : await viewerForToken(
              authenticator,
              initial.request ? tokenFromRequest(initial.request) : undefined,
            ),
      requestId: initial.requestId ?? (initial.request ? requestIdOf(initial.request) : 'unknown'),
    }),
    // Enforced in front of Yoga instead (./body-limit.ts), without piping every body through a counter.
    maxRequestBodySize: false,
    graphiql: config.graphiql
      ? { title: 'Gaza negotiations tracker', defaultTabs: graphiqlTabs, subscriptionsProtocol: 'WS' }
      : false,
    renderGraphiQL: renderOfflineGraphiQL,
    landingPage: false,
    batching: false,
    maskedErrors: { maskError },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) =>
        logger.error({ err: args.find((arg) => arg instanceof Error) }, args.map(String).join(' ')),
    },
  });

  const server = createServer(
    createHttpHandler(
      limitRequestBody(yoga, security.maxRequestBytes),
      [
        healthRoutes({ database, isShuttingDown: () => shuttingDown }),
        tickerRoute(),
        reviewRoute(),
        metricsOnApiPort(metrics.route, security.metrics, (token) => authenticator.authenticate(token)),
      ],
      logger,
    ),
  );
  const metricsServer = security.metrics.port === null ? null : createMetricsServer(metrics.route, logger);
  let metricsUrl: string | null = null;
  const sockets = new WebSocketServer({
    server,
    path: yoga.graphqlEndpoint,
    maxPayload: security.wsMaxPayloadBytes,
  });
  // The graphql-ws + Yoga recipe: every operation goes through Yoga's envelop, so its plugins apply to sockets too.
  const socketServer = serveGraphQLOverWebSocket(
    sockets,
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (ctx, id, params) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          viewer: (ctx.extra as SocketExtra).viewer,
          requestId: (ctx.extra as SocketExtra).requestId,
          liveSink: nextMessageSink(ctx.extra as SocketExtra, id),
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
    {
      connectionInitTimeoutMs: security.wsConnectionInitTimeoutMs,
      maxBufferedBytes: security.wsMaxBufferedBytes,
      maxSubscriptionsPerSocket: security.wsMaxSubscriptionsPerSocket,
      maxSocketsPerAddress: security.wsMaxSocketsPerAddress,
      maxSockets: security.wsMaxSockets,
      clientAddress,
      logger,
      watchKey: (keyId, onRevoked) => revocations.watch(keyId, onRevoked),
      // A bad key closes the socket with 4403; no key is an anonymous (read-only) connection.
      authenticate: async (params) => {
        try {
          return await viewerForToken(authenticator, tokenFromConnectionParams(params));
        } catch (error) {
          if ((error as { extensions?: { code?: string } }).extensions?.code === 'UNAUTHENTICATED')
            return false;
          throw error;
        }
      },
    },
  );

  return {
    config,
    database,
    domain,
    yoga,
    server,
    feed,
    responseCache,
    cohorts,
    reviewNotices,
    sockets,
    metrics,
    revocations,
    poller,
    get metricsUrl() {
      return metricsUrl;
    },
    async listen(port = config.port, host = config.host) {
      const listenOn = (target: Server, targetPort: number) =>
        new Promise<number>((resolve, reject) => {
          target.once('error', reject);
          target.listen(targetPort, host, () => resolve((target.address() as AddressInfo).port));
        });
      const origin = (boundPort: number) => `http://${host === '0.0.0.0' ? 'localhost' : host}:${boundPort}`;
      if (metricsServer && security.metrics.port !== null)
        metricsUrl = `${origin(await listenOn(metricsServer, security.metrics.port))}/metrics`;
      return `${origin(await listenOn(server, port))}/graphql`;
    },
    async close() {
      shuttingDown = true;
      // Stop accepting first (the drain closes the listener at once), so no client connects after the 1001s.
      const drained = drainHttpServer(server, security.shutdownGraceMs);
      // Sockets close with 1001 before their cohorts end, so clients resume from their cursor instead of
      // seeing their subscriptions complete.
      socketServer.dispose(1001, 'Server shutting down');
      cohorts.close();
      reviewNotices.close();
      revocations.close();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await drained;
      if (metricsServer?.listening) await new Promise((resolve) => metricsServer.close(resolve));
      await poller?.close();
      await feed.close();
      horizon?.close();
      await rateLimiters.close();
      await foundation.close();
    },
  };
}
