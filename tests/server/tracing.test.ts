import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { requestIdAttribute, startTracing } from '../../src/server/tracing';
import { startTestApp, type TestApp } from '../support/app';
import { collect, wsClient } from '../support/graphql-ws';

const tracerWith = (exporter: InMemorySpanExporter) =>
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

const operationSpan = (spans: ReadableSpan[], name: string) =>
  spans.find((span) => span.attributes['graphql.execute.operationName'] === name);
const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) =>
  spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

describe('OpenTelemetry traces', () => {
  const exporter = new InMemorySpanExporter();
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp('pglite', { tracerProvider: tracerWith(exporter) });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('gives an HTTP operation a span with its name and request id, and its statements child spans', async () => {
    exporter.reset();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-42' },
      body: JSON.stringify({
        query: `query FirstActors { actors(first: 2) { totalCount edges { node { name } } } }`,
      }),
    });
    expect(response.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const operation = operationSpan(spans, 'FirstActors');
    expect(operation).toBeDefined();
    expect(operation!.name).toBe('query.FirstActors');
    expect(operation!.attributes[requestIdAttribute]).toBe('trace-me-42');
    const statements = childrenOf(spans, operation!);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.attributes['db.system.name']).toBe('postgresql');
      expect(String(statement.attributes['db.query.text'])).toMatch(/^\s*(SELECT|WITH)/i);
    }
  });

  it('traces an operation over graphql-ws with the socket request id', async () => {
    exporter.reset();
    const client = wsClient(url);
    try {
      const [result] = await collect(
        client,
        `query OverSocket { actor(slug: "steve-witkoff") { name } }`,
        {},
        1,
      ).done;
      expect(result.errors).toBeUndefined();
    } finally {
      await client.dispose();
    }
    const operation = operationSpan(exporter.getFinishedSpans(), 'OverSocket');
    expect(operation?.attributes[requestIdAttribute]).toEqual(expect.any(String));
    // The hand-written point read (src/read/driver.ts) is traced too.
    expect(childrenOf(exporter.getFinishedSpans(), operation!).length).toBeGreaterThan(0);
  });

  it('marks a failed statement on its span', async () => {
    exporter.reset();
    await app.graphql(`mutation Dup($input: CreateActorInput!) { createActor(input: $input) { id } }`, {
      input: { slug: 'steve-witkoff', kind: 'PERSON', nameEn: 'Again' },
    });
    const failed = exporter.getFinishedSpans().filter((span) => span.status.code === 2);
    expect(failed.some((span) => /INSERT/i.test(String(span.attributes['db.query.text'])))).toBe(true);
  });
});

describe('tracing off (the default)', () => {
  it('installs nothing: no plugin, no wrapped driver, not a span even for a global provider', async () => {
    expect(startTracing(loadConfig({}))).toBeNull();
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(tracerWith(exporter));
    const app = await startTestApp('pglite', { seed: false });
    try {
      expect((await app.graphql(`query Quiet { actors(first: 1) { totalCount } }`)).errors).toBeUndefined();
      expect(exporter.getFinishedSpans()).toEqual([]);
    } finally {
      trace.disable();
      await app.stop();
    }
  });
});
