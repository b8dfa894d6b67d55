import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../db/client';
import { pendingMigrationsOn, pingDatabase } from '../db/migrate';
import type { Route } from './routes';

export interface Readiness {
  ready: boolean;
  reason?: string;
}

/** Ready means the database answers and has every migration this build expects. */
export async function checkReadiness(
  database: Pick<Database, 'prisma'>,
  timeoutMs = 2000,
): Promise<Readiness> {
  const probe = async (): Promise<Readiness> => {
    try {
      await pingDatabase(database.prisma);
    } catch (error) {
      return {
        ready: false,
        reason: `database unreachable: ${(error as Error)?.message?.split('\n')[0] ?? 'unknown error'}`,
      };
    }
    const pending = await pendingMigrationsOn(database.prisma);
    return pending.length
      ? { ready: false, reason: `pending migrations: ${pending.join(', ')}` }
      : { ready: true };
  };
  // A pool waiting on a dead host can hang for long; a readiness probe must answer quickly.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(
      () => resolve({ ready: false, reason: `database did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([probe(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Answers /health (the process is up) and /ready (it can serve) before Yoga sees the request.
 * Returns false for every other path.
 */
export function healthRoutes(options: {
  database: Pick<Database, 'prisma'>;
  isShuttingDown: () => boolean;
}): Route {
  return (request, response, path) => handleHealthRoute(request, response, path, options);
}

function handleHealthRoute(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  options: { database: Pick<Database, 'prisma'>; isShuttingDown: () => boolean },
): boolean {
  if (path !== '/health' && path !== '/ready') return false;
  const send = (status: number, body: Record<string, unknown>) => {
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    response.end(JSON.stringify(body));
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    send(405, { status: 'error', reason: 'method not allowed' });
    return true;
  }
  if (path === '/health') {
    send(200, { status: 'ok' });
    return true;
  }
  if (options.isShuttingDown()) {
    send(503, { status: 'unavailable', reason: 'shutting down' });
    return true;
  }
  checkReadiness(options.database).then(
    (readiness) =>
      send(
        readiness.ready ? 200 : 503,
        readiness.ready ? { status: 'ok' } : { status: 'unavailable', reason: readiness.reason },
      ),
    (error: unknown) =>
      send(503, { status: 'unavailable', reason: String((error as Error)?.message ?? error) }),
  );
  return true;
}
