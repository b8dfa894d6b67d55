import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';
import {
  ReplicaAbandoned,
  readOnReplica,
  replicaFailure,
  type ReplicaFailure,
  type ReplicaWatch,
} from './replica-retry';
import { forwarding } from './tracing';

/**
 * A replica's Prisma driver adapter whose statements are retried on the primary's (./replica-retry.ts):
 * each statement on its own, and a transaction as a whole (below). The primary's adapter is made beside
 * the replica's (on the primary's request pool, so a retry counts against the same connections as any
 * read there); it opens nothing until a retry uses it.
 */
export function retryingAdapterFactory(
  replica: SqlDriverAdapterFactory,
  primary: SqlDriverAdapterFactory,
  watch: ReplicaWatch,
): SqlDriverAdapterFactory {
  return forwarding(replica, {
    connect: async () => {
      const [onReplica, onPrimary] = await Promise.all([replica.connect(), primary.connect()]);
      return retryingAdapter(onReplica, onPrimary, watch);
    },
  });
}

function retryingAdapter(
  replica: SqlDriverAdapter,
  primary: SqlDriverAdapter,
  watch: ReplicaWatch,
): SqlDriverAdapter {
  return forwarding(replica, {
    queryRaw: (query) =>
      readOnReplica(
        watch,
        () => replica.queryRaw(query),
        () => primary.queryRaw(query),
      ),
    executeRaw: (query) =>
      readOnReplica(
        watch,
        () => replica.executeRaw(query),
        () => primary.executeRaw(query),
      ),
    startTransaction: async (isolationLevel) => {
      if (!watch.up) {
        watch.moved('unavailable');
        return primary.startTransaction(isolationLevel);
      }
      let transaction: Transaction;
      try {
        // Opening one may wait for a connection to a server that froze: given up when it is taken out.
        transaction = await watch.guard(replica.startTransaction(isolationLevel), giveBack);
      } catch (error) {
        const failure = replicaFailure(error);
        if (!failure) throw error;
        watch.moved(failure);
        return primary.startTransaction(isolationLevel);
      }
      return new RetryingTransaction(transaction, primary, isolationLevel, watch);
    },
    dispose: async () => {
      await replica.dispose();
      await primary.dispose();
    },
  });
}

// Isolation levels where each statement takes its own snapshot: a statement answered by the primary after
// others were answered by the replica is then what a commit between two statements would give. Unset is
// PostgreSQL's default, READ COMMITTED.
const statementSnapshots = new Set<IsolationLevel | undefined>([
  undefined,
  'READ UNCOMMITTED',
  'READ COMMITTED',
]);
const ending = new Set(['COMMIT', 'ROLLBACK']);

/**
 * A read transaction begun on a replica (search: set_config, then three statements). When the replica
 * fails one of its statements, the transaction moves to the primary: a transaction is begun there, the
 * statements already run are run again (their settings, set_config(…, true), live in the transaction)
 * and the rest goes on there. With one snapshot for the whole transaction (REPEATABLE READ, SERIALIZABLE)
 * it moves only if nothing was answered yet: earlier answers from the replica's snapshot and later ones
 * from the primary's would break the isolation asked for. A savepoint makes it stay as well (none of the
 * reads takes one). The replica's connection is given back to its pool once its statement has settled
 * (rolled back first: a thawed server would otherwise hand the next read an open transaction).
 */
class RetryingTransaction implements Transaction {
  private current: Transaction;
  private moved = false;
  /** Set when the replica failed a statement and the transaction could not move: it is only ended. */
  private broken = false;
  private savepoints = false;
  private readonly ran: SqlQuery[] = [];

  constructor(
    private readonly replica: Transaction,
    private readonly primary: SqlDriverAdapter,
    private readonly isolationLevel: IsolationLevel | undefined,
    private readonly watch: ReplicaWatch,
  ) {
    this.current = replica;
  }

  get provider() {
    return this.current.provider;
  }
  get adapterName() {
    return this.current.adapterName;
  }
  get options() {
    return this.current.options;
  }

  queryRaw(query: SqlQuery) {
    return this.run(query, (transaction) => transaction.queryRaw(query));
  }

  executeRaw(query: SqlQuery) {
    return this.run(query, (transaction) => transaction.executeRaw(query));
  }

  private async run<T>(query: SqlQuery, statement: (transaction: Transaction) => Promise<T>): Promise<T> {
    if (this.moved) return statement(this.current);
    // Ending a read-only transaction whose replica failed: there is nothing to keep or undo (commit() and
    // rollback() give its connection back).
    const ends = ending.has(query.sql.trim().toUpperCase());
    if (this.broken && ends) return 0 as T;
    let failure: ReplicaFailure | null;
    try {
      if (!this.watch.up) throw new ReplicaAbandoned();
      const result = await this.watch.guard(statement(this.replica));
      this.ran.push(query);
      return result;
    } catch (error) {
      // Taken out while it ran: whatever the statement said last, the replica is not to be asked again.
      failure = this.watch.up ? replicaFailure(error) : 'unavailable';
      if (!failure) throw error;
      if (ends || this.savepoints || !(statementSnapshots.has(this.isolationLevel) || !this.ran.length)) {
        this.broken = true;
        this.watch.failed(failure);
        if (ends) return 0 as T;
        throw error;
      }
    }
    await this.moveToPrimary();
    this.watch.moved(failure);
    return statement(this.current);
  }

  private async moveToPrimary(): Promise<void> {
    const onPrimary = await this.primary.startTransaction(this.isolationLevel);
    try {
      for (const query of this.ran) await onPrimary.executeRaw(query);
    } catch (error) {
      giveBack(onPrimary);
      throw error;
    }
    giveBack(this.replica);
    this.current = onPrimary;
    this.moved = true;
  }

  async commit() {
    if (this.broken) return giveBack(this.replica);
    await this.current.commit();
  }

  async rollback() {
    if (this.broken) return giveBack(this.replica);
    await this.current.rollback();
  }

  async createSavepoint(name: string) {
    this.savepoints = true;
    await this.current.createSavepoint?.(name);
  }

  async rollbackToSavepoint(name: string) {
    await this.current.rollbackToSavepoint?.(name);
  }

  async releaseSavepoint(name: string) {
    await this.current.releaseSavepoint?.(name);
  }
}

/**
 * Rolls a transaction back and gives its connection back, whenever its last statement settles (pg runs a
 * connection's statements in turn); never throws. A connection that died is dropped by its pool.
 */
function giveBack(transaction: Transaction): void {
  void transaction
    .executeRaw({ sql: 'ROLLBACK', args: [], argTypes: [] })
    .catch(() => {})
    .finally(() => transaction.rollback().catch(() => {}));
}
