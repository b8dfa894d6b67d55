import ipaddr from 'ipaddr.js';

/**
 * Whether an address may be fetched from when private targets are not allowed: only what ipaddr.js calls
 * plain `unicast`. Loopback, private (RFC 1918), link-local, unique-local, unspecified (0.0.0.0, ::),
 * carrier-grade NAT, multicast, broadcast, reserved and documentation ranges are refused, and so are the
 * IPv6 forms that embed an IPv4 address (mapped ::ffff:a.b.c.d, NAT64, 6to4, Teredo), judged by what they
 * carry or refused outright, so that no spelling of 127.0.0.1 gets through.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return false;
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** The IP address a URL's hostname spells, if it is a literal; the WHATWG URL parser has already turned
 * 2130706433, 0x7f.1 and 0177.0.0.1 into dotted quads, and IPv6 keeps its brackets. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare))
    ? bare
    : null;
}
