import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { App } from '../../src/server/app';
import { startTestApp, type GraphQLResponse, type TestApp } from './app';
import { globalId } from './fixtures';

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
    // A test may stop or kill the replica under this session: its end must not throw.
    replica.on('error', () => {});
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
    // A position the app presents is the primary's insert position (src/db/replicas.ts, primaryPosition),
    // which can be past what has been written out: WAL that other sessions (the other test worker) have
    // inserted but not flushed, or the next page's header. A transaction with an xid commits a record after
    // all of it and flushes up to its end, so the written position then covers every position handed out.
    await this.primary.query('BEGIN; SET LOCAL synchronous_commit = on; SELECT txid_current(); COMMIT');
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

export const rename = /* GraphQL */ `
  mutation Rename($input: UpdateActorInput!) {
    updateActor(input: $input) {
      nameEn
    }
  }
`;

export type Answer<T> = GraphQLResponse<T> & { extensions?: Record<string, unknown> };

/**
 * A POST of a whole request body, request `extensions` included (what app.graphql cannot send), with the
 * app's admin key unless `token` says otherwise (null: anonymous); an SSE answer gives its first result.
 */
export async function post<T>(
  app: App & { adminKey?: string },
  body: Record<string, unknown>,
  options: { token?: string | null; accept?: string } = {},
): Promise<Answer<T>> {
  const token = options.token === undefined ? app.adminKey : options.token;
  const response = await app.yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: options.accept ?? 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (options.accept === 'text/event-stream') return firstSseResult<T>(await response.text());
  return (await response.json()) as Answer<T>;
}

export function firstSseResult<T>(text: string): Answer<T> {
  const data = /event: next\ndata: (.*)\n/.exec(text)?.[1];
  if (!data) throw new Error(`no next event in the SSE response: ${text.slice(0, 300)}`);
  return JSON.parse(data) as Answer<T>;
}

/** Renames the actor (read back inside the write: the primary's, whatever the lag); the write's position. */
export async function renameActor(
  app: App & { adminKey?: string },
  actorId: number,
  nameEn: string,
  token?: string,
): Promise<string> {
  const answer = await post<{ updateActor: { nameEn: string } }>(
    app,
    { query: rename, variables: { input: { id: globalId('Actor', actorId), nameEn } } },
    { token },
  );
  expect(answer.errors).toBeUndefined();
  expect(answer.data?.updateActor.nameEn).toBe(nameEn);
  const lsn = answer.extensions?.lsn;
  expect(lsn).toMatch(/^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/);
  return lsn as string;
}

export interface ReplicaSuite {
  control: ReplicaControl;
  /** Reads on the replica; listening on `url` (for graphql-ws and /metrics). */
  app: TestApp;
  url: string;
  /** The actor made for the suite. */
  actorId: number;
}

/**
 * The set-up the replica suites share, registered in the calling `describe`: replay control of the
 * replica, an app on a fresh database reading there, with one actor, listening on a port, and the replica
 * resumed and caught up before the first test and after each one. Its fields are set once beforeAll ran.
 */
export function replicaSuite(
  replicaUrl: string | undefined,
  primaryUrl: string | undefined,
  actor: { slug: string; nameEn: string },
): ReplicaSuite {
  const suite = {} as ReplicaSuite;
  beforeAll(async () => {
    suite.control = await ReplicaControl.connect(replicaUrl!, primaryUrl!);
    await suite.control.resume();
    suite.app = await startTestApp('postgres', { seed: false, replicaServerUrls: [replicaUrl!] });
    suite.actorId = (await suite.app.database.prisma.actor.create({ data: { ...actor, kind: 'STATE' } })).id;
    suite.url = await suite.app.listen(0, '127.0.0.1');
    await suite.control.caughtUp(suite.app);
  }, 60_000);
  afterEach(() => suite.control.caughtUp(suite.app));
  afterAll(async () => {
    await suite.app?.stop();
    await suite.control?.close();
  });
  return suite;
}
