import type { Server } from 'node:http';

/**
 * Stops the HTTP server the gentle way: no new connections, in-flight requests may finish within
 * `graceMs`, idle keep-alive connections are closed as soon as they are idle, and whatever is still
 * open after the grace period is cut so the process can exit in time.
 */
export async function drainHttpServer(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A connection whose request just finished would otherwise stay open until its keep-alive timeout.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), graceMs);
  });
  try {
    if ((await Promise.race([closed, deadline])) === 'deadline') {
      server.closeAllConnections();
      await closed;
    }
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
}
