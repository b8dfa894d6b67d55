import { createServer, type Server } from 'node:http';
import { viewerHasScope, type Viewer } from '../schema/scopes';
import { bearerToken } from './api-keys';
import type { Logger } from './logger';
import { createHttpHandler, type Route } from './routes';

export interface MetricsAccess {
  /** Where /metrics is served: on the API's port, or only on a port of its own (METRICS_PORT). */
  port: number | null;
  /** On the API's port: whether a key with `metrics:read` (or `admin`) is needed (default: in production). */
  requireKey: boolean;
}

const notFound: Route = (_request, response) => {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  return true;
};

/**
 * /metrics on the API's port: nothing when it has a port of its own; behind `metrics:read` when a key is
 * required. A missing or bad key is 401, a key without the scope 403, a database outage 503.
 */
export function metricsOnApiPort(
  route: Route,
  access: MetricsAccess,
  authenticate: (token: string) => Promise<Viewer | null>,
): Route {
  if (access.port !== null)
    return (request, response, pathname) => pathname === '/metrics' && notFound(request, response, pathname);
  if (!access.requireKey) return route;
  return async (request, response, pathname) => {
    if (pathname !== '/metrics') return false;
    const token = bearerToken(request.headers.authorization);
    let viewer: Viewer | null;
    try {
      viewer = token === undefined ? null : await authenticate(token);
    } catch {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
      response.end('The database is unavailable; try again shortly');
      return true;
    }
    if (!viewer) {
      response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
      response.end('/metrics needs an API key with the metrics:read scope (Authorization: Bearer <key>)');
      return true;
    }
    if (!viewerHasScope(viewer, 'metrics:read')) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`API key ${viewer.prefix} lacks the metrics:read scope`);
      return true;
    }
    return route(request, response, pathname);
  };
}

/**
 * The server of METRICS_PORT: /metrics without a key (keep the port on a private network) and 404 for
 * everything else, so that nothing of the API is reachable there.
 */
export function createMetricsServer(route: Route, logger: Logger): Server {
  return createServer(
    createHttpHandler((request, response) => notFound(request, response, ''), [route], logger),
  );
}
