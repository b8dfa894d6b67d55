import { z } from 'zod';

// Parsed once at start; everything else receives a typed Config and never reads process.env.
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  PGLITE_DIR: z.string().default('./data/pglite'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // Comma-separated streaming replicas of DATABASE_URL: queries are read there (src/db/replicas.ts).
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.string().regex(/^postgres(ql)?:\/\//, 'each replica must be a postgres:// or postgresql:// URL'),
        )
        .max(16),
    )
    .optional(),
  // How often each replica's replay position is read (a read that needs more also checks at once).
  DATABASE_REPLICA_CHECK_MS: z.coerce.number().int().min(10).max(60_000).default(100),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_CHANNEL_PREFIX: z.string().min(1).default('negotiations'),
  SEED_ON_EMPTY: booleanFlag.default(true),
  LIVE_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  RESPONSE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  IDEMPOTENCY_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(5_000),
  // A deterministic crash for fault tests (scripts/soak): only under NODE_ENV=test, refused otherwise below.
  FAULT_POINT: z.enum(['after-commit']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // OpenTelemetry's own variable name: where to send traces (OTLP over HTTP). Unset: tracing is off.
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ message: 'must be an http(s) URL' }).optional(),
  GRAPHIQL: booleanFlag.optional(),
  INTROSPECTION: booleanFlag.optional(),
  // Hardening (see SECURITY.md): who may read, how fast keys may write, how big requests may be.
  PUBLIC_READS: booleanFlag.default(true),
  MUTATION_RATE_POINTS: z.coerce.number().int().min(1).default(60),
  MUTATION_RATE_DURATION_S: z.coerce.number().int().min(1).default(60),
  // At least the cost limit (100,000), so that every operation the page limits accept can run.
  READ_RATE_POINTS: z.coerce.number().int().min(100_000).default(250_000),
  READ_RATE_DURATION_S: z.coerce.number().int().min(1).default(60),
  MAX_REQUEST_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024),
  WS_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  WS_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  // Deadlines (0: off). The statement timeout is below the operation deadline, so a slow statement fails
  // as TIMEOUT on the database side and frees its connection rather than running on unseen.
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  OPERATION_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).max(10_000).default(50),
  WS_MAX_SOCKETS_PER_IP: z.coerce.number().int().min(1).default(50),
  WS_MAX_SOCKETS: z.coerce.number().int().min(1).default(20_000),
  SSE_MAX_STREAMS_PER_IP: z.coerce.number().int().min(1).default(50),
  // Unset: /metrics is served on PORT (behind a metrics:read key when METRICS_REQUIRE_KEY, default in production).
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_REQUIRE_KEY: booleanFlag.optional(),
  // At most 4 s, so that an open socket of a revoked key closes within 5 s.
  API_KEY_RECHECK_MS: z.coerce.number().int().min(100).max(4000).default(2000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(9000).default(8000),
  // Feed polling (src/sources/). The poller runs inside every server process; leases keep them apart.
  FEEDS_POLLER: booleanFlag.default(true),
  FEEDS_ALLOW_PRIVATE: booleanFlag.default(false),
  FEEDS_CONTACT: z.string().min(3).default('mailto:admin@localhost'),
  FEEDS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  FEEDS_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  FEEDS_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  FEEDS_TICK_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  FEEDS_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  FEEDS_TEST_POLL_NOW: booleanFlag.default(false),
  // Comma-separated addresses, CIDR ranges or loopback/linklocal/uniquelocal whose X-Forwarded-For is believed.
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .superRefine((entries, context) => {
      for (const entry of entries) {
        if (!/^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(entry)) {
          context.addIssue({ code: 'custom', message: `not an address, CIDR range or proxy name: ${entry}` });
        }
      }
    }),
});

export type DatabaseConfig =
  | {
      kind: 'pglite';
      dataDir: string;
      /**
       * A data directory to start from, as PGlite's dumpDataDir writes it (a tarball): tests start each
       * in-memory database from one migrated copy instead of running initdb and the migrations again.
       */
      loadDataDir?: Blob;
    }
  | {
      kind: 'postgres';
      url: string;
      poolSize: number;
      /** Streaming replicas of `url`, for queries (each gets a pool of `poolSize`); none when absent. */
      replicaUrls?: string[];
      /** How often the replicas' replay positions are read. */
      replicaCheckMs?: number;
    };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: DatabaseConfig;
  redis: { url: string; channelPrefix: string } | null;
  seedOnEmpty: boolean;
  /** How often the live feed reads the log without a signal: the safety net for lost wake-ups. */
  livePollMs: number;
  /** How long a public query's answer may be served from memory; 0 turns the response cache off. */
  responseCacheTtlMs: number;
  /** How long a retry waits for a concurrent write with the same idempotency key (IDEMPOTENCY_KEY_IN_USE after). */
  idempotencyWaitMs: number;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  /**
   * Test only: `after-commit` makes the process kill itself (SIGKILL) right after the first write that
   * appended to the log commits, before it announces the entries or answers: the crash between commit
   * and publish, at a known moment. Null outside NODE_ENV=test (loadConfig refuses it there).
   */
  faultPoint: 'after-commit' | null;
  /** OpenTelemetry traces (src/server/tracing.ts); null, the default, installs no hooks at all. */
  tracing: { otlpUrl: string } | null;
  graphiql: boolean;
  introspection: boolean;
  security: SecurityConfig;
  feeds: FeedsConfig;
}

export interface FeedsConfig {
  /** Whether this process runs the poller (on by default; tests turn it on where they need it). */
  poller: boolean;
  /** Whether feeds and pages on private, loopback and link-local addresses may be fetched (off by default). */
  allowPrivate: boolean;
  /** The contact address in the User-Agent, so that a site's operator can reach whoever runs the poller. */
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** How often the poller looks for due sources. */
  tickMs: number;
  /** How long a poller holds a source (renewed while it works) or a host before another may take it. */
  leaseMs: number;
  /** Test only (refused unless NODE_ENV=test): every enabled source is due at every tick. */
  testPollNow: boolean;
}

export interface SecurityConfig {
  /** When false, queries and subscriptions need an API key with the `read` scope. */
  publicReads: boolean;
  /** Mutation fields one API key may run per `rateDurationSeconds` (shared through Redis when configured). */
  mutationRatePoints: number;
  mutationRateDurationSeconds: number;
  /** Read cost (objects a query can return) one API key, or one client address without a key, may spend per window. */
  readRatePoints: number;
  readRateDurationSeconds: number;
  /** Largest HTTP request body; bigger ones get 413 before parsing. */
  maxRequestBytes: number;
  /** Largest graphql-ws message; bigger ones close that socket (1009). */
  wsMaxPayloadBytes: number;
  /** A socket that does not send connection_init in time is closed with 4408. */
  wsConnectionInitTimeoutMs: number;
  /** A subscriber whose unsent data exceeds this is disconnected so it cannot hold memory. */
  wsMaxBufferedBytes: number;
  /** PostgreSQL statement_timeout of request connections, in ms (0: none); not applied by PGlite. */
  statementTimeoutMs: number;
  /** How long a query may run before it is answered with TIMEOUT, in ms (0: no deadline). */
  operationTimeoutMs: number;
  /** Operations one graphql-ws socket may run at once; the next gets TOO_MANY_SUBSCRIPTIONS. */
  wsMaxSubscriptionsPerSocket: number;
  /** Open graphql-ws sockets per client address (HTTP 429 at the upgrade past it). */
  wsMaxSocketsPerAddress: number;
  /** Open graphql-ws sockets per process (HTTP 503 at the upgrade past it). */
  wsMaxSockets: number;
  /** Open SSE subscription streams per client address (TOO_MANY_STREAMS, HTTP 429, past it). */
  sseMaxStreamsPerAddress: number;
  /** Where /metrics is served and whether it needs a key there (see src/server/metrics-access.ts). */
  metrics: { port: number | null; requireKey: boolean };
  /** How often the keys of open sockets and SSE streams are checked for revocation (one query for all). */
  apiKeyRecheckMs: number;
  /** How long shutdown waits for in-flight requests before cutting connections (the process exits by 10 s). */
  shutdownGraceMs: number;
  /** Proxies whose X-Forwarded-For names the client (src/server/client-address.ts); empty: never read it. */
  trustedProxies: string[];
}

/**
 * NODE_ENV alone, for module-level code that runs before a Config exists (the schema builder's dev warnings).
 * An invalid value reads as development here; loadConfig reports it.
 */
export function runtimeEnvironment(environment: NodeJS.ProcessEnv = process.env): Config['env'] {
  const parsed = environmentSchema.shape.NODE_ENV.safeParse(environment.NODE_ENV || undefined);
  return parsed.success ? parsed.data : 'development';
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  if (env.DATABASE_REPLICA_URLS?.length && !env.DATABASE_URL)
    throw new ConfigError([
      'DATABASE_REPLICA_URLS: replicas need a primary, so DATABASE_URL must be set too',
    ]);
  if (env.FEEDS_TEST_POLL_NOW && env.NODE_ENV !== 'test')
    throw new ConfigError(['FEEDS_TEST_POLL_NOW: is a test hook, accepted only with NODE_ENV=test']);
  if (env.FAULT_POINT && env.NODE_ENV !== 'test') {
    throw new ConfigError([
      `FAULT_POINT: crashes on purpose, so it is accepted only with NODE_ENV=test (NODE_ENV is ${env.NODE_ENV})`,
    ]);
  }
  const production = env.NODE_ENV === 'production';
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    database: env.DATABASE_URL
      ? {
          kind: 'postgres',
          url: env.DATABASE_URL,
          poolSize: env.DATABASE_POOL_SIZE,
          replicaUrls: env.DATABASE_REPLICA_URLS ?? [],
          replicaCheckMs: env.DATABASE_REPLICA_CHECK_MS,
        }
      : { kind: 'pglite', dataDir: env.PGLITE_DIR },
    redis: env.REDIS_URL ? { url: env.REDIS_URL, channelPrefix: env.REDIS_CHANNEL_PREFIX } : null,
    seedOnEmpty: env.SEED_ON_EMPTY,
    livePollMs: env.LIVE_POLL_MS,
    responseCacheTtlMs: env.RESPONSE_CACHE_TTL_MS,
    idempotencyWaitMs: env.IDEMPOTENCY_WAIT_MS,
    logLevel: env.LOG_LEVEL,
    faultPoint: env.FAULT_POINT ?? null,
    tracing: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
      ? { otlpUrl: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT }
      : null,
    graphiql: env.GRAPHIQL ?? !production,
    introspection: env.INTROSPECTION ?? !production,
    security: {
      publicReads: env.PUBLIC_READS,
      mutationRatePoints: env.MUTATION_RATE_POINTS,
      mutationRateDurationSeconds: env.MUTATION_RATE_DURATION_S,
      readRatePoints: env.READ_RATE_POINTS,
      readRateDurationSeconds: env.READ_RATE_DURATION_S,
      maxRequestBytes: env.MAX_REQUEST_BYTES,
      wsMaxPayloadBytes: env.WS_MAX_PAYLOAD_BYTES,
      wsConnectionInitTimeoutMs: env.WS_CONNECTION_INIT_TIMEOUT_MS,
      wsMaxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      operationTimeoutMs: env.OPERATION_TIMEOUT_MS,
      wsMaxSubscriptionsPerSocket: env.WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
      wsMaxSocketsPerAddress: env.WS_MAX_SOCKETS_PER_IP,
      wsMaxSockets: env.WS_MAX_SOCKETS,
      sseMaxStreamsPerAddress: env.SSE_MAX_STREAMS_PER_IP,
      metrics: { port: env.METRICS_PORT ?? null, requireKey: env.METRICS_REQUIRE_KEY ?? production },
      apiKeyRecheckMs: env.API_KEY_RECHECK_MS,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
      trustedProxies: env.TRUSTED_PROXIES,
    },
    feeds: {
      poller: env.FEEDS_POLLER,
      allowPrivate: env.FEEDS_ALLOW_PRIVATE,
      userAgent: `gaza-negotiations-poller/0.1 (+${env.FEEDS_CONTACT})`,
      timeoutMs: env.FEEDS_TIMEOUT_MS,
      maxBytes: env.FEEDS_MAX_BYTES,
      maxRedirects: env.FEEDS_MAX_REDIRECTS,
      tickMs: env.FEEDS_TICK_MS,
      leaseMs: env.FEEDS_LEASE_MS,
      testPollNow: env.FEEDS_TEST_POLL_NOW,
    },
  };
}
