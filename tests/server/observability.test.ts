import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { recordDevelopment } from '../../src/domain/developments';
import { buildApp, type App } from '../../src/server/app';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { collect, wsClient } from '../support/graphql-ws';

/** Reads one sample from Prometheus text output; labels must match exactly (in any order). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    if (
      Object.keys(found).length === Object.keys(labels).length &&
      Object.entries(labels).every(([key, value]) => found[key] === value)
    ) {
      return Number(match[3]);
    }
  }
  return undefined;
}

async function startApp(
  lines: Record<string, unknown>[],
): Promise<{ app: App; url: string; base: string; database: TestDatabase }> {
  const database = await createTestDatabase('pglite', 'migrated');
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' }),
    database: database.config,
  };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = await buildApp(config, { seed: false, logger: pino({ level: 'info' }, sink) });
  const url = await app.listen(0, '127.0.0.1');
  return { app, url, base: url.replace(/\/graphql$/, ''), database };
}

describe('request ids, operation logs and /metrics', () => {
  const lines: Record<string, unknown>[] = [];
  let app: App;
  let url: string;
  let base: string;
  let database: TestDatabase;

  beforeAll(async () => {
    ({ app, url, base, database } = await startApp(lines));
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...headers,
      },
      body: JSON.stringify(body),
    });
  const metrics = async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  it('echoes a valid x-request-id, generates one otherwise, and logs the operation under it', async () => {
    const given = await post(
      { query: 'query Probe { developments(last: 1) { totalCount } }' },
      { 'x-request-id': 'trace-42.a' },
    );
    expect(given.status).toBe(200);
    expect(given.headers.get('x-request-id')).toBe('trace-42.a');

    const generated = await post({ query: '{ developments(last: 1) { totalCount } }' });
    expect(generated.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const rejected = await post({ query: '{ __typename }' }, { 'x-request-id': 'has spaces and "quotes"' });
    expect(rejected.headers.get('x-request-id')).not.toContain(' ');

    // Plain routes carry one too.
    expect((await fetch(`${base}/metrics`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const line = lines.find((entry) => entry.reqId === 'trace-42.a' && entry.msg === 'graphql operation');
    expect(line).toMatchObject({ operationName: 'Probe', operationType: 'query', level: 30 });
    expect(typeof line!.durationMs).toBe('number');
    const anonymous = lines.find((entry) => entry.reqId === generated.headers.get('x-request-id'));
    expect(anonymous).toMatchObject({ operationName: 'anonymous', operationType: 'query' });
  });

  it('counts operations by name and type, with a duration histogram', async () => {
    const before =
      sample(await metrics(), 'graphql_operations_total', {
        operation_name: 'Counted',
        operation_type: 'query',
      }) ?? 0;
    for (let index = 0; index < 3; index += 1)
      expect((await post({ query: 'query Counted { developments(last: 2) { totalCount } }' })).status).toBe(
        200,
      );
    const text = await metrics();
    expect(
      sample(text, 'graphql_operations_total', { operation_name: 'Counted', operation_type: 'query' }),
    ).toBe(before + 3);
    // The process's own metrics (one registry per process, src/server/metrics.ts) are served beside them.
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(
      sample(text, 'graphql_operation_duration_seconds_count', {
        operation_name: 'Counted',
        operation_type: 'query',
      }),
    ).toBe(before + 3);
    expect(
      sample(text, 'graphql_operation_duration_seconds_bucket', {
        operation_name: 'Counted',
        operation_type: 'query',
        le: '+Inf',
      }),
    ).toBe(before + 3);
    expect(sample(text, 'database_pool_connections', { database: 'pglite', state: 'max' })).toBe(1);
    expect(sample(text, 'database_pool_connections', { database: 'pglite', state: 'open' })).toBe(1);
  });

  it('counts errors by the code clients see', async () => {
    const before = await metrics();
    const bad = await post({ query: 'query TooBig { developments(first: 500) { totalCount } }' });
    expect(
      ((await bad.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
    ).toBe('BAD_USER_INPUT');
    await post({ query: 'query Unknown { noSuchField }' });
    await post({ query: 'query Broken {' });
    const after = await metrics();
    for (const code of ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']) {
      expect(sample(after, 'graphql_errors_total', { code }), code).toBe(
        (sample(before, 'graphql_errors_total', { code }) ?? 0) + 1,
      );
    }
  });

  it('reports active subscriptions, live events read and results delivered', async () => {
    const actor = await app.database.prisma.actor.create({
      data: { slug: 'metrics-envoy', kind: 'PERSON', nameEn: 'Envoy' },
    });
    const before = await metrics();
    const clients = [wsClient(url), wsClient(url)];
    const subscriptions = clients.map((client) =>
      collect(client, 'subscription Watch { developments { sequence } }', {}, 1),
    );
    for (let tries = 0; tries < 500 && app.cohorts.stats.subscribers < 2; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sample(await metrics(), 'graphql_active_subscriptions')).toBe(2);

    await recordDevelopment(app.domain, {
      kind: 'STATEMENT',
      summary: 'for the metrics',
      actorIds: [actor.id],
    });
    await Promise.all(subscriptions.map((subscription) => subscription.done));
    const after = await metrics();
    expect(sample(after, 'live_events_read_total')! - (sample(before, 'live_events_read_total') ?? 0)).toBe(
      1,
    );
    expect(
      sample(after, 'live_results_delivered_total')! - (sample(before, 'live_results_delivered_total') ?? 0),
    ).toBe(2);
    expect(
      sample(after, 'graphql_operations_total', { operation_name: 'Watch', operation_type: 'subscription' }),
    ).toBe(2);
    await Promise.all(clients.map((client) => client.dispose()));
    for (let tries = 0; tries < 500 && app.cohorts.stats.subscribers > 0; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sample(await metrics(), 'graphql_active_subscriptions')).toBe(0);
    expect(
      lines.some(
        (entry) =>
          entry.msg === 'subscription ended' && entry.operationName === 'Watch' && entry.results === 1,
      ),
    ).toBe(true);
  });

  it('masks a live result that failed to resolve for every subscriber, and logs the failure once', async () => {
    const query = 'subscription Failing { developments { summary occurredAt } }';
    const clients = [wsClient(url), wsClient(url), wsClient(url)];
    const subscriptions = clients.map((client) =>
      collect<{ developments: { summary: string } }>(client, query, {}, 1),
    );
    for (let tries = 0; tries < 500 && app.cohorts.stats.subscribers < 3; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const logged = lines.length;
    const failedBefore =
      sample(await metrics(), 'graphql_errors_total', { code: 'INTERNAL_SERVER_ERROR' }) ?? 0;

    // A log entry written around the domain rules, with a date no client can be sent (past JavaScript's
    // Date range): its resolution fails at delivery time, after the subscribers joined.
    await app.database.prisma.$executeRawUnsafe(`
      WITH next AS (UPDATE "FeedCounter" SET "value" = "value" + 1 WHERE "id" = 1 RETURNING "value")
      INSERT INTO "Development" ("sequence", "kind", "summary", "occurredAt", "reportedAt")
      SELECT "value", 'STATEMENT', 'fails to resolve', timestamp '280000-01-01', now() FROM next`);
    const results = (await Promise.all(subscriptions.map((subscription) => subscription.done))).map(
      ([result]) => result,
    );
    for (const result of results) {
      expect(result.data).toEqual({ developments: { summary: 'fails to resolve', occurredAt: null } });
      expect(result.errors).toMatchObject([
        {
          message: 'Unexpected error.',
          path: ['developments', 'occurredAt'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      expect(JSON.stringify(result.errors)).not.toMatch(/RangeError|Invalid time|stack|\.ts:|unexpected/);
    }
    // Resolved and masked once for the cohort, so the log has the cause once, not once per subscriber,
    // under the request id that every subscriber was given.
    const failures = lines.slice(logged).filter((entry) => entry.msg === 'unexpected error');
    expect(failures).toHaveLength(1);
    const requestId = results[0].errors![0].extensions!.requestId;
    expect(requestId).toEqual(expect.any(String));
    expect(results.every((result) => result.errors![0].extensions!.requestId === requestId)).toBe(true);
    expect(failures[0]).toMatchObject({
      reqId: requestId,
      path: ['developments', 'occurredAt'],
      err: { type: 'RangeError' },
    });
    // One error per subscriber it reached, as the iterator path counts them.
    expect(sample(await metrics(), 'graphql_errors_total', { code: 'INTERNAL_SERVER_ERROR' })).toBe(
      failedBefore + 3,
    );
    await Promise.all(clients.map((client) => client.dispose()));
  });

  it('exposes an ingestion counter by outcome for the ingestion code to feed', async () => {
    expect(sample(await metrics(), 'articles_ingested_total', { outcome: 'added' })).toBe(0);
    app.metrics.articleIngested('added');
    app.metrics.articleIngested('duplicate', 2);
    const text = await metrics();
    expect(sample(text, 'articles_ingested_total', { outcome: 'added' })).toBe(1);
    expect(sample(text, 'articles_ingested_total', { outcome: 'duplicate' })).toBe(2);
    expect(sample(text, 'articles_ingested_total', { outcome: 'failed' })).toBe(0);
  });

  it('keeps a separate registry per app instance', async () => {
    const otherLines: Record<string, unknown>[] = [];
    const other = await startApp(otherLines);
    try {
      await fetch(other.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query OnlyHere { developments(last: 1) { totalCount } }' }),
      });
      const mine = await metrics();
      const theirs = await (await fetch(`${other.base}/metrics`)).text();
      expect(
        sample(theirs, 'graphql_operations_total', { operation_name: 'OnlyHere', operation_type: 'query' }),
      ).toBe(1);
      expect(
        sample(mine, 'graphql_operations_total', { operation_name: 'OnlyHere', operation_type: 'query' }),
      ).toBeUndefined();
      expect(
        sample(theirs, 'graphql_operations_total', { operation_name: 'Counted', operation_type: 'query' }),
      ).toBeUndefined();
    } finally {
      await other.app.close();
      await other.database.drop();
    }
  });
});
