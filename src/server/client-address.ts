import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * Decides which address a request comes from, for per-client limits (read rate limits, socket caps).
 * The socket's peer is the client unless that peer is a trusted proxy (TRUSTED_PROXIES); only then is
 * X-Forwarded-For read, right to left, stopping at the first address that is not itself trusted. With no
 * trusted proxies the header is ignored, so a client cannot pick its own address.
 */
export type ClientAddressResolver = (request: Pick<IncomingMessage, 'headers' | 'socket'>) => string;

export function createClientAddressResolver(trustedProxies: readonly string[]): ClientAddressResolver {
  // proxy-addr (Express's resolver) accepts addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
  const trust = proxyAddr.compile([...trustedProxies]);
  return (request) => {
    if (!request.socket?.remoteAddress) return 'unknown';
    return normalizeAddress(proxyAddr(request as IncomingMessage, trust));
  };
}

/** One spelling per address: IPv4-mapped IPv6 (::ffff:127.0.0.1) counts as its IPv4 address. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address.toLowerCase();
}
