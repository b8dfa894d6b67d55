import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverNodeArgs } from '../build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Every process the soak starts runs in a process group of its own (detached), so that one kill of the
 * group takes whatever it started too; `killAll` runs on exit, timeout and SIGINT.
 */
const groups = new Set<number>();

export function killAll(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  groups.clear();
}

function track(child: ChildProcess): ChildProcess {
  if (child.pid) groups.add(child.pid);
  child.once('exit', () => {
    if (child.pid) groups.delete(child.pid);
  });
  return child;
}

/** A free loopback port: bind to 0, read it, let go (the soak binds it again at once). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A private redis-server on its own loopback port (the machine's Redis is never touched), restartable. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no'],
      { detached: true, stdio: 'ignore' },
    );
    this.child = track(child);
    for (let tries = 0; tries < 100; tries += 1) {
      if (await canConnect(this.port)) return;
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      await sleep(50);
    }
    throw new Error('redis-server did not start');
  }

  /** Kills it outright (SIGKILL): subscribers and publishers lose their connections mid-stream. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A TCP proxy in front of PostgreSQL. `cut` destroys every connection and stops listening, so new
 * connections are refused (the database looks down), until `restore`.
 */
export class CuttableProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  get up(): boolean {
    return this.server !== null;
  }

  async restore(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    const closing = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closing;
  }
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One server process (`dist/main.mjs`, as `npm start` runs it) on a fixed port, restartable. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private exitPromise: Promise<ServerExit> | null = null;
  /** Output of every run, for the report when something goes wrong. */
  readonly output: string[] = [];
  /** How often any run of it logged that it cut off a slow subscriber (WS_MAX_BUFFERED_BYTES). */
  slowSubscriberCutOffs = 0;
  /** Set while the process is not serving (killed, restarting); fault injectors wait for it. */
  running = false;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts it and resolves once it listens (/health answers); `extra` adds environment for this run only. */
  start(extra: Record<string, string> = {}, timeoutMs = 120_000): Promise<void> {
    const child = spawn(process.execPath, [...serverNodeArgs, 'dist/main.mjs'], {
      cwd: root,
      env: {
        ...process.env,
        ...this.env,
        ...extra,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = track(child);
    this.exitPromise = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.running = false;
        resolve({ code, signal });
      }),
    );
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      this.slowSubscriberCutOffs += text.split('disconnecting a slow subscriber').length - 1;
      this.output.push(text);
      // SOAK_LOG_DIR (the soak's own switch): every run's whole output, for a post-mortem.
      if (process.env.SOAK_LOG_DIR) appendFileSync(`${process.env.SOAK_LOG_DIR}/${this.name}.log`, text);
      if (this.output.length > 400) this.output.splice(0, this.output.length - 400);
    };
    child.stderr!.on('data', keep);
    child.stdout!.on('data', keep);
    // Listening is seen from outside (the soak logs at warn, so the URL line is not printed): /health answers.
    return (async () => {
      const deadline = Date.now() + timeoutMs;
      let exit: ServerExit | null = null;
      void this.exitPromise!.then((value) => (exit = value));
      while (Date.now() < deadline) {
        if (exit)
          throw new Error(
            `${this.name} exited (${JSON.stringify(exit)}) before listening:\n${this.output.slice(-20).join('')}`,
          );
        const healthy = await fetch(`http://127.0.0.1:${this.port}/health`, {
          signal: AbortSignal.timeout(1000),
        })
          .then((response) => response.ok)
          .catch(() => false);
        if (healthy && !exit) {
          this.running = true;
          return;
        }
        await sleep(100);
      }
      throw new Error(`${this.name} did not start in time:\n${this.output.slice(-20).join('')}`);
    })();
  }

  /** Resolves when the current run exits. */
  exited(): Promise<ServerExit> {
    return this.exitPromise ?? Promise.resolve({ code: null, signal: null });
  }

  signal(signal: NodeJS.Signals): void {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.running = false;
    // SIGKILL goes to the whole group; SIGTERM to the server alone, so that it shuts down as it would in production.
    if (signal === 'SIGKILL') process.kill(-child.pid!, 'SIGKILL');
    else child.kill(signal);
  }
}
