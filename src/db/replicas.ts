import type pg from 'pg';
import type { SqlReader } from '../read/driver';
import type { Db } from './client';
import type { ReplicaFailure, ReplicaWatch } from './replica-retry';

/**
 * A position in PostgreSQL's write-ahead log (an LSN such as `16/B374D848`), as a number: the primary's
 * position after a commit says how far a replica must have replayed to show that commit.
 */
export type WalPosition = bigint;

const walPositionPattern = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

/** Reads an LSN as PostgreSQL prints it; null for anything else. */
export function parseWalPosition(text: string): WalPosition | null {
  const match = walPositionPattern.exec(text);
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** Prints a position as PostgreSQL does (`pg_lsn` text), so clients can compare it with the server's. */
export function formatWalPosition(position: WalPosition): string {
  return `${(position >> 32n).toString(16).toUpperCase()}/${(position & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** Where a read's statements go: the primary or one replica, each with its Prisma client and driver reader. */
export interface ReadSource {
  name: string;
  prisma: Db;
  reader: SqlReader;
}

export interface Replica extends ReadSource {
  pool: pg.Pool;
  /** What its `prisma` and `reader` retry on the primary by (./replica-retry.ts): kept up or down here. */
  watch: ReplicaWatch;
}

interface ReplicaState {
  replica: Replica;
  /** How far it has replayed at its last check; null while it cannot be reached (or is not a replica). */
  replayed: WalPosition | null;
  /** Set once a failed check was reported, so a replica that stays away is reported once, not every check. */
  failing: boolean;
  /** Set once the server was found to be a copy of this primary's cluster (same system identifier). */
  sameCluster: boolean;
  /** The check still waiting for this server's answer: a server that hangs gets one, not a pile of them. */
  pending: Promise<void> | null;
}

export interface ReplicaRouterOptions {
  /** How often every replica's replay position is read. */
  checkIntervalMs: number;
  /**
   * How long a check waits for a server before taking it as unreachable (default 1000 ms). Without it a
   * server that hangs (a frozen host, a partition) would hold every later check and keep its last position.
   */
  checkTimeoutMs?: number;
  onError?: (error: unknown, replica: string) => void;
}

/**
 * Sends reads to replicas that have replayed far enough, and everything else to the primary.
 *
 * Prisma's read-replica extension picks a replica at random and knows nothing of lag; here each replica's
 * replay position is read every `checkIntervalMs` (and at once when a read needed more than was known), so
 * a read that must see a write (`sourceFor(position)`) is only served by a replica that has replayed it, or
 * else by the primary. A replica that fails its check is skipped until it answers again.
 */
export class ReplicaRouter {
  private readonly states: ReplicaState[];
  private turn = 0;
  private checking: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** Reads routed to each kind of source, for metrics and tests. */
  readonly served = { primary: 0, replica: 0 };

  constructor(
    readonly primary: ReadSource & { pool: pg.Pool },
    replicas: Replica[],
    private readonly options: ReplicaRouterOptions,
  ) {
    this.states = replicas.map((replica) => ({
      replica,
      replayed: null,
      failing: false,
      sameCluster: false,
      pending: null,
    }));
    // A statement the replica failed because it went away takes it out at once, as a dropped idle
    // connection does; a conflict with its replay says nothing about its health.
    for (const replica of replicas)
      replica.watch.onFailure = (failure) => {
        if (failure === 'unavailable') this.unreachable(replica.name);
      };
  }

  /** Reads every replica's position once, then keeps doing so in the background. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  /** The primary, for a read that only it is known to serve (counted like the others). */
  primarySource(): ReadSource {
    this.served.primary += 1;
    return this.primary;
  }

  /** Statements of reads routed to each replica that ran on the primary instead, by what moved them. */
  get retries(): { name: string; failure: ReplicaFailure; count: number }[] {
    return this.states.flatMap((state) =>
      (['unavailable', 'conflict'] as const).map((failure) => ({
        name: state.replica.name,
        failure,
        count: state.replica.watch.retried[failure],
      })),
    );
  }

  /** The replicas and how far each had replayed at its last check (null: unreachable). */
  get positions(): { name: string; replayed: WalPosition | null }[] {
    return this.states.map((state) => ({ name: state.replica.name, replayed: state.replayed }));
  }

  /**
   * The primary's current position: every write committed before the call is at or below it. The insert
   * position, not pg_current_wal_lsn() (what has been written out): with synchronous_commit = off a commit
   * returns before its record is written, so the written position can be short of it. (Right after a
   * page boundary the insert position is past the next page's header, which no replica reaches before the
   * next record: a read needing it goes to the primary until then, which is slower, never stale.)
   */
  async primaryPosition(): Promise<WalPosition> {
    const { rows } = await this.primary.pool.query<{ lsn: string }>(
      'SELECT pg_current_wal_insert_lsn()::text AS lsn',
    );
    return parsePosition(rows[0].lsn);
  }

  /**
   * The source for a read that must show every write up to `atLeast` (null: any replica will do): a
   * replica known to have replayed that far, taken in turn, else the primary. Never waits: when no replica
   * is known to be far enough, a fresh check starts for the reads that follow (at most one per tenth of
   * the interval, 10 ms by default: under lag every read would start one, hundreds a second of statements
   * on the primary it is meant to spare), and this one goes to the primary (a wait here would hold up
   * cache hits and live entries alike).
   */
  sourceFor(atLeast: WalPosition | null): ReadSource {
    const known = this.pick(atLeast);
    if (known) return known;
    const now = Date.now();
    if (this.states.length && now - this.lastEarlyCheck >= this.options.checkIntervalMs / 10) {
      this.lastEarlyCheck = now;
      void this.check();
    }
    return this.primarySource();
  }

  /** When a read last started a check ahead of the interval. */
  private lastEarlyCheck = 0;

  private pick(atLeast: WalPosition | null): ReadSource | null {
    for (let tried = 0; tried < this.states.length; tried += 1) {
      const state = this.states[(this.turn + tried) % this.states.length];
      if (state.replayed === null || (atLeast !== null && state.replayed < atLeast)) continue;
      this.turn = (this.turn + tried + 1) % this.states.length;
      this.served.replica += 1;
      return state.replica;
    }
    return null;
  }

  /** The primary's position at the last check that could read it (for the lag metric). */
  primaryAtCheck: WalPosition | null = null;

  /**
   * How far each replica is behind the primary, in bytes of log, as of the last check (null: unreachable).
   * Read before the replicas, the primary's position can make a replica look slightly ahead: shown as 0.
   */
  get lagBytes(): { name: string; bytes: number | null }[] {
    return this.states.map((state) => ({
      name: state.replica.name,
      bytes:
        state.replayed === null || this.primaryAtCheck === null
          ? null
          : Number(this.primaryAtCheck > state.replayed ? this.primaryAtCheck - state.replayed : 0n),
    }));
  }

  /** Reads every replica's replay position; one check at a time, which callers arriving meanwhile share. */
  check(): Promise<void> {
    this.checking ??= Promise.all([
      this.checkPrimary(),
      ...this.states.map((state) => this.checkWithin(state)),
    ]).then(
      () => {
        this.checking = null;
      },
      () => {
        this.checking = null;
      },
    );
    return this.checking;
  }

  private get checkTimeoutMs(): number {
    return this.options.checkTimeoutMs ?? 1000;
  }

  private async checkPrimary(): Promise<void> {
    const position = this.primaryPosition().catch(() => null);
    this.primaryAtCheck = (await settledWithin(this.checkTimeoutMs, position)) ? await position : null;
  }

  /** One replica's check, given up on (the replica skipped) when it does not answer in time. */
  private async checkWithin(state: ReplicaState): Promise<void> {
    // Still waiting for an earlier check, which timed out: the server stays skipped, and the other
    // replicas' checks keep their pace instead of waiting on it again.
    if (state.pending) return this.fail(state, new Error(`${state.replica.name} has not answered yet`));
    state.pending = this.checkOne(state).finally(() => {
      state.pending = null;
    });
    if (await settledWithin(this.checkTimeoutMs, state.pending)) return;
    this.fail(state, new Error(`${state.replica.name} did not answer within ${this.checkTimeoutMs} ms`));
  }

  /** Told that a replica's connection failed: skipped until a check finds it answering again. */
  unreachable(name: string): void {
    const state = this.states.find((candidate) => candidate.replica.name === name);
    if (!state || state.replayed === null) return;
    this.fail(state, new Error(`${name} dropped a connection`));
    void this.check();
  }

  private fail(state: ReplicaState, error: unknown): void {
    state.replayed = null;
    // Reads already sent there are given up and run on the primary: a frozen server would hold them.
    state.replica.watch.markDown();
    // Whatever answers at that address next may be another server: its cluster is checked again.
    state.sameCluster = false;
    if (!state.failing) this.options.onError?.(error, state.replica.name);
    state.failing = true;
  }

  /** The primary's cluster identifier, read once: a replica must be a copy of that cluster. */
  private primaryCluster: Promise<string> | null = null;

  private async clusterOf(pool: pg.Pool): Promise<string> {
    const { rows } = await pool.query<{ id: string }>(
      'SELECT system_identifier::text AS id FROM pg_control_system()',
    );
    return rows[0].id;
  }

  private async checkOne(state: ReplicaState): Promise<void> {
    try {
      if (!state.sameCluster) {
        // Positions of another cluster (a replica of some other primary) say nothing about this one's writes.
        this.primaryCluster ??= this.clusterOf(this.primary.pool).catch((error: unknown) => {
          this.primaryCluster = null;
          throw error;
        });
        const [primary, replica] = await Promise.all([
          this.primaryCluster,
          this.clusterOf(state.replica.pool),
        ]);
        if (primary !== replica)
          throw new Error(
            `${state.replica.name} is a copy of another cluster (system ${replica}, primary ${primary})`,
          );
        state.sameCluster = true;
      }
      const { rows } = await state.replica.pool.query<{ lsn: string | null; recovering: boolean }>(
        'SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AS recovering',
      );
      const [{ lsn, recovering }] = rows;
      // A server that is not replaying (a promoted replica, or the primary named by mistake) has positions
      // of its own that say nothing about the primary's writes: it serves no reads.
      if (!recovering || lsn === null)
        throw new Error(`${state.replica.name} is not replaying the primary's log`);
      const replayed = parsePosition(lsn);
      // Positions only grow; an older answer overtaken by a newer one is not taken.
      if (state.replayed === null || replayed > state.replayed) state.replayed = replayed;
      state.failing = false;
      state.replica.watch.markUp();
    } catch (error) {
      this.fail(state, error);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }
}

/**
 * The newest write this process knows of, for the response cache: an answer may be stored only if it was
 * read from a source that has replayed that far (src/server/read-sources.ts). Commits made here are
 * known at once but their position only once the primary has told it, so `position` is null meanwhile
 * (nothing short of the primary is known to have them). Other processes' writes arrive with the live
 * feed's entries (`advance`). Every advance calls `onAdvance`, which drops the cached answers.
 */
export class WriteHorizon {
  private known: WalPosition = 0n;
  private reading = 0;
  private closed = false;

  constructor(
    private readonly readPosition: () => Promise<WalPosition>,
    private readonly onAdvance: () => void,
    private readonly retryMs = 200,
  ) {}

  /** The newest known write's position; null while a commit's position is still being read. */
  get position(): WalPosition | null {
    return this.reading ? null : this.known;
  }

  advance(position: WalPosition): void {
    if (position <= this.known) return;
    this.known = position;
    this.onAdvance();
  }

  /** A write committed here: its position is read from the primary, again and again until that succeeds. */
  noteCommit(): void {
    this.reading += 1;
    void (async () => {
      for (let attempt = 0; !this.closed; attempt += 1) {
        try {
          this.advance(await this.readPosition());
          break;
        } catch {
          await delay(Math.min(this.retryMs * 2 ** attempt, 5000));
        }
      }
      this.reading -= 1;
    })();
  }

  /** The primary's position now (at or past every write committed before the call), made known. */
  async readNow(): Promise<WalPosition> {
    const position = await this.readPosition();
    this.advance(position);
    return position;
  }

  close(): void {
    this.closed = true;
  }
}

function parsePosition(text: string): WalPosition {
  const position = parseWalPosition(text);
  if (position === null) throw new Error(`unexpected WAL position from the database: ${text}`);
  return position;
}

/** Whether `work` settles within `ms` (it goes on either way). */
async function settledWithin(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

const delay = (ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
  });
