// The private-address guard, with the guard ON (allowPrivate false). Name resolution and connecting are
// injected: every attempt is recorded, and the only socket ever opened goes to the loopback fixture
// server, standing in for a made-up public address. Nothing here connects to any other address.
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, literalAddress } from '../../src/sources/address';
import { defaultLimits, fetchUrl, FetchError, type Network } from '../../src/sources/http';
import { startFeedServer, type FeedServer } from '../fixtures/feeds/server';

// A public unicast address that stands for the fixture server; never connected to.
const standIn = '93.184.215.14';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

function recordingNetwork(answers: Record<string, string[][]>) {
  const lookups: string[] = [];
  const connects: string[] = [];
  const rounds = new Map<string, number>();
  const network: Network = {
    async lookup(hostname) {
      lookups.push(hostname);
      const sequence = answers[hostname];
      if (!sequence) throw new Error(`ENOTFOUND ${hostname}`);
      const round = rounds.get(hostname) ?? 0;
      rounds.set(hostname, round + 1);
      const addresses = sequence[Math.min(round, sequence.length - 1)];
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
    connect({ address, port }) {
      connects.push(`${address}:${port}`);
      // Only the stand-in is served, and it is served from loopback; anything else never gets a socket.
      if (address !== standIn) return Promise.reject(new Error(`test network: no route to ${address}`));
      return new Promise((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port: server.port });
        socket.once('connect', () => resolve(socket));
        socket.once('error', reject);
      });
    },
  };
  return { network, lookups, connects };
}

const guarded = (network: Network) => ({
  userAgent: 'test-poller (+mailto:test@example.org)',
  allowPrivate: false,
  limits: { ...defaultLimits, timeoutMs: 5000 },
  network,
});

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('address guard (FEEDS_ALLOW_PRIVATE off)', () => {
  it('fetches through a public address, connecting to the address it checked', async () => {
    const { network, lookups, connects } = recordingNetwork({ 'news.test': [[standIn]] });
    const result = await fetchUrl(`http://news.test:${server.port}/rss.xml`, guarded(network));
    expect(result.status).toBe(200);
    expect(result.body.toString()).toContain('<rss');
    expect(lookups).toEqual(['news.test']);
    expect(connects).toEqual([`${standIn}:${server.port}`]);
  });

  it.each([
    ['[::ffff:127.0.0.1]'],
    ['[::1]'],
    ['0.0.0.0'],
    ['2130706433'],
    ['0x7f.1'],
    ['0177.0.0.1'],
    ['127.1'],
    ['10.1.2.3'],
    ['172.16.0.1'],
    ['192.168.1.1'],
    ['169.254.169.254'],
    ['100.64.0.1'],
    ['[fe80::1]'],
    ['[fc00::1]'],
    ['[::]'],
    ['[::ffff:10.0.0.1]'],
    ['[64:ff9b::7f00:1]'],
    ['[2002:7f00:1::]'],
  ])('refuses the literal %s without resolving or connecting', async (host) => {
    const { network, lookups, connects } = recordingNetwork({});
    const error = await failure(fetchUrl(`http://${host}:${server.port}/rss.xml`, guarded(network)));
    expect(error.reason).toBe('blocked_address');
    expect(lookups).toEqual([]);
    expect(connects).toEqual([]);
  });

  it('refuses a name with any private address among its answers', async () => {
    const { network, connects } = recordingNetwork({ 'mixed.test': [[standIn, '10.0.0.7']] });
    const error = await failure(fetchUrl(`http://mixed.test:${server.port}/rss.xml`, guarded(network)));
    expect(error.reason).toBe('blocked_address');
    expect(connects).toEqual([]);
  });

  it('refuses a redirect to a loopback literal or to a name that resolves privately', async () => {
    const { network, connects } = recordingNetwork({
      'news.test': [[standIn]],
      'inside.test': [['10.9.8.7']],
    });
    // The fixture server's /redirect/N ends at its own /rss.xml; here the Location header is the attack.
    for (const location of [
      `http://127.0.0.1:${server.port}/rss.xml`,
      `http://inside.test:${server.port}/`,
    ]) {
      const redirecting = recordingRedirect(network, location);
      const error = await failure(
        fetchUrl(`http://news.test:${server.port}/redirect/0`, guarded(redirecting)),
      );
      expect(error.reason).toBe('blocked_address');
    }
    expect(connects.every((entry) => entry.startsWith(standIn))).toBe(true);
  });

  it('does not follow DNS rebinding: the second answer (loopback) is checked and refused', async () => {
    const { network, connects } = recordingNetwork({ 'rebind.test': [[standIn], ['127.0.0.1']] });
    const first = await fetchUrl(`http://rebind.test:${server.port}/rss.xml`, guarded(network));
    expect(first.status).toBe(200);
    const error = await failure(fetchUrl(`http://rebind.test:${server.port}/rss.xml`, guarded(network)));
    expect(error.reason).toBe('blocked_address');
    expect(connects).toEqual([`${standIn}:${server.port}`]);
  });

  it('rebinding between the hops of one fetch is refused too', async () => {
    const { network, connects } = recordingNetwork({ 'rebind.test': [[standIn], ['::1']] });
    const error = await failure(fetchUrl(`http://rebind.test:${server.port}/redirect/1`, guarded(network)));
    expect(error.reason).toBe('blocked_address');
    expect(connects).toEqual([`${standIn}:${server.port}`]);
  });

  it('fetches only http and https', async () => {
    const { network, connects } = recordingNetwork({});
    for (const url of [
      'file:///etc/passwd',
      'ftp://news.test/feed',
      'gopher://news.test/',
      'http://u:p@news.test/',
    ]) {
      expect((await failure(fetchUrl(url, guarded(network)))).reason).toBe('bad_url');
    }
    expect(connects).toEqual([]);
  });

  it('property: no spelling of an IPv4 address changes the verdict', () => {
    fc.assert(
      fc.property(fc.ipV4(), (dotted) => {
        const parts = dotted.split('.').map(Number);
        const integer = (((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]).toString();
        const hex = parts.map((part) => `0x${part.toString(16)}`).join('.');
        const verdict = isPublicAddress(dotted);
        for (const spelling of [integer, hex, `[::ffff:${dotted}]`]) {
          const literal = literalAddress(new URL(`http://${spelling}/`).hostname);
          expect(literal).not.toBeNull();
          expect(isPublicAddress(literal!)).toBe(verdict);
        }
      }),
    );
  });

  it('property: every address in loopback, private, link-local and unspecified ranges is refused', () => {
    const inRange = fc.oneof(
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(0), fc.nat(255), fc.nat(255), fc.nat(255)),
    );
    fc.assert(
      fc.property(inRange, (parts) => {
        const dotted = parts.join('.');
        expect(isPublicAddress(dotted)).toBe(false);
        expect(isPublicAddress(`::ffff:${dotted}`)).toBe(false);
      }),
    );
  });
});

/** The same network, but the fixture server's first answer is replaced by a redirect to `location`. */
function recordingRedirect(network: Network, location: string): Network {
  return {
    lookup: network.lookup,
    async connect(target) {
      const socket = await network.connect(target);
      // Serve the redirect ourselves from a loopback server of its own, keeping the recorded attempt.
      socket.destroy();
      return new Promise((resolve, reject) => {
        const redirector = net.createServer((incoming) => {
          incoming.once('data', () => {
            incoming.end(
              `HTTP/1.1 302 Found\r\nLocation: ${location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
            );
            redirector.close();
          });
        });
        redirector.listen(0, '127.0.0.1', () => {
          const port = (redirector.address() as net.AddressInfo).port;
          const client = net.connect({ host: '127.0.0.1', port });
          client.once('connect', () => resolve(client));
          client.once('error', reject);
        });
      });
    },
  };
}

describe('fetch deadline', () => {
  it('cuts the connection of a server that never finishes its answer', async () => {
    const server = await startFeedServer();
    try {
      const started = Date.now();
      const error = await fetchUrl(`${server.origin}/slow`, {
        userAgent: 'test',
        allowPrivate: true,
        limits: { ...defaultLimits, timeoutMs: 300 },
      }).catch((caught: unknown) => caught);
      expect((error as FetchError).reason).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(3000);
      // The server sees the connection closed at once, not after its 30 s.
      const closed = Date.now();
      while (server.inFlight > 0 && Date.now() - closed < 1000)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(server.inFlight).toBe(0);
    } finally {
      await server.close();
    }
  });
});
