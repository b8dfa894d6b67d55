import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from './logger';
import { requestIdHeader, requestIdOf } from './observability';

/** A plain node route served before Yoga; returns false when the request is not its own. */
export type Route = (
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
) => boolean | Promise<boolean>;

/**
 * The node http handler: assigns the request id (echoed in `x-request-id` on every response), offers the
 * request to each route in turn, and hands everything else to Yoga.
 */
export function createHttpHandler(
  fallback: RequestListener,
  routes: Route[],
  logger?: Logger,
): RequestListener {
  return async (request, response) => {
    response.setHeader(requestIdHeader, requestIdOf(request));
    const pathname = pathOf(request.url);
    try {
      // A route that answers synchronously is not awaited: four awaits per GraphQL request otherwise.
      for (const route of routes) {
        const handled = route(request, response, pathname);
        if (handled === true || (handled !== false && (await handled))) return;
      }
    } catch (error) {
      logger?.error({ err: error, reqId: requestIdOf(request), path: pathname }, 'route failed');
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Internal server error');
      return;
    }
    fallback(request, response);
  };
}

/** A path WHATWG URL parsing returns unchanged: no dot segments, escapes, backslashes or leading `//`. */
const plainPath = /^\/(?!\/)[A-Za-z0-9/_-]*(?=[?#]|$)/;

export function pathOf(url: string | undefined): string {
  // Most requests are `/graphql`: read the path without building a URL for every request.
  const plain = url === undefined ? null : plainPath.exec(url);
  if (plain) return plain[0];
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}
