import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createKeyIn } from '../support/api-keys';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { startServerProcess, type ServerProcess } from '../support/processes';

const serverUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI && !serverUrl)
  throw new Error('CI must set TEST_DATABASE_URL: graceful shutdown is tested on a real server process');

describe.skipIf(!serverUrl)('graceful shutdown on SIGTERM (child process)', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let databaseUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    databaseUrl = (database.config as { url: string }).url;
    server = await startServerProcess({ DATABASE_URL: databaseUrl, SEED_ON_EMPTY: 'false' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.drop();
  });

  it('finishes the in-flight request, closes sockets with 1001, refuses new connections and exits 0 within 10 s', async () => {
    const key = await createKeyIn(databaseUrl, ['data:write']);

    // A subscriber on a raw socket, to see the close code the server sends.
    const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    await new Promise<void>((resolve) => {
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
      socket.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'connection_ack') {
          socket.send(
            JSON.stringify({
              id: 'feed',
              type: 'subscribe',
              payload: { query: 'subscription { developments { sequence } }' },
            }),
          );
          resolve();
        }
      });
    });

    // Make a mutation slow: hold the feed counter's row lock, which every log append needs.
    const blocker = new pg.Client({ connectionString: databaseUrl });
    // If an assertion fails first, dropping the database ends this session; that must not crash the run.
    blocker.on('error', () => {});
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT value FROM "FeedCounter" WHERE id = 1 FOR UPDATE');
    const inFlight = fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        query: `mutation { recordDevelopment(input: { kind: STATEMENT, summary: "in flight at shutdown" }) { summary } }`,
      }),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { data?: { recordDevelopment: { summary: string } } },
    }));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const exited = new Promise<number | null>((resolve) =>
      server.child.once('exit', (code) => resolve(code)),
    );
    server.child.kill('SIGTERM');

    expect(await closed).toEqual({ code: 1001, reason: 'Server shutting down' });
    await expect(fetch(server.url.replace(/\/graphql$/, '/health'))).rejects.toThrow();

    // Release the lock: the request that was running when the signal came must still succeed.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await blocker.query('COMMIT');
    await blocker.end();
    const finished = await inFlight;
    expect(finished.status).toBe(200);
    expect(finished.body.data?.recordDevelopment.summary).toBe('in flight at shutdown');

    // main.ts exits with 1 when shutdown overruns 10 s, so exit code 0 also means "within 10 s".
    expect(await exited).toBe(0);
  });
});
