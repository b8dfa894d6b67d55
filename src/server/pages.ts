import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths';
import type { Route } from './routes';

/** A static file of one of our pages (the ticker, the review desk), read once. */
export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/**
 * Every page we serve loads everything from this server and runs no inline script: the review desk shows
 * article text from the web, and this policy keeps a parsing slip from ever running what an article holds.
 * `connect-src 'self'` covers the same origin's ws: and wss: (CSP level 3), for graphql-ws.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every HTML page of ours carries. */
export const pageHeaders = {
  'content-security-policy': contentSecurityPolicy,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export function loadAsset(file: string): Asset {
  return asset(readFileSync(file), contentTypes[path.extname(file)] ?? 'application/octet-stream');
}

const sharedDir = path.join(projectRoot, 'src/server/assets');
const sharedFiles = ['base.css'];

/**
 * The assets every page of ours links (src/server/assets/: the base stylesheet), under /assets/. One URL
 * for all pages, so a browser fetches and caches each once; `'self'` in the policy covers them.
 */
export const isSharedAsset = (pathname: string): boolean =>
  pathname.startsWith('/assets/') && sharedFiles.includes(pathname.slice('/assets/'.length));

export function loadSharedAssets(): Map<string, Asset> {
  return new Map(sharedFiles.map((file) => [`/assets/${file}`, loadAsset(path.join(sharedDir, file))]));
}

/** An asset made in memory (for example from generated code). */
export function asset(body: Buffer, type: string): Asset {
  return {
    body,
    type,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
}

/**
 * Serves the assets of one page from memory, with ETags: `owns` says which paths are the page's (others
 * pass to the next route), `load` reads the assets on the first request.
 */
export function staticRoute(owns: (pathname: string) => boolean, load: () => Map<string, Asset>): Route {
  let assets: Map<string, Asset> | undefined;
  return (request, response, pathname) => {
    if (!owns(pathname)) return false;
    assets ??= load();
    const asset = assets.get(pathname);
    if (!asset) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return true;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    const headers = {
      'content-type': asset.type,
      etag: asset.etag,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      ...(asset.type.startsWith('text/html') ? pageHeaders : {}),
    };
    if (request.headers['if-none-match'] === asset.etag) {
      response.writeHead(304, headers).end();
      return true;
    }
    response.writeHead(200, { ...headers, 'content-length': asset.body.length });
    response.end(request.method === 'HEAD' ? undefined : asset.body);
    return true;
  };
}
