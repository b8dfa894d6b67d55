import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../support/app';
import { testDatabases } from '../support/databases';

/** Opens a raw graphql-transport-ws socket, sends connection_init with `payload`, and reports how it ended. */
function connectWith(url: string, payload: unknown): Promise<{ acked: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const timer = setTimeout(() => reject(new Error('neither ack nor close within 5 s')), 5000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type !== 'connection_ack') return;
      clearTimeout(timer);
      socket.close(1000);
      resolve({ acked: true, code: null });
    });
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve({ acked: false, code });
    });
    socket.on('error', reject);
  });
}

const keyFields = ['authorization', 'Authorization', 'apiKey'] as const;
// Anything JSON can carry in a key field that is not a non-empty string.
const notAKey = fc.oneof(
  fc.constantFrom('', ' ', '\t', null, true, false, 0, 1, -1, [], {}, ['Bearer x'], { token: 'x' }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

describe.each(testDatabases())('graphql-ws connection_init keys on %s', (kind) => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp(kind, { seed: false });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.stop());

  it('closes with 4403 when a key field holds a number, array, object, null or an empty string', async () => {
    for (const value of [42, ['Bearer x'], { key: 'x' }, '', null]) {
      for (const field of keyFields) {
        expect(await connectWith(url, { [field]: value }), `${field}: ${JSON.stringify(value)}`).toEqual({
          acked: false,
          code: 4403,
        });
      }
    }
  });

  it('closes with 4403 for any non-string key field, whichever field and whatever else the payload holds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keyFields),
        notAKey,
        fc.dictionary(fc.constantFrom('client', 'version', 'x'), fc.string({ maxLength: 8 })),
        async (field, value, extra) => {
          expect(await connectWith(url, { ...extra, [field]: value })).toEqual({ acked: false, code: 4403 });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('closes with 4403 for two different keys in one payload; an array payload is an invalid message (4400)', async () => {
    expect(
      await connectWith(url, { authorization: `Bearer ${app.adminKey}`, apiKey: 'gzn_000000000000_other' }),
    ).toEqual({ acked: false, code: 4403 });
    expect(await connectWith(url, [`Bearer ${app.adminKey}`])).toEqual({ acked: false, code: 4400 });
  });

  it('acknowledges no key (anonymous), a valid key in any field, and the same key in two fields', async () => {
    for (const payload of [
      undefined,
      null,
      {},
      { client: 'ticker' },
      { authorization: `Bearer ${app.adminKey}` },
      { Authorization: `Bearer ${app.adminKey}` },
      { apiKey: app.adminKey },
      { authorization: `Bearer ${app.adminKey}`, apiKey: app.adminKey },
    ]) {
      expect(await connectWith(url, payload), JSON.stringify(payload)).toEqual({ acked: true, code: null });
    }
  });
});
