import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestApp } from './app';
import { post, type Answer, type ReplicaControl } from './replica';

const run = promisify(execFile);

/**
 * A replica of its own, which tests/server/replicas-hostile.test.ts pauses, hangs, stops, kills and
 * promotes: never TEST_REPLICA_URL's (a pause holds back the whole server, so tests/server/replicas.test.ts
 * running beside that file would see its pauses), and used by that one file only. Rebuilt with
 * scripts/replica.sh after each test that breaks it. Set TEST_SPARE_REPLICA_PORT (and optionally
 * TEST_SPARE_REPLICA_DIR) to run that file.
 */
export const sparePort = process.env.TEST_SPARE_REPLICA_PORT;
if (!sparePort && process.env.CI)
  throw new Error(
    'CI must set TEST_SPARE_REPLICA_PORT (a second replica from scripts/replica.sh) so this file runs',
  );
// scripts/replica.sh's own default for that port.
export const spareDir = process.env.TEST_SPARE_REPLICA_DIR ?? `/tmp/gaza-negotiations-replica-${sparePort}`;
export const spareUrl = `postgres://postgres@127.0.0.1:${sparePort}/test`;
// The quick run (CI's second Node) leaves replicas-hostile out (./node-suites.ts): it tests how the server
// meets PostgreSQL's failures, which do not change with Node, and the full run on Node 20 has run it.
export const spareServerUrl = sparePort ? spareUrl : undefined;

/** scripts/replica.sh on the spare: `start` makes it afresh from a base backup (of `primaryPort`'s server). */
export async function replicaScript(command: 'start' | 'stop', primaryPort = '5432') {
  await run('bash', ['scripts/replica.sh', command], {
    env: { ...process.env, REPLICA_PORT: sparePort, REPLICA_DIR: spareDir, PRIMARY_PORT: primaryPort },
  });
}

/** The spare's postmaster (first) and its children, from its postmaster.pid. */
export async function replicaPids(): Promise<number[]> {
  const postmaster = Number((await readFile(`${spareDir}/postmaster.pid`, 'utf8')).split('\n')[0]);
  const { stdout } = await run('pgrep', ['-P', String(postmaster)]).catch(() => ({ stdout: '' }));
  return [postmaster, ...stdout.split('\n').filter(Boolean).map(Number)];
}

/** Runs one of PostgreSQL's programs (as the postgres user when root). */
export async function pgProgram(program: string, args: string[]) {
  const version = (await run('bash', ['-c', 'ls /etc/postgresql | sort -V | tail -1'])).stdout.trim();
  const bin = `/usr/lib/postgresql/${version}/bin/${program}`;
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', bin] : [bin];
  await run(asPostgres[0], [...asPostgres.slice(1), ...args]);
}

export const pgCtl = (...args: string[]) => pgProgram('pg_ctl', ['-D', spareDir, ...args]);

/** The answer, or what went wrong, within `ms` (a read that hangs is a failure too). */
export async function within<T>(ms: number, work: Promise<T>): Promise<T | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), ms)));
  try {
    return await Promise.race([work, hung]);
  } finally {
    clearTimeout(timer);
  }
}

const databaseOf = (app: TestApp) => new URL((app.config.database as { url: string }).url).pathname.slice(1);

/** A session on the spare in the app's database (to watch and cut the app's own sessions there). */
export async function spareSession(app: TestApp): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: spareUrl.replace(/\/test$/, `/${databaseOf(app)}`) });
  // Ended with the spare when a test stops or kills it: that must not throw.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Whether the spare answers and replays (not stopped, killed or promoted by a run cut short). */
export async function spareReplaying(): Promise<boolean> {
  const client = new pg.Client({ connectionString: spareUrl });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ replaying: boolean }>('SELECT pg_is_in_recovery() AS replaying');
    return rows[0].replaying;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Holds reads of `tables` on both servers, so that a read can be caught running on the replica: the
 * primary takes their ACCESS EXCLUSIVE locks in a transaction left open, hot standby replays the locks
 * (its startup process holds them), and a replica statement reading one waits for it there, running.
 * On the primary a retried statement waits too, until `release()` (the locks' transaction rolls back).
 */
export async function holdTables(app: TestApp, ...tables: string[]) {
  const holder = new pg.Client({ connectionString: (app.config.database as { url: string }).url });
  await holder.connect();
  await holder.query('BEGIN');
  for (const table of tables) await holder.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
  // The lock records are only sent once written out, which a commit that wrote to the log makes sure of
  // (a transactional message gets a transaction id and a log record, and nothing else).
  await app.database.pool!.query(`SELECT pg_logical_emit_message(true, 'replica-test', 'flush')`);
  return {
    release: async () => {
      await holder.query('ROLLBACK');
      await holder.end();
    },
  };
}

/** The app's statements on the spare that wait for a lock (reads caught by `holdTables`). */
export async function lockWaiters(spare: pg.Client): Promise<number[]> {
  const { rows } = await spare.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
  );
  return rows.map((row) => row.pid);
}

export const retrySlug = 'retry-probe';
/** Reads on each path: the hand-written reader, Prisma beside it, and Prisma in a transaction. */
export const retryReads = {
  // src/read: the actor and its stances' total, in one statement (the actor's row first, then "Stance").
  point: `query($slug: String!) { actor(slug: $slug) { nameEn stances { totalCount } } }`,
  // Prisma's connection and the reader's point read, at once.
  both: `query($slug: String!) { actor(slug: $slug) { nameEn } actors(first: 5) { edges { node { slug } } } }`,
  // A Prisma transaction: set_config, then "SearchWord", "ActorAlias" and "Proposal", one statement each.
  search: `{ search(query: "نتانياهو") { edges { node { kind } } } }`,
};
export type RetryRead = keyof typeof retryReads;
export const retryReadNames = Object.keys(retryReads) as RetryRead[];
// How many of its statements wait at once on a held table.
export const waitingStatements: Record<RetryRead, number> = { point: 1, both: 2, search: 1 };

export const sendRead = (app: TestApp, read: RetryRead) =>
  post<unknown>(app, { query: retryReads[read], variables: read === 'search' ? {} : { slug: retrySlug } });

export const retriedOf = (
  router: NonNullable<TestApp['database']['replicas']>,
  failure: 'unavailable' | 'conflict',
) => router.retries.filter((entry) => entry.failure === failure).reduce((sum, entry) => sum + entry.count, 0);

/** Polls an asynchronous condition every 5 ms. */
export async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * `read`'s answer when it is caught running on the replica and `fail` is done to it: `tables` are held
 * (holdTables), the read is sent, and once its statements wait on the replica (`waiting`: their server
 * processes) `fail` runs; the tables are released once `moved()` says the retry is on the primary
 * (where it waits for them too), or the read has answered (with the retry broken, an error).
 */
export async function whileHeld(
  { app, control }: { app: TestApp; control: ReplicaControl },
  spare: pg.Client,
  read: RetryRead,
  tables: string[],
  fail: (waiting: number[]) => Promise<void>,
  moved: () => boolean,
): Promise<Answer<unknown>> {
  const held = await holdTables(app, ...tables);
  let settled = false;
  let answer: Promise<Answer<unknown>> | undefined;
  try {
    await control.caughtUp(app);
    answer = sendRead(app, read).finally(() => (settled = true));
    let waiting: number[] = [];
    await eventually(
      async () => settled || (waiting = await lockWaiters(spare)).length >= waitingStatements[read],
      `${read} to wait on the replica`,
    );
    if (!settled) {
      await fail(waiting);
      await eventually(async () => settled || moved(), `${read} to be retried on the primary`);
    }
  } finally {
    await held.release();
  }
  return answer;
}
