import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Settings for a CLI that must go through a running server: the database settings point nowhere usable
 * (the embedded database is the server's alone) and no API_KEY comes from the machine's environment.
 */
export const throughServerOnly = { DATABASE_URL: '', PGLITE_DIR: '/nonexistent/never', API_KEY: '' };

/** Runs `scripts/<script>` as `npm run` does (under tsx), in the checkout; rejects on a non-zero exit. */
export function runScript(script: string, args: string[], env: Record<string, string> = {}) {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', `scripts/${script}`, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

/** A TCP port nothing listens on (taken and released at once). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
