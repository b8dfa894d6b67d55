import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/server/api-keys';
import { startTestApp, type TestApp } from '../support/app';

// Access to /metrics does not depend on the database; PGlite keeps these suites light.
const metricsOf = (base: string, authorization?: string) =>
  fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} });
const isPrometheusText = (text: string) => text.includes('# TYPE graphql_operations_total counter');

describe('/metrics in production', () => {
  let app: TestApp;
  let base: string;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false, env: { NODE_ENV: 'production' } });
    base = new URL(await app.listen(0, '127.0.0.1')).origin;
    for (const scope of ['metrics:read', 'read', 'data:write', 'review:write'])
      keys[scope] = (await createApiKey(app.database.prisma, { name: scope, scopes: [scope] })).token;
  });
  afterAll(() => app?.stop());

  it('is 401 without a key or with a bad one, 403 with a key lacking metrics:read, and shows nothing', async () => {
    const cases: [string | undefined, number][] = [
      [undefined, 401],
      ['Bearer gzn_000000000000_' + 'x'.repeat(43), 401],
      ['Bearer not-a-key', 401],
      [`Bearer ${keys.read}`, 403],
      [`Bearer ${keys['data:write']}`, 403],
      [`Bearer ${keys['review:write']}`, 403],
    ];
    for (const [authorization, status] of cases) {
      const response = await metricsOf(base, authorization);
      expect(response.status, authorization).toBe(status);
      expect(isPrometheusText(await response.text())).toBe(false);
      if (status === 401) expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('serves the metrics to a metrics:read or admin key', async () => {
    for (const key of [keys['metrics:read'], app.adminKey]) {
      const response = await metricsOf(base, `Bearer ${key}`);
      expect(response.status).toBe(200);
      expect(isPrometheusText(await response.text())).toBe(true);
    }
  });

  it('never serves them for an Authorization header that is not a valid key with the scope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.string({ maxLength: 60 }).map((rest) => `Bearer gzn_${rest}`),
          fc
            .constantFrom(...Object.values(keys).filter((key) => key !== keys['metrics:read']))
            .map((key) => `Bearer ${key}`),
        ),
        async (authorization) => {
          // Header values must be ASCII without line breaks; fetch refuses others before sending.
          const header = authorization.replace(/[^\x20-\x7e]/g, '');
          const response = await metricsOf(base, header || undefined);
          expect([401, 403]).toContain(response.status);
          expect(isPrometheusText(await response.text())).toBe(false);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('/metrics on METRICS_PORT', () => {
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    app = await startTestApp('pglite', { seed: false, env: { NODE_ENV: 'production', METRICS_PORT: '0' } });
    base = new URL(await app.listen(0, '127.0.0.1')).origin;
  });
  afterAll(() => app?.stop());

  it('is served without a key on its own port, and not at all on the API port', async () => {
    expect(app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(app.metricsUrl!).port).not.toBe(new URL(base).port);
    const own = await fetch(app.metricsUrl!);
    expect(own.status).toBe(200);
    expect(isPrometheusText(await own.text())).toBe(true);
    for (const authorization of [undefined, `Bearer ${app.adminKey}`]) {
      const onApi = await metricsOf(base, authorization);
      expect(onApi.status).toBe(404);
      expect(isPrometheusText(await onApi.text())).toBe(false);
    }
  });

  it('serves nothing of the API on the metrics port', async () => {
    const origin = new URL(app.metricsUrl!).origin;
    for (const path of ['/graphql', '/health', '/', '/metrics/../graphql']) {
      const response = await fetch(`${origin}${path}`, {
        method: path === '/graphql' ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        body: path === '/graphql' ? JSON.stringify({ query: '{ __typename }' }) : undefined,
      });
      expect(response.status, path).toBe(404);
    }
  });
});

describe('/metrics outside production', () => {
  it('is public by default and keyed with METRICS_REQUIRE_KEY=true', async () => {
    for (const [env, status] of [
      [{}, 200],
      [{ METRICS_REQUIRE_KEY: 'true' }, 401],
    ] as const) {
      const app = await startTestApp('pglite', { seed: false, env });
      try {
        const base = new URL(await app.listen(0, '127.0.0.1')).origin;
        expect((await metricsOf(base)).status).toBe(status);
        expect((await metricsOf(base, `Bearer ${app.adminKey}`)).status).toBe(200);
      } finally {
        await app.stop();
      }
    }
  });
});
