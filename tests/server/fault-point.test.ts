import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { createKeyIn } from '../support/api-keys';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { startServerProcess, type ServerProcess } from '../support/processes';

describe('FAULT_POINT (a deterministic crash for the fault soak)', () => {
  it('is accepted only with NODE_ENV=test, and refused with a clear config error otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'test', FAULT_POINT: 'after-commit' }).faultPoint).toBe('after-commit');
    expect(loadConfig({ NODE_ENV: 'test' }).faultPoint).toBeNull();
    for (const NODE_ENV of ['production', 'development', undefined]) {
      const load = () => loadConfig({ NODE_ENV, FAULT_POINT: 'after-commit' });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(/FAULT_POINT: .*only with NODE_ENV=test/);
    }
    expect(() => loadConfig({ NODE_ENV: 'test', FAULT_POINT: 'before-commit' })).toThrow(/FAULT_POINT/);
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('a server with FAULT_POINT=after-commit (child process, PostgreSQL)', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    url = (database.config as { url: string }).url;
    server = await startServerProcess({
      DATABASE_URL: url,
      SEED_ON_EMPTY: 'false',
      FAULT_POINT: 'after-commit',
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.drop();
  });

  it('dies by SIGKILL after its first write commits, before answering: the entry is in the log', async () => {
    const token = await createKeyIn(url, ['data:write']);
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      server.child.once('exit', (_code, signal) => resolve(signal)),
    );
    const answer = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation { recordDevelopment(input: { kind: STATEMENT, summary: "committed, never announced", idempotencyKey: "fp-1" }) { sequence } }`,
      }),
    }).then(
      () => 'answered',
      () => 'no answer',
    );
    expect(answer).toBe('no answer');
    expect(await exited).toBe('SIGKILL');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT summary FROM "Development"`);
    await client.end();
    expect(rows.map((row: { summary: string }) => row.summary)).toEqual(['committed, never announced']);
  });
});
