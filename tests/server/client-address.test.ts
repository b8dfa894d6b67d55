import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createClientAddressResolver } from '../../src/server/client-address';

const request = (remoteAddress: string | undefined, forwardedFor?: string) => ({
  socket: { remoteAddress } as never,
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('client address', () => {
  it('ignores X-Forwarded-For unless the peer is a trusted proxy', () => {
    const untrusting = createClientAddressResolver([]);
    expect(untrusting(request('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
    const trusting = createClientAddressResolver(['loopback']);
    expect(trusting(request('127.0.0.1', '198.51.100.1'))).toBe('198.51.100.1');
    // A peer that is not a trusted proxy cannot speak for another client.
    expect(trusting(request('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
  });

  it('stops at the first untrusted hop, so a client cannot prepend a spoofed address', () => {
    const resolve = createClientAddressResolver(['10.0.0.0/8']);
    expect(resolve(request('10.1.2.3', '1.1.1.1, 198.51.100.7, 10.9.9.9'))).toBe('198.51.100.7');
  });

  it('writes IPv4-mapped IPv6 peers as IPv4', () => {
    expect(createClientAddressResolver([])(request('::ffff:127.0.0.1'))).toBe('127.0.0.1');
  });

  it('without trusted proxies, whatever the header says, the answer is the peer', () => {
    const resolve = createClientAddressResolver([]);
    fc.assert(
      fc.property(
        fc.ipV4(),
        fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()), { maxLength: 5 }),
        (peer, hops) => {
          expect(resolve(request(peer, hops.join(', ')))).toBe(peer);
        },
      ),
    );
  });

  it('TRUSTED_PROXIES is validated at start', () => {
    expect(loadConfig({ TRUSTED_PROXIES: 'loopback, 10.0.0.0/8' }).security.trustedProxies).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(() => loadConfig({ TRUSTED_PROXIES: 'example.com' })).toThrow(/TRUSTED_PROXIES/);
  });
});
