import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client';
import type { ReplicaRouter } from '../db/replicas';
import type { CohortRegistry } from '../live/cohorts';
import type { LiveFeed } from '../live/feed';
import type { OperationInfo } from './observability';
import type { Route } from './routes';

export type IngestionOutcome = 'added' | 'duplicate' | 'failed';

/**
 * What the ingestion code reports, without importing prom-client: the domain layer can take an
 * `IngestionObserver` (or a plain function of the same shape) and stay ignorant of metrics.
 */
export interface IngestionObserver {
  articleIngested(outcome: IngestionOutcome, count?: number): void;
}

export interface Metrics extends IngestionObserver {
  /**
   * This app's own registry: several apps in one process (tests) never share metrics. The process's own
   * metrics (`processMetrics`) are served beside it on /metrics, not registered on it.
   */
  registry: Registry;
  observeOperation(operation: OperationInfo, seconds: number, errorCodes: string[]): void;
  /** One subscription result pushed to one subscriber, with the error codes it carried. */
  delivered(errorCodes: string[], count?: number): void;
  /** Serves GET /metrics in the Prometheus text format. */
  route: Route;
}

export interface MetricSources {
  feed: LiveFeed;
  cohorts: CohortRegistry;
  database: Pick<Database, 'kind'> & { pool?: PoolLike };
  /** The configured pool size, for PostgreSQL. */
  poolSize?: number;
  /** With DATABASE_REPLICA_URLS: where reads went and how far behind each replica is. */
  replicas?: Pick<ReplicaRouter, 'served' | 'lagBytes' | 'positions' | 'retries'> | null;
}

/** The parts of a pg.Pool the pool gauge reads, should the database layer expose its pool. */
interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

// Operation names come from clients; past this many distinct names, new ones are counted as "other".
const maxOperationNames = 200;
const maxErrorCodes = 50;

/**
 * The process's own metrics (CPU, memory, event loop lag, GC), on a registry of their own made once per
 * process. prom-client's GC metric observes the process with a PerformanceObserver it never disconnects: on
 * an app's registry it kept that registry, and through the gauges' collect callbacks the app's database,
 * alive after the app closed (about 170 MB per closed PGlite app in a test worker).
 */
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  const processOnly = processMetrics();

  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by name and type (HTTP, SSE and WebSocket).',
    labelNames: ['operation_name', 'operation_type'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from parsing to result (for subscriptions: to the start of the stream).',
    labelNames: ['operation_name', 'operation_type'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors returned to clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const delivered = new Counter({
    name: 'live_results_delivered_total',
    help: 'Subscription results pushed to subscribers (one per subscriber per event).',
    registers: [registry],
  });
  const ingested = new Counter({
    name: 'articles_ingested_total',
    help: 'Articles offered for ingestion, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of ['added', 'duplicate', 'failed'] as const) ingested.inc({ outcome }, 0);

  new Gauge({
    name: 'graphql_active_subscriptions',
    help: 'Live subscribers of the developments feed.',
    registers: [registry],
    collect() {
      this.set(sources.cohorts.stats.subscribers);
    },
  });
  new Gauge({
    name: 'live_cohorts',
    help: 'Groups of identical subscriptions that share one execution per event.',
    registers: [registry],
    collect() {
      this.set(sources.cohorts.stats.cohorts);
    },
  });
  mirrorCounter(
    registry,
    'live_events_read_total',
    'Developments read from the log by the live feed.',
    () => sources.feed.stats.events,
  );
  mirrorCounter(
    registry,
    'live_feed_reads_total',
    'Database reads of the log by the live feed.',
    () => sources.feed.stats.reads,
  );
  new Gauge({
    name: 'live_feed_head_sequence',
    help: 'The highest log sequence handed to subscribers.',
    registers: [registry],
    collect() {
      this.set(sources.feed.lastSequence);
    },
  });
  new Gauge({
    name: 'database_pool_connections',
    help: 'Database connections by state (PGlite is one embedded connection; PostgreSQL reports what its pool exposes).',
    labelNames: ['database', 'state'] as const,
    registers: [registry],
    collect() {
      const database = sources.database.kind;
      if (database === 'pglite') {
        this.set({ database, state: 'max' }, 1);
        this.set({ database, state: 'open' }, 1);
        return;
      }
      if (sources.poolSize) this.set({ database, state: 'max' }, sources.poolSize);
      const pool = sources.database.pool;
      if (pool) {
        this.set({ database, state: 'open' }, pool.totalCount);
        this.set({ database, state: 'idle' }, pool.idleCount);
        this.set({ database, state: 'waiting' }, pool.waitingCount);
      }
    },
  });

  const { replicas } = sources;
  if (replicas) {
    new Counter({
      name: 'database_reads_routed_total',
      help: 'Queries and live entries routed to a read source (replica, or primary when none had replayed enough).',
      labelNames: ['source'] as const,
      registers: [registry],
      collect() {
        this.reset();
        this.inc({ source: 'primary' }, replicas.served.primary);
        this.inc({ source: 'replica' }, replicas.served.replica);
      },
    });
    new Counter({
      name: 'database_replica_reads_retried_total',
      help: 'Statements of reads routed to a replica that ran on the primary instead: the replica went away, froze or was taken out (replica_down), or cancelled them in a conflict with its replay (recovery_conflict).',
      labelNames: ['replica', 'reason'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const { name, failure, count } of replicas.retries)
          this.inc(
            { replica: name, reason: failure === 'unavailable' ? 'replica_down' : 'recovery_conflict' },
            count,
          );
      },
    });
    new Gauge({
      name: 'database_replica_lag_bytes',
      help: 'Bytes of log a replica had yet to replay at its last check; absent while it cannot be reached.',
      labelNames: ['replica'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const { name, bytes } of replicas.lagBytes)
          if (bytes !== null) this.set({ replica: name }, bytes);
      },
    });
    new Gauge({
      name: 'database_replica_up',
      help: 'Whether a replica answered its last position check (1) or is skipped (0).',
      labelNames: ['replica'] as const,
      registers: [registry],
      collect() {
        for (const { name, replayed } of replicas.positions)
          this.set({ replica: name }, replayed === null ? 0 : 1);
      },
    });
  }

  const names = new Set<string>();
  const codes = new Set<string>();
  const nameLabel = (name: string) => {
    if (names.has(name)) return name;
    if (names.size >= maxOperationNames) return 'other';
    names.add(name);
    return name;
  };
  const countErrors = (errorCodes: string[], times = 1) => {
    for (const code of errorCodes) {
      if (!codes.has(code) && codes.size < maxErrorCodes) codes.add(code);
      errors.inc({ code: codes.has(code) ? code : 'OTHER' }, times);
    }
  };

  return {
    registry,
    observeOperation(operation, seconds, errorCodes) {
      const labels = { operation_name: nameLabel(operation.name), operation_type: operation.type };
      operations.inc(labels);
      durations.observe(labels, seconds);
      countErrors(errorCodes);
    },
    delivered(errorCodes, count = 1) {
      delivered.inc(count);
      countErrors(errorCodes, count);
    },
    articleIngested(outcome, count = 1) {
      ingested.inc({ outcome }, count);
    },
    async route(request, response, pathname) {
      if (pathname !== '/metrics') return false;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD' }).end();
        return true;
      }
      const body = (await processOnly.metrics()) + (await registry.metrics());
      response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
      return true;
    },
  };
}

/** A Prometheus counter whose value is read from a monotonic count kept elsewhere. */
function mirrorCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}
