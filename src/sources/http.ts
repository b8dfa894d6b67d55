import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { isPublicAddress, literalAddress } from './address';

/** Why a fetch failed: a metric label and the reason a log line and Source.lastError name. */
export type FetchFailure =
  | 'bad_url'
  | 'blocked_address'
  | 'dns'
  | 'network'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'http_status'
  | 'robots';

export class FetchError extends Error {
  constructor(
    readonly reason: FetchFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * The two doors to the network, injectable so that tests can record every attempt and send it to a
 * loopback server instead: name resolution, and opening a connection to one resolved address.
 */
export interface Network {
  lookup(hostname: string): Promise<ResolvedAddress[]>;
  /** Opens a connection to exactly `address` (TLS when `tls`, with `servername` for SNI and the certificate). */
  connect(target: {
    address: string;
    family: 4 | 6;
    port: number;
    tls: boolean;
    servername: string;
  }): Promise<Duplex>;
}

export interface FetchLimits {
  /** For the whole exchange, redirects included. */
  timeoutMs: number;
  /** Largest body after decompression (and before it). */
  maxBytes: number;
  maxRedirects: number;
}

export interface FetchOptions {
  userAgent: string;
  allowPrivate: boolean;
  limits: FetchLimits;
  network?: Network;
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
}

export interface FetchResult {
  /** 200-class with a body, or 304 Not Modified (empty body). */
  status: number;
  /** The URL after redirects. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export const defaultLimits: FetchLimits = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };

export const systemNetwork: Network = {
  async lookup(hostname) {
    const found = await dnsLookup(hostname, { all: true, verbatim: true });
    return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
  },
  connect({ address, family, port, tls: secure, servername }) {
    return new Promise((resolve, reject) => {
      const socket = secure
        ? tls.connect({ host: address, port, servername: net.isIP(servername) ? undefined : servername })
        : net.connect({ host: address, family, port });
      socket.once(secure ? 'secureConnect' : 'connect', () => resolve(socket));
      socket.once('error', reject);
    });
  },
};

/**
 * GET with the guards a poller needs against hostile or broken servers: http(s) only; every hop's host
 * resolved once, every address checked (all must be public unless `allowPrivate`), and the connection opened
 * to the address that was checked, so a name that resolves differently a moment later (DNS rebinding) is
 * never asked again; a redirect cap; one deadline for the whole exchange; a cap on the decompressed size.
 */
export async function fetchUrl(url: string, options: FetchOptions): Promise<FetchResult> {
  const network = options.network ?? systemNetwork;
  const deadline = Date.now() + options.limits.timeoutMs;
  let current = url;
  for (let hop = 0; hop <= options.limits.maxRedirects; hop += 1) {
    const response = await oneRequest(current, options, network, deadline, hop === 0);
    if (response.result) return { ...response.result, url: current };
    current = response.redirect;
  }
  throw new FetchError(
    'too_many_redirects',
    `more than ${options.limits.maxRedirects} redirects from ${url}`,
  );
}

function parseTarget(raw: string): URL {
  let target: URL;
  try {
    target = new URL(raw);
  } catch {
    throw new FetchError('bad_url', `not a URL: ${raw}`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    throw new FetchError('bad_url', `only http and https are fetched, not ${target.protocol}`);
  if (target.username || target.password)
    throw new FetchError('bad_url', 'URLs with credentials are not fetched');
  return target;
}

/** Resolves and checks a host; returns the one address to connect to. */
export async function checkedAddress(
  hostname: string,
  allowPrivate: boolean,
  network: Network,
): Promise<ResolvedAddress> {
  const literal = literalAddress(hostname);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
  else {
    try {
      addresses = await network.lookup(hostname);
    } catch (error) {
      throw new FetchError('dns', `${hostname} does not resolve: ${(error as Error).message}`);
    }
  }
  if (addresses.length === 0) throw new FetchError('dns', `${hostname} has no address`);
  if (!allowPrivate) {
    // All of them: a name with one public and one private address could be steered to the private one.
    const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
    if (blocked)
      throw new FetchError('blocked_address', `${hostname} resolves to non-public ${blocked.address}`);
  }
  return addresses[0];
}

async function oneRequest(
  raw: string,
  options: FetchOptions,
  network: Network,
  deadline: number,
  first: boolean,
): Promise<{ redirect: string; result?: never } | { redirect?: never; result: Omit<FetchResult, 'url'> }> {
  const target = parseTarget(raw);
  const remaining = () => deadline - Date.now();
  const secure = target.protocol === 'https:';
  const port = Number(target.port) || (secure ? 443 : 80);
  const hostname = target.hostname;
  // The deadline must also free the connection: a server that trickles forever is cut, not left open.
  let socket: Duplex | undefined;
  let expired = false;
  const work = async () => {
    const address = await checkedAddress(hostname, options.allowPrivate, network);
    socket = await network.connect({
      ...address,
      port,
      tls: secure,
      servername: literalAddress(hostname) ?? hostname,
    });
    if (expired) socket.destroy();
    return exchange(socket, target, options, first, remaining());
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        expired = true;
        socket?.destroy();
        reject(new FetchError('timeout', `no complete answer from ${target.host} in time`));
      },
      Math.max(0, remaining()),
    );
  });
  try {
    const response = await Promise.race([work(), timeout]);
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      const location = response.headers.location;
      if (!location)
        throw new FetchError('http_status', `redirect ${response.status} without Location`, response.status);
      return { redirect: new URL(location, target).toString() };
    }
    if (response.status !== 304 && (response.status < 200 || response.status >= 300))
      throw new FetchError('http_status', `HTTP ${response.status} from ${target.host}`, response.status);
    return { result: response };
  } finally {
    clearTimeout(timer);
  }
}

function exchange(
  socket: Duplex,
  target: URL,
  options: FetchOptions,
  first: boolean,
  timeoutMs: number,
): Promise<Omit<FetchResult, 'url'>> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'user-agent': options.userAgent,
      accept: options.accept ?? '*/*',
      'accept-encoding': 'gzip, deflate, br',
    };
    // Validators belong to the URL they came from: not sent after a redirect.
    if (first && options.etag) headers['if-none-match'] = options.etag;
    if (first && options.lastModified) headers['if-modified-since'] = options.lastModified;
    const request = http.request({
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method: 'GET',
      headers,
      createConnection: () => socket as net.Socket,
      timeout: Math.max(1, timeoutMs),
    });
    const fail = (error: Error) => {
      request.destroy();
      socket.destroy();
      reject(
        error instanceof FetchError ? error : new FetchError('network', `${target.host}: ${error.message}`),
      );
    };
    request.on('timeout', () => fail(new FetchError('timeout', `${target.host} went quiet`)));
    request.on('error', fail);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      // Redirects, 304 and errors: no body is kept.
      if (status < 200 || status >= 300) {
        response.resume();
        socket.destroy();
        resolve({ status, headers: response.headers, body: Buffer.alloc(0) });
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.limits.maxBytes) {
        fail(new FetchError('too_large', `${target.host} announces ${declared} bytes`));
        return;
      }
      const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase();
      const decoder =
        encoding === 'gzip' || encoding === 'x-gzip'
          ? zlib.createGunzip()
          : encoding === 'deflate'
            ? zlib.createInflate()
            : encoding === 'br'
              ? zlib.createBrotliDecompress()
              : null;
      const chunks: Buffer[] = [];
      let size = 0;
      const stream = decoder ? response.pipe(decoder) : response;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Counted after decompression: a small gzip bomb stops here, not after it filled memory.
        if (size > options.limits.maxBytes) {
          decoder?.destroy();
          fail(new FetchError('too_large', `${target.host}: body over ${options.limits.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', fail);
      response.on('error', fail);
      stream.on('end', () => {
        socket.destroy();
        resolve({ status, headers: response.headers, body: Buffer.concat(chunks) });
      });
    });
    request.end();
  });
}
