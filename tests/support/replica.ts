import pg from 'pg';
import type { App } from '../../src/server/app';

/**
 * The streaming replica of TEST_DATABASE_URL's server that scripts/replica.sh starts (port 5433 in CI).
 * In CI a missing replica is an error, not a skip.
 */
export const replicaServerUrl = process.env.TEST_REPLICA_URL;
if (!replicaServerUrl && process.env.CI)
  throw new Error(
    'CI must set TEST_REPLICA_URL (start one with scripts/replica.sh start) so the replica tests run',
  );

/**
 * Lag on demand: replay on the replica is paused and resumed, never waited out. One suite at a time may
 * use it (a pause holds back every database on the server), so all replica tests live in one file.
 */
export class ReplicaControl {
  private constructor(
    private readonly replica: pg.Client,
    private readonly primary: pg.Client,
  ) {}

  static async connect(replicaUrl: string, primaryUrl: string): Promise<ReplicaControl> {
    const replica = new pg.Client({ connectionString: atDatabase(replicaUrl, 'postgres') });
    const primary = new pg.Client({ connectionString: atDatabase(primaryUrl, 'postgres') });
    await replica.connect();
    await primary.connect();
    return new ReplicaControl(replica, primary);
  }

  /** Stops replay and returns once the replica says it is paused (not merely asked to pause). */
  async pause(): Promise<void> {
    await this.replica.query('SELECT pg_wal_replay_pause()');
    await this.until(async () => {
      const { rows } = await this.replica.query<{ state: string }>(
        'SELECT pg_get_wal_replay_pause_state() AS state',
      );
      return rows[0].state === 'paused';
    }, 'replay to pause');
  }

  async resume(): Promise<void> {
    await this.replica.query('SELECT pg_wal_replay_resume()');
  }

  /** Resumes replay, waits until everything the primary has written is replayed, and tells the app's router. */
  async caughtUp(app?: App): Promise<void> {
    await this.resume();
    const { rows } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    const target = rows[0].lsn;
    await this.until(async () => {
      const replayed = await this.replica.query<{ done: boolean }>(
        'SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS done',
        [target],
      );
      return replayed.rows[0].done;
    }, `replay up to ${target}`);
    await app?.database.replicas?.check();
  }

  private async until(condition: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`the replica did not get to ${what} within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    await this.resume().catch(() => {});
    await this.replica.end();
    await this.primary.end();
  }
}

function atDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
