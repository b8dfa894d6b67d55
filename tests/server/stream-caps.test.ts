import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { waitFor } from '../support/raw-socket';
import { propertyRuns } from '../support/run-profile';

// Stream caps do not depend on the database; PGlite keeps this suite light.
const feed = 'subscription { developments { sequence } }';
const cap = 3;

interface Stream {
  status: number;
  retryAfter: string | null;
  /** The first event's data, for a refused stream; null for an open one. */
  refusal: { errors?: { extensions?: Record<string, unknown> }[] } | null;
  close: () => void;
}

/** Opens an SSE subscription; an accepted one stays open (headers read, body left streaming) until closed. */
async function openStream(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  const aborter = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query: feed }),
    signal: aborter.signal,
  });
  const close = () => aborter.abort();
  if (response.status !== 200) {
    const text = await response.text();
    const data = /data: (.*)\n/.exec(text)?.[1] ?? text;
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      refusal: JSON.parse(data),
      close,
    };
  }
  // Keep reading so the server can write its keep-alive pings; nothing here waits for them.
  response.body?.pipeTo(new WritableStream()).catch(() => {});
  return { status: 200, retryAfter: null, refusal: null, close };
}

describe('SSE subscription streams per client address', () => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp('pglite', {
      seed: false,
      env: { SSE_MAX_STREAMS_PER_IP: String(cap), TRUSTED_PROXIES: 'loopback' },
    });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it(`refuses the ${cap + 1}th open stream from one address with TOO_MANY_STREAMS and 429; closing one frees its slot`, async () => {
    const streams = [];
    for (let n = 0; n < cap; n += 1) streams.push(await openStream(url));
    expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200]);
    await waitFor(() => app.cohorts.stats.subscribers === cap);

    const refused = await openStream(url);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('10');
    expect(refused.refusal?.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_STREAMS', limit: cap });
    // Another address (through the trusted proxy) has slots of its own; queries are never counted.
    const elsewhere = await openStream(url, { 'x-forwarded-for': '203.0.113.7' });
    expect(elsewhere.status).toBe(200);
    expect((await app.graphql('{ __typename }')).errors).toBeUndefined();

    streams[0].close();
    await waitFor(() => app.cohorts.stats.subscribers === cap);
    const again = await openStream(url);
    expect(again.status).toBe(200);
    for (const stream of [...streams, elsewhere, again]) stream.close();
    await waitFor(() => app.cohorts.stats.subscribers === 0);
  });

  it('accepts a stream exactly when fewer than the cap are open from its address, over any open/close sequence', async () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('open' as const),
        address: fc.constantFrom('198.51.100.1', '198.51.100.2'),
      }),
      fc.nat({ max: 7 }).map((which) => ({ kind: 'close' as const, which })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const open: { address: string; stream: Stream }[] = [];
        try {
          for (const action of steps) {
            if (action.kind === 'close') {
              if (!open.length) continue;
              const [closed] = open.splice(action.which % open.length, 1);
              closed.stream.close();
              await waitFor(() => app.cohorts.stats.subscribers === open.length);
              continue;
            }
            const fromAddress = open.filter((entry) => entry.address === action.address).length;
            const stream = await openStream(url, { 'x-forwarded-for': action.address });
            expect(stream.status).toBe(fromAddress < cap ? 200 : 429);
            if (stream.status === 200) open.push({ address: action.address, stream });
            await waitFor(() => app.cohorts.stats.subscribers === open.length);
          }
        } finally {
          for (const entry of open) entry.stream.close();
          await waitFor(() => app.cohorts.stats.subscribers === 0);
        }
      }),
      { numRuns: propertyRuns(15) },
    );
  });
});
