import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../../paths';
import type { Route } from '../routes';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const assetsDir = path.join(projectRoot, 'src/server/ticker/assets');
// graphql-ws's browser build: dist/client.js and the shared chunk it imports by relative path.
const graphqlWsDist = path.dirname(createRequire(import.meta.url).resolve('graphql-ws'));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

// Everything the page loads comes from this server; nothing from a CDN.
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function load(file: string): Asset {
  const body = readFileSync(file);
  return {
    body,
    type: contentTypes[path.extname(file)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
}

function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const page = load(path.join(assetsDir, 'index.html'));
  assets.set('/', page);
  assets.set('/ticker', page);
  assets.set('/ticker/', page);
  assets.set('/ticker/assets/ticker.js', load(path.join(assetsDir, 'ticker.js')));
  assets.set('/ticker/assets/transports.js', load(path.join(assetsDir, 'transports.js')));
  assets.set('/ticker/assets/ticker.css', load(path.join(assetsDir, 'ticker.css')));
  assets.set('/ticker/assets/graphql-ws.js', load(path.join(graphqlWsDist, 'client.js')));
  for (const name of readdirSync(graphqlWsDist)) {
    if (/^common-[A-Za-z0-9_-]+\.js$/.test(name))
      assets.set(`/ticker/assets/${name}`, load(path.join(graphqlWsDist, name)));
  }
  return assets;
}

/** Serves the live ticker page at / and /ticker, and its assets under /ticker/assets/. */
export function tickerRoute(): Route {
  let assets: Map<string, Asset> | undefined;
  return (request, response, pathname) => {
    if (pathname !== '/' && pathname !== '/ticker' && !pathname.startsWith('/ticker/')) return false;
    assets ??= loadAssets();
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
      ...(asset.type.startsWith('text/html')
        ? { 'content-security-policy': contentSecurityPolicy, 'referrer-policy': 'no-referrer' }
        : {}),
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
