import type { SqlReader } from '../read/driver';

/**
 * Why a statement failed on a replica when the replica, not the statement, is to blame: the server or the
 * connection went away (`unavailable`: stopped, crashed, reset, refused, or taken out by the router while
 * the statement ran, e.g. frozen past the position check's timeout), or hot standby cancelled it in a
 * conflict with the log it replays (`conflict`: SQLSTATE 40001, or 40P01 for a deadlock with recovery).
 */
export type ReplicaFailure = 'unavailable' | 'conflict';

/**
 * Statements of a read that was routed to a replica are retried on the primary when the replica fails
 * them, once, transparently (src/db/replicas.ts routes, this moves). Per statement, not per request: a
 * query's statements are independent reads, each its own snapshot, as they are on the primary alone; a
 * statement answered by the primary sees at least what the replica would have (the primary is at or past
 * every replica), so a presented `readAfterLsn` and the response cache's horizon, met by the replica when
 * the read was routed, are met by the primary too. Retrying the whole request instead would run again the
 * statements already answered and cannot take back a streamed part. A failure that is the statement's own
 * (bad input, our statement timeout, a write refused by a read-only server) is not retried: the primary
 * would fail it the same way, or slow down for nothing.
 */
export class ReplicaWatch {
  /** False once the router has taken the replica out: statements of reads routed before go to the primary. */
  up = true;
  /** Statements moved to the primary, by what made them move (for metrics and tests). */
  readonly retried: Record<ReplicaFailure, number> = { unavailable: 0, conflict: 0 };
  /** Set by the router: told of each failure (an `unavailable` one takes the replica out). */
  onFailure: (failure: ReplicaFailure) => void = () => {};
  /** The statements waiting on the replica, by how to give each up. */
  private readonly running = new Set<(reason: unknown) => void>();

  /**
   * The replica was taken out (a failed or late position check, a dropped connection): statements still
   * waiting for it are given up and run on the primary. Without this, a read sent to a replica that froze
   * (a hung host, a partition) waited until the replica came back, or for ever.
   */
  markDown(): void {
    this.up = false;
    const running = [...this.running];
    this.running.clear();
    for (const reject of running) reject(new ReplicaAbandoned());
  }

  markUp(): void {
    this.up = true;
  }

  /** A statement the replica failed (or was out for) that runs on the primary instead. */
  moved(failure: ReplicaFailure): void {
    this.retried[failure] += 1;
    this.onFailure(failure);
  }

  /** A statement the replica failed that stays failed (a transaction with one snapshot), or ends one. */
  failed(failure: ReplicaFailure): void {
    this.onFailure(failure);
  }

  /**
   * `work`'s outcome, or a `ReplicaAbandoned` error as soon as the replica is taken out while it runs.
   * A result that arrives after that is handed to `late` (a transaction to give back), or dropped.
   */
  guard<T>(work: Promise<T>, late?: (value: T) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Still in `running` when it settles: not given up (markDown empties it).
      this.running.add(reject);
      work.then(
        (value) => {
          if (this.running.delete(reject)) resolve(value);
          else late?.(value);
        },
        (error: unknown) => {
          if (this.running.delete(reject)) reject(error);
        },
      );
    });
  }
}

/** A statement given up because its replica was taken out while it ran. */
export class ReplicaAbandoned extends Error {
  constructor() {
    super('the replica was taken out while the statement ran');
  }
}

/**
 * One statement of a read routed to a replica: run there, or on the primary when the replica is already
 * out or fails it for a reason of its own (at most once: the primary's answer or error is final).
 */
export async function readOnReplica<T>(
  watch: ReplicaWatch,
  onReplica: () => Promise<T>,
  onPrimary: () => Promise<T>,
): Promise<T> {
  if (!watch.up) {
    watch.moved('unavailable');
    return onPrimary();
  }
  let failure: ReplicaFailure | null;
  try {
    return await watch.guard(onReplica());
  } catch (error) {
    failure = replicaFailure(error);
    if (!failure) throw error;
  }
  watch.moved(failure);
  return onPrimary();
}

/** The hand-written reader of a replica (src/read/driver.ts), its statements retried on the primary's. */
export function retryingReader(replica: SqlReader, primary: SqlReader, watch: ReplicaWatch): SqlReader {
  return {
    rows: (statement) =>
      readOnReplica(
        watch,
        () => replica.rows(statement),
        () => primary.rows(statement),
      ),
  };
}

// Server-side codes: the server is going away or cannot take the connection (admin_shutdown, crash_shutdown,
// cannot_connect_now, too_many_connections) and class 08 (connection exception).
const unavailableCodes = new Set(['57P01', '57P02', '57P03', '53300']);
// How @prisma/adapter-pg names socket failures (its DriverAdapterError's cause.kind).
const unavailableKinds = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// pg's own errors for a connection that ended or never opened (they carry no code).
const unavailableMessages =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect/i;

/**
 * Whether an error a replica gave is the replica's (retry on the primary) or the statement's (null: not
 * retried). Read through the wrappings: pg's error, @prisma/adapter-pg's DriverAdapterError (whose `cause`
 * has `kind` and `originalCode`), and Prisma's own (`meta.driverAdapterError`). A hot standby never runs
 * serializable transactions, so 40001 and 40P01 there are always conflicts with recovery.
 */
export function replicaFailure(error: unknown): ReplicaFailure | null {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current);) {
    seen.add(current);
    if (current instanceof ReplicaAbandoned) return 'unavailable';
    const { code, originalCode, kind, message, originalMessage } = current as Record<string, unknown>;
    const codes = [code, originalCode].filter((value): value is string => typeof value === 'string');
    // Our own statement timeout (57014): the primary would run out of time the same way.
    if (codes.includes('57014')) return null;
    if (codes.some((value) => value === '40001' || value === '40P01')) return 'conflict';
    if (
      codes.some((value) => unavailableCodes.has(value) || value.startsWith('08') || socketCodes.has(value))
    )
      return 'unavailable';
    if (typeof kind === 'string' && unavailableKinds.has(kind)) return 'unavailable';
    for (const text of [message, originalMessage])
      if (typeof text === 'string' && unavailableMessages.test(text)) return 'unavailable';
    current =
      (current as { cause?: unknown }).cause ??
      (current as { meta?: { driverAdapterError?: unknown } }).meta?.driverAdapterError;
  }
  return null;
}
