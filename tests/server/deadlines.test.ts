import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { isStatementTimeout } from '../../src/db/errors';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases, type DatabaseKind } from '../support/databases';
import { runOver, transports } from '../support/transports';

const read = '{ developments(last: 3) { edges { node { sequence summary } } } }';
const record = `mutation ($s: String!) { recordDevelopment(input: { kind: STATEMENT, summary: $s }) { sequence } }`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps the developments table busy for `ms`, or until `release()`: on PostgreSQL another session holds an
 * exclusive lock on it (every statement touching it waits); on PGlite, which has one connection, an open
 * transaction holds that connection. Resolves once the hold is in place; `released` when it ends.
 * A test that has its answer (cut by a deadline while the hold was on) releases it then, not at `ms`.
 */
async function holdDevelopments(app: TestApp, kind: DatabaseKind, ms: number) {
  let release!: () => void;
  const ended = Promise.race([sleep(ms), new Promise<void>((resolve) => (release = resolve))]);
  if (kind === 'pglite') {
    let held!: () => void;
    const inPlace = new Promise<void>((resolve) => (held = resolve));
    const released = app.database.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe('SELECT 1');
        held();
        await ended;
      },
      { timeout: ms + 5000 },
    );
    await inPlace;
    return { released, release };
  }
  const client = new pg.Client({ connectionString: (app.config.database as { url: string }).url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE "Development" IN ACCESS EXCLUSIVE MODE');
  const released = ended.then(async () => {
    await client.query('COMMIT');
    await client.end();
  });
  return { released, release };
}

describe.each(testDatabases())('operation deadline on %s', (kind) => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    // No statement timeout here, so that only the operation deadline can end the wait.
    app = await startTestApp(kind, {
      seed: false,
      env: { OPERATION_TIMEOUT_MS: '300', DATABASE_STATEMENT_TIMEOUT_MS: '0' },
    });
    url = await app.listen(0, '127.0.0.1');
    await app.graphql(record, { s: 'something to read' });
  });
  afterAll(() => app?.stop());

  it('answers a query still running at the deadline with TIMEOUT, over HTTP, SSE and graphql-ws', async () => {
    for (const transport of transports) {
      const hold = await holdDevelopments(app, kind, 1500);
      const started = Date.now();
      const result = await runOver(transport, url, null, read);
      const took = Date.now() - started;
      expect(result.errors?.[0], transport).toMatchObject({
        message: 'The operation did not finish within 300 ms',
        extensions: { code: 'TIMEOUT', timeoutMs: 300 },
      });
      expect(result.data ?? null).toBeNull();
      expect(took, transport).toBeLessThan(1400);
      hold.release();
      await hold.released;
      // The same query answers once the database is free again.
      expect((await runOver(transport, url, null, read)).errors, transport).toBeUndefined();
    }
  });

  it('answers HTTP 504 for it', async () => {
    const hold = await holdDevelopments(app, kind, 1000);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: read }),
    });
    expect(response.status).toBe(504);
    hold.release();
    await hold.released;
  });

  it('does not cut a mutation: it waits, commits and says so, exactly once', async () => {
    const before = await app.database.prisma.development.count();
    const hold = await holdDevelopments(app, kind, 800);
    const result = await app.graphql<{ recordDevelopment: { sequence: number } }>(record, {
      s: 'slow write',
    });
    await hold.released;
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordDevelopment.sequence).toBeGreaterThan(0);
    expect(await app.database.prisma.development.count()).toBe(before + 1);
  });
});

describe.skipIf(!testDatabases().includes('postgres'))('statement timeout on postgres', () => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp('postgres', {
      seed: false,
      env: { DATABASE_STATEMENT_TIMEOUT_MS: '300', OPERATION_TIMEOUT_MS: '0', LIVE_POLL_MS: '60000' },
    });
    url = await app.listen(0, '127.0.0.1');
    await app.graphql(record, { s: 'something to read' });
  });
  afterAll(() => app?.stop());

  it('cancels a request statement past the timeout as TIMEOUT, over HTTP, SSE and graphql-ws', async () => {
    for (const transport of transports) {
      const hold = await holdDevelopments(app, 'postgres', 1500);
      const result = await runOver(transport, url, null, read);
      expect(result.errors?.[0].extensions?.code, transport).toBe('TIMEOUT');
      expect(JSON.stringify(result)).not.toContain('57014');
      hold.release();
      await hold.released;
    }
  });

  it('refuses a write whose statement times out, leaving no row', async () => {
    const before = await app.database.prisma.development.count();
    const hold = await holdDevelopments(app, 'postgres', 1500);
    const result = await app.graphql(record, { s: 'cancelled write' });
    hold.release();
    await hold.released;
    expect(result.errors?.[0].extensions?.code).toBe('TIMEOUT');
    expect(await app.database.prisma.development.count()).toBe(before);
  });

  it('does not cut the live feed reader, which waits for the lock and then reads', async () => {
    const hold = await holdDevelopments(app, 'postgres', 1000);
    const started = Date.now();
    const events = await app.feed.readRange(0, 1);
    expect(Date.now() - started).toBeGreaterThan(600);
    expect(events.map((event) => event.sequence)).toEqual([1]);
    await hold.released;
  });

  it('applies to request connections only: the background client runs a long statement', async () => {
    await expect(app.database.prisma.$queryRawUnsafe('SELECT 1 AS one FROM pg_sleep(0.6)')).rejects.toSatisfy(
      isStatementTimeout,
    );
    await expect(
      app.database.background.$queryRawUnsafe('SELECT 1 AS one FROM pg_sleep(0.6)'),
    ).resolves.toBeDefined();
  });
});

describe('deadline configuration', () => {
  it('defaults to a 5 s statement timeout under a 10 s operation deadline; 0 turns either off', () => {
    expect(loadConfig({}).security).toMatchObject({ statementTimeoutMs: 5000, operationTimeoutMs: 10_000 });
    expect(
      loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '0', OPERATION_TIMEOUT_MS: '0' }).security,
    ).toMatchObject({ statementTimeoutMs: 0, operationTimeoutMs: 0 });
    expect(() => loadConfig({ OPERATION_TIMEOUT_MS: '-1' })).toThrow(/OPERATION_TIMEOUT_MS/);
  });
});
