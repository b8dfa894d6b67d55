import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';

describe.each(testDatabases())('/health and /ready on %s', (kind) => {
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    base = (await app.listen(0, '127.0.0.1')).replace(/\/graphql$/, '');
  });
  afterAll(() => app?.stop());

  it('answers /health with 200 {status: ok}', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /ready with 200 when the database answers and every migration is applied', async () => {
    const response = await fetch(`${base}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /ready with 503 and the reason while a migration is pending', async () => {
    const [latest] = await app.database.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`,
    );
    await app.database.prisma.$executeRawUnsafe(
      `UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = $1`,
      latest.migration_name,
    );
    try {
      const response = await fetch(`${base}/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'unavailable',
        reason: `pending migrations: ${latest.migration_name}`,
      });
    } finally {
      await app.database.prisma.$executeRawUnsafe(
        `UPDATE "_prisma_migrations" SET finished_at = now() WHERE migration_name = $1`,
        latest.migration_name,
      );
    }
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });

  it('serves the probes without GraphQL, CSRF headers or a key', async () => {
    const response = await fetch(`${base}/health?probe=1`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
  });
});
